"""Record facts: each checked against its rule, then stored and logged as one event."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from playbook.domain.facts import check_fact
from playbook.store.facts import save_facts


def record_facts(
    db: Database,
    incident_id: str,
    values: dict[str, object],
    *,
    source: str,
    author: str,
    at: datetime,
    keep_confirmed: bool = False,
) -> dict[str, object]:
    """Check each fact's value, then set them and log them as one event; return what was set.

    A value its rule refuses is refused before anything is written. With `keep_confirmed`, a
    value a person already confirmed is not overwritten (the importer's detections never undo
    a responder's answer).
    """
    checked = {key: check_fact(key, value) for key, value in values.items()}
    return save_facts(
        db,
        incident_id,
        checked,
        source=source,
        author=author,
        at=at,
        keep_confirmed=keep_confirmed,
    )
