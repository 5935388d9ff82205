"""The five incidents of domain.md §1, imported from messages shaped like them, with their counts."""

from __future__ import annotations

from collections import Counter

from playbook.config import Config
from playbook.store.facts import load_facts
from playbook.store.messages import (
    exposure_summary,
    load_attachments,
    load_people,
    load_recipients,
)
from tests.builders import (
    S1_HOLDERS,
    S3_STAFF,
    S4_AT_WORK,
    S4_PERSONAL,
    S5_REPLY_NEW,
    S5_RESIDENTS,
    council_tenant_survey,
    engagement_scheme_418,
    report_to_stranger,
    staff_files_to_contractor,
    students_union_spreadsheet,
)


def fact_values(db, incident_id):
    return {key: fact.value for key, fact in load_facts(db, incident_id).items()}


def suggested(report):
    return {(suggestion.fact, suggestion.value) for suggestion in report.suggestions}


def test_s1_the_spreadsheet_of_every_card_holder_sent_to_all_of_them(
    db, incident_id, import_into, tmp_path
):
    report = import_into(students_union_spreadsheet(tmp_path))

    assert report.bcc_known is True
    assert report.recipients == S1_HOLDERS + 1
    assert report.exposed_addresses == 0  # Bcc: the addresses were not shown
    assert (report.people, report.records) == (S1_HOLDERS, S1_HOLDERS)
    assert report.warnings == []
    facts = fact_values(db, incident_id)
    assert facts["fraud_enabling"] is True  # name + date of birth + mobile
    assert facts["categories"] == ["basic_identifiers", "other"]
    assert facts["subjects"] == ["students"]
    assert (facts["people"], facts["records"]) == (S1_HOLDERS, S1_HOLDERS)
    assert ("categories", "racial_ethnic") in suggested(report)  # country of origin: to confirm
    [attachment] = load_attachments(db, incident_id)
    assert attachment.rows == S1_HOLDERS
    assert attachment.columns == (
        "First name", "Surname", "Mobile", "Gender", "Date of birth", "Course", "Country of origin"
    )  # fmt: skip
    person = load_people(db, incident_id)[0]
    assert person.email == ""  # the sheet has no email column: known by name and date of birth
    assert set(person.data_items) >= {"name", "mobile", "date_of_birth", "gender", "nationality"}


def test_s2_a_report_about_pupils_sent_to_a_stranger(db, incident_id, import_into, tmp_path):
    report = import_into(report_to_stranger(tmp_path))

    [recipient] = load_recipients(db, incident_id)
    assert (recipient.kind, recipient.trust, recipient.status) == (
        "external_personal",
        "unknown",
        "not_contacted",
    )
    assert report.exposed_addresses == 0  # the only recipient saw nobody else's address
    assert report.people == 0  # pupils named in free text: the responder counts them
    assert {
        ("subjects", "children"),
        ("categories", "racial_ethnic"),
        ("categories", "criminal"),
    } <= suggested(report)
    facts = fact_values(db, incident_id)
    assert "people" not in facts and "subjects" not in facts  # suggestions are not facts


def test_s3_five_files_on_staff_sent_to_a_contractor(db, incident_id, import_into, tmp_path):
    config = Config(internal_domains=["force-b.police.example", "force-c.police.example"])
    report = import_into(staff_files_to_contractor(tmp_path), config)

    kinds = Counter(recipient.kind for recipient in load_recipients(db, incident_id))
    assert kinds == {"external_org": 1, "internal": 2}
    assert report.exposed_addresses == 0
    assert report.people == S3_STAFF  # the same officer in five files counted once
    assert report.records == 4 * S3_STAFF + 300
    assert [attachment.rows for attachment in load_attachments(db, incident_id)] == [
        S3_STAFF, S3_STAFF, S3_STAFF, 300, S3_STAFF
    ]  # fmt: skip
    assert report.warnings == []
    facts = fact_values(db, incident_id)
    assert facts["fraud_enabling"] is True  # National Insurance numbers
    assert facts["categories"] == ["health", "basic_identifiers", "financial", "official_documents"]
    assert facts["subjects"] == ["employees"]
    person = next(p for p in load_people(db, incident_id) if p.email.startswith("alex.abbot0@"))
    assert set(person.data_items) >= {
        "name", "email", "salary", "national_insurance_number", "postal_address", "mobile", "health",
    }  # fmt: skip
    assert len(person.sources) == 5


def test_s4_the_tenant_survey_with_every_address_in_cc(db, incident_id, import_into, tmp_path):
    report = import_into(council_tenant_survey(tmp_path))

    assert report.bcc_known is False  # a received copy: Bcc unknown, not none
    assert report.recipients == 1 + S4_PERSONAL + S4_AT_WORK
    assert report.exposed_addresses == S4_PERSONAL
    assert (report.people, report.records) == (S4_PERSONAL, S4_PERSONAL)
    person = load_people(db, incident_id)[0]
    assert person.data_items == ("name", "email")  # the display name was shown with the address
    facts = fact_values(db, incident_id)
    assert facts["categories"] == ["basic_identifiers"]
    assert facts["fraud_enabling"] is False
    assert "forwarded" not in facts
    # What the recipients tell: a confidentiality breach, how many outside recipients, and the
    # least trusted of them (nobody has said yet whether any can be trusted).
    assert facts["breach_types"] == ["confidentiality"]
    assert facts["recipients"] == S4_PERSONAL + S4_AT_WORK
    assert facts["recipient_trust"] == "unknown"


def test_s5_418_in_to_and_then_the_reply_all(db, incident_id, import_into, tmp_path):
    original, reply_all = engagement_scheme_418(tmp_path)

    first = import_into(original)
    assert first.exposed_addresses == S5_RESIDENTS
    assert (first.people, first.records) == (S5_RESIDENTS, S5_RESIDENTS)
    assert "forwarded" not in fact_values(db, incident_id)

    second = import_into(reply_all)
    assert (second.position, second.relation, second.new_recipients) == (2, "reply", 3)
    assert fact_values(db, incident_id)["forwarded"] is True
    recipients = load_recipients(db, incident_id)
    added = {r.address: r for r in recipients if r.message_position == 2}
    assert set(added) == set(S5_REPLY_NEW)
    assert added["press@newsdesk.example"].kind == "external_org"
    assert len(recipients) == S5_RESIDENTS + 3
    summary = exposure_summary(db, incident_id)
    assert (summary.exposed_addresses, summary.people) == (S5_RESIDENTS, S5_RESIDENTS)
    assert all("message 2" in person.sources for person in load_people(db, incident_id))
