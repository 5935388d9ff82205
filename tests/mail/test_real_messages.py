"""The shapes of real messages that were once misread: each written here, each read right.

A message that starts oddly is still a message (never a list of addresses); long runs of
encoded words, folded boundaries, a missing closing boundary, a NUL byte, Exchange-internal
recipients, winmail.dat and S/MIME are read, or said plainly to be unreadable.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime

import pytest

from playbook.domain.errors import PlaybookError
from playbook.store.messages import load_findings, load_recipients
from playbook.store.people import linked_people
from tests.builders import (
    Attached,
    build_message,
    csv_bytes,
    fictional_people,
    students_union_spreadsheet,
    write_eml,
)
from tests.mail.outlook import outlook_msg

HEADERS = (
    b"From: Survey Team <survey@council.example>\r\n"
    b"To: Ann Abbot <ann@homemail.example>\r\n"
    b"Subject: Tenant survey\r\n"
    b"Date: Mon, 19 Oct 2026 10:15:00 +0100\r\n"
    b"Message-ID: <4feef9b3.7060508@council.example>\r\n"
    b"DKIM-Signature: v=1; a=rsa-sha256; d=council.example; header.i=@council.example\r\n"
)
BODY = b"\r\nSee <cid:image001.png@01D00000.00000000> and https://x.example/a@b.example\r\n"


def recipients(db, incident_id) -> list[tuple[str, str]]:
    return sorted((r.address, r.field) for r in load_recipients(db, incident_id))


@pytest.mark.parametrize(
    "start",
    [b"\r\n", b"\xef\xbb\xbf", b"     \r\n", b" "],
    ids=["blank first line", "byte-order mark", "line of spaces", "indented first header"],
)
def test_a_message_that_starts_oddly_is_read_as_a_message(
    db, incident_id, import_into, tmp_path, start
):
    path = tmp_path / "survey.eml"
    path.write_bytes(start + HEADERS + BODY)

    report = import_into(path)

    assert report.format == "eml"
    assert recipients(db, incident_id) == [("ann@homemail.example", "to")]
    assert load_findings(db, incident_id)[0].format == "eml"


def test_a_malformed_header_line_is_skipped_and_the_headers_after_it_read(
    db, incident_id, import_into, tmp_path
):
    path = tmp_path / "survey.eml"
    path.write_bytes(b"X-Broken header without a colon\r\n" + HEADERS + BODY)

    report = import_into(path)

    assert (report.format, report.recipients) == ("eml", 1)
    assert recipients(db, incident_id) == [("ann@homemail.example", "to")]
    assert (
        "1 line in the message's headers could not be read and were skipped; the headers after "
        "them were read."
    ) in report.warnings


@pytest.mark.parametrize(
    "content,expected",
    [
        (b"<html><body><a href='mailto:ann@homemail.example'>Ann</a></body></html>", "web page"),
        (b"{\\rtf1\\ansi ann@homemail.example\\par}", "web page or a document"),
        (b"Thanks!\r\nSee cid:img@council.example\r\nand header.i=@council.example\r\n", "not"),
    ],
    ids=["html", "rtf", "references in text"],
)
def test_what_only_mentions_addresses_is_not_an_address_list(
    db, import_into, tmp_path, content, expected
):
    path = tmp_path / "page.txt"
    path.write_bytes(content)

    with pytest.raises(PlaybookError, match=expected):
        import_into(path)


def test_a_message_id_line_makes_a_message_not_a_list_of_its_addresses(
    db, incident_id, import_into, tmp_path
):
    path = tmp_path / "fragment.txt"
    path.write_bytes(b"Message-ID: <a1@council.example>\r\nann@homemail.example\r\n")

    report = import_into(path)

    assert (report.format, report.recipients) == ("eml", 0)


def test_thousands_of_encoded_words_in_a_to_line_do_not_crash_the_import(
    db, incident_id, import_into, tmp_path
):
    words = " ".join(["=?utf-8?q?date=3E2017-08-20?="] * 3000)
    path = tmp_path / "long.eml"
    path.write_bytes(
        HEADERS.replace(b"To: Ann Abbot <ann@homemail.example>", b"To: bob@webmail.example")
        + f"Cc: {words} <cy@isp.example>,\r\n {words}\r\n".encode()
        + BODY
    )

    report = import_into(path)

    assert recipients(db, incident_id) == [("bob@webmail.example", "to"), ("cy@isp.example", "cc")]
    assert report.warnings == [
        "1 entry in the Cc line is not an email address and was left out; check that line in "
        "the message."
    ]


@pytest.mark.parametrize(
    "line,expected",
    [
        ("CC: eve@example.com <frank@example.com>", [("frank@example.com", "cc")]),
        ("To: a@x.example b@x.example", [("a@x.example", "to"), ("b@x.example", "to")]),
    ],
    ids=["a name that looks like an address", "a missing comma"],
)
def test_slips_in_an_address_line_count_each_person_once(
    db, incident_id, import_into, tmp_path, line, expected
):
    path = tmp_path / "slip.eml"
    path.write_bytes(HEADERS.replace(b"To: Ann Abbot <ann@homemail.example>", line.encode()) + BODY)

    report = import_into(path)

    assert recipients(db, incident_id) == expected
    assert report.recipients == len(expected)


MULTIPART = (
    HEADERS + b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed;\r\n boundary="simple\r\n boundary"\r\n\r\n'
    b"preamble\r\n--simple boundary\r\nContent-Type: text/plain\r\n\r\nHello.\r\n"
    b"--simple boundary\r\nContent-Type: text/csv\r\n"
    b'Content-Disposition: attachment; filename="people.csv"\r\n\r\n'
    b"Name,Email\r\nBea Birch,bea@webmail.example\r\n"
)


def test_a_boundary_folded_onto_the_next_line_is_found(db, incident_id, import_into, tmp_path):
    path = tmp_path / "folded.eml"
    path.write_bytes(MULTIPART + b"--simple boundary--\r\n")

    report = import_into(path)

    assert (report.attachments, report.people, report.warnings) == (1, 1, [])


def test_a_missing_closing_boundary_after_whole_parts_is_a_warning(
    db, incident_id, import_into, tmp_path
):
    path = tmp_path / "unclosed.eml"
    path.write_bytes(MULTIPART)

    report = import_into(path)

    assert (report.recipients, report.attachments, report.people) == (1, 1, 1)
    assert report.warnings == [
        "The message's last part has no closing boundary, but every part in the file is whole; "
        "the parts were read as they are."
    ]


def test_a_file_of_headers_only_is_imported_with_a_warning(db, incident_id, import_into, tmp_path):
    path = tmp_path / "headers.txt"  # what Outlook's "Internet headers" view gives
    path.write_bytes(
        b"Received: from mail.council.example by mx.example; Mon, 19 Oct 2026 10:15:01 +0100\r\n"
        + HEADERS
        + b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n'
    )

    report = import_into(path)

    assert recipients(db, incident_id) == [("ann@homemail.example", "to")]
    assert report.warnings[0].startswith("The message says it has parts, but the file holds none")


def test_a_message_cut_inside_a_part_is_still_refused(db, import_into, tmp_path):
    path = tmp_path / "cut.eml"
    path.write_bytes(MULTIPART[:-10])  # ends mid-line, inside the attachment

    with pytest.raises(PlaybookError, match="cut short"):
        import_into(path)


def test_a_nul_byte_in_a_message_does_not_make_it_binary(db, incident_id, import_into, tmp_path):
    path = tmp_path / "nul.eml"
    path.write_bytes(HEADERS + b"\r\nHello\x00 there.\r\n")

    report = import_into(path)

    assert (report.format, report.recipients) == ("eml", 1)


def test_a_binary_file_is_still_refused(db, import_into, tmp_path):
    path = tmp_path / "blob.eml"
    path.write_bytes(b"\x00\x01\x02garbage\x00" * 50)

    with pytest.raises(PlaybookError, match="binary file"):
        import_into(path)


def test_exchange_recipients_are_found_by_smtp_address_headers_or_name(
    db, incident_id, import_into, tmp_path
):
    # A one-off entry id: flags and a provider id, then name, address type and address.
    one_off = b"\x00" * 4 + bytes(range(16)) + b"\x00\x00\x01\x80"
    one_off += "Bob Birch\x00SMTP\x00bob@council.example\x00".encode("utf-16-le")
    no_smtp = {"__substg1.0_39FE001F": None, "__substg1.0_3002001F": "EX".encode("utf-16-le")}
    path = outlook_msg(
        tmp_path / "internal.msg",
        sender=("Survey Team", "survey@council.example"),
        subject="Staff list",
        body="Attached.",
        sent_at=datetime(2026, 10, 19, 9, 15, tzinfo=UTC),
        message_id="<x500@council.example>",
        recipients=[
            ("Ann Abbot", "/O=CORP/OU=EXCHANGE/CN=RECIPIENTS/CN=ANN", "to"),
            ("Bob Birch", "/O=CORP/OU=EXCHANGE/CN=RECIPIENTS/CN=BOB", "cc"),
            ("Cy Coyle", "/O=CORP/OU=EXCHANGE/CN=RECIPIENTS/CN=CY", "cc"),
        ],
        recipient_streams=[
            no_smtp,
            {
                **no_smtp,
                "__substg1.0_0FFF0102": one_off,
            },
            no_smtp,
        ],
        transport_headers="To: Ann Abbot <ann@council.example>\r\nCc: Bob Birch\r\n",
    )

    report = import_into(path)

    stored = {r.address: (r.name, r.field, r.kind) for r in load_recipients(db, incident_id)}
    assert stored == {
        "ann@council.example": ("Ann Abbot", "to", "internal"),  # the sender's own domain
        "bob@council.example": ("Bob Birch", "cc", "internal"),
        "/o=corp/ou=exchange/cn=recipients/cn=cy": ("Cy Coyle", "cc", "internal"),
    }
    assert report.warnings == [
        "1 recipient has no internet address in the file (Exchange-internal), so they are kept "
        "by their Exchange name and marked internal; find their address in Exchange."
    ]


def test_an_outlook_item_without_recipients_does_not_say_they_were_all_in_bcc(
    import_into, tmp_path
):
    path = outlook_msg(
        tmp_path / "draft.msg",
        sender=("Survey Team", "survey@council.example"),
        subject="Draft",
        body="Not sent.",
        sent_at=datetime(2026, 10, 19, 9, 15, tzinfo=UTC),
        message_id="<draft@council.example>",
        recipients=[],
    )

    report = import_into(path)

    assert not [warning for warning in report.warnings if "all in Bcc" in warning.split("(")[0]]
    assert any(
        warning.startswith("The Outlook item lists no recipients") for warning in report.warnings
    )


def test_a_damaged_outlook_file_is_refused_without_an_exception_name(import_into, tmp_path):
    path = tmp_path / "broken.msg"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)

    with pytest.raises(PlaybookError) as refused:
        import_into(path)

    assert "Error" not in str(refused.value) and "(" not in str(refused.value)


def tnef(files: list[tuple[str, bytes]]) -> bytes:
    """A winmail.dat ([MS-OXTNEF]) holding `files`: the attributes Outlook writes for each."""

    def attribute(level: int, ident: int, data: bytes) -> bytes:
        return (
            struct.pack("<BII", level, ident, len(data))
            + data
            + struct.pack("<H", sum(data) & 0xFFFF)
        )

    out = struct.pack("<IH", 0x223E9F78, 1) + attribute(1, 0x00089006, struct.pack("<I", 0x10000))
    for name, data in files:
        out += attribute(2, 0x00069002, b"\x01\x00" + b"\xff" * 12)
        out += attribute(2, 0x00018010, name.encode() + b"\x00")
        out += attribute(2, 0x0006800F, data)
    return out


def test_the_files_inside_a_winmail_dat_are_scanned(db, incident_id, import_into, tmp_path):
    people = fictional_people(12)
    sheet = csv_bytes(("Name", "Email", "Mobile"), [(p.name, p.email, p.mobile) for p in people])
    path = write_eml(
        build_message(
            sender="Survey Team <survey@council.example>",
            to=["staff@council.example"],
            subject="List",
            body="See attached.",
            message_id="<tnef@council.example>",
            attachments=[
                Attached("winmail.dat", "application/ms-tnef", tnef([("list.csv", sheet)]))
            ],
        ),
        tmp_path / "rich.eml",
    )

    report = import_into(path)

    assert (report.attachments, report.people, report.records) == (1, 12, 12)
    assert report.warnings == [
        "attachment 1 (.dat) is an Outlook winmail.dat holding 1 file, read as attachment 1."
    ]


def test_an_encrypted_smime_part_is_said_to_be_encrypted(import_into, tmp_path):
    enveloped = bytes.fromhex("3080") + bytes.fromhex("06092a864886f70d010703") + b"\x00" * 200
    path = write_eml(
        build_message(
            sender="Survey Team <survey@council.example>",
            to=["ann@homemail.example"],
            subject="Encrypted",
            body="Encrypted list attached.",
            message_id="<smime@council.example>",
            attachments=[Attached("smime.p7m", "application/pkcs7-mime", enveloped)],
        ),
        tmp_path / "smime.eml",
    )

    report = import_into(path)

    assert report.warnings == [
        "attachment 1 (.p7m) is encrypted (S/MIME), so its contents cannot be read; if the "
        "recipients hold no key to it, record that the data was encrypted."
    ]
    assert [(s.fact, s.value) for s in report.suggestions] == [("encrypted", "yes")]


def test_attachment_rows_are_reachable_at_the_bcc_address_of_the_same_name(
    db, incident_id, import_into, tmp_path
):
    report = import_into(students_union_spreadsheet(tmp_path, holders=30))

    people = db.execute(
        "SELECT name, email FROM people WHERE incident_id = ? ORDER BY name", [incident_id]
    ).fetchall()
    holders = {p.name: p.email for p in fictional_people(30)}
    assert report.people == 30
    assert dict(people) == holders
    assert linked_people(db, incident_id) == 30


def test_a_to_line_of_no_addresses_gets_one_count_and_one_reason(import_into, tmp_path):
    path = tmp_path / "undisclosed.eml"
    path.write_bytes(
        HEADERS.replace(b"To: Ann Abbot <ann@homemail.example>", b"To: Undisclosed") + BODY
    )

    report = import_into(path)

    assert report.warnings == [
        "1 entry in the To line is not an email address and was left out; check that line in "
        "the message.",
        "No entry of the message's To, Cc and Bcc lines is an email address, so it shows no "
        "recipients; import the sender's copy or a mail trace to list them.",
    ]
