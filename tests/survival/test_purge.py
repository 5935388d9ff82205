"""Minimisation and retention: a purge removes the personal data and keeps the log verifiable."""

from __future__ import annotations

import json
import os
import pty
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from playbook.domain.errors import Refused
from playbook.store.database import open_database
from playbook.store.events import list_events, verify_timelines
from playbook.store.facts import load_facts
from playbook.store.incidents import create_incident, get_incident
from playbook.store.purge import (
    expired_incidents,
    is_purged,
    purge_incident,
    sender_domain,
)
from tests.conftest import FIXED_NOW
from tests.survival.conftest import (
    AUTHOR,
    PERSONAL_VALUES,
    PYTHON,
    add_personal_records,
    make_closed_incident,
)


def raw_database_bytes(db_path: Path) -> bytes:
    """Everything SQLite keeps on disk for the database: the file and any WAL beside it."""
    files = [db_path, db_path.with_name(db_path.name + "-wal")]
    return b"".join(path.read_bytes() for path in files if path.exists())


def test_purge_removes_every_personal_value_from_the_file_on_disk(db, db_path, closed_incident):
    before = raw_database_bytes(db_path)
    assert all(value.encode() in before for value in PERSONAL_VALUES)

    db.execute("PRAGMA secure_delete = OFF")  # the default of many SQLite builds
    purge_incident(db, closed_incident, author=AUTHOR, now=FIXED_NOW)

    after = raw_database_bytes(db_path)  # read while open: no closing checkpoint helps
    leaked = [value for value in PERSONAL_VALUES if value.encode() in after]
    assert leaked == []


def test_purge_keeps_counts_categories_decisions_and_containment(db, closed_incident):
    db["decisions"].insert(
        {
            "incident_id": closed_incident,
            "number": 1,
            "about": "ico",
            "notify": 1,
            "why": "Hundreds of tenants' addresses went to people we do not control.",
            "by": AUTHOR,
            "at": FIXED_NOW.isoformat(),
        }
    )
    summary = purge_incident(db, closed_incident, author=AUTHOR, now=FIXED_NOW)

    assert summary.counts["recipients"] == 2
    assert summary.counts["people"] == 2
    assert summary.counts["message_bodies"] == 1
    recipients = list(db["recipients"].rows_where("incident_id = ?", [closed_incident]))
    assert sorted((row["status"], row["how"], row["trust"]) for row in recipients) == [
        ("confirmed", "phone", "public"),
        ("requested", None, "public"),
    ]
    assert {row["address"] for row in recipients} == {"purged-1", "purged-2"}
    assert {row["name"] for row in recipients} == {""}
    assert db["people"].count_where("incident_id = ?", [closed_incident]) == 0
    assert [row["address"] for row in db["deliveries"].rows] == ["purged-3"]
    message = next(db["messages"].rows)
    assert (message["sender"], message["body_text"]) == ("@council.example", None)
    assert load_facts(db, closed_incident)["categories"].value == ["basic_identifiers"]
    assert next(db["decisions"].rows)["why"].startswith("Hundreds of tenants")
    assert next(db["attachments"].rows)["categories"] == '["basic_identifiers"]'
    assert get_incident(db, closed_incident).reporter == ""


def test_the_purge_is_an_event_that_records_how_many_there_were(db, closed_incident):
    purge_incident(db, closed_incident, author=AUTHOR, now=FIXED_NOW)
    events = list_events(db, closed_incident)
    purge = events[-1]
    assert (purge.kind, purge.author) == ("incident.purged", AUTHOR)
    assert purge.data["counts"]["recipients"] == 2
    assert purge.data["counts"]["people"] == 2
    assert purge.data["data_items"] == ["email", "name", "phone", "postal_address", "postcode"]
    assert purge.data["reason"] == "request"
    assert all(event.personal is None for event in events)
    assert is_purged(db, closed_incident)


def test_the_timeline_still_verifies_after_a_purge(db, closed_incident):
    events_before = len(list_events(db, closed_incident))
    purge_incident(db, closed_incident, author=AUTHOR, now=FIXED_NOW)
    checked, broken = verify_timelines(db)
    assert broken is None
    assert checked == events_before + 1


def test_a_purged_event_whose_digest_is_changed_is_still_caught(db, closed_incident):
    purge_incident(db, closed_incident, author=AUTHOR, now=FIXED_NOW)
    db.execute(
        "UPDATE events SET personal_sha256 = '' WHERE incident_id = ? AND seq = 1",
        [closed_incident],
    )
    assert verify_timelines(db)[1].seq == 1


def test_an_open_incident_is_refused_and_left_whole(db):
    incident = create_incident(
        db, title="Still open", aware_at=FIXED_NOW, now=FIXED_NOW, author=AUTHOR
    )
    add_personal_records(db, incident.id)
    with pytest.raises(Refused, match="still open"):
        purge_incident(db, incident.id, author=AUTHOR, now=FIXED_NOW)
    assert db["people"].count_where("incident_id = ?", [incident.id]) == 2


def test_a_second_purge_is_refused(db, closed_incident):
    purge_incident(db, closed_incident, author=AUTHOR, now=FIXED_NOW)
    with pytest.raises(Refused, match="already purged"):
        purge_incident(db, closed_incident, author=AUTHOR, now=FIXED_NOW)


def test_an_address_that_looks_like_a_stand_in_does_not_collide(db, closed_incident):
    db.execute(
        "UPDATE recipients SET address = 'purged-1' WHERE address = 'sam.tenant@mail.example'"
    )
    purge_incident(db, closed_incident, author=AUTHOR, now=FIXED_NOW)
    addresses = {row["address"] for row in db["recipients"].rows}
    assert len(addresses) == 2 and "jo.bloggs@home.example" not in addresses


def test_only_incidents_closed_longer_than_the_retention_are_expired(db):
    old = make_closed_incident(db, closed_days_ago=400)
    recent = make_closed_incident(db, closed_days_ago=10)
    create_incident(db, title="Open", aware_at=FIXED_NOW, now=FIXED_NOW, author=AUTHOR)
    expired = expired_incidents(db, retention_days=365, now=FIXED_NOW)
    assert [incident.id for incident in expired] == [old]
    purge_incident(db, old, author=AUTHOR, now=FIXED_NOW, reason="retention")
    assert expired_incidents(db, retention_days=365, now=FIXED_NOW) == []
    assert [i.id for i in expired_incidents(db, retention_days=5, now=FIXED_NOW)] == [recent]


@pytest.mark.parametrize(
    ("sender", "kept"),
    [
        ("Priya Sender <priya.sender@council.example>", "@council.example"),
        ("priya@council.example", "@council.example"),
        ("no address at all", ""),
        ("", ""),
    ],
)
def test_only_the_domain_of_a_sender_is_kept(sender, kept):
    assert sender_domain(sender) == kept


# The command: confirmation, refusal, retention from the config.


def test_purge_command_needs_yes_without_a_terminal(cli, db_path):
    db = open_database(db_path)
    incident_id = make_closed_incident(db)
    db.close()
    result = cli("purge", incident_id)
    assert result.code == 1
    assert "--yes" in result.err
    db = open_database(db_path)
    assert not is_purged(db, incident_id)
    assert cli("purge", incident_id, "--yes").code == 0
    assert is_purged(db, incident_id)
    assert cli("verify").code == 0


def test_purge_command_refuses_an_open_incident(cli):
    created = cli("new", "--title", "Open one", "--json").json()
    result = cli("purge", created["id"], "--yes")
    assert result.code == 1
    assert "close it" in result.err


def test_purge_on_a_terminal_needs_the_id_typed(db_path, subprocess_env):
    """A real pseudo-terminal: a wrong answer purges nothing, the incident's id purges."""
    db = open_database(db_path)
    incident_id = make_closed_incident(db)
    db.close()
    for typed, purged in (("no", False), (incident_id, True)):
        controller, terminal = pty.openpty()
        process = subprocess.Popen(
            [PYTHON, "-m", "playbook", "purge", incident_id],
            stdin=terminal,
            stdout=terminal,
            stderr=terminal,
            env=subprocess_env,
        )
        _wait_for_prompt(controller)
        os.write(controller, f"{typed}\n".encode())
        assert process.wait(timeout=30) == (0 if purged else 1)
        os.close(terminal)
        os.close(controller)
        db = open_database(db_path)
        assert is_purged(db, incident_id) is purged
        db.close()


def _wait_for_prompt(controller: int) -> None:
    seen = b""
    while b"to confirm" not in seen:
        chunk = os.read(controller, 1024)
        assert chunk, "the purge command never asked for confirmation"
        seen += chunk


def make_outbox(outbox: Path, incident_id: str) -> None:
    """Draft batches as playbook.notify.outbox writes them: this incident's two, and another's one."""
    batch = outbox / f"{incident_id}-apology-20261025-120000"
    batch.mkdir(parents=True)
    (batch / "0001-jo.bloggs@home.example.eml").write_text("To: jo.bloggs@home.example\n")
    (batch / "0002-sam.tenant@mail.example.eml").write_text("To: sam.tenant@mail.example\n")
    (outbox / f"{incident_id}-chaser-20261025-130000.mbox").write_text("From jo\n")
    other = outbox / "PB-2026-9999-apology-20261025-120000"
    other.mkdir()
    (other / "0001-kept@example.org.eml").write_text("To: kept@example.org\n")


def test_purge_removes_the_incidents_draft_files_from_the_configured_outbox(cli, db_path, tmp_path):
    outbox = tmp_path / "outbox"
    (tmp_path / "config.toml").write_text(f"outbox_dir = '{outbox}'\n")
    db = open_database(db_path)
    incident_id = make_closed_incident(db)
    make_outbox(outbox, incident_id)
    result = cli("purge", incident_id, "--yes", "--json")
    assert result.code == 0, result.err
    assert result.json()[0]["counts"]["draft_files"] == 3
    assert [path.name for path in outbox.iterdir()] == ["PB-2026-9999-apology-20261025-120000"]
    assert list_events(db, incident_id)[-1].data["counts"]["draft_files"] == 3


def test_an_open_incidents_drafts_are_left_alone(db, tmp_path):
    incident = create_incident(db, title="Open", aware_at=FIXED_NOW, now=FIXED_NOW, author=AUTHOR)
    outbox = tmp_path / "outbox"
    make_outbox(outbox, incident.id)
    with pytest.raises(Refused):
        purge_incident(db, incident.id, author=AUTHOR, now=FIXED_NOW, outbox=outbox)
    assert len(list(outbox.iterdir())) == 3


def test_purge_expired_uses_the_configured_retention(cli, db_path, tmp_path):
    (tmp_path / "config.toml").write_text("retention_days = 365\n")
    db = open_database(db_path)
    old = make_closed_incident(db, closed_days_ago=366)
    recent = make_closed_incident(db, closed_days_ago=364)
    db.close()
    result = cli("purge", "--expired", "--yes", "--json")
    assert result.code == 0, result.err
    assert [entry["id"] for entry in result.json()] == [old]
    assert result.json()[0]["counts"]["people"] == 2
    db = open_database(db_path)
    assert is_purged(db, old) and not is_purged(db, recent)
    assert cli("purge", "--expired", "--yes").out.startswith("No closed incident")
    retention_event = list_events(db, old)[-1]
    assert retention_event.data["reason"] == "retention"


def test_purge_needs_an_id_or_expired(cli):
    assert cli("purge").code == 2


def test_purge_subprocess_prints_no_personal_data(db_path, subprocess_env):
    db = open_database(db_path)
    incident_id = make_closed_incident(db)
    db.close()
    completed = subprocess.run(
        [PYTHON, "-m", "playbook", "purge", incident_id, "--yes", "--json"],
        capture_output=True,
        text=True,
        env=subprocess_env,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)[0]["counts"]["recipients"] == 2
    output = completed.stdout + completed.stderr
    assert [value for value in PERSONAL_VALUES if value in output] == []


def test_a_retention_longer_than_the_calendar_expires_nothing(db):
    make_closed_incident(db, closed_days_ago=400)
    assert expired_incidents(db, retention_days=10**12, now=FIXED_NOW) == []


def test_expired_refuses_a_negative_retention(db):
    with pytest.raises(Refused):
        expired_incidents(db, retention_days=-1, now=FIXED_NOW + timedelta(days=1))


def test_a_purged_real_import_leaves_no_one_in_the_file_or_the_outbox(cli, db_path, tmp_path):
    """Import a real message, draft to everyone, close and purge: search the bytes for anyone."""
    from tests.builders import council_tenant_survey, fictional_people, students_union_spreadsheet
    from tests.survival.test_crash import CONFIG

    outbox = tmp_path / "outbox"
    (tmp_path / "config.toml").write_text(f"outbox_dir = '{outbox}'\n{CONFIG}")
    spreadsheet = students_union_spreadsheet(tmp_path, holders=40)
    survey = council_tenant_survey(tmp_path, personal=30, at_work=5)
    people = fictional_people(40)
    personal = [p.email for p in people] + [p.name for p in people] + [p.mobile for p in people]
    created = cli("new", "--title", "Two lists", "--from", str(spreadsheet), "--json")
    assert created.code == 0, created.err
    incident_id = created.json()["id"]
    assert cli("import", incident_id, str(survey)).code == 0
    drafted = cli("drafts", incident_id, "apology")
    assert drafted.code == 0, drafted.err
    assert (
        cli(
            "close", incident_id, "--lessons", "Use the mailing tool.", "--despite-outstanding"
        ).code
        == 0
    )
    assert personal[0].encode() in raw_database_bytes(db_path)

    result = cli("purge", incident_id, "--yes", "--json")

    assert result.code == 0, result.err
    # 40 rows of the list, each linked to its Bcc address; the 30 tenants in Cc are 30 of them
    assert result.json()[0]["counts"]["people"] == 40
    assert result.json()[0]["counts"]["draft_files"] == 40
    data = raw_database_bytes(db_path)
    assert [value for value in personal if value.encode() in data] == []
    assert list(outbox.iterdir()) == []
    assert cli("verify").code == 0


def drafted_elsewhere(cli, tmp_path: Path) -> tuple[str, Path]:
    """A closed incident whose apologies were written with --out to a folder outside the outbox."""
    from tests.builders import council_tenant_survey
    from tests.survival.test_crash import CONFIG

    (tmp_path / "config.toml").write_text(f"outbox_dir = '{tmp_path / 'outbox'}'\n{CONFIG}")
    survey = council_tenant_survey(tmp_path, personal=6, at_work=2)
    created = cli("new", "--title", "Survey in Cc", "--from", str(survey), "--json")
    assert created.code == 0, created.err
    incident_id = created.json()["id"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    drafted = cli("drafts", incident_id, "apology", "--out", str(elsewhere))
    assert drafted.code == 0, drafted.err
    assert (
        cli(
            "close", incident_id, "--lessons", "Use the mailing tool.", "--despite-outstanding"
        ).code
        == 0
    )
    return incident_id, elsewhere


def test_purge_removes_drafts_written_with_out_wherever_they_went(cli, tmp_path):
    incident_id, elsewhere = drafted_elsewhere(cli, tmp_path)
    [batch] = elsewhere.iterdir()
    written = sum(1 for _ in batch.iterdir())
    assert written == 6
    result = cli("purge", incident_id, "--yes", "--json")
    assert result.code == 0, result.err
    assert result.json()[0]["counts"]["draft_files"] == written
    assert result.json()[0]["not_removed"] == []
    assert list(elsewhere.iterdir()) == []
    assert cli("verify").code == 0


def test_purge_names_the_drafts_it_could_not_remove(cli, tmp_path, subprocess_env):
    from tests.survival.test_store_problems import run_without_file_override

    incident_id, elsewhere = drafted_elsewhere(cli, tmp_path)
    [batch] = elsewhere.iterdir()
    elsewhere.chmod(0o555)
    try:
        result = run_without_file_override(subprocess_env, "purge", incident_id, "--yes", "--json")
    finally:
        elsewhere.chmod(0o755)
    assert result.code == 1
    assert result.err == (
        f"playbook: could not remove the draft files {batch}; remove them by hand.\n"
    )
    [summary] = json.loads(result.out)
    assert summary["not_removed"] == [str(batch)]
    assert summary["counts"]["draft_files_not_removed"] == 1
    assert batch.is_dir()
    assert cli("verify").code == 0
