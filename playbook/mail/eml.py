"""Read an RFC 5322 message (.eml) with the standard `email` package.

The `compat32` policy and `email.utils.getaddresses` are used on purpose: the modern policy
parses a 100,000-address header in minutes, these in about a second.
"""

from __future__ import annotations

import binascii
import contextlib
import html
import re
from datetime import UTC, datetime
from email import errors as email_errors
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from email.utils import formataddr, getaddresses, parsedate_to_datetime
from typing import BinaryIO

from playbook.mail.addresses import deduplicate, split_header
from playbook.mail.attachments import RawAttachment, ScanLimits, describe, too_big_warning
from playbook.mail.parsed import ParsedMessage, UnreadableMessage

IDENTIFYING_HEADERS = ("from", "date", "message-id", "subject")
BODY_LIMIT = 1_000_000  # characters of body text kept
_TRUNCATION_DEFECTS = (
    email_errors.CloseBoundaryNotFoundDefect,
    email_errors.StartBoundaryNotFoundDefect,
)
_RAW_BYTES = re.compile("[\udc80-\udcff]")
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_TAGS = re.compile(r"<(?:script|style)\b.*?</(?:script|style)>|<[^>]+>", re.IGNORECASE | re.DOTALL)


def parse_eml(stream: BinaryIO) -> Message:
    """The message in `stream`, parsed with the compat32 policy."""
    return BytesParser(policy=compat32).parse(stream)


def looks_like_email(message: Message) -> bool:
    """True when the parsed text has at least one header a sent message always has."""
    return any(name in message for name in IDENTIFYING_HEADERS)


def read_eml(message: Message, source_name: str, limits: ScanLimits) -> ParsedMessage:
    """A parsed .eml as a ParsedMessage (attachments decoded, not yet scanned).

    Refuses a message cut short (a multipart without its closing boundary).
    """
    if any(isinstance(defect, _TRUNCATION_DEFECTS) for defect in _all_defects(message)):
        raise UnreadableMessage(
            f"{source_name} ends before the end of its last part, so it was cut short; save "
            "the message again from the mail client and import the complete file."
        )
    parsed = ParsedMessage(format="eml", source_name=source_name)
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
    found = []
    for field in ("to", "cc", "bcc"):
        entries, unreadable = split_header(headers.get(field, []), field)
        found.extend(entries)
        if unreadable:
            parsed.warnings.append(
                f"{unreadable} entries in the {field.title()} line are not email addresses and "
                "were left out; check that line in the message."
            )
    parsed.recipients = deduplicate(found)
    parsed.bcc_known = "bcc" in headers
    body_parts, attachment_parts = _split_parts(message)
    parsed.body_text = _body_text(body_parts)[:BODY_LIMIT]
    parsed.raw_attachments = [
        _raw_attachment(number, part, limits)
        for number, part in enumerate(attachment_parts, start=1)
    ]
    return parsed


def release(message: Message) -> None:
    """Drop a parsed message's payloads and headers at once.

    The stdlib parser leaves the message in a reference cycle, so without this its strings (the
    size of the file) stay in memory until a later garbage collection.
    """
    for part in message.walk():
        if not part.is_multipart():
            part.set_payload(None)
    for name in set(message.keys()):
        del message[name]


def _all_defects(message: Message) -> list:
    found = list(message.defects)
    if message.is_multipart():
        for part in message.get_payload():
            if isinstance(part, Message) and part.get_content_type() != "message/rfc822":
                found.extend(_all_defects(part))
    return found


def _text(value: object) -> str:
    """A header value as text: raw 8-bit bytes (kept as surrogates by the parser) read as UTF-8."""
    text = str(value)
    if not text.isascii() and _RAW_BYTES.search(text):
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


def _decoded(value: object) -> str:
    text = _text(value)
    if "=?" in text:
        with contextlib.suppress(
            ValueError, LookupError, UnicodeError, email_errors.HeaderParseError
        ):
            text = str(make_header(decode_header(text)))
    return " ".join(text.split())


def _sender(name: str, address: str) -> str:
    """`Name <address>`; an address that is not ASCII (a hostile or broken From) stays bare."""
    if not address:
        return ""
    try:
        return formataddr((name, address))
    except UnicodeError:
        return address


def _first_address(values: list[str]) -> tuple[str, str]:
    for name, address in getaddresses(values):
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


def _split_parts(message: Message) -> tuple[list[Message], list[Message]]:
    """The body's text parts and the attachments, without descending into attached emails."""
    body: list[Message] = []
    attachments: list[Message] = []

    def visit(part: Message) -> None:
        if part.is_multipart() and part.get_content_type() != "message/rfc822":
            for child in part.get_payload():
                visit(child)
            return
        disposition = str(part.get("content-disposition", "")).lower()
        is_text = part.get_content_type() in ("text/plain", "text/html")
        if is_text and "attachment" not in disposition and part.get_filename() is None:
            body.append(part)
        else:
            attachments.append(part)

    visit(message)
    return body, attachments


def _body_text(parts: list[Message]) -> str:
    plain = [part for part in parts if part.get_content_type() == "text/plain"]
    chosen = plain or parts
    texts = []
    for part in chosen:
        text = _part_text(part)
        if part.get_content_type() == "text/html":
            text = html.unescape(_TAGS.sub(" ", text))
        texts.append(text)
    return "\n".join(texts)


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def _raw_attachment(number: int, part: Message, limits: ScanLimits) -> RawAttachment:
    filename = _decoded(part.get_filename() or "")
    if not filename and part.get_content_type() == "message/rfc822":
        filename = "attached message.eml"
    content_type = part.get_content_type()
    name = describe(number, filename)
    if part.is_multipart():  # an attached email: kept as a whole, not read
        data = part.as_bytes()
        return RawAttachment(filename, content_type, data, len(data))
    payload = part.get_payload()
    encoding = str(part.get("content-transfer-encoding", "")).strip().lower()
    estimated = len(payload) * 3 // 4 if encoding == "base64" else len(payload)
    if estimated > limits.max_bytes:
        return RawAttachment(
            filename, content_type, None, estimated, too_big_warning(name, estimated, limits)
        )
    if encoding == "base64":
        try:
            data = binascii.a2b_base64(payload.encode("ascii", "surrogateescape"))
        except (binascii.Error, ValueError):
            return RawAttachment(
                filename,
                content_type,
                None,
                estimated,
                f"{name} is damaged (its encoding is broken or cut short), so it was not read; "
                "ask for a fresh copy.",
            )
    else:
        data = part.get_payload(decode=True) or b""
    return RawAttachment(filename, content_type, data, len(data))
