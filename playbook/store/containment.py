"""Containment in the database: checklist marks, recipients' status and trust, and the facts
they feed.

Every change is one transaction and one timeline event; addresses and notes go only in the
event's personal part. After a status change the `deletion` fact is derived again from the
recipients, and after a trust change the `recipient_trust` fact; each is recorded only when its
value changes, with source `confirmed`: it follows what a person recorded about each recipient
(statuses with their evidence), so a later import's detections never overwrite it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlite_utils import Database

from playbook.domain.containment import (
    ChaseIntervals,
    ChecklistItem,
    ContainmentChange,
    DefaultChaseIntervals,
    ItemMark,
    build_checklist,
    change_item,
    change_status,
    change_trust,
    chase_due,
    derive_deletion,
    derive_recipient_trust,
    is_external,
)
from playbook.domain.errors import NotFound, Refused
from playbook.domain.incident import Recipient
from playbook.domain.labels import counted
from playbook.store.database import transaction
from playbook.store.events import append_event
from playbook.store.facts import load_facts, save_facts
from playbook.store.incidents import get_incident
from playbook.store.messages import load_recipients
from playbook.store.values import time_text, time_value

# The fact each kind of change re-derives from the recipients.
_DERIVED_FACTS = {"deletion": derive_deletion, "recipient_trust": derive_recipient_trust}


def load_checklist(
    db: Database,
    incident_id: str,
    *,
    now: datetime,
    intervals: ChaseIntervals | None = None,
    recipients: Sequence[Recipient] | None = None,
) -> list[ChecklistItem]:
    """The incident's checklist, generated from its recipients and facts, with recorded marks.

    `now` and `intervals` (default: the configured defaults) count the phone chases due.
    A caller that has just loaded the recipients passes them, so they are read once.
    """
    incident = get_incident(db, incident_id)
    if recipients is None:
        recipients = load_recipients(db, incident.id)
    facts = load_facts(db, incident.id)
    fraud, role = facts.get("fraud_enabling"), facts.get("role")
    items = build_checklist(
        recipients,
        fraud_likely=fraud is not None and fraud.value is True,
        processor=role is not None and role.value == "processor",
        regime=incident.regime,
        later_messages=max(0, db["messages"].count_where("incident_id = ?", [incident.id]) - 1),
        marks=_load_marks(db, incident.id),
    )
    phone_due = _phone_chases_due(recipients, intervals or DefaultChaseIntervals(), now)
    return [_with_phone_count(item, phone_due) if item.key == "phone" else item for item in items]


def set_item_state(
    db: Database,
    incident_id: str,
    key: str,
    state: str,
    *,
    note: str = "",
    author: str,
    now: datetime,
) -> ChecklistItem:
    """Mark a checklist item `done`, `not_applicable` (a note says why) or `open` again."""
    incident = get_incident(db, incident_id)
    items = {item.key: item for item in load_checklist(db, incident.id, now=now)}
    if key not in items:
        raise NotFound(
            f"This incident's checklist has no item '{key}'; its items are: {', '.join(items)}."
        )
    changed = change_item(items[key], state, at=now, by=author, note=note.strip())
    with transaction(db):
        db.table("checklist").upsert(
            {
                "incident_id": incident.id,
                "key": key,
                "state": state,
                "at": time_text(now),
                "by": author,
                "note": changed.note,
            },
            pk=("incident_id", "key"),
        )
        append_event(
            db,
            incident.id,
            "checklist.item",
            author=author,
            at=now,
            data={"key": key, "state": state, "from": items[key].state},
            personal={"note": changed.note} if changed.note else None,
        )
    return changed


def set_recipient_status(
    db: Database,
    incident_id: str,
    address: str,
    status: str,
    *,
    how: str | None = None,
    note: str = "",
    author: str,
    now: datetime,
) -> ContainmentChange:
    """Move one recipient to `status`; a confirmation keeps `how` and the note as evidence."""
    incident = get_incident(db, incident_id)
    recipients = load_recipients(db, incident.id)
    index = _find(recipients, address)
    before = recipients[index]
    after = change_status(before, status, at=now, how=how, evidence=note)
    updated = [*recipients[:index], after, *recipients[index + 1 :]]
    with transaction(db):
        _write_statuses(db, incident.id, [after])
        append_event(
            db,
            incident.id,
            "recipient.status",
            author=author,
            at=now,
            data={
                "from": before.status,
                "status": after.status,
                "how": after.how,
                "field": after.field,
                "kind": after.kind,
            },
            personal={"address": after.address, "note": note.strip()},
        )
        return _follow(db, incident.id, updated, (after,), "deletion", author, now)


def request_all_external(
    db: Database, incident_id: str, *, note: str = "", author: str, now: datetime
) -> ContainmentChange:
    """Mark every external recipient not yet contacted as `requested`, as one event.

    Those already asked, answered or confirmed are left as they are.
    """
    incident = get_incident(db, incident_id)
    recipients = load_recipients(db, incident.id)
    if not any(is_external(recipient) for recipient in recipients):
        raise Refused(
            "This incident has no external recipients to ask; import the sent message first."
        )
    updated = [
        change_status(recipient, "requested", at=now)
        if is_external(recipient) and recipient.status == "not_contacted"
        else recipient
        for recipient in recipients
    ]
    changed = tuple(new for old, new in zip(recipients, updated, strict=True) if new is not old)
    with transaction(db):
        _write_statuses(db, incident.id, changed)
        if changed:
            append_event(
                db,
                incident.id,
                "recipients.requested",
                author=author,
                at=now,
                data={"from": "not_contacted", "status": "requested", "count": len(changed)},
                personal={
                    "addresses": [recipient.address for recipient in changed],
                    "note": note.strip(),
                },
            )
        return _follow(db, incident.id, updated, changed, "deletion", author, now)


def set_recipient_trust(
    db: Database, incident_id: str, address: str, trust: str, *, author: str, now: datetime
) -> ContainmentChange:
    """Set how far one recipient can be trusted (internal, trusted, public, unknown)."""
    incident = get_incident(db, incident_id)
    recipients = load_recipients(db, incident.id)
    index = _find(recipients, address)
    before = recipients[index]
    after = change_trust(before, trust)
    updated = [*recipients[:index], after, *recipients[index + 1 :]]
    with transaction(db):
        db.table("recipients").update((incident.id, after.address), {"trust": after.trust})
        append_event(
            db,
            incident.id,
            "recipient.trust",
            author=author,
            at=now,
            data={"from": before.trust, "trust": after.trust, "kind": after.kind},
            personal={"address": after.address},
        )
        return _follow(db, incident.id, updated, (after,), "recipient_trust", author, now)


def _find(recipients: Sequence[Recipient], address: str) -> int:
    wanted = address.strip().lower()
    for index, recipient in enumerate(recipients):
        if recipient.address.lower() == wanted:
            return index
    raise NotFound(
        "This incident has no recipient with that address; `playbook contain ID` lists them."
    )


def _write_statuses(db: Database, incident_id: str, recipients: Sequence[Recipient]) -> None:
    """Store recipients' status, how, evidence and times; `requested_at` when just requested."""
    db.conn.executemany(
        "UPDATE recipients SET status = ?, how = ?, evidence = ?, status_at = ?, "
        "requested_at = CASE WHEN ? = 'requested' THEN ? ELSE requested_at END "
        "WHERE incident_id = ? AND address = ?",
        (
            (
                recipient.status,
                recipient.how,
                recipient.evidence,
                time_text(recipient.status_at),
                recipient.status,
                time_text(recipient.status_at),
                incident_id,
                recipient.address,
            )
            for recipient in recipients
        ),
    )


def _follow(
    db: Database,
    incident_id: str,
    recipients: Sequence[Recipient],
    changed: tuple[Recipient, ...],
    fact_key: str,
    author: str,
    now: datetime,
) -> ContainmentChange:
    """Record the fact the recipients now support, if it changed, and weigh the outcome."""
    facts_before = {key: fact.value for key, fact in load_facts(db, incident_id).items()}
    regime = get_incident(db, incident_id).regime
    derived = _DERIVED_FACTS[fact_key](recipients)
    recorded: dict[str, object] = {}
    if derived is not None and facts_before.get(fact_key) != derived:
        recorded = save_facts(  # derived by the domain, so already a valid value
            db, incident_id, {fact_key: derived}, source="confirmed", author=author, at=now
        )
    return ContainmentChange(
        changed=changed,
        deletion=derive_deletion(recipients),
        facts_before=facts_before,
        facts_recorded=recorded,
        regime=regime,
    )


def _load_marks(db: Database, incident_id: str) -> dict[str, ItemMark]:
    return {
        row["key"]: ItemMark(
            state=row["state"], at=time_value(row["at"]), by=row["by"] or "", note=row["note"] or ""
        )
        for row in db["checklist"].rows_where("incident_id = ?", [incident_id])
    }


def _phone_chases_due(
    recipients: Sequence[Recipient], intervals: ChaseIntervals, now: datetime
) -> int:
    due = 0
    for recipient in recipients:
        chase = chase_due(recipient, intervals, now)
        if chase is not None and chase.kind == "phone" and chase.overdue:
            due += 1
    return due


def _with_phone_count(item: ChecklistItem, phone_due: int) -> ChecklistItem:
    if not phone_due:
        return item
    due = f"{counted(phone_due, 'recipient')} {'is' if phone_due == 1 else 'are'} due a phone call now"
    return replace(item, detail=f"{due}. {item.detail}")


def record_statuses(db: Database, incident_id: str, recipients: Sequence[Recipient]) -> None:
    """Store recipients' new statuses (the caller records the event, in its transaction)."""
    _write_statuses(db, incident_id, recipients)
