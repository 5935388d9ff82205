"""Scanning attachments: encodings, delimiters, headers or none, workbooks, and unreadable files."""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import date

import pytest

from playbook.domain.exposure import PeopleIndex
from playbook.mail.attachments import (
    RawAttachment,
    ScanLimits,
    attachment_kind,
    scan_attachment,
    text_encoding,
)
from tests.builders import csv_bytes, fictional_people, xlsx_bytes
from tests.mail.cfb import encrypted_office_file

TODAY = date(2026, 10, 25)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ("Full name", "Email", "Mobile", "Date of birth")


def rows(count: int = 20):
    return [
        (p.name, p.email, p.mobile, p.date_of_birth.strftime("%d/%m/%Y"))
        for p in fictional_people(count)
    ]


def scan(filename, content_type, data, *, megabytes=5, people=None):
    raw = RawAttachment(filename, content_type, len(data), lambda: data)
    return scan_attachment(
        1,
        raw,
        limits=ScanLimits.from_megabytes(megabytes),
        people=people if people is not None else PeopleIndex(),
        source="attachment 1",
        today=TODAY,
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_a_csv_in_any_usual_encoding_is_read(encoding):
    data = csv_bytes((*HEADER, "Town"), [(*row, "Bédminster") for row in rows()], encoding=encoding)

    scanned = scan("list.csv", "text/csv", data)

    assert scanned.rows == 20
    assert scanned.items == ("name", "email", "mobile", "date_of_birth", "postal_address")
    assert scanned.fraud_enabling is True
    assert scanned.warnings == []


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_sniffed(delimiter):
    data = csv_bytes(HEADER, rows(), delimiter=delimiter)

    scanned = scan("export", "application/octet-stream", data)

    assert (scanned.rows, scanned.columns) == (20, HEADER)


def test_an_excel_labelled_csv_export_is_read_as_csv():
    data = csv_bytes(HEADER, rows())

    assert attachment_kind("export.xls", "application/vnd.ms-excel", data) == "csv"
    assert scan("export.xls", "application/vnd.ms-excel", data).rows == 20


def test_a_file_without_headers_is_recognised_by_its_values():
    people = PeopleIndex()
    data = csv_bytes(rows(1)[0], rows(40)[1:])  # the "header" is a data row

    scanned = scan("noheader.csv", "text/csv", data, people=people)

    assert scanned.rows == 40
    assert scanned.columns == ("column 1", "column 2", "column 3", "column 4")
    assert scanned.items == ("name", "email", "mobile", "date_of_birth")
    assert len(people) == 40


def test_identifiers_and_special_categories_are_mapped_to_ico_categories():
    header = (
        "Name",
        "NI number",
        "Sort code",
        "Account number",
        "Ethnicity",
        "Religion",
        "Offences",
    )
    data = csv_bytes(header, [("Jo Abbot", "AB123456C", "12-34-56", "12345678", "x", "y", "z")] * 3)

    scanned = scan("hr.csv", "text/csv", data)

    assert set(scanned.categories) == {
        "basic_identifiers", "official_documents", "financial", "racial_ethnic", "religious", "criminal",
    }  # fmt: skip
    assert scanned.fraud_enabling is True


def test_card_numbers_are_found_by_the_luhn_check_without_a_header():
    cards = [
        ("Jo Abbot", "4111111111111111"),
        ("Al Birch", "5500005555555559"),
        ("Bo Coyle", "4012888888881881"),
    ]
    scanned = scan("cards.csv", "text/csv", csv_bytes(cards[0], cards[1:] * 3))

    assert scanned.items == ("name", "card_number")
    assert scanned.categories == ("basic_identifiers", "financial")


def test_a_date_of_birth_under_18_suggests_children():
    data = csv_bytes(("Name", "DOB"), [("Kit Heath", "2013-05-01"), ("Sam Jory", "2012-09-30")])

    scanned = scan("class.csv", "text/csv", data)

    assert ("subjects", "children") in {(s.fact, s.value) for s in scanned.suggestions}


def test_every_sheet_of_a_workbook_is_read():
    data = xlsx_bytes(
        {
            "North": (HEADER, rows(30)),
            "South": (("Name", "Postcode"), [("Al Birch", "AB1 2CD")] * 5),
        }
    )

    scanned = scan("all.xlsx", XLSX, data)

    assert scanned.rows == 35
    assert "sheet 2: Postcode" in scanned.columns
    assert scanned.warnings == []


def test_numbers_stored_as_numbers_in_a_workbook_are_still_mobiles():
    data = xlsx_bytes(
        {"S": (("Name", "Contact"), [("Jo Abbot", 7700900123), ("Al Birch", 7700900456)])}
    )

    assert scan("m.xlsx", XLSX, data).items == ("name", "mobile")


def test_a_password_protected_workbook_is_reported_not_read():
    encrypted = encrypted_office_file()
    import olefile

    assert olefile.isOleFile(io.BytesIO(encrypted))  # a real compound file

    scanned = scan("salaries.xlsx", XLSX, encrypted)

    assert scanned.rows == 0
    assert scanned.warnings == [
        "attachment 1 (.xlsx) is password-protected, so it was not read; if the password was not "
        "sent with it, record that the data was encrypted; otherwise open it and count its records."
    ]
    assert scanned.sha256  # still identified


def test_a_zip_bomb_is_not_opened():
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))

    scanned = scan("bomb.xlsx", XLSX, stream.getvalue())

    assert scanned.rows == 0
    [warning] = scanned.warnings
    assert "like a zip bomb, so it was not opened" in warning


def test_a_damaged_workbook_is_reported():
    data = xlsx_bytes({"S": (HEADER, rows())})

    scanned = scan("cut.xlsx", XLSX, data[: len(data) // 2])

    [warning] = scanned.warnings
    assert "damaged" in warning and "attachment 1 (.xlsx)" in warning


def test_without_the_xlsx_extra_a_workbook_is_reported(monkeypatch):
    monkeypatch.setitem(sys.modules, "python_calamine", None)

    scanned = scan("all.xlsx", XLSX, xlsx_bytes({"S": (HEADER, rows())}))

    assert scanned.warnings == [
        "attachment 1 (.xlsx) is a workbook and reading workbooks needs the xlsx extra "
        "(pip install 'playbook[xlsx]'), so it was not read."
    ]


def test_undecodable_text_is_reported():
    data = b"Name,Email\r\n" + bytes(range(0x80, 0x100)) * 4

    assert text_encoding(data) is None
    [warning] = scan("odd.csv", "text/csv", data).warnings
    assert warning.startswith("attachment 1 (.csv) is not readable text in any usual encoding")


def test_a_csv_damaged_part_way_keeps_the_rows_before_the_damage():
    data = csv_bytes(HEADER, rows(10)) + b'"' + b"x" * 200_000 + b'"\r\n'

    scanned = scan("cut.csv", "text/csv", data)

    assert scanned.rows == 10
    [warning] = scanned.warnings
    assert warning.startswith("attachment 1 (.csv) is damaged after row 11")


def test_an_attachment_over_the_size_limit_is_not_read():
    data = csv_bytes(HEADER, rows(30_000))  # about 1.6 MB

    scanned = scan("big.csv", "text/csv", data, megabytes=1)

    assert scanned.rows == 0
    assert scanned.warnings == [
        "attachment 1 (.csv) is 2 MB, over the 1 MB limit (max_attachment_mb), so it was not "
        "read; raise the limit or count its records by hand."
    ]


def test_a_file_that_is_neither_table_nor_text_is_listed_as_unread():
    scanned = scan("report.pdf", "application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")

    assert scanned.warnings == [
        "attachment 1 (.pdf) is not a spreadsheet or text file, so its contents were not read; "
        "open it and record what personal data it holds."
    ]


def test_a_text_attachment_gives_the_addresses_in_it_and_suggestions():
    people = PeopleIndex()
    text = "Pupils in Year 9: contact parent.one@homemail.example or parent.two@webmail.example\n"

    scanned = scan("notes.txt", "text/plain", text.encode(), people=people)

    assert {p.email for p in people.people()} == {
        "parent.one@homemail.example",
        "parent.two@webmail.example",
    }
    assert ("subjects", "children") in {(s.fact, s.value) for s in scanned.suggestions}
    assert all("homemail" not in s.reason for s in scanned.suggestions)  # no data in reasons


@pytest.mark.parametrize(
    "data",
    [
        b"\xfe\xff\x01\x01\x01\x01\x01\x01\x01",  # a UTF-16 mark, then an odd number of bytes
        b"\xff\xfe" + "alex@isp.example".encode("utf-16-le")[:-1],
        b"\xef\xbb\xbf" + b"\xff\xfe\xfd",  # a UTF-8 mark, then bytes UTF-8 cannot hold
    ],
    ids=["utf16-be-mark-odd-length", "utf16-le-mark-cut-short", "utf8-mark-bad-bytes"],
)
def test_an_encoding_is_named_only_when_the_data_decodes_with_it(data):
    assert text_encoding(data) is None


def test_a_file_with_a_utf16_mark_that_cannot_be_decoded_is_refused_in_one_sentence(cli, tmp_path):
    path = tmp_path / "list.txt"
    path.write_bytes(b"\xfe\xff\x01\x01\x01\x01\x01\x01\x01")
    assert cli("new", "--title", "Bad list").code == 0
    result = cli("import", "PB-2026-0001", str(path))
    assert result.code == 1
    assert "Traceback" not in result.err and result.err.count("\n") == 1


def test_superscript_digits_in_a_column_are_not_read_as_numbers():
    # Found by fuzzing: '²' passes str.isdigit() but not int(); the age check raised.
    data = "Name,DOB,Card\r\nAnn Abbot,\u00b2,4111\u00b21111111111\r\n".encode()

    scanned = scan("people.csv", "text/csv", data)

    assert (scanned.rows, scanned.warnings) == (1, [])
