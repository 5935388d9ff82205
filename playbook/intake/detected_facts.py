"""The assessment facts an import can detect, filled in for the responder to confirm.

Read from what the incident's imports stored (people's data items, attachments' categories,
messages' relations and warnings, recipients' kinds and trust); never overriding a fact a
person confirmed.
"""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from playbook.assessing.facts import record_facts
from playbook.domain.containment import derive_recipient_trust
from playbook.domain.exposure import categories_for, is_fraud_enabling, subjects_for
from playbook.domain.facts import check_fact
from playbook.store.detection import DetectionInputs, detection_inputs
from playbook.store.facts import load_facts
from playbook.store.messages import ExposureSummary


def record_detected_facts(
    db: Database, incident_id: str, summary: ExposureSummary, *, author: str, now: datetime
) -> dict[str, object]:
    """Fill the facts the import can detect, never overriding what a person confirmed."""
    found = detection_inputs(db, incident_id)
    everything = frozenset[str]().union(*found.item_sets)
    categories = found.attachment_categories | set(categories_for(everything))
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
    fraud = any(is_fraud_enabling(items) for items in found.item_sets)
    if fraud or found.all_read:
        detected["fraud_enabling"] = fraud
    if found.relations & {"reply", "forward"}:
        detected["forwarded"] = True
    detected.update(_recipient_facts(found))
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


def _recipient_facts(found: DetectionInputs) -> dict[str, object]:
    """What the recipients tell: a misdirected email is a confidentiality breach; how many
    outside recipients got it; and the least trusted of them (the containment rule)."""
    if not found.kinds_and_trusts:
        return {}
    return {
        "breach_types": ["confidentiality"],
        "recipients": found.outside_recipients,
        "recipient_trust": derive_recipient_trust(found.kinds_and_trusts),
    }
