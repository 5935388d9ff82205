"""Recording a decision: checked against the rules and the latest assessment, then stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlite_utils import Database

from playbook.assessing.decisions import record_decision
from playbook.domain.decisions import Decision
from playbook.domain.errors import NotFound, Refused
from playbook.domain.incident import Incident
from playbook.domain.risk import assess_facts
from playbook.store.assessments import load_decisions, save_assessment
from playbook.store.events import list_events
from playbook.store.incidents import create_incident
from tests.conftest import FIXED_NOW
from tests.domain.incident_facts import S4_TENANTS

AWARE = FIXED_NOW - timedelta(hours=20)


@pytest.fixture
def incident(db: Database) -> Incident:
    return create_incident(
        db, title="Tenant survey sent in Cc", aware_at=AWARE, now=FIXED_NOW, author="alice"
    )


def test_decisions_are_checked_against_the_latest_assessment(
    db: Database, incident: Incident
) -> None:
    save_assessment(db, incident.id, assess_facts(S4_TENANTS), author="alice", at=FIXED_NOW)
    ico = record_decision(
        db,
        incident.id,
        Decision(about="ico", notify=False, why="Only addresses.", by="Dana"),
        now=FIXED_NOW,
    )
    assert (ico.number, ico.against_recommendation, ico.at) == (1, True, FIXED_NOW)
    people = record_decision(
        db,
        incident.id,
        Decision(about="individuals", notify=False, why="Borderline; apology sent.", by="Dana"),
        now=FIXED_NOW,
    )
    assert (people.number, people.against_recommendation) == (2, False)
    assert load_decisions(db, incident.id) == [ico, people]
    event = list_events(db, incident.id)[-2]
    assert event.kind == "decision.recorded"
    assert event.author == "Dana"
    assert event.data["against_recommendation"] is True
    assert event.data["assessment"] == 1
    assert event.data["why"] == "Only addresses."


def test_a_decision_before_any_assessment_has_nothing_to_go_against(
    db: Database, incident: Incident
) -> None:
    stored = record_decision(
        db,
        incident.id,
        Decision(about="ico", notify=True, why="Default.", by="Dana"),
        now=FIXED_NOW,
    )
    assert stored.against_recommendation is None
    assert load_decisions(db, incident.id)[0].against_recommendation is None


def test_a_refused_decision_writes_nothing(db: Database, incident: Incident) -> None:
    late = AWARE + timedelta(hours=73)
    before = len(list_events(db, incident.id))
    with pytest.raises(Refused, match="reasons for the delay"):
        record_decision(
            db, incident.id, Decision(about="ico", notify=True, why="Risk.", by="Dana"), now=late
        )
    assert load_decisions(db, incident.id) == []
    assert len(list_events(db, incident.id)) == before
    stored = record_decision(
        db,
        incident.id,
        Decision(about="ico", notify=True, why="Risk.", by="Dana", late_reason="Found late."),
        now=late,
    )
    assert stored.late_reason == "Found late."


def test_a_decision_about_an_unknown_incident_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound):
        record_decision(
            db,
            "PB-2026-9999",
            Decision(about="ico", notify=True, why="Risk.", by="Dana"),
            now=FIXED_NOW,
        )
