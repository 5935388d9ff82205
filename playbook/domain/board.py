"""The figures a DPO takes to the board: how many incidents, how fast, how contained."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from playbook.domain.clock import NOTIFY_WITHIN
from playbook.domain.incident import Incident


@dataclass(frozen=True)
class DecisionMoment:
    """When a decision was recorded, about whom, and whether it was to tell."""

    about: str
    notify: bool
    at: datetime


@dataclass(frozen=True)
class Containment:
    """An incident's external recipients: how many, how many confirmed deletion, how many were
    asked and have not confirmed yet."""

    external: int = 0
    confirmed: int = 0
    outstanding: int = 0


@dataclass(frozen=True)
class BoardFigures:
    """Incidents a month, reports within 72 hours, time to decide, confirmations outstanding."""

    incidents: int
    per_month: list[tuple[str, int]]
    reported: int
    reported_in_time: int
    median_hours_to_decision: float | None
    confirmations_outstanding: int
    containment: list[tuple[Incident, Containment]]

    @property
    def share_reported_in_time(self) -> float | None:
        """The share of ICO reports made within 72 hours of awareness (None: no reports)."""
        return self.reported_in_time / self.reported if self.reported else None


def board_figures(
    incidents: Sequence[Incident],
    decisions: Mapping[str, Sequence[DecisionMoment]],
    containment: Mapping[str, Containment],
    zone: tzinfo,
) -> BoardFigures:
    """The board's figures from the register, every incident's decisions (oldest first) and
    its containment. Months are those of awareness, in the configured zone."""
    months = Counter(f"{incident.aware_at.astimezone(zone):%Y-%m}" for incident in incidents)
    reported = in_time = 0
    hours: list[float] = []
    for incident in incidents:
        moments = decisions.get(incident.id, ())
        if moments:
            hours.append((moments[0].at - incident.aware_at).total_seconds() / 3600)
        report = next((m for m in moments if m.about == "ico" and m.notify), None)
        if report is not None:
            reported += 1
            in_time += report.at <= incident.aware_at + NOTIFY_WITHIN
    return BoardFigures(
        incidents=len(incidents),
        per_month=sorted(months.items()),
        reported=reported,
        reported_in_time=in_time,
        median_hours_to_decision=statistics.median(hours) if hours else None,
        confirmations_outstanding=sum(
            containment.get(incident.id, Containment()).outstanding
            for incident in incidents
            if incident.status == "open"
        ),
        containment=[
            (incident, containment.get(incident.id, Containment()))
            for incident in incidents
            if incident.status == "open"
        ],
    )
