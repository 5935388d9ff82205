"""Closing shows what is still open and asks; a closed incident takes no change until reopened."""

from __future__ import annotations

from playbook.store.database import open_database
from playbook.store.events import list_events
from tests import builders


def opened_with_a_stranger(run_playbook, tmp_path) -> str:
    sent = builders.report_to_stranger(tmp_path / "mail")
    created = run_playbook("new", "--title", "Report to a stranger", "--from", str(sent), "--json")
    assert created.code == 0, created.err
    return created.json()["id"]


def test_closing_lists_what_is_open_and_refuses_without_a_choice(run_playbook, tmp_path):
    incident = opened_with_a_stranger(run_playbook, tmp_path)
    refused = run_playbook("close", incident, "--lessons", "Check the address")
    assert refused.code == 1
    assert "1 of 1 outside recipient have not confirmed deletion" in refused.err
    assert "checklist items still open" in refused.err
    assert "Not yet decided: whether to tell the ICO and whether to tell the people" in refused.err
    assert "--despite-outstanding" in refused.err
    assert run_playbook("show", incident, "--json").json()["status"] == "open"
    closed = run_playbook(
        "close", incident, "--lessons", "Check the address", "--despite-outstanding"
    )
    assert closed.code == 0, closed.err
    assert "Closing with these still open" in closed.out
    log = run_playbook("report", incident, "log")
    assert log.code == 0, log.err
    assert "1 of 1 outside recipient have not confirmed deletion" in log.out


def test_a_closed_incident_refuses_changes_until_it_is_reopened(run_playbook, tmp_path, db_path):
    incident = opened_with_a_stranger(run_playbook, tmp_path)
    assert run_playbook("close", incident, "--lessons", "x", "--despite-outstanding").code == 0
    for change in (
        ("contain", incident, "--done", "forwards"),
        ("note", incident, "Called them"),
        ("assess", incident, "--set", "encrypted=no"),
        ("decide", incident, "ico", "no", "--why", "low risk", "--by", "DPO"),
    ):
        refused = run_playbook(*change)
        assert refused.code == 1, change
        assert f"{incident} is closed" in refused.err and "reopen" in refused.err
    no_reason = run_playbook("reopen", incident, "--why", " ")
    assert no_reason.code == 1
    reopened = run_playbook("reopen", incident, "--why", "The recipient wrote back", "--by", "Sam")
    assert reopened.code == 0, reopened.err
    assert run_playbook("contain", incident, "--done", "forwards").code == 0
    events = list_events(open_database(db_path), incident)
    assert [event.kind for event in events[-3:]] == [
        "incident.closed",
        "incident.reopened",
        "checklist.item",
    ]
    assert events[-2].author == "Sam" and events[-2].data == {"why": "The recipient wrote back"}
    assert run_playbook("verify").code == 0
