"""Record a decision: checked against the rules and the latest assessment, then stored."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from playbook.domain.decisions import Decision, check_decision
from playbook.store.assessments import latest_assessment, save_decision
from playbook.store.database import transaction
from playbook.store.incidents import get_incident


def record_decision(
    db: Database, incident_id: str, decision: Decision, *, now: datetime
) -> Decision:
    """Check a decision against the rules and the latest assessment, store it, log it.

    Refuses (writing nothing) what the rules refuse; returns the decision as stored.
    """
    incident = get_incident(db, incident_id)
    with transaction(db):  # the assessment checked against is still the latest when stored
        latest = latest_assessment(db, incident.id)
        checked = check_decision(
            decision,
            aware_at=incident.aware_at,
            now=now,
            assessment=latest.assessment if latest else None,
            regime=incident.regime,
        )
        return save_decision(
            db, incident.id, checked, at=now, assessment=latest.number if latest else None
        )
