"""The board's figures: incidents a month, reports within 72 hours, time to decide."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playbook.domain.board import Containment, DecisionMoment, board_figures
from playbook.domain.incident import Incident
from tests.conftest import LONDON

OCT = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)


def incident(number: int, aware_at: datetime, status: str = "open") -> Incident:
    return Incident(
        id=f"PB-2026-{number:04d}",
        title=f"Incident {number}",
        aware_at=aware_at,
        status=status,
        created_at=aware_at,
    )


def test_the_board_counts_months_reports_in_time_and_the_median_time_to_decide():
    incidents = [
        incident(1, OCT),
        incident(2, OCT + timedelta(days=3)),
        incident(3, OCT + timedelta(days=30), status="closed"),
    ]
    decisions = {
        "PB-2026-0001": [DecisionMoment("ico", True, OCT + timedelta(hours=10))],
        "PB-2026-0002": [
            DecisionMoment("individuals", False, OCT + timedelta(days=3, hours=2)),
            DecisionMoment("ico", True, OCT + timedelta(days=3, hours=80)),  # late
        ],
        "PB-2026-0003": [DecisionMoment("ico", False, OCT + timedelta(days=30, hours=30))],
    }
    containment = {
        "PB-2026-0001": Containment(external=10, confirmed=4, outstanding=5),
        "PB-2026-0003": Containment(external=3, confirmed=0, outstanding=3),  # closed
    }
    figures = board_figures(incidents, decisions, containment, LONDON)
    assert figures.per_month == [("2026-10", 2), ("2026-11", 1)]
    assert (figures.reported, figures.reported_in_time) == (2, 1)
    assert figures.share_reported_in_time == 0.5
    assert figures.median_hours_to_decision == 10  # of 10, 2 and 30 hours
    assert figures.confirmations_outstanding == 5  # open incidents only
    assert [(i.id, c.confirmed) for i, c in figures.containment] == [
        ("PB-2026-0001", 4),
        ("PB-2026-0002", 0),
    ]


def test_an_empty_register_has_no_share_and_no_median():
    figures = board_figures([], {}, {}, LONDON)
    assert figures.share_reported_in_time is None
    assert figures.median_hours_to_decision is None
