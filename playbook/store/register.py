"""The register as scripts read it: every incident with its clock, as JSON built by SQLite.

Kept apart from `store.incidents` so that `list --json` imports no more than it needs.
"""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from playbook.domain.clock import NOTIFY_WITHIN, STATE_THRESHOLDS
from playbook.domain.errors import Refused
from playbook.domain.vocabulary import STATUSES


def incidents_json(db: Database, *, now: datetime, status: str | None = None) -> str:
    """Every incident as the JSON list `list --json` prints, built by SQLite in one query.

    The same keys and clock as `incident_json` in the CLI, computed in SQL from the domain's
    rules (NOTIFY_WITHIN and STATE_THRESHOLDS) so that 10,000 incidents list in milliseconds;
    a test holds the two to the same answers.
    """
    if status is not None and status not in STATUSES:
        raise Refused(f"The status must be one of {', '.join(STATUSES)}.")
    window = int(NOTIFY_WITHIN.total_seconds())
    states = " ".join(
        f"WHEN left <= {int(threshold.total_seconds())} THEN '{state}'"
        for state, threshold in STATE_THRESHOLDS
    )
    where = "WHERE status = :status" if status else ""
    query = f"""
        SELECT json_group_array(
            json_object(
                'id', id, 'title', title, 'status', status, 'regime', regime,
                'reporter', reporter, 'occurred_at', occurred_at,
                'discovered_at', discovered_at, 'aware_at', aware_at,
                'deadline', strftime('%Y-%m-%dT%H:%M:%S+00:00', aware_at, '+{window} seconds'),
                'time_left_seconds', CAST(left AS INTEGER),
                'clock_state', CASE WHEN left <= 0 THEN 'overdue' {states} ELSE 'ok' END,
                'closed_at', closed_at
            )
        )
        FROM (
            SELECT *, unixepoch(aware_at) + {window} - :now AS left
            FROM incidents {where}
            ORDER BY created_at DESC, id DESC
        )
    """
    listed: str = db.execute(query, {"now": now.timestamp(), "status": status}).fetchone()[0]
    return listed
