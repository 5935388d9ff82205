"""Read an RFC 5322 message (.eml) with the standard `email` package, without holding it whole.

The header block and each part's headers are parsed with the stdlib's compat32 parser
(`mail.mime_stream`), and addresses are split with `email.utils.getaddresses`, on purpose: the
modern policy parses a 100,000-address header in minutes, these in about a second. Recipients
are split, and attachments decoded, only when the import uses them, one piece at a time.
"""

from __future__ import annotations

import binascii
import html
import os
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from email.message import Message
from email.utils import formataddr, getaddresses, parsedate_to_datetime
from functools import partial
from pathlib import Path
from typing import BinaryIO

from playbook.mail.addresses import MAX_ENTRY_CHARS, HeaderAddress, HeaderSplitter, decode_words
from playbook.mail.attachments import (
    RawAttachment,
    ScanLimits,
    UnreadableAttachment,
    describe,
    too_big_warning,
)
from playbook.mail.mime_stream import (
    MAX_DEPTH,
    MAX_PARTS,
    PartLocation,
    locate_parts,
    read_content,
    read_header_block,
)
from playbook.mail.parsed import ParsedMessage, UnreadableMessage

IDENTIFYING_HEADERS = ("from", "date", "message-id", "subject")
# Headers that only a message carries, a sent or a received one (a MIME part has none of them;
# lines of To, Cc and Bcc alone are a pasted address list).
MESSAGE_HEADERS = (
    *IDENTIFYING_HEADERS,
    *("sender", "reply-to", "received", "delivered-to", "return-path"),
    *("in-reply-to", "references", "x-mailer", "user-agent", "thread-topic", "x-ms-has-attach"),
)
MIME_HEADERS = ("mime-version", "content-type", "content-transfer-encoding")
BODY_LIMIT = 1_000_000  # characters of body text kept
_RAW_BYTES = re.compile("[\udc80-\udcff]")
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_TAGS = re.compile(r"<(?:script|style)\b.*?</(?:script|style)>|<[^>]+>", re.IGNORECASE | re.DOTALL)


def looks_like_email(message: Message) -> bool:
    """True when the parsed headers include one that only a message (not a MIME part) has."""
    return any(name in message for name in MESSAGE_HEADERS)


def read_eml(path: Path, source_name: str, limits: ScanLimits) -> ParsedMessage | None:
    """The .eml at `path` as a ParsedMessage, or None when it has no email headers at all.

    The headers and the body text are read now; recipients and attachments when they are used.
    Refuses a message cut short (a multipart without its closing boundary).
    """
    skipped: list[int] = []
    with path.open("rb") as stream:
        message, body_start = read_header_block(stream, skipped=skipped)
        if not looks_like_email(message):
            if any(name in message for name in MIME_HEADERS):
                raise UnreadableMessage(
                    f"{source_name} is one part of a message (it has MIME headers but no From, "
                    "To, Date or Subject line); save the whole message from the mail client as "
                    ".eml or .msg and import that."
                )
            return None
        parts, complete = locate_parts(stream, message, body_start)
        notes = [_skipped_note(len(skipped))] if skipped else []
        if not complete:
            notes.append(_incomplete_note(stream, source_name, parts, body_start))
        body_parts, attachment_parts = _split_parts(parts)
        body_text = _body_text(stream, body_parts)[:BODY_LIMIT]
        stamp = _stamp(stream)
    parsed = ParsedMessage(format="eml", source_name=source_name, body_text=body_text)
    if parts.more:
        parsed.warnings.append(
            f"The message has more than {MAX_PARTS:,} parts; the {parts.more:,} after the first "
            f"{MAX_PARTS:,} were not read or listed; open it in a mail client to check them."
        )
    parsed.warnings.extend(notes)
    headers: dict[str, list[str]] = {}
    for header_name, value in message.raw_items():  # raw: 8-bit names survive as UTF-8
        headers.setdefault(header_name.lower(), []).append(_text(value))

    def first(name: str) -> str:
        return headers.get(name, [""])[0]

    sender_name, sender_address = _first_address(headers.get("from", []))
    parsed.sender_address = sender_address
    parsed.sender = _sender(sender_name, sender_address)
    parsed.subject = _decoded(first("subject"))
    parsed.sent_at = _sent_at(headers.get("date", [None])[0], parsed.warnings)
    parsed.message_id = next(iter(_message_ids(first("message-id"))), "")
    parsed.references = tuple(_message_ids(f"{first('in-reply-to')} {first('references')}"))
    parsed.recipients = HeaderRecipients(
        {field: headers.get(field, []) for field in ("to", "cc", "bcc")}, parsed.warnings
    )
    parsed.bcc_known = "bcc" in headers
    parsed.raw_attachments = [
        _raw_attachment(path, stamp, number, part, limits)
        for number, part in enumerate(attachment_parts, start=1)
    ]
    return parsed


def _skipped_note(count: int) -> str:
    lines = "1 line" if count == 1 else f"{count} lines"
    return (
        f"{lines} in the message's headers could not be read and were skipped; the headers "
        "after them were read."
    )


def _incomplete_note(
    stream: BinaryIO, source_name: str, parts: list[PartLocation], body_start: int
) -> str:
    """What to say of a multipart whose closing boundary never came; refuses a file that was
    cut inside a part (it ends mid-line, or inside base64 content)."""
    size = os.fstat(stream.fileno()).st_size
    if not parts or (len(parts) == 1 and parts[0].start == body_start):
        return (
            "The message says it has parts, but the file holds none (it may be only the "
            "headers); the headers were read, and there is no text or attachment to scan."
        )
    stream.seek(max(size - 2, 0))
    ends_a_line = size == 0 or stream.read(2).endswith((b"\n", b"\r"))
    if not ends_a_line or not _whole_base64(stream, parts[-1]):
        raise UnreadableMessage(
            f"{source_name} ends inside its last part, so it was cut short; save the message "
            "again from the mail client and import the complete file."
        )
    return (
        "The message's last part has no closing boundary, but every part in the file is whole; "
        "the parts were read as they are."
    )


def _whole_base64(stream: BinaryIO, part: PartLocation) -> bool:
    """False when `part` is base64 content that stops part-way through a group of four."""
    if part.transfer_encoding != "base64":
        return True
    stream.seek(max(part.start, part.end - 4096))
    tail = re.sub(rb"[^A-Za-z0-9+/=]", b"", stream.read(part.end - stream.tell()))
    if b"=" in tail:
        return True
    total = 0
    stream.seek(part.start)
    for line in iter(lambda: stream.readline(1 << 16), b""):
        if stream.tell() > part.end:
            line = line[: len(line) - (stream.tell() - part.end)]
        total += len(re.sub(rb"[^A-Za-z0-9+/=]", b"", line))
        if stream.tell() >= part.end:
            break
    return total % 4 == 0


class HeaderRecipients:
    """The addresses of a message's To, Cc and Bcc lines, in that order, split as they are read.

    A sender's copy may list 100,000; split all at once they would take several times the
    file's size. Entries that are not addresses are left out, with a warning added to
    `warnings` once the line has been read.
    """

    def __init__(self, lines: dict[str, list[str]], warnings: list[str]) -> None:
        self.lines = lines
        self.warnings = warnings
        self.unreadable = 0  # entries that were not addresses, over every line read so far
        self._warned: set[str] = set()

    def __iter__(self) -> Iterator[HeaderAddress]:
        for field, values in self.lines.items():
            splitter = HeaderSplitter(field)
            for value in values:
                yield from splitter.addresses(value)
            if field in self._warned:
                continue
            if splitter.unreadable or splitter.ambiguous:
                self._warned.add(field)
            if splitter.unreadable:
                self.unreadable += splitter.unreadable
                entries = (
                    "1 entry in the {} line is not an email address and was"
                    if splitter.unreadable == 1
                    else f"{splitter.unreadable} entries in the {{}} line are not email addresses "
                    "and were"
                ).format(field.title())
                self.warnings.append(f"{entries} left out; check that line in the message.")
            if splitter.ambiguous:
                entries = (
                    "1 entry in the {} line reads as two different addresses, so which was meant "
                    "is unknown and it was"
                    if splitter.ambiguous == 1
                    else f"{splitter.ambiguous} entries in the {{}} line each read as two "
                    "different addresses, so which was meant is unknown and they were"
                ).format(field.title())
                self.warnings.append(
                    f"{entries} left out; check that line in the message and add the right "
                    "recipient by hand."
                )


def _text(value: object) -> str:
    """A header value as text: raw 8-bit bytes (kept as surrogates by the parser) read as UTF-8."""
    text = str(value)
    if not text.isascii() and _RAW_BYTES.search(text):
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


def _decoded(value: object) -> str:
    return " ".join(decode_words(_text(value)).split())


def _sender(name: str, address: str) -> str:
    """`Name <address>`; an address that is not ASCII (a hostile or broken From) stays bare."""
    if not address:
        return ""
    try:
        return formataddr((name, address))
    except UnicodeError:
        return address


def _first_address(values: list[str]) -> tuple[str, str]:
    readable = [value for value in values if len(value) <= MAX_ENTRY_CHARS]
    for name, address in getaddresses(readable):
        if "@" in address:
            return _decoded(name), address.strip().lower()
    return "", ""


def _message_ids(text: str) -> list[str]:
    return _MESSAGE_ID.findall(text)


def _sent_at(value: str | None, warnings: list[str]) -> datetime | None:
    if value is None:
        warnings.append("The message has no Date line, so when it was sent is unknown.")
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        warnings.append("The message's Date line cannot be read, so when it was sent is unknown.")
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _split_parts(
    parts: Iterable[PartLocation],
) -> tuple[list[PartLocation], list[PartLocation]]:
    """The body's text parts and the attachments (an attached email is one attachment)."""
    body: list[PartLocation] = []
    attachments: list[PartLocation] = []
    for part in parts:
        disposition = str(part.headers.get("content-disposition", "")).lower()
        is_text = part.headers.get_content_type() in ("text/plain", "text/html")
        if is_text and "attachment" not in disposition and part.headers.get_filename() is None:
            body.append(part)
        else:
            attachments.append(part)
    return body, attachments


def _body_text(stream: BinaryIO, parts: list[PartLocation]) -> str:
    plain = [part for part in parts if part.headers.get_content_type() == "text/plain"]
    texts = []
    for part in plain or parts:
        text = _part_text(stream, part)
        if part.headers.get_content_type() == "text/html":
            text = html.unescape(_TAGS.sub(" ", text))
        texts.append(text)
    return "\n".join(texts)


def _part_text(stream: BinaryIO, part: PartLocation) -> str:
    try:
        payload = read_content(stream, part, limit=4 * BODY_LIMIT)
    except (binascii.Error, ValueError):
        return ""  # a damaged body has no text to scan
    charset = part.headers.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def _stamp(stream: BinaryIO) -> tuple[int, int]:
    """The file's size and modification time: an attachment read later comes from the same file."""
    status = os.fstat(stream.fileno())
    return status.st_size, status.st_mtime_ns


def _raw_attachment(
    path: Path, stamp: tuple[int, int], number: int, part: PartLocation, limits: ScanLimits
) -> RawAttachment:
    filename = _decoded(part.headers.get_filename() or "")
    content_type = part.headers.get_content_type()
    if not filename and content_type == "message/rfc822":
        filename = "attached message.eml"
    name = describe(number, filename)
    if part.too_deep:
        return RawAttachment(
            filename,
            content_type,
            part.encoded_size,
            None,
            f"{name} holds parts nested more than {MAX_DEPTH} levels deep, so it was not "
            "opened; open the message in a mail client and check what it holds.",
        )
    base64 = part.transfer_encoding == "base64"
    estimated = part.encoded_size * 3 // 4 if base64 else part.encoded_size
    if estimated > limits.max_bytes:
        return RawAttachment(
            filename, content_type, estimated, None, too_big_warning(name, estimated, limits)
        )
    return RawAttachment(filename, content_type, estimated, partial(_load, path, stamp, part, name))


def _load(path: Path, stamp: tuple[int, int], part: PartLocation, name: str) -> bytes:
    """An attachment's bytes, decoded from the file now; refuses a file changed since it was read."""
    try:
        with path.open("rb") as stream:
            if _stamp(stream) != stamp:
                raise UnreadableMessage(
                    f"{path.name} changed while it was being imported; import it again."
                )
            return read_content(stream, part)
    except (binascii.Error, ValueError):
        raise UnreadableAttachment(
            f"{name} is damaged (its encoding is broken or cut short), so it was not read; "
            "ask for a fresh copy."
        ) from None
    except OSError as error:
        raise UnreadableMessage(
            f"{path.name} could no longer be read ({error.strerror}); import it again."
        ) from None
