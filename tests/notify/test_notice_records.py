"""Recording what happened to each person's notice, on a real database: one person, a group,
the refusals that write nothing, the timeline, verify, and the purge."""

from __future__ import annotations

import pytest

from playbook.config import Config
from playbook.domain.errors import NotFound, PlaybookError, Refused
from playbook.intake.importing import import_file
from playbook.notify.notices import notice_summary, record_group, record_notice
from playbook.store.database import open_database
from playbook.store.events import list_events, verify_timelines
from playbook.store.incidents import (
    close_incident,
    create_incident,
    export_incident,
    import_incident,
)
from playbook.store.notices import latest_notices, notice_history
from playbook.store.purge import purge_incident
from tests.builders import SHEET_TENANTS as SHEET
from tests.builders import survey_with_sheet
from tests.conftest import FIXED_NOW

AUTHOR = "Sam Responder"
TENANTS = len(SHEET)


@pytest.fixture
def incident_id(db, tmp_path) -> str:
    incident = create_incident(
        db, title="Tenant survey in Cc", aware_at=FIXED_NOW, now=FIXED_NOW, author=AUTHOR
    )
    import_file(
        db, incident.id, survey_with_sheet(tmp_path), config=Config(), author=AUTHOR, now=FIXED_NOW
    )
    return incident.id


def state_of_the_database(db) -> tuple[int, int]:
    return db["notices"].count, db["events"].count


def record(db, incident_id: str, person: str, state: str, **fields: str):
    return record_notice(db, incident_id, person, state, author=AUTHOR, now=FIXED_NOW, **fields)


def test_a_person_found_by_email_in_any_case_is_recorded_with_an_event(db, incident_id):
    stored = record(db, incident_id, "ANN.Archer@gmail.com", "emailed")
    assert (stored.person_key, stored.state, stored.number) == (
        "ann.archer@gmail.com",
        "emailed",
        1,
    )
    event = list_events(db, incident_id)[-1]
    assert event.kind == "notice.recorded"
    assert event.data == {"number": 1, "state": "emailed"}
    assert event.personal == {
        "person": "ann.archer@gmail.com",
        "name": "Ann Archer",
        "email": "ann.archer@gmail.com",
    }
    assert verify_timelines(db)[1] is None


def test_history_is_kept_and_the_latest_record_counts(db, incident_id):
    record(db, incident_id, "bob.baker@hotmail.co.uk", "not_reachable", reason="bounced twice")
    record(db, incident_id, "bob.baker@hotmail.co.uk", "phoned", note="Told him on the phone")
    history = notice_history(db, incident_id, "bob.baker@hotmail.co.uk")
    assert [entry.state for entry in history] == ["not_reachable", "phoned"]
    assert (
        latest_notices(db, incident_id)["bob.baker@hotmail.co.uk"].note == "Told him on the phone"
    )
    summary = notice_summary(db, incident_id)
    assert (summary.told, summary.people, summary.counts["not_reachable"]) == (1, 6, 0)
    call = list_events(db, incident_id)[-1]
    assert call.personal["note"] == "Told him on the phone" and "note" not in call.data


@pytest.mark.parametrize(
    ("person", "state", "fields", "error", "words"),
    [
        ("nobody@nowhere.example", "emailed", {}, NotFound, "Nobody among"),
        ("ann.archer@gmail.com", "not_told", {}, Refused, "needs a reason"),
        ("ann.archer@gmail.com", "phoned", {}, Refused, "what was said on the call"),
        ("ann.archer@gmail.com", "not_told", {"reason": "Dora Dean said no"}, Refused, "name"),
        ("ann.archer@gmail.com", "waved", {}, Refused, "must be one of"),
    ],
)
def test_a_refused_record_writes_nothing_and_names_nobody(
    db, incident_id, person, state, fields, error, words
):
    before = state_of_the_database(db)
    with pytest.raises(error, match=words) as refused:
        record(db, incident_id, person, state, **fields)
    assert state_of_the_database(db) == before
    assert "@" not in str(refused.value) and "Archer" not in str(refused.value)


def test_a_closed_incident_takes_no_record(db, incident_id):
    close_incident(db, incident_id, "Lessons", author=AUTHOR, now=FIXED_NOW)
    before = state_of_the_database(db)
    for attempt in (
        lambda: record(db, incident_id, "ann.archer@gmail.com", "emailed"),
        lambda: record_group(
            db, incident_id, "without_email", "posted", author=AUTHOR, now=FIXED_NOW
        ),
    ):
        with pytest.raises(Refused, match="is closed"):
            attempt()
    assert state_of_the_database(db) == before


def test_everyone_without_email_is_posted_at_once_and_a_rerun_adds_nothing(db, incident_id):
    record(db, incident_id, "ann.archer@gmail.com", "emailed")
    done = record_group(
        db,
        incident_id,
        "without_email",
        "posted",
        note="letters posted 2nd class",
        author=AUTHOR,
        now=FIXED_NOW,
    )
    assert (done.recorded, done.already) == (TENANTS, 0)
    again = record_group(db, incident_id, "without_email", "posted", author=AUTHOR, now=FIXED_NOW)
    assert (again.recorded, again.already) == (0, TENANTS)
    rest = record_group(
        db,
        incident_id,
        "not_recorded",
        "not_told",
        reason="no contact details held",
        author=AUTHOR,
        now=FIXED_NOW,
    )
    assert rest.recorded == 1  # Bob: everyone else has a record
    assert notice_summary(db, incident_id).sentence() == (
        "Told 5 of 6 people: 1 by email, 4 by letter; 1 not told (reason: no contact details held)."
    )
    assert [event.kind for event in list_events(db, incident_id)].count("notice.recorded") == 6
    assert verify_timelines(db)[1] is None


def test_a_group_with_nobody_in_it_is_refused(db, incident_id):
    record_group(db, incident_id, "not_recorded", "emailed", author=AUTHOR, now=FIXED_NOW)
    with pytest.raises(PlaybookError, match="None of .* is without a notice record yet"):
        record_group(db, incident_id, "not_recorded", "emailed", author=AUTHOR, now=FIXED_NOW)


def test_a_purge_keeps_the_counts_and_erases_who_and_the_notes(db, incident_id):
    record(db, incident_id, "ann.archer@gmail.com", "phoned", note="Ann was upset; explained")
    record(db, incident_id, "bob.baker@hotmail.co.uk", "not_told", reason="already aware")
    close_incident(db, incident_id, "Lessons", author=AUTHOR, now=FIXED_NOW)
    purge_incident(db, incident_id, author=AUTHOR, now=FIXED_NOW)
    rows = list(db["notices"].rows)
    assert [(row["person_key"], row["state"], row["note"]) for row in rows] == [
        ("purged-person-1", "phoned", ""),
        ("purged-person-2", "not_told", ""),
    ]
    dump = "\n".join(db.conn.iterdump())
    assert "Ann was upset" not in dump and "ann.archer" not in dump
    assert all(event.personal is None for event in list_events(db, incident_id))
    assert verify_timelines(db)[1] is None


def test_an_exported_incident_keeps_its_notices_and_verifies_elsewhere(db, incident_id, tmp_path):
    record(db, incident_id, "ann.archer@gmail.com", "phoned", note="Explained what happened")
    exported = export_incident(db, incident_id)
    other = open_database(tmp_path / "other.db")
    import_incident(other, exported)
    assert latest_notices(other, incident_id) == latest_notices(db, incident_id)
    assert verify_timelines(other)[1] is None
