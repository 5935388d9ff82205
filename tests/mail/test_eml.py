"""Reading message files: .eml details, address lists, and every kind of bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.mime.message import MIMEMessage
from email.mime.text import MIMEText

import pytest

from playbook.config import Config
from playbook.domain.exposure import PeopleIndex
from playbook.intake.importing import import_file
from playbook.mail.attachments import ScanLimits
from playbook.mail.parsed import UnreadableMessage
from playbook.mail.reader import read_message_file, scan_message
from playbook.store.incidents import create_incident
from playbook.store.messages import load_recipients
from tests.builders import Attached, build_message, csv_bytes, write_eml
from tests.conftest import FIXED_NOW

LIMITS = ScanLimits.from_megabytes(5)


def read(path, limits=LIMITS):
    """Read and scan a file as an import does, with the people held in memory."""
    parsed = read_message_file(path, limits=limits)
    addresses = {recipient.address for recipient in parsed.recipients}
    scan_message(
        parsed,
        people=PeopleIndex(),
        source="message 1",
        is_recipient=addresses.__contains__,
        limits=limits,
        today=date(2026, 10, 25),
    )
    return parsed


def simple(tmp_path, name="m.eml", **overrides):
    values = {
        "sender": "Jo Sender <jo.sender@council.example>",
        "to": ["Ann Abbot <ann@homemail.example>"],
        "subject": "Survey",
        "body": "Hello",
        "message_id": "<m1@council.example>",
    }
    return write_eml(build_message(**{**values, **overrides}), tmp_path / name)


def test_headers_are_read(tmp_path):
    parsed = read(simple(tmp_path, cc=["Bob Birch <BOB@Webmail.Example>"], bcc=[]))

    assert parsed.format == "eml"
    assert parsed.sender == "Jo Sender <jo.sender@council.example>"
    assert parsed.sender_address == "jo.sender@council.example"
    assert parsed.subject == "Survey"
    assert parsed.sent_at == datetime(2026, 10, 19, 9, 15, tzinfo=UTC)
    assert parsed.message_id == "<m1@council.example>"
    assert [(r.address, r.name, r.field) for r in parsed.recipients] == [
        ("ann@homemail.example", "Ann Abbot", "to"),
        ("bob@webmail.example", "Bob Birch", "cc"),
    ]
    assert parsed.bcc_known is True  # a Bcc line, even empty: the sender's copy


def test_an_address_in_to_and_cc_is_one_recipient_whatever_its_case(tmp_path, db):
    path = simple(tmp_path, to=["ann@homemail.example"], cc=["Ann Abbot <ANN@HOMEMAIL.EXAMPLE>"])
    incident = create_incident(db, title="t", aware_at=FIXED_NOW, now=FIXED_NOW, author="a")

    report = import_file(db, incident.id, path, config=Config(), author="a", now=FIXED_NOW)

    assert report.recipients == 1
    assert [(r.address, r.name, r.field) for r in load_recipients(db, incident.id)] == [
        ("ann@homemail.example", "Ann Abbot", "to")
    ]


def test_encoded_and_raw_utf8_display_names_are_decoded(tmp_path):
    path = tmp_path / "names.eml"
    path.write_bytes(
        b"From: sender@council.example\r\nTo: =?utf-8?q?Ren=C3=A9e_Abbot?= <renee@homemail.example>,"
        b" \xc3\x89lodie Birch <elodie@webmail.example>\r\nSubject: =?utf-8?q?Caf=C3=A9?=\r\n"
        b"Date: Mon, 19 Oct 2026 10:15:00 +0100\r\n\r\nBody\r\n"
    )

    parsed = read(path)

    assert [r.name for r in parsed.recipients] == ["Renée Abbot", "Élodie Birch"]
    assert parsed.subject == "Café"


def test_a_received_copy_leaves_bcc_unknown(tmp_path):
    assert read(simple(tmp_path)).bcc_known is False


def test_entries_that_are_not_addresses_are_warned_about(tmp_path):
    parsed = read(simple(tmp_path, to=["ann@homemail.example", "finance", "sales-team"]))

    assert [r.address for r in parsed.recipients] == ["ann@homemail.example"]
    assert parsed.warnings == [
        "2 entries in the To line are not email addresses and were left out; check that line in "
        "the message."
    ]


def test_a_missing_date_is_a_warning(tmp_path):
    path = tmp_path / "nodate.eml"
    path.write_bytes(
        b"From: a@council.example\r\nTo: b@homemail.example\r\nSubject: x\r\n\r\nhi\r\n"
    )

    parsed = read(path)

    assert parsed.sent_at is None
    assert parsed.warnings == ["The message has no Date line, so when it was sent is unknown."]


def test_an_html_only_body_is_read_as_text(tmp_path):
    message = build_message(
        sender="a@council.example",
        to=["b@homemail.example"],
        subject="x",
        body="",
        message_id="<h@x>",
    )
    message.set_payload("<p>Our <b>pupils</b> &amp; staff</p>")
    message.replace_header("Content-Type", 'text/html; charset="utf-8"')
    message.replace_header("Content-Transfer-Encoding", "8bit")

    parsed = read(write_eml(message, tmp_path / "html.eml"))

    assert (
        "pupils" in parsed.body_text and "&" in parsed.body_text and "<b>" not in parsed.body_text
    )
    assert ("subjects", "children") in {(s.fact, s.value) for s in parsed.suggestions}


def test_an_attached_email_is_listed_as_not_read(tmp_path):
    inner = MIMEText("inner")
    inner["Subject"] = "forwarded"
    message = build_message(
        sender="a@council.example",
        to=["b@homemail.example"],
        subject="x",
        body="see attached",
        message_id="<fw@x>",
        attachments=[Attached("data.csv", "text/csv", csv_bytes(("Email",), [("c@isp.example",)]))],
    )
    message.attach(MIMEMessage(inner))

    parsed = read(write_eml(message, tmp_path / "fw.eml"))

    assert [a.filename for a in parsed.attachments] == ["data.csv", "attached message.eml"]
    assert parsed.warnings == [
        "attachment 2 (.eml) is not a spreadsheet or text file, so its contents were not read; "
        "open it and record what personal data it holds."
    ]


def test_an_attachment_with_broken_base64_is_reported(tmp_path):
    path = simple(
        tmp_path,
        attachments=[
            Attached("list.csv", "text/csv", csv_bytes(("Email",), [("c@isp.example",)] * 50))
        ],
    )
    text = path.read_bytes()
    end = text.rindex(b"\r\n--==playbook-example-boundary==--")
    payload_end = len(text[:end].rstrip())
    path.write_bytes(text[: payload_end - 2] + text[payload_end:])  # cut two base64 characters

    parsed = read(path)

    assert parsed.warnings == [
        "attachment 1 (.csv) is damaged (its encoding is broken or cut short), so it was not "
        "read; ask for a fresh copy."
    ]


def test_a_pasted_list_of_addresses_is_an_address_list(tmp_path):
    path = tmp_path / "trace.txt"
    path.write_text(
        "Message trace, delivered:\n2026-10-19 10:15 ann@homemail.example Delivered\n"
        "Bob Birch <bob@webmail.example>; cy@isp.example\n"
    )

    parsed = read(path)

    assert parsed.format == "address_list"
    assert [(r.address, r.field) for r in parsed.recipients] == [
        ("ann@homemail.example", "bcc"),
        ("bob@webmail.example", "bcc"),
        ("cy@isp.example", "bcc"),
    ]
    assert parsed.bcc_known is None


REFUSALS = {
    "empty": (b"", "is empty"),
    "blank": (b"\r\n  \r\n", "is empty"),
    "binary": (bytes(range(256)) * 8, "is a binary file, not an email message"),
    "picture": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "is a binary file, not an email message"),
    "not an email": (b"Dear all,\nthe minutes are below.\n", "is not an email message"),
}


@pytest.mark.parametrize("content,expected", REFUSALS.values(), ids=REFUSALS.keys())
def test_what_is_not_a_message_is_refused_with_a_sentence(tmp_path, content, expected):
    path = tmp_path / "input.eml"
    path.write_bytes(content)

    with pytest.raises(UnreadableMessage) as refused:
        read(path)

    assert expected in str(refused.value)
    assert str(refused.value).count(".") >= 1 and "\n" not in str(refused.value)


def test_a_truncated_message_is_refused(tmp_path):
    path = simple(
        tmp_path,
        attachments=[
            Attached("list.csv", "text/csv", csv_bytes(("Email",), [("c@isp.example",)] * 200))
        ],
    )
    path.write_bytes(path.read_bytes()[:-400])

    with pytest.raises(UnreadableMessage, match="cut short"):
        read(path)


def test_a_missing_file_and_a_folder_are_refused(tmp_path):
    with pytest.raises(UnreadableMessage, match="There is no file"):
        read(tmp_path / "missing.eml")
    with pytest.raises(UnreadableMessage, match="is a folder"):
        read(tmp_path)
