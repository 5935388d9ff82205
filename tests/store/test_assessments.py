"""Assessments and decisions in the database: numbered, never overwritten, each an event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlite_utils import Database

from playbook.assessing.facts import record_facts
from playbook.domain.decisions import Decision
from playbook.domain.errors import NotFound
from playbook.domain.incident import Incident
from playbook.domain.risk import assess_facts
from playbook.store.assessments import (
    latest_assessment,
    load_assessments,
    load_decisions,
    save_assessment,
    save_decision,
)
from playbook.store.events import list_events, verify_timelines
from playbook.store.incidents import create_incident
from tests.conftest import FIXED_NOW
from tests.domain.incident_facts import S3_CONTRACTOR, S4_TENANTS

AWARE = FIXED_NOW - timedelta(hours=20)


@pytest.fixture
def incident(db: Database) -> Incident:
    return create_incident(
        db, title="Tenant survey sent in Cc", aware_at=AWARE, now=FIXED_NOW, author="alice"
    )


def test_assessments_are_numbered_kept_and_carry_their_facts(
    db: Database, incident: Incident
) -> None:
    assert latest_assessment(db, incident.id) is None
    record_facts(db, incident.id, S3_CONTRACTOR, source="confirmed", author="alice", at=FIXED_NOW)
    first = assess_facts(S3_CONTRACTOR)
    assert save_assessment(db, incident.id, first, author="alice", at=FIXED_NOW) == 1
    later = FIXED_NOW + timedelta(hours=1)
    record_facts(db, incident.id, S4_TENANTS, source="confirmed", author="bob", at=later)
    second = assess_facts(S4_TENANTS)
    assert save_assessment(db, incident.id, second, author="bob", at=later) == 2

    history = load_assessments(db, incident.id)
    assert [stored.number for stored in history] == [1, 2]
    assert history[0].assessment == first  # read back equal, reasons, ENISA and all
    assert history[1].assessment == second
    assert (history[0].by, history[0].at) == ("alice", FIXED_NOW)
    assert history[0].facts["recipient_trust"] == "trusted"
    assert history[1].facts["recipient_trust"] == "public"
    latest = latest_assessment(db, incident.id.lower())
    assert latest is not None and latest.number == 2


def test_each_save_is_an_event_without_personal_data(db: Database, incident: Incident) -> None:
    save_assessment(db, incident.id, assess_facts(S4_TENANTS), author="alice", at=FIXED_NOW)
    event = list_events(db, incident.id)[-1]
    assert event.kind == "assessment.saved"
    assert event.data["number"] == 1
    assert event.data["outcome"] == "notify_ico"
    assert event.data["enisa"] == assess_facts(S4_TENANTS).enisa.as_dict()
    assert assess_facts(S4_TENANTS).enisa.band == "medium"
    assert event.personal is None
    assert verify_timelines(db)[1] is None


def test_an_unknown_incident_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound):
        save_assessment(db, "PB-2026-9999", assess_facts({}), author="a", at=FIXED_NOW)
    with pytest.raises(NotFound):
        load_assessments(db, "PB-2026-9999")


def test_decisions_are_numbered_stored_as_given_and_logged(
    db: Database, incident: Incident
) -> None:
    save_assessment(db, incident.id, assess_facts(S4_TENANTS), author="alice", at=FIXED_NOW)
    later = FIXED_NOW + timedelta(hours=2)
    ico = save_decision(
        db,
        incident.id,
        Decision(about="ico", notify=False, why="Only addresses.", by="Dana"),
        at=FIXED_NOW,
        assessment=1,
    )
    people = save_decision(
        db,
        incident.id,
        Decision(
            about="individuals",
            notify=False,
            why="Apology sent.",
            by="Dana",
            against_recommendation=False,
        ),
        at=later,
        assessment=None,
    )
    assert (ico.number, ico.at, people.number, people.at) == (1, FIXED_NOW, 2, later)
    assert ico.against_recommendation is None  # the store keeps what it is given
    assert load_decisions(db, incident.id) == [ico, people]
    first, second = list_events(db, incident.id)[-2:]
    assert (first.kind, first.author, first.at) == ("decision.recorded", "Dana", FIXED_NOW)
    assert (first.data["assessment"], first.data["why"]) == (1, "Only addresses.")
    assert second.data["assessment"] is None
    assert second.data["against_recommendation"] is False
    assert first.personal is None
    assert verify_timelines(db)[1] is None


def test_an_assessment_saved_before_summaries_were_stored_reads_with_the_plain_sentence(
    db: Database, incident: Incident
) -> None:
    save_assessment(db, incident.id, assess_facts(S4_TENANTS), author="alice", at=FIXED_NOW)
    db.table("assessments").update(
        (incident.id, 1),
        {"summary": None, "severity": None, "likelihood": None, "regime": None, "role": None},
    )
    latest = latest_assessment(db, incident.id)
    assert latest is not None
    stored = latest.assessment
    assert stored.summary.startswith("Tell the ICO within 72 hours (Art. 33(1)); whether")
    assert (stored.severity, stored.regime, stored.role) == ("", "uk_gdpr", "controller")


def test_a_part_3_restriction_is_stored_with_its_review_date(db: Database) -> None:
    incident = create_incident(
        db,
        title="Witness list in To",
        aware_at=AWARE,
        now=FIXED_NOW,
        author="alice",
        regime="dpa2018_part3",
    )
    decided = save_decision(
        db,
        incident.id,
        Decision(
            about="individuals",
            notify=True,
            why="Telling them now would alert the suspect.",
            by="Dana",
            restriction="b",
            restriction_review="2026-12-01",
        ),
        at=FIXED_NOW,
        assessment=None,
    )
    (loaded,) = load_decisions(db, incident.id)
    assert (loaded.restriction, loaded.restriction_review) == ("b", "2026-12-01")
    assert loaded == decided
    assert list_events(db, incident.id)[-1].data["restriction"] == "b"
