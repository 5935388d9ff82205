"""Open an Outlook winmail.dat (TNEF) attachment, through the optional tnef extra (`tnefparse`).

Outlook sends a message's attachments inside winmail.dat when it writes Rich Text: each file
in it is scanned as an attachment of its own. Without the extra, the winmail.dat stays one
unread attachment, and its warning says how to install the reader.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterable, Iterator

from playbook.mail.attachments import (
    RawAttachment,
    ScanLimits,
    UnreadableAttachment,
    describe,
    too_big_warning,
)

TNEF_TYPES = ("application/ms-tnef", "application/vnd.ms-tnef")
TNEF_SIGNATURE = b"\x78\x9f\x3e\x22"


def is_tnef(raw: RawAttachment) -> bool:
    """True for an attachment declared as TNEF, or named winmail.dat."""
    return raw.content_type.lower() in TNEF_TYPES or raw.filename.lower() == "winmail.dat"


def with_tnef_opened(
    attachments: Iterable[RawAttachment], limits: ScanLimits, warnings: list[str]
) -> Iterator[RawAttachment]:
    """The attachments, each winmail.dat replaced by the files it holds (a note in `warnings`
    says so); one that cannot be opened stays, with a `problem` that says why."""
    number = 0
    for raw in attachments:
        number += 1
        if not is_tnef(raw) or raw.load is None:
            yield raw
            continue
        inner = _opened(raw, raw.load, describe(number, raw.filename), limits)
        if isinstance(inner, RawAttachment):
            yield inner
            continue
        count = len(inner)
        if count:
            files = "1 file" if count == 1 else f"{count} files"
            numbers = (
                f"attachment {number}"
                if count == 1
                else (f"attachments {number} to {number + count - 1}")
            )
            warnings.append(
                f"{describe(number, raw.filename)} is an Outlook winmail.dat holding {files}, "
                f"read as {numbers}."
            )
        for offset, (filename, data) in enumerate(inner):
            yield _inner(number + offset, filename, data, limits)
        number += count - 1


def _opened(
    raw: RawAttachment, load: Callable[[], bytes], name: str, limits: ScanLimits
) -> list[tuple[str, bytes]] | RawAttachment:
    """The (file name, bytes) of each file in a winmail.dat, or the attachment left unread."""
    try:
        import tnefparse
    except ImportError:
        return _unread(
            raw,
            f"{name} is an Outlook winmail.dat, and opening it needs the tnef extra: pip "
            "install 'playbook[tnef]'; or open it in Outlook and record what it holds.",
        )
    try:
        data = load()
    except UnreadableAttachment as error:
        return _unread(raw, str(error))
    if not data.startswith(TNEF_SIGNATURE):
        return raw  # named winmail.dat but something else: scanned as it is
    try:
        parsed = tnefparse.TNEF(data)
        files = [(_text(item.long_filename()), item.data) for item in parsed.attachments]
    except Exception:  # tnefparse raises many types for a damaged file
        return _unread(
            raw,
            f"{name} is an Outlook winmail.dat that is damaged, so the files in it were not "
            "read; ask for a fresh copy, or open it in Outlook and record what it holds.",
        )
    return [(name, data if isinstance(data, bytes) else b"") for name, data in files]


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.split(b"\x00")[0].decode("cp1252", "replace")
    return str(value or "").split("\x00")[0]


def _inner(number: int, filename: str, data: bytes, limits: ScanLimits) -> RawAttachment:
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if len(data) > limits.max_bytes:
        warning = too_big_warning(describe(number, filename), len(data), limits)
        return RawAttachment(filename, content_type, len(data), None, warning)
    return RawAttachment(filename, content_type, len(data), lambda: data)


def _unread(raw: RawAttachment, problem: str) -> RawAttachment:
    return RawAttachment(raw.filename, raw.content_type, raw.size, None, problem)
