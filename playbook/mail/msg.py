"""Read an Outlook .msg file through the optional extract-msg extra (`playbook[msg]`, GPL).

Without the extra, the import stops with a sentence saying how to install it.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from email.utils import formataddr, parseaddr
from pathlib import Path

from playbook.mail.addresses import HeaderAddress
from playbook.mail.attachments import RawAttachment, ScanLimits, describe, too_big_warning
from playbook.mail.cfb_chains import ChainProblem, check_chains
from playbook.mail.parsed import ParsedMessage, UnreadableMessage

MSG_FIELDS = {1: "to", 2: "cc", 3: "bcc"}


def read_msg(path: Path, source_name: str, limits: ScanLimits) -> ParsedMessage:
    """An Outlook .msg as a ParsedMessage (attachments decoded, not yet scanned)."""
    try:
        import extract_msg
    except ImportError:
        raise UnreadableMessage(
            f"{source_name} is an Outlook .msg file, and reading those needs the msg extra: "
            "pip install 'playbook[msg]' (extract-msg, GPL licence), or save it as .eml instead."
        ) from None
    try:
        check_chains(path.read_bytes())
    except ChainProblem as problem:
        raise UnreadableMessage(
            f"{source_name} is not a readable Outlook message ({problem}), so none of its "
            "values can be trusted; save it again from Outlook, or save it as .eml and import "
            "that."
        ) from None
    try:
        message = extract_msg.openMsg(str(path), delayAttachments=False, strict=False)
    except Exception as error:  # extract-msg raises many types for a damaged file
        raise UnreadableMessage(
            f"{source_name} is not a readable Outlook message ({type(error).__name__}); save it "
            "again from Outlook, or save it as .eml and import that."
        ) from None
    try:
        return _parsed(message, source_name, limits)
    finally:
        with contextlib.suppress(Exception):
            message.close()


def _parsed(message, source_name: str, limits: ScanLimits) -> ParsedMessage:
    parsed = ParsedMessage(format="msg", source_name=source_name)
    sender_name, sender_address = parseaddr(str(message.sender or ""))
    parsed.sender_address = sender_address.strip().lower()
    parsed.sender = (
        formataddr((sender_name, parsed.sender_address)) if "@" in sender_address else ""
    )
    parsed.subject = " ".join(str(message.subject or "").split())
    parsed.sent_at = _sent_at(message.date)
    if parsed.sent_at is None:
        parsed.warnings.append("The message has no readable sent time.")
    parsed.message_id = str(message.messageId or "").strip()
    parsed.references = tuple(str(message.inReplyTo or "").split())
    found = []
    for recipient in message.recipients:
        field = MSG_FIELDS.get(int(recipient.type), "to")
        address = str(recipient.smtpAddress or recipient.email or "").strip().lower()
        if "@" in address:
            found.append(HeaderAddress(address, str(recipient.name or "").strip(), field))
    parsed.recipients = found
    # Outlook lists Bcc recipients only in the sender's copy: none listed means unknown.
    parsed.bcc_known = any(entry.field == "bcc" for entry in parsed.recipients)
    parsed.body_text = str(message.body or "")
    for number, attachment in enumerate(message.attachments, start=1):
        parsed.raw_attachments.append(_raw_attachment(number, attachment, limits))
    return parsed


def _sent_at(value: object) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _raw_attachment(number: int, attachment, limits: ScanLimits) -> RawAttachment:
    filename = str(attachment.longFilename or attachment.shortFilename or "")
    content_type = str(attachment.mimetype or "application/octet-stream")
    data = attachment.data
    name = describe(number, filename)
    if not isinstance(data, bytes):  # an embedded message or object
        return RawAttachment(
            filename or "embedded item",
            content_type,
            0,
            None,
            f"{name} is an attached email or object whose contents were not read; open it in "
            "Outlook and record what personal data it holds.",
        )
    if len(data) > limits.max_bytes:
        return RawAttachment(
            filename, content_type, len(data), None, too_big_warning(name, len(data), limits)
        )
    return RawAttachment(filename, content_type, len(data), lambda: data)
