"""What was sent to whom: each draft's delivery state by kind and address."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from playbook.store.database import transaction
from playbook.store.values import time_text, time_value

_KEY = ("incident_id", "template", "address")


def delivery_states(db: Database, incident_id: str, kind: str) -> dict[str, str]:
    """Each address's delivery state for one kind of draft (addresses case-folded)."""
    return {
        row["address"].casefold(): row["state"]
        for row in db["deliveries"].rows_where(
            "incident_id = ? AND template = ?", [incident_id, kind]
        )
    }


def sent_times(db: Database, incident_id: str, kind: str) -> dict[str, datetime]:
    """When each address's draft of `kind` was sent (addresses case-folded)."""
    times = {}
    for row in db["deliveries"].rows_where(
        "incident_id = ? AND template = ? AND state = ?", [incident_id, kind, "sent"]
    ):
        sent_at = time_value(row["at"])
        if sent_at is not None:
            times[row["address"].casefold()] = sent_at
    return times


def count_sent(db: Database, incident_id: str, kind: str) -> int:
    """How many drafts of `kind` were sent."""
    return db["deliveries"].count_where(
        "incident_id = ? AND template = ? AND state = ?", [incident_id, kind, "sent"]
    )


def set_delivery_state(
    db: Database,
    incident_id: str,
    kind: str,
    *,
    address: str,
    message_id: str,
    state: str,
    at: datetime,
) -> None:
    """Record the state of the draft of `kind` to `address`."""
    with transaction(db):
        db.table("deliveries").upsert(
            {
                "incident_id": incident_id,
                "template": kind,
                "address": address,
                "message_id": message_id,
                "state": state,
                "at": time_text(at),
            },
            pk=_KEY,
        )
