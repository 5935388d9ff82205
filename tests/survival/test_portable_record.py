"""Exports carry their head, import-incident refuses an export that does not verify, and every
report ends with the head it was made from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from playbook.store.database import open_database
from playbook.store.incidents import get_incident
from tests.survival.test_tamper import TARGET, record  # noqa: F401 - the fixture

SOURCE_CONFIG = "organisation = 'Council'\nresponder = 'Ann Responder'\n"


@pytest.fixture
def exported(cli, record) -> dict:  # noqa: F811 - the fixture imported above
    result = cli("export", TARGET)
    assert result.code == 0, result.err
    return result.json()


def import_into(cli, tmp_path: Path, exported: dict, name: str = "export.json"):
    """Import `exported` into a fresh database; the result and that database's path."""
    path = tmp_path / name
    path.write_text(json.dumps(exported))
    other = tmp_path / "other" / "playbook.db"
    return cli("--db", str(other), "import-incident", str(path)), other


def test_a_sound_export_imports_verifies_and_is_witnessed(cli, tmp_path, exported):
    result, other = import_into(cli, tmp_path, exported)
    assert result.code == 0, result.err
    assert cli("--db", str(other), "verify").out == "The timeline is intact: 6 events checked.\n"
    witness = other.with_name("playbook.db.witness").read_text().split()
    assert witness == [TARGET, str(exported["head"]["seq"]), exported["head"]["hash"]]


def test_a_sound_toml_export_imports_too(cli, tmp_path, record):  # noqa: F811
    toml = tmp_path / "export.toml"
    toml.write_text(cli("export", TARGET, "--format", "toml").out)
    other = tmp_path / "other" / "playbook.db"
    result = cli("--db", str(other), "import-incident", str(toml))
    assert result.code == 0, result.err
    assert cli("--db", str(other), "verify").code == 0


def edit_decision(exported: dict) -> None:
    exported["tables"]["decisions"][0]["notify"] = 0


def drop_last_event(exported: dict) -> None:
    exported["tables"]["events"].pop()


def edit_reporter(exported: dict) -> None:
    exported["incident"]["reporter"] = "Someone Else"


def edit_head(exported: dict) -> None:
    exported["head"]["hash"] = "0" * 64


def edit_event(exported: dict) -> None:
    exported["tables"]["events"][2]["author"] = "mallory"


EDITS = [
    (edit_decision, "its decisions no longer match what it sealed"),
    (drop_last_event, "no longer match what it sealed"),
    (edit_reporter, "the incident's own details"),
    (edit_event, "broken at event 3: its content was changed"),
    (edit_head, "This export's head is not its last event"),
]


@pytest.mark.parametrize(("edit", "found"), EDITS, ids=[edit.__name__ for edit, _ in EDITS])
def test_an_export_that_does_not_verify_is_refused_and_nothing_is_kept(
    cli, tmp_path, exported, edit, found
):
    edit(exported)
    result, other = import_into(cli, tmp_path, exported)
    assert result.code == 1
    assert found in result.err
    assert "nothing was imported" in result.err
    db = open_database(other)
    assert db["incidents"].count == 0 and db["events"].count == 0
    assert not other.with_name("playbook.db.witness").exists()
    backup = cli("--db", str(other), "backup", str(tmp_path / "backup.db"))
    assert backup.code == 0, backup.err


@pytest.mark.parametrize("kind", ["ico", "log"])
def test_every_report_ends_with_the_head_it_was_made_from(cli, tmp_path, exported, kind):
    (tmp_path / "config.toml").write_text(SOURCE_CONFIG)
    result = cli("report", TARGET, kind)
    assert result.code == 0, result.err
    head = exported["head"]
    assert result.out.rstrip().splitlines()[-1] == (
        f"Timeline head of {TARGET}: event {head['seq']}, SHA-256 {head['hash']} "
        "(`playbook verify` checks the record against it)."
    )


def test_the_ico_report_as_json_carries_the_head(cli, tmp_path, exported):
    (tmp_path / "config.toml").write_text(SOURCE_CONFIG)
    result = cli("report", TARGET, "ico", "--format", "json")
    assert result.code == 0, result.err
    assert result.json()["timeline_head"] == exported["head"]


def test_the_imported_incident_is_the_one_exported(cli, tmp_path, exported):
    _, other = import_into(cli, tmp_path, exported)
    assert get_incident(open_database(other), TARGET).reporter == "Dr Who Reporter"


def test_the_register_ends_with_every_incidents_head(cli, tmp_path, exported):
    result = cli("report", "register")
    assert result.code == 0, result.err
    head = exported["head"]
    assert f"- {TARGET}: event {head['seq']}, SHA-256 {head['hash']}\n" in result.out
    assert "- PB-2026-0002: event 3, SHA-256 " in result.out
