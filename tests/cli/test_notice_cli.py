"""`playbook notice`: record how each person was told, list it, and refuse bad input cleanly."""

from __future__ import annotations

import pytest

from playbook.store.database import open_database
from tests.builders import SHEET_TENANTS, survey_with_sheet


@pytest.fixture
def incident(cli, tmp_path) -> str:
    created = cli(
        "new", "--title", "Tenant survey", "--from", str(survey_with_sheet(tmp_path)), "--json"
    )
    assert created.code == 0, created.err
    return created.json()["id"]


def rows_and_events(db_path) -> tuple[int, int]:
    db = open_database(db_path)
    try:
        return db["notices"].count, db["events"].count
    finally:
        db.close()


def test_one_person_then_everyone_without_email_then_the_list(cli, incident):
    told = cli("notice", incident, "ann.archer@gmail.com", "emailed")
    assert told.code == 0, told.err
    assert told.out == f"Recorded emailed for one person in {incident} (record 1).\n"
    posted = cli("notice", incident, "--all-without-email", "posted", "--note", "2nd class")
    assert posted.code == 0, posted.err
    assert posted.out == "Recorded posted for 4 people without an email address.\n"
    called = cli(
        "notice", incident, "bob.baker@hotmail.co.uk", "phoned", "--note", "He had deleted it"
    )
    assert called.code == 0, called.err
    listed = cli("notice", incident, "--list")
    assert listed.code == 0, listed.err
    first, counts, *people = listed.out.splitlines()
    assert first == f"{incident}: Told 6 of 6 people: 1 by email, 4 by letter, 1 by phone."
    assert counts == "emailed 1 · posted 4 · phoned 1"
    assert len(people) == 6 and "Carl Cole" in listed.out


def test_the_list_as_json_has_each_person_s_latest_state_and_the_counts(cli, incident):
    cli("notice", incident, "bob.baker@hotmail.co.uk", "not_reachable", "--reason", "bounced")
    listed = cli("notice", incident, "--list", "--json")
    assert listed.code == 0, listed.err
    shown = listed.json()
    assert (shown["id"], shown["total"], shown["told"]) == (incident, 6, 0)
    assert shown["counts"] == {
        "emailed": 0,
        "posted": 0,
        "phoned": 0,
        "not_reachable": 1,
        "not_told": 0,
        "not_recorded": 5,
    }
    bob = next(person for person in shown["people"] if person["email"] == "bob.baker@hotmail.co.uk")
    assert (bob["state"], bob["reason"], bob["note"]) == ("not_reachable", "bounced", None)
    assert [
        person["name"] for person in shown["people"] if person["email"] is None
    ] == SHEET_TENANTS


@pytest.mark.parametrize(
    ("arguments", "code", "words"),
    [
        (["nobody@example.org", "emailed"], 1, "Nobody among"),
        (["ann.archer@gmail.com", "not_told"], 1, "needs a reason"),
        (["ann.archer@gmail.com", "phoned"], 1, "what was said on the call"),
        (["ann.archer@gmail.com", "texted"], 2, "STATE must be one of"),
        (["ann.archer@gmail.com"], 2, "give PERSON and STATE"),
        (["ann.archer@gmail.com", "--all-without-email", "posted"], 2, "give no PERSON"),
        (["--list", "--reason", "x"], 2, "--list takes only"),
        (["ann.archer@gmail.com", "emailed", "--json"], 2, "--json goes with --list"),
    ],
)
def test_bad_input_is_one_sentence_a_non_zero_exit_and_no_change(
    cli, db_path, incident, arguments, code, words
):
    before = rows_and_events(db_path)
    result = cli("notice", incident, *arguments)
    assert result.code == code
    assert words in result.err and len(result.err.strip().splitlines()) == 1
    assert "ann.archer" not in result.err and "nobody@" not in result.err
    assert rows_and_events(db_path) == before


def test_a_closed_incident_is_refused_until_it_is_reopened(cli, db_path, incident):
    closed = cli("close", incident, "--lessons", "Bcc by default", "--despite-outstanding")
    assert closed.code == 0, closed.err
    before = rows_and_events(db_path)
    refused = cli("notice", incident, "--all-without-email", "posted")
    assert refused.code == 1 and "is closed" in refused.err and "reopen" in refused.err
    assert rows_and_events(db_path) == before
