"""`new --from`, `import` and what `show` prints about imported messages."""

from __future__ import annotations

import sqlite3

from tests.builders import (
    S4_AT_WORK,
    S4_PERSONAL,
    S5_RESIDENTS,
    council_tenant_survey,
    engagement_scheme_418,
    students_union_spreadsheet,
)

IMPORT_KEYS = {
    "messages", "recipients", "exposed_addresses", "people", "records", "attachments", "facts",
    "warnings", "people_linked",
}  # fmt: skip


def test_new_from_a_message_opens_the_incident_with_what_it_shows(cli, tmp_path):
    path = council_tenant_survey(tmp_path)

    result = cli("new", "--title", "Tenant survey in Cc", "--from", str(path), "--json")

    assert result.code == 0, result.err
    shown = result.json()
    assert set(shown) >= IMPORT_KEYS
    assert shown["occurred_at"] == "2026-10-19T09:15:00+00:00"  # taken from the message
    assert shown["exposed_addresses"] == S4_PERSONAL
    assert (shown["people"], shown["records"]) == (S4_PERSONAL, S4_PERSONAL)
    assert len(shown["recipients"]) == 1 + S4_PERSONAL + S4_AT_WORK
    assert set(shown["recipients"][1]) >= {"address", "name", "field", "kind", "trust", "status"}
    assert shown["recipients"][1]["field"] == "cc"
    [message] = shown["messages"]
    assert set(message) >= {"subject", "sender", "sent_at", "message_id"}
    assert message["bcc_known"] is False
    assert shown["facts"]["categories"]["value"] == ["basic_identifiers"]
    assert shown["facts"]["categories"]["source"] == "detected"
    assert shown["warnings"] == []


def test_new_from_two_files_imports_both_in_order(cli, tmp_path):
    original, reply = engagement_scheme_418(tmp_path)

    shown = cli(
        "new", "--title", "418 in To", "--from", str(original), "--from", str(reply), "--json"
    ).json()

    assert [m["relation"] for m in shown["messages"]] == ["original", "reply"]
    assert shown["facts"]["forwarded"]["value"] is True
    assert shown["exposed_addresses"] == S5_RESIDENTS


def test_new_with_a_bad_file_leaves_nothing_not_even_the_incident(cli, tmp_path, db_path):
    good = council_tenant_survey(tmp_path)
    bad = tmp_path / "notes.txt"
    bad.write_text("Nothing useful here.\n")

    result = cli("new", "--title", "Survey", "--from", str(good), "--from", str(bad))

    assert result.code == 1
    assert result.err == (
        "playbook: notes.txt is not an email message (it has no From, To, Date or Subject line) "
        "and is not a list of addresses; save the message from the mail client as .eml or .msg "
        "and import that.\n"
    )
    assert cli("list", "--json").json() == []
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM events").fetchone() == (0,)


def test_new_refuses_the_same_message_twice_and_keeps_nothing(cli, tmp_path):
    path = council_tenant_survey(tmp_path)

    result = cli("new", "--title", "Survey", "--from", str(path), "--from", str(path))

    assert result.code == 1 and "already imported" in result.err
    assert cli("list", "--json").json() == []


def test_import_adds_a_later_message(cli, tmp_path):
    original, reply = engagement_scheme_418(tmp_path)
    cli("new", "--title", "418 in To", "--from", str(original))

    result = cli("import", "PB-2026-0001", str(reply))

    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == (
        "Imported message 2 into PB-2026-0001 (a reply: a further disclosure)."
    )
    assert f"  recipients   {S5_RESIDENTS + 3} (3 new)" in result.out
    assert "forwarded" in result.out


def test_import_json(cli, tmp_path):
    cli("new", "--title", "Spreadsheet")

    report = cli(
        "import", "pb-2026-0001", str(students_union_spreadsheet(tmp_path, holders=50)), "--json"
    ).json()

    assert (report["position"], report["people"], report["records"], report["bcc_known"]) == (
        1,
        50,
        50,
        True,
    )
    assert report["facts"]["fraud_enabling"] is True
    assert {"fact": "subjects", "value": "children"} not in [
        {k: s[k] for k in ("fact", "value")} for s in report["suggestions"]
    ]


def test_show_for_people_lists_messages_counts_files_and_facts(cli, tmp_path):
    cli(
        "new",
        "--title",
        "Spreadsheet",
        "--from",
        str(students_union_spreadsheet(tmp_path, holders=40)),
    )

    out = cli("show", "PB-2026-0001").out

    assert "Messages\n  1  original" in out
    assert "Recipients   41 (40 external personal, 1 internal)" in out
    assert "People       40 affected, 40 records" in out
    assert (
        "1.1  discount_card_holders.csv  40 rows  basic_identifiers, other, fraud-enabling" in out
    )
    assert "fraud_enabling     yes  (detected: confirm with playbook assess)" in out


def test_show_says_when_nothing_was_imported(cli):
    cli("new", "--title", "Phone call only")

    assert (
        "No message imported yet: playbook import PB-2026-0001 FILE"
        in cli("show", "PB-2026-0001").out
    )
    assert cli("show", "PB-2026-0001", "--json").json()["messages"] == []


def test_a_failing_import_prints_one_sentence_and_no_addresses(run_playbook, tmp_path):
    path = students_union_spreadsheet(tmp_path, holders=300)  # 300 addresses in Bcc
    path.write_bytes(path.read_bytes()[:-300])  # cut short inside the attachment
    assert run_playbook("new", "--title", "Survey").code == 0

    result = run_playbook("import", "PB-2026-0001", str(path))

    assert result.code == 1
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert "@" not in result.err
    assert "cut short" in result.err


def test_importing_into_a_missing_incident_fails_cleanly(cli, tmp_path):
    result = cli("import", "PB-2026-0042", str(council_tenant_survey(tmp_path)))

    assert result.code == 1
    assert result.err.startswith("playbook: There is no incident PB-2026-0042")


def test_show_says_how_many_people_were_reached_through_a_recipient_of_the_same_name(cli, tmp_path):
    path = students_union_spreadsheet(tmp_path, holders=12)
    assert cli("new", "--title", "Discount cards", "--from", str(path)).code == 0

    shown = cli("show", "PB-2026-0001").out

    assert (
        "People       12 affected, 12 records; 12 of them found in an attachment and reached at "
        "a recipient's address of the same name"
    ) in shown
    assert cli("show", "PB-2026-0001", "--json").json()["people_linked"] == 12
