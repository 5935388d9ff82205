"""Importing into the database: all or nothing, later messages, sender's copies, traces, facts."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from playbook.assessing.facts import record_facts
from playbook.config import Config
from playbook.domain.errors import NotFound, PlaybookError, Refused
from playbook.runtime.progress import Progress
from playbook.store.events import list_events, verify_timelines
from playbook.store.facts import load_facts
from playbook.store.incidents import close_incident
from playbook.store.messages import load_findings, load_recipients
from tests.builders import (
    Attached,
    build_message,
    council_tenant_survey,
    csv_bytes,
    engagement_scheme_418,
    fictional_people,
    write_eml,
)
from tests.conftest import FIXED_NOW
from tests.mail.cfb import encrypted_office_file
from tests.mail.conftest import database_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def survey(
    tmp_path,
    *,
    name="survey.eml",
    bcc=None,
    attachments=(),
    subject="Survey",
    message_id="<s@council.example>",
    **extra,
):
    return write_eml(
        build_message(
            sender="Survey Team <survey@council.example>",
            to=["survey@council.example"],
            cc=[p.email for p in fictional_people(5)],
            bcc=bcc,
            subject=subject,
            body="Please fill in the survey.",
            message_id=message_id,
            attachments=attachments,
            **extra,
        ),
        tmp_path / name,
    )


class TtyStream(io.StringIO):
    def isatty(self) -> bool:
        return True


BAD_FILES = {
    "empty": b"",
    "binary": bytes(range(256)) * 4,
    "not an email": b"Minutes of the meeting\nNothing to report.\n",
}


@pytest.mark.parametrize("content", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_refused_file_leaves_the_database_unchanged(db, import_into, tmp_path, content):
    import_into(survey(tmp_path))
    before = database_rows(db)
    path = tmp_path / "bad.eml"
    path.write_bytes(content)

    with pytest.raises(PlaybookError):
        import_into(path)

    assert database_rows(db) == before


def test_a_truncated_message_leaves_the_database_unchanged(db, import_into, tmp_path):
    data = csv_bytes(("Email",), [(p.email,) for p in fictional_people(300)])
    path = survey(tmp_path, attachments=[Attached("list.csv", "text/csv", data)])
    path.write_bytes(path.read_bytes()[:-500])
    before = database_rows(db)

    with pytest.raises(PlaybookError, match="cut short"):
        import_into(path)

    assert database_rows(db) == before


def test_unreadable_attachments_are_imported_with_warnings_saying_exactly_what(
    db, incident_id, import_into, tmp_path
):
    big = csv_bytes(("Name", "Email"), [(p.name, p.email) for p in fictional_people(30_000)])
    path = survey(
        tmp_path,
        attachments=[
            Attached("big.csv", "text/csv", big),
            Attached("odd.csv", "text/csv", b"Name\r\n" + bytes(range(0x80, 0x100))),
            Attached("locked.xlsx", XLSX, encrypted_office_file()),
        ],
    )

    report = import_into(path, Config(max_attachment_mb=1))

    assert [warning.split(" ")[1] for warning in report.warnings] == ["1", "2", "3"]
    assert "over the 1 MB limit" in report.warnings[0]
    assert "not readable text" in report.warnings[1]
    assert "password-protected" in report.warnings[2]
    assert load_findings(db, incident_id)[0].warnings == tuple(report.warnings)
    assert "fraud_enabling" not in load_facts(db, incident_id)  # not everything could be read


def test_the_same_message_twice_is_refused(db, import_into, tmp_path):
    path = survey(tmp_path)
    import_into(path)
    before = database_rows(db)

    with pytest.raises(Refused, match=r"already imported \(message 1 of PB-2026-0001\)"):
        import_into(path)

    assert database_rows(db) == before


def test_the_senders_copy_adds_the_bcc_recipients_to_the_received_copy(
    db, incident_id, import_into, tmp_path
):
    received = import_into(survey(tmp_path, name="received.eml"))
    assert received.bcc_known is False

    hidden = [p.email for p in fictional_people(8)[5:]]
    report = import_into(survey(tmp_path, name="sent.eml", bcc=hidden))

    assert (report.position, report.new_message, report.new_recipients) == (1, False, 3)
    assert report.exposed_addresses == received.exposed_addresses  # Bcc shown to nobody
    recipients = {r.address: r for r in load_recipients(db, incident_id)}
    assert [recipients[address].field for address in hidden] == ["bcc"] * 3
    assert load_findings(db, incident_id)[0].bcc_known is True


def test_a_trace_adds_the_addresses_it_lists_to_the_first_message(
    db, incident_id, import_into, tmp_path
):
    import_into(survey(tmp_path))
    trace = tmp_path / "trace.txt"
    trace.write_text("survey@council.example delivered\nnew.person@isp.example delivered\n")

    report = import_into(trace)

    assert (report.format, report.position, report.new_recipients) == ("address_list", 1, 1)
    added = load_recipients(db, incident_id)[-1]
    assert (added.address, added.field, added.message_position) == (
        "new.person@isp.example",
        "bcc",
        1,
    )


def test_a_trace_on_its_own_becomes_the_first_message(db, incident_id, import_into, tmp_path):
    trace = tmp_path / "trace.txt"
    trace.write_text("To: a@homemail.example, b@webmail.example\n")

    report = import_into(trace)

    assert (report.position, report.relation, report.recipients) == (1, "address_list", 2)
    assert report.exposed_addresses == 2  # the list says they were in To together


def test_a_later_message_keeps_each_recipients_containment_status(
    db, incident_id, import_into, tmp_path
):
    original, reply = engagement_scheme_418(tmp_path, residents=6)
    import_into(original)
    first = load_recipients(db, incident_id)[0].address
    db["recipients"].update((incident_id, first), {"status": "confirmed", "how": "phone"})

    import_into(reply)

    again = {r.address: r for r in load_recipients(db, incident_id)}[first]
    assert (again.status, again.how, again.message_position) == ("confirmed", "phone", 1)


def test_a_forward_is_a_further_disclosure_and_an_unrelated_message_is_not(
    db, incident_id, import_into, tmp_path
):
    import_into(survey(tmp_path))
    unrelated = import_into(
        survey(tmp_path, name="b.eml", subject="Bins", message_id="<b@council.example>")
    )
    assert unrelated.relation == "other"
    assert "forwarded" not in load_facts(db, incident_id)

    forward = import_into(survey(tmp_path, name="c.eml", subject="FW: Survey", message_id="<c@x>"))

    assert forward.relation == "forward"
    assert load_facts(db, incident_id)["forwarded"].value is True


def test_detections_never_overwrite_what_the_responder_confirmed(
    db, incident_id, import_into, tmp_path
):
    record_facts(db, incident_id, {"people": 7}, source="confirmed", author="dpo", at=FIXED_NOW)

    report = import_into(council_tenant_survey(tmp_path, personal=12, at_work=0))

    people = load_facts(db, incident_id)["people"]
    assert (people.value, people.source, people.set_by) == (7, "confirmed", "dpo")
    assert "people" not in report.facts and report.people == 12


def test_the_timeline_records_the_import_without_personal_data_in_its_kept_part(
    db, incident_id, import_into, tmp_path
):
    import_into(council_tenant_survey(tmp_path, personal=12, at_work=0))

    event = next(e for e in list_events(db, incident_id) if e.kind == "message.imported")
    assert event.data["recipients"] == 13 and event.data["exposed_addresses"] == 12
    assert "@" not in str(event.data)
    assert event.personal["file"] == "s4_tenant_survey.eml"
    assert [e.kind for e in list_events(db, incident_id)][-1] == "facts.set"
    assert verify_timelines(db)[1] is None


def test_a_large_import_draws_a_progress_bar_on_a_terminal(import_into, tmp_path):
    stream = TtyStream()
    data = csv_bytes(("Name", "Email"), [(p.name, p.email) for p in fictional_people(5000)])

    import_into(
        survey(tmp_path, attachments=[Attached("l.csv", "text/csv", data)]),
        progress=Progress("Importing", 100, stream),
    )

    drawn = stream.getvalue()
    assert drawn.startswith("\rImporting [") and drawn.endswith("] 100/100\n")


def test_a_closed_or_missing_incident_is_refused(db, incident_id, import_into, tmp_path):
    close_incident(
        db, incident_id, "Bcc by default", author="dpo", now=FIXED_NOW + timedelta(hours=1)
    )
    with pytest.raises(Refused, match="is closed"):
        import_into(survey(tmp_path))

    from playbook.intake.importing import import_file

    with pytest.raises(NotFound):
        import_file(
            db, "PB-2026-0999", survey(tmp_path), config=Config(), author="x", now=FIXED_NOW
        )
