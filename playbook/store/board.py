"""What the board view reads: every decision's moment and every incident's containment, in
two queries over the whole register."""

from __future__ import annotations

from sqlite_utils import Database

from playbook.domain.board import Containment, DecisionMoment
from playbook.store.values import time_value

# Asked to delete and not confirmed yet.
_OUTSTANDING = ("requested", "acknowledged", "no_response")


def decision_moments(db: Database) -> dict[str, list[DecisionMoment]]:
    """Each incident's decisions, oldest first."""
    moments: dict[str, list[DecisionMoment]] = {}
    rows = db.execute(
        "SELECT incident_id, about, notify, at FROM decisions ORDER BY incident_id, number"
    )
    for incident_id, about, notify, at in rows:
        moment = time_value(at)
        if moment is not None:
            moments.setdefault(incident_id, []).append(DecisionMoment(about, bool(notify), moment))
    return moments


def containment_by_incident(db: Database) -> dict[str, Containment]:
    """Each incident's external recipients, confirmed and outstanding."""
    placeholders = ", ".join("?" for _ in _OUTSTANDING)
    rows = db.execute(
        "SELECT incident_id, COUNT(*), SUM(status = 'confirmed'), "
        f"SUM(status IN ({placeholders})) FROM recipients WHERE kind != 'internal' "
        "GROUP BY incident_id",
        list(_OUTSTANDING),
    )
    return {
        incident_id: Containment(external, confirmed or 0, outstanding or 0)
        for incident_id, external, confirmed, outstanding in rows
    }
