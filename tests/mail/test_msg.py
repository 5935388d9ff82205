"""Outlook .msg files, read through the optional extract-msg extra."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import pytest

from playbook.domain.errors import PlaybookError
from playbook.store.messages import load_attachments, load_recipients
from tests.builders import csv_bytes, fictional_people
from tests.mail.conftest import database_rows
from tests.mail.outlook import outlook_msg


def sent_items_msg(path, message_class="IPM.Note"):
    people = fictional_people(6)
    return outlook_msg(
        path,
        message_class=message_class,
        sender=("Survey Team", "survey@council.example"),
        subject="Tenant survey",
        body="Dear tenant, the survey is attached.",
        sent_at=datetime(2026, 10, 19, 9, 15, tzinfo=UTC),
        message_id="<survey-msg@council.example>",
        recipients=[
            *((p.name, p.email, "cc") for p in people[:4]),
            *((p.name, p.email, "bcc") for p in people[4:]),
        ],
        attachments=[
            (
                "tenants.csv",
                "text/csv",
                csv_bytes(("Name", "Email"), [(p.name, p.email) for p in people]),
            )
        ],
    )


def test_a_msg_file_is_imported_like_an_eml(db, incident_id, import_into, tmp_path):
    report = import_into(sent_items_msg(tmp_path / "survey.msg"))

    assert (report.format, report.recipients, report.bcc_known) == ("msg", 6, True)
    assert report.exposed_addresses == 4  # the four in Cc, not the two in Bcc
    assert report.people == 6  # the attachment lists all six
    assert [r.field for r in load_recipients(db, incident_id)] == ["cc"] * 4 + ["bcc"] * 2
    [attachment] = load_attachments(db, incident_id)
    assert (attachment.filename, attachment.rows) == ("tenants.csv", 6)


def test_without_the_msg_extra_the_sentence_says_how_to_install_it(
    db, import_into, tmp_path, monkeypatch
):
    path = sent_items_msg(tmp_path / "survey.msg")
    monkeypatch.setitem(sys.modules, "extract_msg", None)
    before = database_rows(db)

    with pytest.raises(PlaybookError) as refused:
        import_into(path)

    assert str(refused.value) == (
        "survey.msg is an Outlook .msg file, and reading those needs the msg extra: pip install "
        "'playbook[msg]' (extract-msg, GPL licence), or save it as .eml instead."
    )
    assert database_rows(db) == before


def test_an_outlook_item_that_holds_no_message_is_refused(db, import_into, tmp_path):
    path = sent_items_msg(tmp_path / "survey.msg", message_class="IPM")
    before = database_rows(db)

    with pytest.raises(PlaybookError) as refused:
        import_into(path)

    assert str(refused.value) == (
        "survey.msg is an Outlook file that holds no message playbook can read; save the email "
        "again from Outlook, or save it as .eml and import that."
    )
    assert database_rows(db) == before


def test_a_damaged_msg_is_refused(import_into, tmp_path):
    path = sent_items_msg(tmp_path / "survey.msg")
    path.write_bytes(path.read_bytes()[:1024])

    with pytest.raises(PlaybookError, match="is not a readable Outlook message"):
        import_into(path)
