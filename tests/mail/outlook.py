"""Build Outlook .msg files ([MS-OXMSG]) for tests: a compound file of MAPI property streams."""

from __future__ import annotations

import struct
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from tests.mail.cfb import compound_file

RECIPIENT_TYPES = {"to": 1, "cc": 2, "bcc": 3}
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)


def _text(value: str) -> bytes:
    return value.encode("utf-16-le")


def _property(tag: int, value: bytes) -> bytes:
    return struct.pack("<II", tag, 6) + value.ljust(8, b"\0")


def _filetime(moment: datetime) -> bytes:
    return struct.pack("<Q", int((moment - _FILETIME_EPOCH).total_seconds() * 10_000_000))


def outlook_msg(
    path: Path,
    *,
    sender: tuple[str, str],
    subject: str,
    body: str,
    sent_at: datetime,
    message_id: str,
    recipients: Sequence[tuple[str, str, str]],
    attachments: Sequence[tuple[str, str, bytes]] = (),
    recipient_streams: Sequence[dict[str, bytes | None]] = (),
    transport_headers: str = "",
    message_class: str = "IPM.Note",
) -> Path:
    """Write a sent-items style .msg: `recipients` are (name, address, field), `attachments`
    (filename, mime type, bytes). `recipient_streams[n]` replaces (or, with None, leaves out)
    streams of recipient n; `transport_headers` are the internet headers of a received copy;
    `message_class` is the item's kind (IPM.Note for an email)."""
    tree: dict = {
        "__nameid_version1.0": {
            "__substg1.0_00020102": b"",
            "__substg1.0_00030102": b"",
            "__substg1.0_00040102": b"",
        },
        "__substg1.0_001A001F": _text(message_class),
        "__substg1.0_0037001F": _text(subject),
        "__substg1.0_1000001F": _text(body),
        "__substg1.0_0C1A001F": _text(sender[0]),
        "__substg1.0_0C1F001F": _text(sender[1]),
        "__substg1.0_5D01001F": _text(sender[1]),
        "__substg1.0_0042001F": _text(sender[0]),
        "__substg1.0_0065001F": _text(sender[1]),
        "__substg1.0_1035001F": _text(message_id),
        "__properties_version1.0": struct.pack(
            "<8sIIII8s",
            b"",
            len(recipients),
            len(attachments),
            len(recipients),
            len(attachments),
            b"",
        )
        + _property(0x00390040, _filetime(sent_at))
        + _property(0x0E060040, _filetime(sent_at))
        + _property(0x0E070003, struct.pack("<I", 1)),
    }
    for number, (name, address, field) in enumerate(recipients):
        tree[f"__recip_version1.0_#{number:08X}"] = {
            "__properties_version1.0": b"\0" * 8
            + _property(0x0C150003, struct.pack("<I", RECIPIENT_TYPES[field])),
            "__substg1.0_3001001F": _text(name),
            "__substg1.0_3003001F": _text(address),
            "__substg1.0_39FE001F": _text(address),
        }
        extra = recipient_streams[number] if number < len(recipient_streams) else {}
        for stream, data in extra.items():
            if data is None:
                del tree[f"__recip_version1.0_#{number:08X}"][stream]
            else:
                tree[f"__recip_version1.0_#{number:08X}"][stream] = data
    if transport_headers:
        tree["__substg1.0_007D001F"] = _text(transport_headers)
    for number, (filename, mime_type, data) in enumerate(attachments):
        tree[f"__attach_version1.0_#{number:08X}"] = {
            "__properties_version1.0": b"\0" * 8 + _property(0x37050003, struct.pack("<I", 1)),
            "__substg1.0_37010102": data,
            "__substg1.0_3707001F": _text(filename),
            "__substg1.0_3704001F": _text(filename[:12]),
            "__substg1.0_370E001F": _text(mime_type),
        }
    path.write_bytes(compound_file(tree))
    return path
