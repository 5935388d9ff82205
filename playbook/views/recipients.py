"""The Contain step's reading of an incident: recipients in chase order, the checklist, the
counts, and a filter over them that can run in a worker and give up when a newer one starts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlite_utils import Database

from playbook.domain.containment import (
    Chase,
    ChaseIntervals,
    ChecklistItem,
    chase_order,
    status_counts,
)
from playbook.domain.incident import Recipient
from playbook.store.containment import load_checklist
from playbook.store.messages import load_recipients
from playbook.views.filtering import rows_holding

ChasedRecipient = tuple[Recipient, Chase | None]


@dataclass(frozen=True)
class RecipientView:
    """Everything Contain shows about the recipients, read at one moment."""

    recipients: list[Recipient] = field(default_factory=list)
    checklist: list[ChecklistItem] = field(default_factory=list)
    ordered: list[ChasedRecipient] = field(default_factory=list)
    haystacks: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    chases_due: int = 0


def haystack(recipient: Recipient) -> str:
    """What a filter looks in: address, name, field, kind, trust and status, in lower case."""
    return " ".join(
        (
            recipient.address,
            recipient.name,
            recipient.field,
            recipient.kind,
            recipient.trust,
            recipient.status,
            recipient.status.replace("_", " "),
        )
    ).lower()


def read_recipient_view(
    db: Database, incident_id: str, *, now: datetime, intervals: ChaseIntervals
) -> RecipientView:
    """Read the incident's recipients and checklist, and order them for chasing."""
    recipients = load_recipients(db, incident_id)
    checklist = load_checklist(db, incident_id, now=now, intervals=intervals, recipients=recipients)
    ordered = chase_order(recipients, intervals, now)
    return RecipientView(
        recipients=recipients,
        checklist=checklist,
        ordered=ordered,
        haystacks=[haystack(recipient) for recipient, _ in ordered],
        counts=status_counts(recipients),
        chases_due=sum(1 for _, chase in ordered if chase and chase.overdue),
    )


def matching(
    view: RecipientView, needle: str, cancelled: Callable[[], bool] = lambda: False
) -> Sequence[ChasedRecipient] | None:
    """The rows whose text holds `needle` (any case), in chase order; None if `cancelled()`
    said a newer filter has taken over."""
    needle = needle.strip().lower()
    if not needle:
        return view.ordered
    return rows_holding(view.ordered, view.haystacks, needle, cancelled)


def position_of(rows: Sequence[ChasedRecipient], address: str | None) -> int:
    """Where the recipient `address` is among `rows` (0 when it is not there)."""
    if address is not None:
        for position, (recipient, _) in enumerate(rows):
            if recipient.address == address:
                return position
    return 0
