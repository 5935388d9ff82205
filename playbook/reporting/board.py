"""The board view's figures, read from the register (one use case for the app and scripts)."""

from __future__ import annotations

from datetime import tzinfo

from sqlite_utils import Database

from playbook.domain.board import BoardFigures, board_figures
from playbook.store.board import containment_by_incident, decision_moments
from playbook.store.incidents import list_incidents


def read_board(db: Database, zone: tzinfo) -> BoardFigures:
    """Incidents a month, reports within 72 hours, time to decide, containment."""
    return board_figures(
        list_incidents(db), decision_moments(db), containment_by_incident(db), zone
    )
