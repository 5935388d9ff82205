"""The assessment facts an import can detect, filled in for the responder to confirm.

Read from what the incident's imports stored (people's data items, attachments' categories,
messages' relations and warnings, recipients' kinds and trust); never overriding a fact a
person confirmed.
"""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from playbook.domain.containment import derive_recipient_trust
from playbook.domain.exposure import categories_for, is_fraud_enabling, subjects_for
from playbook.domain.facts import check_fact
from playbook.domain.incident import Recipient
from playbook.store.facts import load_facts, record_facts
from playbook.store.messages import ExposureSummary
from playbook.store.values import json_value


def record_detected_facts(
    db: Database, incident_id: str, summary: ExposureSummary, *, author: str, now: datetime
) -> dict[str, object]:
    """Fill the facts the import can detect, never overriding what a person confirmed."""
    item_sets = [
        frozenset(_json_list(items))
        for (items,) in db.execute(
            "SELECT DISTINCT data_items FROM people WHERE incident_id = ?", [incident_id]
        )
    ]
    categories: set[str] = set()
    for (stored,) in db.execute(
        "SELECT categories FROM attachments WHERE incident_id = ?", [incident_id]
    ):
        categories.update(_json_list(stored))
    everything = frozenset().union(*item_sets)
    categories.update(categories_for(everything))
    relations, all_read = set(), True
    for relation, warnings in db.execute(
        "SELECT relation, warnings FROM messages WHERE incident_id = ?", [incident_id]
    ):
        relations.add(relation)
        all_read = all_read and not _json_list(warnings)
    detected: dict[str, object] = {}
    if categories:
        detected["categories"] = sorted(categories)
    subjects = subjects_for(everything)
    if subjects:
        detected["subjects"] = subjects
    if summary.people:
        detected["people"] = summary.people
    if summary.records:
        detected["records"] = summary.records
    fraud = any(is_fraud_enabling(items) for items in item_sets)
    if fraud or all_read:
        detected["fraud_enabling"] = fraud
    if relations & {"reply", "forward"}:
        detected["forwarded"] = True
    detected.update(_recipient_facts(db, incident_id))
    current = load_facts(db, incident_id)
    changed = {
        key: value
        for key, value in detected.items()
        if key not in current or current[key].value != check_fact(key, value)
    }
    if not changed:
        return {}
    return record_facts(
        db, incident_id, changed, source="detected", author=author, at=now, keep_confirmed=True
    )


def _recipient_facts(db: Database, incident_id: str) -> dict[str, object]:
    """What the recipients tell: a misdirected email is a confidentiality breach; how many
    outside recipients got it; and the least trusted of them (the containment rule)."""
    kinds_and_trusts = [
        Recipient(address="", kind=kind, trust=trust)
        for kind, trust in db.execute(
            "SELECT DISTINCT kind, trust FROM recipients WHERE incident_id = ?", [incident_id]
        )
    ]
    if not kinds_and_trusts:
        return {}
    (outside,) = db.execute(
        "SELECT count(*) FROM recipients WHERE incident_id = ? AND kind != 'internal'",
        [incident_id],
    ).fetchone()
    return {
        "breach_types": ["confidentiality"],
        "recipients": outside,
        "recipient_trust": derive_recipient_trust(kinds_and_trusts),
    }


def _json_list(text: str | None) -> list:
    value = json_value(text, [])
    return value if isinstance(value, list) else []
