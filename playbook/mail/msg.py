"""Read an Outlook .msg file through the optional extract-msg extra (`playbook[msg]`, GPL).

Without the extra, the import stops with a sentence saying how to install it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import UTC, datetime
from email.utils import formataddr, parseaddr
from pathlib import Path
from typing import TYPE_CHECKING

from playbook.mail.addresses import ADDRESS_PATTERN, HeaderAddress, HeaderSplitter
from playbook.mail.attachments import RawAttachment, ScanLimits, describe, too_big_warning
from playbook.mail.cfb_chains import ChainProblem, check_chains
from playbook.mail.parsed import ParsedMessage, UnreadableMessage

if TYPE_CHECKING:
    from extract_msg import Recipient
    from extract_msg.attachments import AttachmentBase, SignedAttachment
    from extract_msg.enums import RecipientType
    from extract_msg.msg_classes import MessageBase

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
            f"{source_name} is not a readable Outlook message: {problem}, so none of its "
            "values can be trusted; save it again from Outlook, or save it as .eml and import "
            "that."
        ) from None
    try:
        message = extract_msg.openMsg(str(path), delayAttachments=False, strict=False)
    except Exception:  # extract-msg raises many types for a damaged file
        raise UnreadableMessage(
            f"{source_name} is damaged: it starts like an Outlook message but its contents "
            "cannot be read; save it again from Outlook, or save it as .eml and import that."
        ) from None
    try:
        if not isinstance(message, extract_msg.msg_classes.MessageBase):
            # strict=False gives a bare MSGFile for an item of a class extract-msg does not know
            raise UnreadableMessage(
                f"{source_name} is an Outlook file that holds no message playbook can read; "
                "save the email again from Outlook, or save it as .eml and import that."
            )
        return _parsed(message, source_name, limits)
    finally:
        with contextlib.suppress(Exception):
            message.close()


def _parsed(message: MessageBase, source_name: str, limits: ScanLimits) -> ParsedMessage:
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
    parsed.recipients = msg_recipients(message, parsed.warnings)
    # Outlook lists Bcc recipients only in the sender's copy: none listed means unknown.
    parsed.bcc_known = any(entry.field == "bcc" for entry in parsed.recipients)
    parsed.body_text = str(message.body or "")
    attachments: Sequence[AttachmentBase | SignedAttachment] = message.attachments
    for number, attachment in enumerate(attachments, start=1):
        parsed.raw_attachments.append(_raw_attachment(number, attachment, limits))
    return parsed


def msg_recipients(message: MessageBase, warnings: list[str]) -> list[HeaderAddress]:
    """Every recipient of an Outlook message, with its internet address wherever the file holds
    one: the recipient's SMTP property, another of its properties (an Exchange entry id or proxy
    address), or the transport headers of a received copy, matched by display name.

    A recipient known only inside Exchange (an X.500 address, or a name alone) is kept under
    that address or name, and `warnings` says how many were; the import files them as internal.
    """
    in_headers = _header_addresses_by_name(message)
    found: list[HeaderAddress] = []
    internal = 0
    for recipient in message.recipients:
        field = MSG_FIELDS.get(int(recipient.type), "to")
        name = _clean(recipient.name)
        address = _known_smtp(recipient) or _smtp_address(recipient)
        address = address or in_headers.get(name.casefold(), "")
        if not address:
            address = _clean(recipient.email).lower() or name
            internal += 1
        if address:
            found.append(HeaderAddress(address, name, field))
    if internal:
        someone = "1 recipient has" if internal == 1 else f"{internal} recipients have"
        warnings.append(
            f"{someone} no internet address in the file (Exchange-internal), so they are kept "
            "by their Exchange name and marked internal; find their address in Exchange."
        )
    return found


_SMTP_PROPERTIES = ("39FE", "3003", "5FF7", "0FFF", "3A00", "800F")


def _clean(value: object) -> str:
    """A property's text without the NUL terminators some writers leave, spaces tidied."""
    return " ".join(str(value or "").replace("\x00", " ").split())


def _known_smtp(recipient: Recipient[RecipientType]) -> str:
    """The address extract-msg read (PR_SMTP_ADDRESS, else PR_EMAIL_ADDRESS) when it is one."""
    address = _clean(recipient.smtpAddress or recipient.email).lower()
    return address if ADDRESS_PATTERN.fullmatch(address) else ""


def _smtp_address(recipient: Recipient[RecipientType]) -> str:
    """The recipient's internet address from its own properties, or ''."""
    for name in _stream_names(recipient):
        text = _property_text(recipient, name)
        match = ADDRESS_PATTERN.search(text) if text else None
        if match is not None:
            return match.group().lower()
    return ""


def _stream_names(recipient: Recipient[RecipientType]) -> list[str]:
    """The recipient's property streams, the SMTP address first, then those that may hold one."""
    try:
        names = ["/".join(entry) for entry in recipient.listDir() if len(entry) == 1]
    except Exception:  # extract-msg raises many types for a damaged file
        return []
    properties = [name for name in names if name.startswith("__substg1.0_")]

    def rank(name: str) -> int:
        tag = name[len("__substg1.0_") :][:4].upper()
        return _SMTP_PROPERTIES.index(tag) if tag in _SMTP_PROPERTIES else len(_SMTP_PROPERTIES)

    return [name for name in sorted(properties, key=rank) if rank(name) < len(_SMTP_PROPERTIES)]


def _property_text(recipient: Recipient[RecipientType], name: str) -> str:
    try:
        data = recipient.getStream(name)
    except Exception:  # extract-msg raises many types for a damaged file
        return ""
    if not isinstance(data, bytes):
        return ""
    if name.upper().endswith("001F") or data[1:2] == b"\x00":
        return data.decode("utf-16-le", "ignore")
    return data.decode("latin-1")


def _header_addresses_by_name(message: MessageBase) -> dict[str, str]:
    """Display name (case-folded) -> address, from the To and Cc of the transport headers."""
    try:
        header = message.header
    except Exception:  # extract-msg raises many types for a damaged file
        return {}
    by_name: dict[str, str] = {}
    if header is None:
        return by_name
    for field in ("to", "cc", "bcc"):
        splitter = HeaderSplitter(field)
        for value in header.get_all(field) or []:
            for found in splitter.addresses(str(value)):
                if found.name:
                    by_name.setdefault(found.name.casefold(), found.address)
    return by_name


def _sent_at(value: object) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _raw_attachment(
    number: int, attachment: AttachmentBase | SignedAttachment, limits: ScanLimits
) -> RawAttachment:
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
