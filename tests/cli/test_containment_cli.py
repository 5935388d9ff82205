"""`playbook contain` and `playbook recipient`, through main() and one real subprocess."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests import builders
from tests.conftest import FIXED_NOW, LONDON

STRANGER = "member.public@homemail.example"
CONTRACTOR = "bids@contractor.example"


@pytest.fixture
def stranger(cli, tmp_path) -> str:
    """S2: an incident whose report went to one member of the public."""
    path = builders.report_to_stranger(tmp_path / "mail")
    created = cli("new", "--title", "Report sent to a stranger", "--from", str(path), "--json")
    assert created.code == 0, created.err
    return created.json()["id"]


@pytest.fixture
def residents(cli, tmp_path) -> str:
    """S5 in small: residents in To, then the reply-all that reached the comms team and a newsdesk."""
    original, reply_all = builders.engagement_scheme_418(tmp_path / "mail", residents=12)
    created = cli(
        "new",
        "--title",
        "Residents in To",
        "--from",
        str(original),
        "--from",
        str(reply_all),
        "--json",
    )
    assert created.code == 0, created.err
    return created.json()["id"]


def set_now(monkeypatch, moment) -> None:
    monkeypatch.setenv("PLAYBOOK_NOW", moment.isoformat())


def test_contain_json_lists_the_checklist_and_recipients(cli, stranger):
    shown = cli("contain", stranger, "--json")
    assert shown.code == 0, shown.err
    data = shown.json()
    assert [item["key"] for item in data["checklist"]] == [
        "deletion_requests",
        "phone",
        "forwards",
        "assess",
    ]
    assert {item["state"] for item in data["checklist"]} == {"open"}
    assert set(data["checklist"][0]) >= {"key", "title", "state"}
    [recipient] = data["recipients"]
    assert {key: recipient[key] for key in ("address", "field", "kind", "trust", "status")} == {
        "address": STRANGER,
        "field": "to",
        "kind": "external_personal",
        "trust": "unknown",
        "status": "not_contacted",
    }
    assert recipient["chase_due"] is None
    assert data["deletion"] == "unknown"


def test_requests_then_chasers_overdue_first_in_local_time(cli, residents, monkeypatch):
    requested = cli("recipient", residents, "--all-external", "--status", "requested")
    assert requested.code == 0, requested.err
    assert "13 external recipients marked requested." in requested.out
    first = cli("contain", residents, "--json").json()["recipients"]
    due = (FIXED_NOW + timedelta(hours=4)).astimezone(LONDON).isoformat()
    assert {r["chase_due"] for r in first if r["kind"] != "internal"} == {due}
    assert {r["chase_due"] for r in first if r["kind"] == "internal"} == {None}

    # One resident answers two hours later and acknowledges; the others are chased first.
    set_now(monkeypatch, FIXED_NOW + timedelta(hours=2))
    answered = first[5]["address"]
    assert cli("recipient", residents, answered, "--status", "acknowledged").code == 0
    set_now(monkeypatch, FIXED_NOW + timedelta(hours=5))
    later = cli("contain", residents, "--json").json()["recipients"]
    assert [r["chase_overdue"] for r in later[:12]] == [True] * 12
    assert later[12]["address"] == answered
    assert (later[12]["chase"], later[12]["chase_overdue"]) == ("email", False)
    # 2026-10-25 after the clock change: GMT, so +00:00; the acknowledgement's chase is at 18:00.
    assert later[12]["chase_due"] == "2026-10-25T18:00:00+00:00"
    text = cli("contain", residents)
    assert text.code == 0
    lines = text.out.splitlines()
    assert "email chase overdue by 1h 00m" in lines[-4]
    assert answered in lines[-3] and "acknowledged" in lines[-3]
    assert "email chase at 2026-10-25 18:00 GMT" in lines[-3]


def test_confirming_records_how_and_evidence_and_moves_deletion(cli, stranger):
    assert cli("recipient", stranger, STRANGER, "--status", "requested").code == 0
    confirmed = cli(
        "recipient",
        stranger,
        STRANGER,
        "--status",
        "confirmed",
        "--how",
        "phone",
        "--note",
        "Deleted from inbox and deleted items; not forwarded",
        "--by",
        "Sam",
        "--json",
    )
    assert confirmed.code == 0, confirmed.err
    data = confirmed.json()
    assert data["deletion"] == "confirmed"
    assert data["facts_recorded"] == {"deletion": "confirmed"}
    [recipient] = data["changed"]
    assert (recipient["status"], recipient["how"], recipient["evidence"]) == (
        "confirmed",
        "phone",
        "Deleted from inbox and deleted items; not forwarded",
    )
    shown = cli("contain", stranger, "--json").json()
    assert shown["recipients"][0]["status"] == "confirmed"
    assert shown["deletion"] == "confirmed"


def test_a_change_that_alters_the_outcome_suggests_reassessing(cli, tmp_path):
    (tmp_path / "config.toml").write_text(
        'internal_domains = ["force-b.police.example", "force-c.police.example"]\n'
    )
    path = builders.staff_files_to_contractor(tmp_path / "mail", staff=50)
    incident_id = cli("new", "--title", "Staff files", "--from", str(path), "--json").json()["id"]
    facts = [
        "breach_types=confidentiality",
        "categories=basic_identifiers,financial",
        "subjects=employees",
        "people=50",
        "context_sensitive=no",
        "fraud_enabling=no",
        "encrypted=no",
        "malicious=no",
        "forwarded=no",
        "hostile_recipient=no",
        "published=no",
        "consequences=distress",
    ]
    assessed = cli("assess", incident_id, *[arg for fact in facts for arg in ("--set", fact)])
    assert assessed.code == 0, assessed.err
    assert cli("recipient", incident_id, CONTRACTOR, "--trust", "trusted").code == 0
    assert cli("recipient", incident_id, CONTRACTOR, "--status", "requested").code == 0
    confirmed = cli(
        "recipient", incident_id, CONTRACTOR, "--status", "confirmed", "--how", "letter"
    )
    assert confirmed.code == 0, confirmed.err
    assert "The deletion fact is now confirmed." in confirmed.out
    assert (
        "This changes the likely outcome from notify_ico to record_only; "
        f"reassess with `playbook assess {incident_id}`." in confirmed.out
    )


def test_checklist_items_are_marked_and_reopened(cli, stranger):
    done = cli("contain", stranger, "--done", "forwards", "--note", "trace: none", "--by", "Sam")
    assert (done.code, done.out.strip()) == (0, "Checklist item 'forwards' is now done.")
    item = cli("contain", stranger, "--json").json()["checklist"][2]
    assert (item["key"], item["state"], item["by"], item["note"]) == (
        "forwards",
        "done",
        "Sam",
        "trace: none",
    )
    assert item["at"] == FIXED_NOW.isoformat()
    text = cli("contain", stranger).out
    assert "[x] forwards" in text and "by Sam: trace: none" in text
    assert cli("contain", stranger, "--reopen", "forwards").code == 0
    assert cli("contain", stranger, "--json").json()["checklist"][2]["state"] == "open"
    skipped = cli("contain", stranger, "--not-applicable", "assess", "--note", "assessed by DPO")
    assert skipped.code == 0
    assert "[-] assess" in cli("contain", stranger).out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        pytest.param(
            ["recipient", "{id}", STRANGER, "--status", "acknowledged"],
            1,
            "cannot become acknowledged; the next step is one of: requested.",
            id="impossible-move",
        ),
        pytest.param(
            ["recipient", "{id}", "nobody@else.example", "--status", "requested"],
            1,
            "no recipient with that address",
            id="unknown-address",
        ),
        pytest.param(
            ["recipient", "{id}", STRANGER, "--status", "requested", "--how", "email"],
            2,
            "--how goes with --status confirmed",
            id="how-without-confirmed",
        ),
        pytest.param(
            ["recipient", "{id}", "--all-external", "--status", "confirmed"],
            2,
            "--all-external goes only with --status requested",
            id="bulk-confirm",
        ),
        pytest.param(
            ["recipient", "{id}", STRANGER, "--all-external", "--status", "requested"],
            2,
            "give one ADDRESS, or --all-external",
            id="address-and-bulk",
        ),
        pytest.param(
            ["recipient", "{id}", STRANGER, "--status", "deleted"],
            2,
            "invalid choice",
            id="unknown-status",
        ),
        pytest.param(
            ["contain", "{id}", "--done", "recall"],
            1,
            "no item 'recall'",
            id="no-recall-item-for-a-stranger",
        ),
        pytest.param(
            ["contain", "{id}", "--not-applicable", "assess"],
            1,
            "does not apply, in a note",
            id="not-applicable-needs-why",
        ),
        pytest.param(
            ["contain", "{id}", "--note", "hello"],
            2,
            "--note goes with --done",
            id="note-alone",
        ),
    ],
)
def test_bad_requests_say_why_and_change_nothing(cli, stranger, args, code, message):
    before = cli("export", stranger).out
    result = cli(*[arg.format(id=stranger) for arg in args])
    assert result.code == code
    assert message in result.err
    assert "homemail" not in result.err and "else.example" not in result.err
    assert cli("export", stranger).out == before


def test_confirming_without_how_is_refused(cli, stranger):
    assert cli("recipient", stranger, STRANGER, "--status", "requested").code == 0
    before = cli("export", stranger).out
    refused = cli("recipient", stranger, STRANGER, "--status", "confirmed")
    assert refused.code == 1
    assert "needs how it was confirmed: email, phone, letter, in_person." in refused.err
    assert cli("export", stranger).out == before


def test_contain_runs_as_a_real_command(run_playbook, tmp_path):
    path = builders.report_to_stranger(tmp_path / "mail")
    created = run_playbook("new", "--title", "Stranger", "--from", str(path), "--json")
    assert created.code == 0, created.err
    incident_id = created.json()["id"]
    shown = run_playbook("contain", incident_id)
    assert shown.code == 0, shown.err
    assert "[ ] deletion_requests" in shown.out
    assert "Deletion: unknown" in shown.out
    assert STRANGER in shown.out
