"""Containment on a real database, with real imported messages shaped like the incidents."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from playbook.assessing.facts import record_facts
from playbook.config import Config
from playbook.domain.errors import NotFound, Refused
from playbook.intake.importing import import_file
from playbook.store.containment import (
    load_checklist,
    request_all_external,
    set_item_state,
    set_recipient_status,
    set_recipient_trust,
)
from playbook.store.events import list_events, verify_timelines
from playbook.store.facts import load_facts
from playbook.store.incidents import create_incident
from playbook.store.messages import load_recipients
from tests.builders import (
    build_message,
    council_tenant_survey,
    engagement_scheme_418,
    report_to_stranger,
    staff_files_to_contractor,
    write_eml,
)

NOW = datetime(2026, 10, 19, 12, 0, tzinfo=UTC)
STRANGER = "member.public@homemail.example"
CONTRACTOR = "bids@contractor.example"
FORCES = Config(internal_domains=["force-b.police.example", "force-c.police.example"])


def incident_from(db, *paths: Path, config: Config | None = None) -> str:
    incident = create_incident(
        db, title="Sent to the wrong people", aware_at=NOW, now=NOW, author="Dana"
    )
    for path in paths:
        import_file(db, incident.id, path, config=config or Config(), author="Dana", now=NOW)
    return incident.id


def all_internal(folder: Path) -> Path:
    message = build_message(
        sender="hr.officer@council.example",
        to=["team.lead@council.example", "payroll@council.example"],
        cc=["deputy@council.example"],
        subject="Grievance notes",
        body="Notes attached in the body.\r\n",
        message_id="<grievance@council.example>",
    )
    return write_eml(message, folder / "internal.eml")


def keys(db, incident_id: str) -> list[str]:
    return [item.key for item in load_checklist(db, incident_id, now=NOW)]


def snapshot(db) -> tuple:
    return tuple(
        list(db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall())
        for table in ("events", "recipients", "checklist", "facts")
    )


def test_checklist_for_an_all_internal_misdirect(db, tmp_path):
    incident_id = incident_from(db, all_internal(tmp_path))
    assert keys(db, incident_id) == ["recall", "purge", "forwards", "assess"]
    recall = load_checklist(db, incident_id, now=NOW)[0]
    assert "3 internal" in recall.title and "'Recall:'" not in recall.detail


def test_checklist_for_one_stranger(db, tmp_path):
    incident_id = incident_from(db, report_to_stranger(tmp_path))
    assert keys(db, incident_id) == ["deletion_requests", "phone", "forwards", "assess"]


def test_checklist_for_hundreds_in_cc_warns_that_recall_reaches_outsiders(db, tmp_path):
    incident_id = incident_from(db, council_tenant_survey(tmp_path, personal=120, at_work=8))
    items = {item.key: item for item in load_checklist(db, incident_id, now=NOW)}
    assert list(items) == ["recall", "purge", "deletion_requests", "phone", "forwards", "assess"]
    assert "128 outside recipients would get a 'Recall:' message" in items["recall"].detail
    assert "each of the 128 external" in items["deletion_requests"].title


def test_checklist_for_a_contractor_with_fraud_enabling_files_suggests_the_police(db, tmp_path):
    incident_id = incident_from(db, staff_files_to_contractor(tmp_path, staff=30), config=FORCES)
    assert load_facts(db, incident_id)["fraud_enabling"].value is True
    assert keys(db, incident_id) == [
        "recall",
        "purge",
        "deletion_requests",
        "phone",
        "forwards",
        "police",
        "assess",
    ]


def test_a_reply_all_is_counted_in_the_forwards_item(db, tmp_path):
    original, reply_all = engagement_scheme_418(tmp_path, residents=40)
    incident_id = incident_from(db, original, reply_all)
    forwards = {item.key: item for item in load_checklist(db, incident_id, now=NOW)}["forwards"]
    assert "1 later message already imported" in forwards.detail


def test_marking_an_item_stores_it_and_logs_the_note_as_personal(db, tmp_path):
    incident_id = incident_from(db, report_to_stranger(tmp_path))
    later = NOW + timedelta(minutes=20)
    item = set_item_state(
        db, incident_id, "forwards", "done", note="Mail trace: no forwards", author="Sam", now=later
    )
    assert (item.state, item.at, item.by) == ("done", later, "Sam")
    stored = {i.key: i for i in load_checklist(db, incident_id, now=later)}["forwards"]
    assert (stored.state, stored.at, stored.by, stored.note) == (
        "done",
        later,
        "Sam",
        "Mail trace: no forwards",
    )
    event = list_events(db, incident_id)[-1]
    assert event.kind == "checklist.item"
    assert event.data == {"key": "forwards", "state": "done", "from": "open"}
    assert event.personal == {"note": "Mail trace: no forwards"}
    set_item_state(db, incident_id, "forwards", "open", author="Sam", now=later)
    assert {i.key: i for i in load_checklist(db, incident_id, now=later)}[
        "forwards"
    ].state == "open"


@pytest.mark.parametrize(
    ("key", "state", "note", "error", "match"),
    [
        pytest.param(
            "recall", "done", "", NotFound, "no item 'recall'", id="no-recall-for-a-stranger"
        ),
        pytest.param("assess", "not_applicable", "", Refused, "does not apply", id="na-needs-why"),
        pytest.param("assess", "open", "", Refused, "already open", id="already-open"),
    ],
)
def test_refused_item_changes_write_nothing(db, tmp_path, key, state, note, error, match):
    incident_id = incident_from(db, report_to_stranger(tmp_path))
    before = snapshot(db)
    with pytest.raises(error, match=match):
        set_item_state(db, incident_id, key, state, note=note, author="Sam", now=NOW)
    assert snapshot(db) == before


def test_a_status_change_updates_the_row_logs_it_and_records_deletion(db, tmp_path):
    incident_id = incident_from(db, report_to_stranger(tmp_path))
    asked = NOW + timedelta(hours=1)
    change = set_recipient_status(
        db, incident_id, STRANGER.upper(), "requested", author="Sam", now=asked
    )
    assert change.deletion == "unknown" and change.facts_recorded == {"deletion": "unknown"}
    row = db["recipients"].get((incident_id, STRANGER))
    assert (row["status"], row["requested_at"], row["status_at"]) == (
        "requested",
        asked.isoformat(),
        asked.isoformat(),
    )
    answered = asked + timedelta(hours=2)
    change = set_recipient_status(
        db,
        incident_id,
        STRANGER,
        "confirmed",
        how="phone",
        note="Deleted from inbox and deleted items; not forwarded",
        author="Sam",
        now=answered,
    )
    row = db["recipients"].get((incident_id, STRANGER))
    assert (row["status"], row["how"], row["evidence"], row["requested_at"]) == (
        "confirmed",
        "phone",
        "Deleted from inbox and deleted items; not forwarded",
        asked.isoformat(),
    )
    assert change.deletion_recorded and change.deletion == "confirmed"
    deletion = load_facts(db, incident_id)["deletion"]
    assert (deletion.value, deletion.source, deletion.set_by) == ("confirmed", "confirmed", "Sam")
    status_events = [e for e in list_events(db, incident_id) if e.kind == "recipient.status"]
    assert [e.data["status"] for e in status_events] == ["requested", "confirmed"]
    assert status_events[-1].personal["address"] == STRANGER
    assert all("@" not in json.dumps(e.data) for e in list_events(db, incident_id))
    assert verify_timelines(db)[1] is None


def test_deletion_is_recorded_only_when_its_value_changes(db, tmp_path):
    original, _ = engagement_scheme_418(tmp_path, residents=3)
    incident_id = incident_from(db, original)
    addresses = [recipient.address for recipient in load_recipients(db, incident_id)]
    request_all_external(db, incident_id, author="Sam", now=NOW)
    fact_events = lambda: [e for e in list_events(db, incident_id) if e.kind == "facts.set"]  # noqa: E731
    count = len(fact_events())
    change = set_recipient_status(
        db, incident_id, addresses[0], "acknowledged", author="Sam", now=NOW
    )
    assert change.facts_recorded == {} and len(fact_events()) == count
    change = set_recipient_status(
        db, incident_id, addresses[0], "confirmed", how="email", author="Sam", now=NOW
    )
    assert change.facts_recorded == {"deletion": "partial"}
    change = set_recipient_status(db, incident_id, addresses[1], "refused", author="Sam", now=NOW)
    assert change.facts_recorded == {} and change.deletion == "partial"


def test_a_refusal_with_no_confirmation_means_deletion_none(db, tmp_path):
    incident_id = incident_from(db, report_to_stranger(tmp_path))
    set_recipient_status(db, incident_id, STRANGER, "requested", author="Sam", now=NOW)
    change = set_recipient_status(db, incident_id, STRANGER, "refused", author="Sam", now=NOW)
    assert change.facts_recorded == {"deletion": "none"}


FEW_STAFF_FACTS = {
    "breach_types": ["confidentiality"],
    "categories": ["basic_identifiers", "financial"],  # staff files carry pay and bank details
    "subjects": ["employees"],
    "people": 50,
    "records": 50,
    "context_sensitive": False,
    "fraud_enabling": False,
    "encrypted": False,
    "malicious": False,
    "forwarded": False,
    "hostile_recipient": False,
    "published": "no",
    "consequences": ["distress"],
}


def contractor_incident(db, folder: Path) -> str:
    incident_id = incident_from(db, staff_files_to_contractor(folder, staff=50), config=FORCES)
    record_facts(db, incident_id, FEW_STAFF_FACTS, source="confirmed", author="Dana", at=NOW)
    return incident_id


def test_confirmed_deletion_by_a_trusted_contractor_changes_the_outcome(db, tmp_path):
    incident_id = contractor_incident(db, tmp_path)
    trust = set_recipient_trust(db, incident_id, CONTRACTOR, "trusted", author="Dana", now=NOW)
    assert trust.facts_recorded == {"recipient_trust": "trusted"}
    assert db["recipients"].get((incident_id, CONTRACTOR))["trust"] == "trusted"
    assert not trust.outcome_changed  # deletion is not confirmed yet
    set_recipient_status(db, incident_id, CONTRACTOR, "requested", author="Dana", now=NOW)
    change = set_recipient_status(
        db,
        incident_id,
        CONTRACTOR,
        "confirmed",
        how="letter",
        note="NDA; deleted",
        author="Dana",
        now=NOW,
    )
    assert (change.outcome_before, change.outcome_after) == ("notify_ico", "record_only")
    assert change.outcome_changed


def test_a_trust_change_can_change_the_outcome_too(db, tmp_path):
    incident_id = contractor_incident(db, tmp_path)
    set_recipient_status(db, incident_id, CONTRACTOR, "requested", author="Dana", now=NOW)
    set_recipient_status(
        db, incident_id, CONTRACTOR, "confirmed", how="email", author="Dana", now=NOW
    )
    change = set_recipient_trust(db, incident_id, CONTRACTOR, "trusted", author="Dana", now=NOW)
    assert (change.outcome_before, change.outcome_after) == ("notify_ico", "record_only")
    event = [e for e in list_events(db, incident_id) if e.kind == "recipient.trust"][-1]
    assert event.data == {"from": "unknown", "trust": "trusted", "kind": "external_org"}
    assert event.personal == {"address": CONTRACTOR}


def test_request_all_external_marks_only_outsiders_not_yet_contacted_in_one_event(db, tmp_path):
    original, reply_all = engagement_scheme_418(tmp_path)
    incident_id = incident_from(db, original, reply_all)
    first = load_recipients(db, incident_id)[0].address
    set_recipient_status(db, incident_id, first, "requested", author="Sam", now=NOW)
    set_recipient_status(db, incident_id, first, "confirmed", how="email", author="Sam", now=NOW)
    later = NOW + timedelta(hours=1)
    change = request_all_external(db, incident_id, note="sent one by one", author="Sam", now=later)
    recipients = load_recipients(db, incident_id)
    internal = [r for r in recipients if r.kind == "internal"]
    # 418 residents and the newsdesk the reply-all reached, less the one already confirmed
    assert len(change.changed) == 418
    assert {r.status for r in internal} == {"not_contacted"}
    assert sum(r.status == "requested" for r in recipients) == len(change.changed)
    assert {r.status_at for r in recipients if r.status == "requested"} == {later}
    event = list_events(db, incident_id)[-1]
    assert event.data == {"from": "not_contacted", "status": "requested", "count": 418}
    assert event.personal["addresses"] == [r.address for r in change.changed]
    assert event.personal["note"] == "sent one by one"
    assert change.facts_recorded == {} and change.deletion == "partial"
    again = request_all_external(db, incident_id, author="Sam", now=later)
    assert again.changed == () and again.facts_recorded == {}


def test_request_all_external_refuses_when_everyone_is_internal(db, tmp_path):
    incident_id = incident_from(db, all_internal(tmp_path))
    before = snapshot(db)
    with pytest.raises(Refused, match="no external recipients"):
        request_all_external(db, incident_id, author="Sam", now=NOW)
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("address", "status", "how", "error", "match"),
    [
        pytest.param(
            "nobody@nowhere.example",
            "requested",
            None,
            NotFound,
            "no recipient",
            id="unknown-address",
        ),
        pytest.param(
            STRANGER, "acknowledged", None, Refused, "cannot become acknowledged", id="skip-request"
        ),
        pytest.param(
            STRANGER, "not_contacted", None, Refused, "already not contacted", id="same-status"
        ),
    ],
)
def test_refused_status_changes_write_nothing_and_name_nobody(
    db, tmp_path, address, status, how, error, match
):
    incident_id = incident_from(db, report_to_stranger(tmp_path))
    before = snapshot(db)
    with pytest.raises(error, match=match) as raised:
        set_recipient_status(db, incident_id, address, status, how=how, author="Sam", now=NOW)
    assert "@" not in str(raised.value)
    assert snapshot(db) == before


def test_the_phone_item_counts_recipients_due_a_phone_call(db, tmp_path):
    incident_id = incident_from(db, report_to_stranger(tmp_path))
    set_recipient_status(db, incident_id, STRANGER, "requested", author="Sam", now=NOW)
    phone = lambda now: {i.key: i for i in load_checklist(db, incident_id, now=now)}["phone"]  # noqa: E731
    assert "due a phone call" not in phone(NOW + timedelta(hours=23)).detail
    assert phone(NOW + timedelta(hours=24)).detail.startswith("1 recipient is due a phone call")
