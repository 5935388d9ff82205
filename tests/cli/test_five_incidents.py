"""The five incidents of domain.md §1, end to end: import, confirm facts, assess, decide, report.

Each is imported from a message shaped like it (tests/builders.py); the responder confirms
what the import cannot know; the assessment must reach the outcome of domain.md §5, and the ICO
report must name none of the people the message was about or reached.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook.store.database import open_database
from playbook.store.messages import load_people, load_recipients
from tests import builders

HUMAN_ERROR = ["malicious=no", "encrypted=no", "breach_types=confidentiality"]


def s1(folder: Path) -> list[Path]:
    return [builders.students_union_spreadsheet(folder, holders=400)]


def s2(folder: Path) -> list[Path]:
    return [builders.report_to_stranger(folder)]


def s3(folder: Path) -> list[Path]:
    return [builders.staff_files_to_contractor(folder, staff=120)]


def s4(folder: Path) -> list[Path]:
    return [builders.council_tenant_survey(folder)]


def s5(folder: Path) -> list[Path]:
    return list(builders.engagement_scheme_418(folder))


# (message builder, what the responder confirms, outcome, borderline) per domain.md §5.
INCIDENTS = {
    "S1 spreadsheet of card holders to all of them -> ICO and individuals": (
        s1,
        ["recipient_trust=public", "deletion=partial", "context_sensitive=no", "forwarded=no"],
        "notify_ico_and_individuals",
        False,
    ),
    "S2 report on three pupils to a stranger -> ICO and individuals": (
        s2,
        [
            "people=3",
            "subjects=children",
            "categories=basic_identifiers,racial_ethnic,criminal",
            "recipient_trust=public",
            "deletion=unknown",
            "context_sensitive=yes",
            "fraud_enabling=no",
            "forwarded=no",
        ],
        "notify_ico_and_individuals",
        False,
    ),
    "S3 staff files to a contractor under NDA who deleted -> ICO, borderline": (
        s3,
        ["recipient_trust=trusted", "deletion=confirmed", "context_sensitive=no", "forwarded=no"],
        "notify_ico",
        True,
    ),
    "S4 tenant survey in Cc, tenancy revealed -> ICO, borderline on individuals": (
        s4,
        [
            "subjects=customers",
            "recipient_trust=public",
            "deletion=unknown",
            "context_sensitive=yes",
            "forwarded=no",
        ],
        "notify_ico",
        True,
    ),
    "S5 418 in To plus a reply-all -> ICO, borderline": (
        s5,
        ["subjects=other", "recipient_trust=public", "deletion=unknown", "context_sensitive=yes"],
        "notify_ico",
        True,
    ),
}


@pytest.mark.parametrize("incident", INCIDENTS.values(), ids=INCIDENTS.keys())
def test_imported_incident_is_assessed_decided_and_reported_without_personal_data(
    cli, db_path, tmp_path, incident
) -> None:
    build, confirmed, outcome, borderline = incident
    files = build(tmp_path)
    sources = [argument for path in files for argument in ("--from", str(path))]
    created = cli("new", "--title", "Message sent to the wrong people", *sources, "--json")
    assert created.code == 0, created.err
    incident_id = created.json()["id"]

    assessed = cli(
        "assess", incident_id, "--set", *confirmed, *HUMAN_ERROR, "--by", "Dana", "--json"
    )
    assert assessed.code == 0, assessed.err
    shown = assessed.json()
    assert (shown["outcome"], shown["borderline"]) == (outcome, borderline), shown["reasons_for"]
    assert shown["facts"]["people"]["value"] > 0

    decided = cli("decide", incident_id, "ico", "yes", "--why", "Risk is likely.", "--by", "Dana")
    assert decided.code == 0, decided.err

    db = open_database(db_path)
    people = load_people(db, incident_id)
    recipients = load_recipients(db, incident_id)
    db.close()
    addresses = {person.email.casefold() for person in people if person.email}
    addresses |= {recipient.address.casefold() for recipient in recipients}
    names = {person.name.casefold() for person in people if " " in person.name.strip()}
    names |= {r.name.casefold() for r in recipients if " " in r.name.strip()}
    assert addresses
    for fmt in ("md", "txt", "json"):
        report = cli("report", incident_id, "ico", "--format", fmt)
        assert report.code == 0, report.err
        text = report.out.casefold()
        assert [address for address in addresses if address in text] == []
        assert [name for name in names if name in text] == []
        assert "not yet known" in text
    log = cli("report", incident_id, "log")
    assert log.code == 0, log.err
    assert "## Decisions" in log.out


def test_the_register_has_one_row_per_incident(cli, tmp_path) -> None:
    for number, build in enumerate((s2, s4)):
        folder = tmp_path / str(number)
        folder.mkdir()
        path = build(folder)[0]
        assert cli("new", "--title", f"Incident {number}", "--from", str(path)).code == 0
    cli("assess", "PB-2026-0001")
    markdown = cli("report", "register")
    assert markdown.code == 0, markdown.err
    rows = [line for line in markdown.out.splitlines() if line.startswith("| PB-")]
    assert len(rows) == 2
    table = cli("report", "register", "--format", "csv").out.splitlines()
    assert table[0].startswith("id,title,status,aware_at,clock,outcome")
    assert len(table) == 3


def test_an_ico_report_that_would_name_someone_is_refused(cli, tmp_path) -> None:
    tenant = builders.fictional_people(1)[0]
    path = builders.council_tenant_survey(tmp_path)
    title = f"Survey sent in Cc; {tenant.name} complained"
    created = cli("new", "--title", title, "--from", str(path), "--json")
    assert created.code == 0, created.err
    report = cli("report", created.json()["id"], "ico")
    assert report.code == 1
    assert "reword them" in report.err
    assert tenant.name.casefold() not in report.err.casefold()
    assert report.out == ""


def test_the_ico_report_counts_who_each_imported_message_reached(cli, tmp_path) -> None:
    original, reply_all = builders.engagement_scheme_418(tmp_path)
    created = cli("new", "--title", "Residents' survey in To", "--from", str(original), "--json")
    assert created.code == 0, created.err
    incident_id = created.json()["id"]
    assert cli("import", incident_id, str(reply_all)).code == 0
    report = cli("report", incident_id, "ico").out
    recipients = load_recipients(open_database(tmp_path / "playbook.db"), incident_id)
    first = sum(1 for recipient in recipients if recipient.message_position == 1)
    assert first >= builders.S5_RESIDENTS
    assert f"an email was sent by human error to {first:,} recipients" in report
    assert f"reached {len(builders.S5_REPLY_NEW)} more recipients: a second disclosure" in report
