"""The things an incident is made of, as frozen values (their vocabulary: domain.vocabulary)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Incident:
    """One breach: what happened and the moment the organisation became aware (the clock)."""

    id: str
    title: str
    status: str
    aware_at: datetime
    created_at: datetime
    discovered_at: datetime | None = None
    occurred_at: datetime | None = None
    reporter: str = ""
    regime: str = "uk_gdpr"
    closed_at: datetime | None = None
    lessons: str = ""


@dataclass(frozen=True)
class Recipient:
    """Someone a message reached, with what the responder has done to contain it."""

    address: str
    name: str = ""
    field: str = "to"
    kind: str = "external_personal"
    trust: str = "unknown"
    status: str = "not_contacted"
    how: str | None = None
    evidence: str = ""
    message_position: int = 1
    status_at: datetime | None = None
    delivery: str = "unknown"
    under: str = ""
    email_bounced: bool = False


@dataclass(frozen=True)
class Attachment:
    """A file attached to a sent message, and what personal data it was found to hold."""

    filename: str
    content_type: str
    size: int
    sha256: str
    rows: int = 0
    columns: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    fraud_enabling: bool = False


@dataclass(frozen=True)
class Message:
    """A sent email imported into an incident: the original, or a reply-all that widened it.

    Its recipients are the incident's (`Recipient.message_position` names the first message
    that reached each), so that an address reached twice is one recipient.
    """

    position: int
    sender: str
    subject: str
    sent_at: datetime | None
    message_id: str
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Person:
    """An affected individual: only what is needed to write to them, and what of theirs leaked."""

    key: str
    name: str = ""
    email: str = ""
    data_items: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    postal_address: str = ""  # its lines joined by newlines: address lines, town, postcode
    phone: str = ""


@dataclass(frozen=True)
class Event:
    """One entry of the append-only, hash-chained timeline of an incident."""

    incident_id: str
    seq: int
    at: datetime
    author: str
    kind: str
    data: dict[str, object] = field(default_factory=dict)
    personal: dict[str, object] | None = None
    prev_hash: str = ""
    hash: str = ""
