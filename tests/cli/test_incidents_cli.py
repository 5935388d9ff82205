"""The incident commands as a user or a script runs them."""

import json
import sqlite3

import pytest

INCIDENT_KEYS = {
    "id",
    "title",
    "status",
    "regime",
    "reporter",
    "occurred_at",
    "discovered_at",
    "aware_at",
    "deadline",
    "time_left_seconds",
    "clock_state",
    "closed_at",
}


def test_new_prints_the_incident_with_its_deadline_as_json(cli):
    result = cli("new", "--title", "Tenant survey in Cc", "--aware", "2026-10-24 09:30", "--json")
    assert result.code == 0, result.err
    incident = result.json()
    assert set(incident) >= INCIDENT_KEYS
    assert incident["id"] == "PB-2026-0001"
    assert incident["aware_at"] == "2026-10-24T08:30:00+00:00"  # 09:30 BST, in UTC
    assert incident["deadline"] == "2026-10-27T08:30:00+00:00"
    # FIXED_NOW is 2026-10-25 12:00 UTC: 44.5 hours left.
    assert incident["time_left_seconds"] == 44 * 3600 + 30 * 60
    assert incident["clock_state"] == "ok"


def test_aware_defaults_to_now(cli):
    incident = cli("new", "--title", "Found just now", "--json").json()
    assert incident["time_left_seconds"] == 72 * 3600


def test_new_in_words_shows_the_deadline_in_local_time(cli):
    result = cli("new", "--title", "Report to a stranger", "--aware", "yesterday 14:00")
    assert result.code == 0
    # The clocks went back on 25 October: 72 elapsed hours end an hour earlier on the wall.
    assert "aware       2026-10-24 14:00 BST" in result.out
    assert "deadline    2026-10-27 13:00 GMT" in result.out


def test_list_json_gives_every_incident_and_filters(cli):
    cli("new", "--title", "First", "--aware", "3 days ago")
    cli("new", "--title", "Second")
    cli("close", "PB-2026-0001", "--lessons", "Bcc by default", "--despite-outstanding")
    everything = cli("list", "--json").json()
    assert [i["id"] for i in everything] == ["PB-2026-0002", "PB-2026-0001"]
    assert all(set(i) >= INCIDENT_KEYS for i in everything)
    assert [i["id"] for i in cli("list", "--status", "open", "--json").json()] == ["PB-2026-0002"]
    closed = cli("list", "--status", "closed", "--json").json()
    assert closed[0]["status"] == "closed" and closed[0]["clock_state"] == "overdue"


def test_list_for_people_shows_clock_and_title(cli):
    cli("new", "--title", "Spreadsheet attached", "--aware", "70 hours ago")
    out = cli("list").out
    assert "PB-2026-0001" in out and "2h 00m left" in out and "Spreadsheet attached" in out


def test_show_note_close_and_verify(cli):
    cli("new", "--title", "Five files to a contractor")
    assert cli("note", "PB-2026-0001", "Contractor confirmed deletion by phone").code == 0
    closed = cli(
        "close",
        "pb-2026-0001",
        "--lessons",
        "Share only what the talks need",
        "--despite-outstanding",
    )
    assert closed.code == 0
    assert cli("show", "PB-2026-0001", "--json").json()["status"] == "closed"
    verified = cli("verify")
    assert verified.code == 0 and "3 events checked" in verified.out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["new", "--title", "x", "--aware", "tomorrow 9am"], "in the future"),
        (["new", "--title", "x", "--aware", "blah"], "not a time"),
        (["new", "--title", "x", "--aware", "2099-01-01 10:00"], "in the future"),
        (["new", "--title", "  "], "needs a title"),
        (["show", "PB-2026-0042"], "no incident PB-2026-0042"),
        (["note", "PB-2026-0042", "text"], "no incident"),
        (["close", "PB-2026-0042", "--lessons", "x"], "no incident"),
    ],
)
def test_refused_commands_say_why_in_one_line_and_write_nothing(cli, db_path, args, says):
    result = cli(*args)
    assert result.code == 1
    assert says in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert cli("list", "--json").json() == []


def test_usage_errors_exit_2(cli):
    assert cli("new").code == 2
    assert cli("list", "--status", "pending").code == 2
    assert cli("frobnicate").code == 2


def test_export_import_export_is_identical_in_both_formats(cli, tmp_path, monkeypatch):
    cli("new", "--title", "Survey in Cc", "--reporter", "Service desk", "--aware", "2 hours ago")
    cli("note", "PB-2026-0001", "Recall failed")
    for fmt in ("json", "toml"):
        exported = cli("export", "PB-2026-0001", "--format", fmt).out
        path = tmp_path / f"export.{fmt}"
        path.write_text(exported)
        monkeypatch.setenv("PLAYBOOK_DB", str(tmp_path / f"empty-{fmt}.db"))
        assert cli("import-incident", str(path)).code == 0
        assert cli("export", "PB-2026-0001", "--format", fmt).out == exported
        assert cli("verify").code == 0


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "is empty"),
        (b"\x00\xff\x00binary", "cannot be read"),
        (b"{not json", "neither valid JSON nor valid TOML"),
    ],
)
def test_import_incident_refuses_bad_files(cli, tmp_path, content, says):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = cli("import-incident", str(path))
    assert result.code == 1 and says in result.err


def test_verify_names_the_first_event_edited_by_hand(cli, db_path):
    cli("new", "--title", "Survey")
    cli("note", "PB-2026-0001", "one")
    cli("note", "PB-2026-0001", "two")
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE events SET author = 'someone else' WHERE seq = 2")
    connection.commit()
    connection.close()
    result = cli("verify")
    assert result.code == 1
    assert "PB-2026-0001 is broken at event 2" in result.err


def test_init_writes_a_config_and_refuses_to_overwrite(cli, tmp_path):
    assert cli("init").code == 0
    assert (tmp_path / "config.toml").exists()
    again = cli("init")
    assert again.code == 1 and "--force" in again.err
    assert cli("init", "--force").code == 0


def test_a_bad_config_is_one_sentence_naming_the_key(cli, tmp_path):
    (tmp_path / "config.toml").write_text('timezone = "Europe/London"\ncolour = "red"\n')
    result = cli("list")
    assert result.code == 1 and "'colour'" in result.err and "config.toml" in result.err


def test_an_unknown_timezone_in_config_is_a_clear_error(cli, tmp_path):
    (tmp_path / "config.toml").write_text('timezone = "Europe/Atlantis"\n')
    result = cli("new", "--title", "x", "--json")
    assert result.code == 1 and "Europe/Atlantis" in result.err
    (tmp_path / "config.toml").unlink()
    assert cli("list", "--json").json() == []


def test_version(run_playbook):
    result = run_playbook("--version")
    assert result.code == 0 and result.out.startswith("playbook ")


def test_the_json_is_valid_for_scripts(run_playbook):
    created = run_playbook("new", "--title", "Subprocess", "--json")
    assert created.code == 0, created.err
    assert json.loads(created.out)["id"] == "PB-2026-0001"


def test_printable_shows_control_characters_as_escapes():
    from playbook.cli.output import printable

    assert printable("a\x00b\nc\x1b[31m@example.org") == "a\\x00b\\x0ac\\x1b[31m@example.org"
    assert printable("zoë@example.org") == "zoë@example.org"


def test_new_and_show_give_the_same_times_to_the_second(run_playbook):
    created = run_playbook(
        "new", "--title", "Now", "--json", env={"PLAYBOOK_NOW": "2026-10-25T12:00:00.123456+00:00"}
    )
    shown = run_playbook("show", "PB-2026-0001", "--json")
    assert created.json()["aware_at"] == shown.json()["aware_at"] == "2026-10-25T12:00:00+00:00"


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (
            "UPDATE incidents SET aware_at = '2026-10-25T11:00:00+00:00'",
            "aware_at is not what it recorded",
        ),
        ("UPDATE incidents SET title = 'Nothing happened'", "title is not what it recorded"),
        (
            "UPDATE incidents SET status = 'closed', closed_at = aware_at",
            "no event records that closing",
        ),
    ],
    ids=["clock-moved-later", "title-rewritten", "closed-without-an-event"],
)
def test_verify_finds_an_incident_row_edited_by_hand(cli, db_path, edit, says):
    cli("new", "--title", "Survey", "--aware", "2026-10-24 09:30")
    assert cli("verify").code == 0
    connection = sqlite3.connect(db_path)
    connection.execute(edit)
    connection.commit()
    connection.close()
    result = cli("verify")
    assert result.code == 1
    assert says in result.err


def test_verify_finds_a_closed_incident_reopened_by_hand(cli, db_path):
    cli("new", "--title", "Survey")
    cli("close", "PB-2026-0001", "--lessons", "Bcc by default", "--despite-outstanding")
    assert cli("verify").code == 0
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE incidents SET status = 'open', closed_at = NULL")
    connection.commit()
    connection.close()
    result = cli("verify")
    assert result.code == 1 and "marked open" in result.err
