"""Containment: the first-hour checklist, each recipient's status machine, chasers, `deletion`.

Pure rules over domain values; the current time is always an argument. Chasers count elapsed
hours in UTC, so across a clock change the local wall time of a chase moves by an hour.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from playbook.domain.citations import citations_for
from playbook.domain.delivery import arrived
from playbook.domain.errors import Refused
from playbook.domain.incident import Recipient
from playbook.domain.labels import counted, label
from playbook.domain.risk import assess_facts
from playbook.domain.vocabulary import CONFIRMED_HOW, CONTAINMENT_STATUSES, TRUSTS

ITEM_STATES = ("open", "done", "not_applicable")
# Every checklist item there can be, in the order they are listed.
ITEM_KEYS = (
    "controller",
    "recall",
    "purge",
    "deletion_requests",
    "phone",
    "forwards",
    "police",
    "assess",
)

# Where each status may go next. `confirmed` is final: a recipient who later turns out to have
# forwarded the message is a new disclosure (new recipients), not a change of this status.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    "not_contacted": ("requested",),
    "requested": ("acknowledged", "confirmed", "no_response", "refused"),
    "acknowledged": ("confirmed", "no_response", "refused"),
    "no_response": ("requested", "acknowledged", "confirmed", "refused"),
    "refused": ("requested", "confirmed"),
    "confirmed": (),
}
# From least to most trusted to delete and keep quiet.
TRUST_ORDER = ("unknown", "public", "trusted", "internal")
# Statuses for which the recipient still owes a written confirmation, so a chase can fall due.
AWAITING_ANSWER = ("requested", "acknowledged")


@dataclass(frozen=True)
class ChecklistItem:
    """One containment step: what to do, why, and whether (when, by whom) it was done."""

    key: str
    title: str
    detail: str = ""
    state: str = "open"
    at: datetime | None = None
    by: str = ""
    note: str = ""


@dataclass(frozen=True)
class ItemMark:
    """What the responder recorded on a checklist item: its state, when, by whom, and a note."""

    state: str
    at: datetime | None = None
    by: str = ""
    note: str = ""


class ChaseIntervals(Protocol):
    """The configured chaser intervals (the config's `chasers` table has this shape).

    Read-only, so that frozen dataclasses (the config's, the defaults) have this shape."""

    @property
    def email_after_hours(self) -> int:
        """Hours after a request (or acknowledgement) before an email chase is due."""

    @property
    def phone_after_hours(self) -> int:
        """Hours after a request (or acknowledgement) before a phone chase is due."""


@dataclass(frozen=True)
class DefaultChaseIntervals:
    """The chaser intervals when config sets none: email after 4 hours, phone after 24."""

    email_after_hours: int = 4
    phone_after_hours: int = 24


@dataclass(frozen=True)
class ContainmentChange:
    """What a change to recipients did: who changed, the facts recorded, the likely outcome.

    `deletion` is the value the recipients now support; `facts_recorded` holds the facts this
    change actually set, over `facts_before`. The outcomes are what the assessment would give
    before and after; when they differ, the responder should reassess.
    """

    changed: tuple[Recipient, ...]
    deletion: str | None
    facts_before: dict[str, object]
    facts_recorded: dict[str, object]
    regime: str = "uk_gdpr"

    @property
    def outcome_before(self) -> str:
        """The outcome the facts gave before the change."""
        return assess_facts(self.facts_before, self.regime).outcome

    @property
    def outcome_after(self) -> str:
        """The outcome the facts give after the change."""
        return assess_facts({**self.facts_before, **self.facts_recorded}, self.regime).outcome

    @property
    def deletion_recorded(self) -> bool:
        """True when the change set a new value of the `deletion` fact."""
        return "deletion" in self.facts_recorded

    @property
    def outcome_changed(self) -> bool:
        """True when the change would alter the assessment's outcome."""
        return self.outcome_before != self.outcome_after


@dataclass(frozen=True)
class Chase:
    """The next chase a recipient is due: by `email` or by `phone`, from `due_at`."""

    kind: str
    due_at: datetime
    overdue: bool


def build_checklist(
    recipients: Sequence[Recipient],
    *,
    fraud_likely: bool,
    later_messages: int = 0,
    marks: Mapping[str, ItemMark] | None = None,
    processor: bool = False,
    regime: str = "uk_gdpr",
) -> list[ChecklistItem]:
    """The checklist for an incident, generated from what was imported, with the marks recorded.

    Recall and purge appear only when some recipient is internal; deletion requests and phoning
    only when some is external; the police only when fraud is likely, or when the item was
    already marked (a later correction of the facts must not hide what was done). A processor
    (it sent the message for a client) is first told to tell its controller, and its last step
    is a notice to the controller rather than the ICO.
    """
    marks = marks or {}
    internal = sum(1 for recipient in recipients if not is_external(recipient))
    external = len(recipients) - internal
    items: list[ChecklistItem] = []
    if processor or marks.get("controller", ItemMark("open")).state != "open":
        law = citations_for(regime)
        items.append(
            ChecklistItem(
                "controller",
                "Tell the controller (your client) without undue delay",
                f"As the processor you do not report to {law.authority.name}: the controller "
                f"does, and decides about the people"
                f"{'' if not law.processor else f' ({law.processor})'}. Its 72 "
                "hours start when it becomes aware, so tell it now and send what you learn as "
                "you learn it (`playbook report ID ico` writes the notice).",
            )
        )
    if internal:
        recall_detail = (
            "Recall works only inside your own mail system, often only while unread; "
            "record the attempt and what it reported."
        )
        if external:
            recall_detail += (
                f" Warning: the {counted(external, 'outside recipient')} would get a 'Recall:' message "
                "that draws attention to the mistake, and public portals (FOI sites, ticketing "
                "systems) may publish it."
            )
        items.append(
            ChecklistItem(
                "recall",
                f"Recall the message from the {counted(internal, 'internal recipient')}",
                recall_detail,
            )
        )
        items.append(
            ChecklistItem(
                "purge",
                "Ask the mail administrator to purge the internal copies",
                "A compliance search and purge removes it from internal mailboxes, "
                "read or unread; ask for the result in writing.",
            )
        )
    if external:
        items.append(
            ChecklistItem(
                "deletion_requests",
                f"Send each of the {counted(external, 'external recipient')} their own deletion request",
                "One message per recipient (or Bcc); never reply-all and never re-use the exposed "
                "list. Ask them to delete it and its attachments from inbox, deleted items and "
                "any synced device, not to forward, use or keep it, and to confirm in writing.",
            )
        )
        items.append(
            ChecklistItem(
                "phone",
                "Phone whoever has not answered",
                "A chase falls due after the configured hours; the recipients due a chase are "
                "listed first.",
            )
        )
    forwards_detail = (
        "A recipient's forward or reply-to-all is a new disclosure: log it and import it."
    )
    if later_messages:
        forwards_detail += (
            f" {counted(later_messages, 'later message')} already imported; look for more."
        )
    items.append(ChecklistItem("forwards", "Look for forwards and replies-to-all", forwards_detail))
    if fraud_likely or marks.get("police", ItemMark("open")).state != "open":
        items.append(
            ChecklistItem(
                "police",
                "Consider telling the police",
                "The data enables identity fraud; the police may want to know, and record it "
                "among the other organisations told.",
            )
        )
    items.append(
        ChecklistItem(
            "assess",
            "Go to Assess",
            "Containment changes the risk: confirmed deletion by trusted recipients counts."
            + (
                " The controller makes the decisions; the assessment is what you tell it."
                if processor
                else ""
            ),
        )
    )
    return [_marked(item, marks.get(item.key)) for item in items]


def _marked(item: ChecklistItem, mark: ItemMark | None) -> ChecklistItem:
    if mark is None:
        return item
    return dataclasses.replace(item, state=mark.state, at=mark.at, by=mark.by, note=mark.note)


def change_item(
    item: ChecklistItem, state: str, *, at: datetime, by: str, note: str = ""
) -> ChecklistItem:
    """Mark a checklist item done, not applicable, or open again; refuse a pointless move."""
    if state not in ITEM_STATES:
        raise Refused(f"A checklist item's state must be one of {', '.join(ITEM_STATES)}.")
    if state == item.state:
        raise Refused(f"The item '{item.key}' is already {label(state)}.")
    if state != "open" and item.state != "open":
        raise Refused(f"The item '{item.key}' is already {label(item.state)}; reopen it first.")
    if state == "not_applicable" and not note.strip():
        raise Refused(
            f"Say why the item '{item.key}' does not apply, in a note; the log must show why."
        )
    return dataclasses.replace(item, state=state, at=at, by=by, note=note)


def change_status(
    recipient: Recipient,
    status: str,
    *,
    at: datetime,
    how: str | None = None,
    evidence: str = "",
) -> Recipient:
    """Move a recipient to `status`; refuse an impossible move with a sentence.

    `confirmed` needs `how` (email, phone, letter, in_person) and keeps `evidence` (what they
    said they deleted); `how` is refused with any other status.
    """
    if status not in CONTAINMENT_STATUSES:
        raise Refused(f"The status must be one of {', '.join(CONTAINMENT_STATUSES)}.")
    if status == recipient.status:
        raise Refused(f"This recipient is already {label(status)}.")
    allowed = NEXT_STATUSES[recipient.status]
    if status not in allowed:
        if not allowed:
            raise Refused(
                "This recipient has already confirmed deletion, which is final; add a note "
                "to the timeline if something new came to light."
            )
        raise Refused(
            f"A recipient who is {label(recipient.status)} cannot become {label(status)}; "
            f"the next step is one of: {', '.join(allowed)}."
        )
    if status == "confirmed":
        if how is None:
            raise Refused(
                f"Confirming deletion needs how it was confirmed: {', '.join(CONFIRMED_HOW)}."
            )
        if how not in CONFIRMED_HOW:
            raise Refused(f"How deletion was confirmed must be one of {', '.join(CONFIRMED_HOW)}.")
        return dataclasses.replace(
            recipient, status=status, how=how, evidence=evidence.strip(), status_at=at
        )
    if how is not None:
        raise Refused("How deletion was confirmed is recorded only with the status confirmed.")
    return dataclasses.replace(recipient, status=status, how=None, evidence="", status_at=at)


def change_trust(recipient: Recipient, trust: str) -> Recipient:
    """Set how far a recipient can be trusted to delete and keep quiet."""
    if trust not in TRUSTS:
        raise Refused(f"Trust must be one of {', '.join(TRUSTS)}.")
    if trust == recipient.trust:
        raise Refused(f"This recipient's trust is already {trust}.")
    return dataclasses.replace(recipient, trust=trust)


def is_external(recipient: Recipient) -> bool:
    """True for a recipient outside the organisation's own mail system."""
    return recipient.kind != "internal"


def chase_due(
    recipient: Recipient, config_intervals: ChaseIntervals, now: datetime
) -> Chase | None:
    """The chase a recipient is due, or None when nobody is waiting on them.

    After `requested` (or `acknowledged` without a written confirmation) an email chase falls due
    `email_after_hours` after that status was set, then a phone chase `phone_after_hours` after
    it; the later stage replaces the earlier once reached. `no_response` means the responder has
    stopped waiting for email, and a bounced request means email cannot reach them: a phone
    chase is due at once.
    """
    since = recipient.status_at or now
    if recipient.status == "no_response":
        return Chase("phone", since, overdue=True)
    if recipient.email_bounced and recipient.status in AWAITING_ANSWER:
        return Chase("phone", since, overdue=True)  # our email cannot reach them
    if recipient.status not in AWAITING_ANSWER:
        return None
    stages = sorted(
        [
            (since + timedelta(hours=config_intervals.email_after_hours), "email"),
            (since + timedelta(hours=config_intervals.phone_after_hours), "phone"),
        ]
    )
    reached = [stage for stage in stages if stage[0] <= now]
    due_at, kind = reached[-1] if reached else stages[0]
    return Chase(kind, due_at, overdue=due_at <= now)


def chase_order(
    recipients: Iterable[Recipient], config_intervals: ChaseIntervals, now: datetime
) -> list[tuple[Recipient, Chase | None]]:
    """Recipients with their chases: overdue first (longest overdue first), then by due time,
    then those with no chase, each group in the order given."""
    paired = [(recipient, chase_due(recipient, config_intervals, now)) for recipient in recipients]

    def rank(pair: tuple[Recipient, Chase | None]) -> tuple[int, datetime | None]:
        chase = pair[1]
        if chase is None:
            return (2, None)
        return (0 if chase.overdue else 1, chase.due_at)

    overdue_or_due = sorted((pair for pair in paired if pair[1]), key=rank)
    return overdue_or_due + [pair for pair in paired if pair[1] is None]


def derive_deletion(recipients: Sequence[Recipient]) -> str | None:
    """The `deletion` fact the recipients' statuses support, or None when there are none.

    The external recipients count (internal copies are purged by the mail administrator); when
    every recipient is internal, they all count. Only copies that arrived count (a failed or
    quarantined copy needs no deletion), and a recalled copy counts as deleted. All confirmed ->
    `confirmed`; some -> `partial`;
    none confirmed but someone refused -> `none` (a copy is knowingly kept, so deletion cannot be
    relied on); none confirmed and nobody refused -> `unknown`.
    """
    return deletion_from_groups(Counter((r.kind, r.status, r.delivery) for r in recipients).items())


def deletion_from_groups(groups: Iterable[tuple[tuple[str, str, str], int]]) -> str | None:
    """`derive_deletion` over recipients counted by (kind, status, delivery): what a store
    hands over for an incident of 100,000 recipients instead of loading each one."""
    copies = [(key, n) for key, n in groups if arrived(key[2])]
    external = [(key, n) for key, n in copies if key[0] != "internal"]
    counted = external or copies
    total = sum(n for _, n in counted)
    if not total:
        return None
    statuses: Counter[str] = Counter()
    for (_, status, delivery), n in counted:
        statuses["confirmed" if delivery == "recalled" else status] += n
    confirmed = statuses["confirmed"]
    if confirmed == total:
        return "confirmed"
    if confirmed:
        return "partial"
    if statuses["refused"]:
        return "none"
    return "unknown"


def derive_recipient_trust(recipients: Sequence[Recipient]) -> str | None:
    """The `recipient_trust` fact: the least trusted of the recipients that count (as for
    `deletion`), or None when there are none. Unknown is trusted least, then public."""
    counted = _counted(recipients)
    if not counted:
        return None
    return min((recipient.trust for recipient in counted), key=TRUST_ORDER.index)


def status_counts(recipients: Iterable[Recipient]) -> dict[str, int]:
    """How many recipients are in each status, every status listed."""
    counts = Counter(recipient.status for recipient in recipients)
    return {status: counts[status] for status in CONTAINMENT_STATUSES}


def _counted(recipients: Sequence[Recipient]) -> list[Recipient]:
    copies = [recipient for recipient in recipients if arrived(recipient.delivery)]
    return [recipient for recipient in copies if is_external(recipient)] or copies
