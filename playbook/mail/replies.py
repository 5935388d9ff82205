"""Reading the answers to our deletion requests: a folder of .eml/.msg files, an mbox or a Maildir.

Each message is read for what matching and evidence need, and no more: its Message-ID, the
Message-IDs it answers (In-Reply-To, References), its sender, date and subject, whether it is
an automatic reply (RFC 3834 `Auto-Submitted`, `X-Autoreply`, `X-Autorespond`, `Precedence:
auto_reply`, an out-of-office subject) or a bounce, and its first lines. Headers are parsed
first; the body only of the messages that need it.
"""

from __future__ import annotations

import mailbox
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message
from email.parser import BytesHeaderParser
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path
from typing import NamedTuple

from playbook.domain.errors import PlaybookError
from playbook.mail.addresses import decode_words
from playbook.mail.dsn import DeliveryReport, body_text, read_report

REPLY_KINDS = ("reply", "auto_reply", "bounce")
_OUT_OF_OFFICE = re.compile(
    r"^\s*(automatic reply|auto(matic)?[- ]?(reply|response)|autoreply|out of (the )?office|"
    r"ooo\b|away from (the )?office|on leave|abwesenheit|r[ée]ponse automatique|"
    r"respuesta autom[áa]tica|risposta automatica|auto:)",
    re.IGNORECASE,
)
_MESSAGE_IDS = re.compile(r"<[^<>\s]+>")
_BRACKETED = re.compile(r"<([^<>\s@]+@[^<>\s]+)>")
_QUOTE_START = re.compile(
    r"^(>|-{2,}\s*original message|on .+ wrote:|from:\s|sent from my|_{5,})", re.IGNORECASE
)
FIRST_LINES = 3
FIRST_LINES_CHARS = 280


class ReadReply(NamedTuple):
    """One message read from the replies: what matching and evidence need."""

    source: str
    message_id: str
    refers_to: tuple[str, ...]
    sender: str
    at: datetime | None
    subject: str
    kind: str
    first_lines: str = ""
    report: DeliveryReport | None = None


def reply_sources(paths: list[Path]) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of every message in the paths: .eml/.msg files, folders of them, mbox
    files and Maildirs. Refuse a path that does not exist."""
    for path in paths:
        if not path.exists():
            raise PlaybookError(f"There is no file or folder {path}; nothing was recorded.")
        if path.is_dir() and (path / "cur").is_dir():
            maildir = mailbox.Maildir(path, factory=None, create=False)
            for key in sorted(maildir.keys()):
                yield f"{path.name}/{key}", maildir.get_bytes(key)
        elif path.is_dir():
            yield from _folder(path, path)
        elif path.suffix.lower() == ".mbox" or _starts_like_mbox(path):
            box = mailbox.mbox(path, factory=None, create=False)
            try:
                for number, key in enumerate(box.keys(), start=1):
                    yield f"{path.name}#{number}", box.get_bytes(key)
            finally:
                box.close()
        else:
            yield path.name, path.read_bytes()


def count_messages(paths: list[Path]) -> int:
    """About how many messages the paths hold, for a progress bar: files in folders, messages
    in a Maildir; an mbox or a single file counts as one."""
    total = 0
    for path in paths:
        if path.is_dir() and (path / "cur").is_dir():
            total += sum(
                1
                for part in ("cur", "new")
                if (path / part).is_dir()
                for _ in os.scandir(path / part)
            )
        elif path.is_dir():
            total += sum(
                1
                for _, _, names in os.walk(path)
                for name in names
                if name.lower().endswith((".eml", ".msg"))
            )
        else:
            total += 1
    return total


def _folder(folder: Path, top: Path) -> Iterator[tuple[str, bytes]]:
    """The .eml and .msg files of a folder and its subfolders, in name order."""
    entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    prefix = "" if folder == top else f"{folder.relative_to(top)}/"
    for entry in entries:
        if entry.is_dir():
            yield from _folder(Path(entry.path), top)
        elif entry.name.lower().endswith((".eml", ".msg")) and entry.is_file():
            with open(entry.path, "rb") as stream:
                yield prefix + entry.name, stream.read()


def _starts_like_mbox(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(5) == b"From "


def read_reply(source: str, data: bytes) -> ReadReply:
    """What one message says, for matching: headers first, the body only when needed."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return _read_msg(source, data)
    headers = BytesHeaderParser().parsebytes(data)
    # Each header once, by its lower-case name (the first of repeated ones): Message.get
    # would walk every header for each look-up.
    fields: dict[str, str] = {}
    for name, value in headers.raw_items():
        fields.setdefault(name.lower(), value if isinstance(value, str) else str(value))
    subject = _decoded(fields.get("subject", ""))
    content_type = fields.get("content-type", "text/plain").split(";", 1)[0].strip().lower()
    kind = _kind(fields, subject, content_type)
    report = None
    message: Message = headers
    if kind == "bounce" or content_type.startswith("multipart/") or _may_report(fields, subject):
        message = message_from_bytes(data)
        report = read_report(message)
        kind = "bounce" if report is not None and report.kind != "recall" else kind
    return ReadReply(
        source=source,
        message_id=next(iter(_MESSAGE_IDS.findall(fields.get("message-id", ""))), ""),
        refers_to=tuple(
            _MESSAGE_IDS.findall(f"{fields.get('in-reply-to', '')} {fields.get('references', '')}")
        ),
        sender=_address(fields.get("from", "")),
        at=_date(fields.get("date")),
        subject=subject,
        kind=kind,
        first_lines=""
        if kind == "bounce"
        else first_lines(_plain_text(message, data, fields, content_type)),
        report=report,
    )


def _decoded(value: str) -> str:
    return " ".join((decode_words(value) if "=?" in value else value).split())


def _address(value: str) -> str:
    """The address of a From line: in angle brackets, else the bare address."""
    bracketed = _BRACKETED.search(value)
    if bracketed:
        return bracketed.group(1).strip().lower()
    bare = value.strip()
    if "@" in bare and not any(mark in bare for mark in ' "(,;'):
        return bare.lower()
    return parseaddr(value)[1].lower()


def _kind(fields: dict[str, str], subject: str, content_type: str) -> str:
    if content_type == "multipart/report":
        return "bounce"
    auto = fields.get("auto-submitted", "no").strip().casefold()
    precedence = fields.get("precedence", "").strip().casefold()
    if (
        auto != "no"
        or "x-autoreply" in fields
        or "x-autorespond" in fields
        or precedence in ("auto_reply", "auto-reply")
        or _OUT_OF_OFFICE.match(subject)
    ):
        return "auto_reply"
    return "reply"


def _may_report(fields: dict[str, str], subject: str) -> bool:
    """A bounce or recall report sent as plain text: known by its sender or subject."""
    sender = fields.get("from", "").casefold()
    return (
        "mailer-daemon" in sender
        or "postmaster" in sender
        or subject.casefold().startswith(
            ("undeliverable", "message recall", "delivery status", "mail delivery")
        )
    )


def _plain_text(message: Message, data: bytes, fields: dict[str, str], content_type: str) -> str:
    """The reply's text: a plain 7- or 8-bit body as the header parse left it, else decoded."""
    if content_type.startswith("multipart/"):
        return body_text(message, 20_000)  # parsed whole already
    encoding = fields.get("content-transfer-encoding", "").strip().lower()
    if encoding in ("base64", "quoted-printable") or content_type == "text/html":
        return body_text(message_from_bytes(data), 20_000)
    payload = message.get_payload()
    return payload[:20_000] if isinstance(payload, str) else ""


def first_lines(text: str) -> str:
    """The reply's own first lines: up to the quoted request, at most a few short lines."""
    lines = []
    for line in text.splitlines():
        if _QUOTE_START.match(line.strip()):
            break
        if line.strip():
            lines.append(" ".join(line.split()))
        if len(lines) == FIRST_LINES:
            break
    return " / ".join(lines)[:FIRST_LINES_CHARS]


def _date(value: object) -> datetime | None:
    if value is None:
        return None
    text = str(value)
    # The usual form, read directly ("Tue, 20 Oct 2026 09:30:00 +0100"); else the stdlib.
    usual = _USUAL_DATE.match(text)
    if usual and usual.group(2) in _MONTHS:
        day, month, year, hour, minute, second, sign, zone_hours, zone_minutes = usual.groups()
        offset = timedelta(hours=int(zone_hours), minutes=int(zone_minutes))
        moment = datetime(
            int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second), tzinfo=UTC
        )
        return moment - offset if sign == "+" else moment + offset
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


_MONTHS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        start=1,
    )
}
_USUAL_DATE = re.compile(
    r"\s*(?:[A-Z][a-z]{2},\s*)?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d\d):(\d\d):(\d\d) "
    r"([+-])(\d\d)(\d\d)\s*(?:\(.*\))?\s*$"
)


def _read_msg(source: str, data: bytes) -> ReadReply:
    """An Outlook .msg reply, through the optional msg extra (headers as Outlook kept them)."""
    import tempfile

    from playbook.mail.attachments import ScanLimits
    from playbook.mail.msg import read_msg

    with tempfile.NamedTemporaryFile(suffix=".msg") as file:
        file.write(data)
        file.flush()
        parsed = read_msg(Path(file.name), source, ScanLimits.from_megabytes(1))
    kind = "auto_reply" if _OUT_OF_OFFICE.match(parsed.subject) else "reply"
    return ReadReply(
        source=source,
        message_id=parsed.message_id,
        refers_to=parsed.references,
        sender=parsed.sender_address,
        at=parsed.sent_at,
        subject=parsed.subject,
        kind=kind,
        first_lines=first_lines(parsed.body_text),
    )
