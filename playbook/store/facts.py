"""The assessment facts of an incident: record (detected or confirmed) and load."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from playbook.domain.errors import Refused
from playbook.domain.facts import FACT_SOURCES, Fact
from playbook.store.database import transaction
from playbook.store.events import append_event
from playbook.store.values import json_text, json_value, stored_time, time_text


def save_facts(
    db: Database,
    incident_id: str,
    checked: dict[str, object],
    *,
    source: str,
    author: str,
    at: datetime,
    keep_confirmed: bool = False,
) -> dict[str, object]:
    """Store facts already checked by `domain.facts.check_fact` and log them as one event;
    return what was actually set.

    With `keep_confirmed`, a value a person already confirmed is not overwritten (used by the
    importer, whose detections must never undo a responder's answer).
    """
    if source not in FACT_SOURCES:
        raise Refused(f"A fact's source must be one of {', '.join(FACT_SOURCES)}.")
    with transaction(db):
        if keep_confirmed:
            existing = load_facts(db, incident_id)
            checked = {
                key: value
                for key, value in checked.items()
                if key not in existing or not existing[key].confirmed
            }
        if not checked:
            return {}
        db.table("facts").upsert_all(
            [
                {
                    "incident_id": incident_id,
                    "key": key,
                    "value": json_text(value),
                    "source": source,
                    "set_by": author,
                    "set_at": time_text(at),
                }
                for key, value in checked.items()
            ],
            pk=("incident_id", "key"),
        )
        append_event(
            db,
            incident_id,
            "facts.set",
            author=author,
            at=at,
            data={"source": source, "facts": checked},
        )
    return checked


def load_facts(db: Database, incident_id: str) -> dict[str, Fact]:
    """The incident's current facts by key."""
    return {
        row["key"]: Fact(
            key=row["key"],
            value=json_value(row["value"]),
            source=row["source"],
            set_by=row["set_by"],
            set_at=stored_time(row["set_at"]),
        )
        for row in db["facts"].rows_where("incident_id = ?", [incident_id], order_by="key")
    }
