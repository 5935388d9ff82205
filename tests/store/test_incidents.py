"""Incidents and their timeline in a real SQLite file."""

import json
import stat
from datetime import timedelta

import pytest

from playbook.domain.errors import NotFound, Refused
from playbook.store.database import open_database
from playbook.store.events import list_events, verify_timelines
from playbook.store.incidents import (
    add_note,
    close_incident,
    create_incident,
    export_incident,
    get_incident,
    import_incident,
    list_incidents,
)
from tests.conftest import FIXED_NOW


def new(db, title="Survey sent in Cc", **extra):
    return create_incident(
        db,
        title=title,
        aware_at=FIXED_NOW - timedelta(hours=2),
        now=FIXED_NOW,
        author="ann",
        **extra,
    )


def test_the_database_file_is_private_and_in_wal_mode(db, db_path):
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_opening_again_applies_no_migration_twice(db_path):
    open_database(db_path).close()
    again = open_database(db_path)
    from playbook.store.schema import MIGRATIONS

    names = [row["name"] for row in again["_sqlite_migrations"].rows]
    assert names == [migration.name for migration in MIGRATIONS.applied(again)]
    assert len(names) == len(set(names)) and not MIGRATIONS.pending(again)


def test_incidents_are_numbered_by_year(db):
    first, second = new(db), new(db, "Report sent to a stranger")
    assert (first.id, second.id) == ("PB-2026-0001", "PB-2026-0002")


def test_creating_starts_the_timeline(db):
    incident = new(db, reporter="Service desk")
    events = list_events(db, incident.id)
    assert [event.kind for event in events] == ["incident.created"]
    assert events[0].author == "ann"
    assert events[0].personal == {"reporter": "Service desk"}
    assert "Service desk" not in json.dumps(events[0].data)


def test_a_blank_title_or_unknown_regime_is_refused_and_nothing_written(db):
    with pytest.raises(Refused):
        new(db, "   ")
    with pytest.raises(Refused):
        new(db, regime="gdpr_eu")
    assert db["incidents"].count == 0 and db["events"].count == 0


def test_get_is_case_insensitive_and_missing_is_not_found(db):
    incident = new(db)
    assert get_incident(db, incident.id.lower()) == incident
    with pytest.raises(NotFound, match="playbook list"):
        get_incident(db, "PB-2026-0999")


def test_list_filters_by_status_newest_first(db):
    first, second = new(db), new(db, "Second")
    close_incident(db, first.id, "Bcc by default", author="ann", now=FIXED_NOW)
    assert [i.id for i in list_incidents(db)] == [second.id, first.id]
    assert [i.id for i in list_incidents(db, "open")] == [second.id]
    assert [i.id for i in list_incidents(db, "closed")] == [first.id]


def test_close_records_lessons_and_refuses_twice(db):
    incident = new(db)
    closed = close_incident(
        db, incident.id, "Four-eyes check on bulk mail", author="bob", now=FIXED_NOW
    )
    assert (closed.status, closed.lessons, closed.closed_at) == (
        "closed",
        "Four-eyes check on bulk mail",
        FIXED_NOW,
    )
    with pytest.raises(Refused, match="already closed"):
        close_incident(db, incident.id, "again", author="bob", now=FIXED_NOW)


def test_notes_are_events_and_verify(db):
    incident = new(db)
    add_note(db, incident.id, "Recall failed outside our tenant.", author="ann", now=FIXED_NOW)
    assert [e.kind for e in list_events(db, incident.id)] == ["incident.created", "note"]
    assert verify_timelines(db) == (2, None)


def test_export_then_import_into_an_empty_database_is_identical(db, tmp_path):
    incident = new(db, reporter="Service desk", discovered_at=FIXED_NOW - timedelta(hours=3))
    add_note(db, incident.id, "Recall failed.", author="ann", now=FIXED_NOW)
    exported = export_incident(db, incident.id)
    other = open_database(tmp_path / "other.db")
    import_incident(other, json.loads(json.dumps(exported)))
    assert export_incident(other, incident.id) == exported
    assert verify_timelines(other)[1] is None


def test_import_refuses_an_incident_already_present_and_writes_nothing(db):
    incident = new(db)
    exported = export_incident(db, incident.id)
    before = db["events"].count
    with pytest.raises(Refused, match="already in this database"):
        import_incident(db, exported)
    assert db["events"].count == before


def test_import_refuses_something_that_is_not_an_export(db):
    with pytest.raises(Refused, match="not a playbook incident export"):
        import_incident(db, {"id": "PB-2026-0001"})
    assert db["incidents"].count == 0


def test_import_of_a_damaged_export_leaves_nothing_behind(db, tmp_path):
    incident = new(db)
    exported = export_incident(db, incident.id)
    exported["incident"]["id"] = "PB-2026-0100"
    exported["tables"]["events"].append({"seq": 1, "bogus_column": 1})
    other = open_database(tmp_path / "other.db")
    with pytest.raises(Refused):
        import_incident(other, exported)
    assert other["incidents"].count == 0 and other["events"].count == 0


@pytest.mark.parametrize(
    "hours_before_now",
    [0, 1.5, 47.99, 48.0, 48.01, 65.99, 66.0, 66.01, 71.999, 72.0, 72.001, 500],
)
def test_the_fast_list_gives_the_same_clock_as_the_domain(db, hours_before_now):
    from playbook.cli.output import incident_json
    from playbook.store.register import incidents_json

    create_incident(
        db,
        title="Edge",
        aware_at=FIXED_NOW - timedelta(hours=hours_before_now),
        now=FIXED_NOW,
        author="ann",
    )
    now = FIXED_NOW + timedelta(microseconds=250_000)
    expected = [incident_json(incident, now) for incident in list_incidents(db)]
    assert json.loads(incidents_json(db, now=now)) == expected
    assert json.loads(incidents_json(db, now=now, status="closed")) == []
