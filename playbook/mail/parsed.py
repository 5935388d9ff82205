"""A sent message as read from a file, before anything is stored, and why a file is refused."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from playbook.domain.errors import PlaybookError
from playbook.mail.addresses import HeaderAddress
from playbook.mail.attachments import RawAttachment, ScannedAttachment
from playbook.mail.body import Suggestion

FORMATS = ("eml", "msg", "address_list")


class UnreadableMessage(PlaybookError):
    """The file cannot be imported as a sent message; nothing was written."""


@dataclass
class ParsedMessage:
    """Everything read from one file: headers, recipients, body, attachments, and what failed.

    `recipients` may repeat an address (To and Cc, say) and may be split only as it is iterated;
    `raw_attachments` are decoded when scanned. Scanning fills `attachments`, `warnings` and
    `suggestions`, and gives the people found to the import's PeopleIndex.

    `bcc_known` is True for a sender's copy (it shows Bcc), False when Bcc recipients cannot be
    seen (a received copy), and None for an address list, which has no headers at all.
    """

    format: str
    source_name: str
    sender: str = ""
    sender_address: str = ""
    subject: str = ""
    sent_at: datetime | None = None
    message_id: str = ""
    references: tuple[str, ...] = ()
    recipients: Iterable[HeaderAddress] = ()
    bcc_known: bool | None = None
    body_text: str = ""
    raw_attachments: list[RawAttachment] = field(default_factory=list)
    attachments: list[ScannedAttachment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
