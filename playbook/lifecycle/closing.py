"""Close an incident, knowing what is still open; reopen it, saying who and why."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from playbook.domain.closing import Outstanding, outstanding
from playbook.domain.errors import Refused
from playbook.domain.incident import Incident
from playbook.store import incidents
from playbook.store.assessments import load_decisions
from playbook.store.containment import load_checklist
from playbook.store.messages import load_recipients


def what_is_open(db: Database, incident_id: str, *, now: datetime) -> Outstanding:
    """The confirmations, checklist items and decisions an incident still has open."""
    incident = incidents.get_incident(db, incident_id)
    recipients = load_recipients(db, incident.id)
    checklist = load_checklist(db, incident.id, now=now, recipients=recipients)
    return outstanding(
        recipients, checklist, load_decisions(db, incident.id), regime=incident.regime
    )


def close_incident(
    db: Database,
    incident_id: str,
    lessons: str,
    *,
    author: str,
    now: datetime,
    despite_outstanding: bool = False,
) -> Incident:
    """Close the incident; refuse while things are open unless `despite_outstanding`."""
    left = what_is_open(db, incident_id, now=now)
    if not left.is_clear and not despite_outstanding:
        raise Refused(
            " ".join(left.lines())
            + " Finish them, or close anyway with --despite-outstanding (the log keeps this list)."
        )
    return incidents.close_incident(
        db, incident_id, lessons, author=author, now=now, outstanding=left.lines()
    )


def reopen_incident(
    db: Database, incident_id: str, why: str, *, author: str, now: datetime
) -> Incident:
    """Reopen a closed incident so that its record can change again."""
    if not why.strip():
        raise Refused("Say why the incident is reopened with --why; the log records it.")
    return incidents.reopen_incident(db, incident_id, why.strip(), author=author, now=now)
