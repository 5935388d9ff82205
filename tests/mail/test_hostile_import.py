"""Hostile files: each gets bounded time and memory, a warning naming what was skipped, no abort."""

from __future__ import annotations

import csv
import io
import re
import struct
import tracemalloc
import zipfile
from datetime import UTC, date, datetime

import pytest
from openpyxl import Workbook

from playbook.domain.errors import PlaybookError
from playbook.domain.exposure import PeopleIndex
from playbook.mail.addresses import HeaderSplitter, addresses_in_text
from playbook.mail.attachments import SNIFF_CHARS, RawAttachment, ScanLimits, scan_attachment
from playbook.mail.cfb_chains import check_chains
from playbook.mail.mime_stream import MAX_DEPTH, MAX_PARTS
from playbook.mail.patterns import EMAIL_IN_TEXT
from playbook.mail.sheet_bounds import sheet_areas
from playbook.store.messages import load_recipients
from tests.builders import Attached, build_message, csv_bytes, fictional_people, write_eml
from tests.mail.conftest import database_rows
from tests.mail.outlook import outlook_msg

TODAY = date(2026, 10, 25)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def scan(filename: str, content_type: str, data: bytes, people: PeopleIndex | None = None):
    raw = RawAttachment(filename, content_type, len(data), lambda: data)
    return scan_attachment(
        1,
        raw,
        limits=ScanLimits.from_megabytes(5),
        people=people if people is not None else PeopleIndex(),
        source="attachment 1",
        today=TODAY,
    )


def corner_to_corner_workbook() -> bytes:
    """A workbook of two sheets: one with cells only at A1 and XFD1048576, one real list."""
    workbook = Workbook()
    bomb = workbook.active
    bomb.title = "Everything"
    bomb["A1"] = "Email"
    bomb["XFD1048576"] = "x"
    people = workbook.create_sheet("Members")
    people.append(["Full name", "Email"])
    for person in fictional_people(5):
        people.append([person.name, person.email])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def test_a_sheet_spanning_the_whole_grid_is_refused_and_the_rest_is_read():
    data = corner_to_corner_workbook()
    assert len(data) < 10_000

    people = PeopleIndex()
    scanned = scan("members.xlsx", XLSX, data, people)

    assert scanned.rows == 5
    assert scanned.warnings == [
        "attachment 1 (.xlsx) sheet 1 spans 1,048,576 rows by 16,384 columns, far more than "
        "its 1 KB can hold, so it was not read (it would take more memory than the import "
        "allows); open it and count its records by hand."
    ]
    assert len(people) == 5


def sheet_xml(body: str, dimension: str = "") -> str:
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{declared}<sheetData>{body}</sheetData></worksheet>"
    )


def hand_zipped_workbook(sheet: str) -> bytes:
    """An .xlsx zipped by hand around one worksheet's XML."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
            '.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats'
            '-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets'
            '/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument'
            '.spreadsheetml.worksheet+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Only" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return stream.getvalue()


def areas_of(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sheet_areas(archive)


def test_a_declared_dimension_alone_is_enough_to_refuse_a_sheet():
    cell = '<row r="1"><c r="A1" t="inlineStr"><is><t>Email</t></is></c></row>'
    data = hand_zipped_workbook(sheet_xml(cell, dimension="A1:XFD1048576"))

    [area] = areas_of(data).values()
    assert (area.rows, area.columns, area.too_big) == (1_048_576, 16_384, True)
    [warning] = scan("d.xlsx", XLSX, data).warnings
    assert "spans 1,048,576 rows by 16,384 columns" in warning


def test_cells_without_references_are_placed_one_after_another():
    wide = "".join("<c><v>1</v></c>" for _ in range(3))
    data = hand_zipped_workbook(sheet_xml(f'<row r="7">{wide}</row><row>{wide}<c/></row>'))

    [area] = areas_of(data).values()

    assert (area.rows, area.columns, area.too_big) == (8, 4, False)


def test_cells_placed_by_order_cannot_hide_a_sheet_s_extent():
    one_long_row = "<row>" + "<c/>" * 16_384 + "</row>"
    data = hand_zipped_workbook(sheet_xml(one_long_row + "<row/>" * 70_000))

    [area] = areas_of(data).values()

    assert (area.rows, area.columns, area.too_big) == (70_001, 16_384, True)


def test_an_ordinary_workbook_passes(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Full name", "Email"])
    for person in fictional_people(2_000):
        sheet.append([person.name, person.email])
    stream = io.BytesIO()
    workbook.save(stream)

    [area] = areas_of(stream.getvalue()).values()

    assert (area.rows, area.columns, area.too_big) == (2_001, 2, False)


def test_a_message_with_the_corner_workbook_imports_through_the_cli(run_playbook, tmp_path):
    path = write_eml(
        build_message(
            sender="Office <office@council.example>",
            to=["someone@council.example"],
            subject="Members",
            body="Attached.",
            message_id="<bomb@council.example>",
            attachments=[Attached("members.xlsx", XLSX, corner_to_corner_workbook())],
        ),
        tmp_path / "bomb.eml",
    )

    result = run_playbook("new", "--title", "Members", "--from", str(path))

    assert result.code == 0, result.err
    assert "spans 1,048,576 rows by 16,384 columns" in result.out


def test_more_than_twenty_thousand_webmail_addresses_import(db, incident_id, import_into, tmp_path):
    count = 20_001
    path = write_eml(
        build_message(
            sender="Office <office@council.example>",
            to=[f"tenant{number}@gmail.com" for number in range(count)],
            subject="Survey",
            body="Please fill in the survey.",
            message_id="<many@council.example>",
        ),
        tmp_path / "many.eml",
    )

    report = import_into(path)

    assert (report.recipients, report.people) == (count, count)
    assert len(load_recipients(db, incident_id)) == count


def peak_traced_bytes(run) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    "entry",
    ["(" * 1_000_000, "a" * 1_000_000, "a@b.example " * 80_000, "<" * 1_000_000],
    ids=["parentheses", "letters", "addresses without commas", "angle brackets"],
)
def test_a_megabyte_entry_is_counted_unreadable_in_little_memory(entry):
    splitter = HeaderSplitter("to")
    found: list = []

    peak = peak_traced_bytes(lambda: found.extend(splitter.addresses(f"ann@gmail.com, {entry}")))

    assert [address.address for address in found] == ["ann@gmail.com"]
    assert splitter.unreadable == 1
    assert peak < 10 * len(entry)  # the old greedy pattern kept hundreds of bytes a character


def test_a_long_run_of_parentheses_in_to_imports_the_rest_with_a_warning(import_into, tmp_path):
    path = tmp_path / "parens.eml"
    path.write_bytes(
        b"From: Office <office@council.example>\r\nSubject: Survey\r\n"
        b"Date: Mon, 19 Oct 2026 09:15:00 +0100\r\nMessage-ID: <parens@council.example>\r\n"
        b"To: ann@gmail.com, " + b"(" * 5_000_000 + b"\r\n\r\nHello.\r\n"
    )

    report = import_into(path)

    assert report.recipients == 1
    assert (
        "1 entry in the To line is not an email address and was left out; check that line "
        "in the message."
    ) in report.warnings


def test_the_delimiter_is_sniffed_from_a_bounded_sample(monkeypatch):
    sniffed: list[int] = []
    sniff = csv.Sniffer.sniff

    def measured(self, sample, delimiters=None):
        sniffed.append(len(sample))
        return sniff(self, sample, delimiters)

    monkeypatch.setattr(csv.Sniffer, "sniff", measured)
    hostile = ('"a,' * 20_000 + "\n" + "ann@gmail.com\n").encode()

    scanned = scan("list.csv", "text/csv", hostile)

    assert sniffed and max(sniffed) <= SNIFF_CHARS
    assert scanned.sha256  # read, not refused


def test_a_semicolon_file_with_a_wide_header_is_still_sniffed():
    header = ";".join(f"Column {number}" for number in range(400)) + ";Email\n"
    rows = "".join(";" * 400 + f"person{number}@gmail.com\n" for number in range(20))
    people = PeopleIndex()

    scanned = scan("wide.csv", "text/csv", (header + rows).encode(), people)

    assert scanned.rows == 20 and "Email" in scanned.columns


HEAD = (
    b"From: Office <office@council.example>\r\nTo: ann@gmail.com\r\nSubject: Parts\r\n"
    b"Date: Mon, 19 Oct 2026 09:15:00 +0100\r\nMessage-ID: <parts@council.example>\r\n"
)


def test_ten_thousand_tiny_parts_are_listed_and_only_the_first_thousand_read(
    db, incident_id, import_into, tmp_path
):
    part = b"--b\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n"
    path = tmp_path / "parts.eml"
    path.write_bytes(
        HEAD + b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n' + part * 10_050 + b"--b--\r\n"
    )

    report = import_into(path)

    assert report.attachments == MAX_PARTS
    assert report.warnings == [
        f"The message has more than {MAX_PARTS:,} parts; the 50 after the first {MAX_PARTS:,} "
        "were not read or listed; open it in a mail client to check them.",
        f"The message has {MAX_PARTS:,} attachments; only the first 1,000 were read and the "
        f"other {MAX_PARTS - 1000:,} (attachments 1,001 on) are listed by name, type and size "
        "only; check them by hand.",
    ]
    stored = db.execute(
        "SELECT count(*), count(nullif(sha256, '')) FROM attachments WHERE incident_id = ?",
        [incident_id],
    ).fetchone()
    assert stored == (MAX_PARTS, 1000)


def test_multiparts_nested_a_thousand_deep_are_kept_whole_with_a_warning(import_into, tmp_path):
    depth = 1000
    opening = b"".join(
        b'--b%d\r\nContent-Type: multipart/mixed; boundary="b%d"\r\n\r\n' % (level, level + 1)
        for level in range(depth)
    )
    closing = b"".join(b"--b%d--\r\n" % level for level in range(depth, -1, -1))
    path = tmp_path / "deep.eml"
    path.write_bytes(
        HEAD
        + b'Content-Type: multipart/mixed; boundary="b0"\r\n\r\n'
        + opening
        + b"--b%d\r\n\r\nhello\r\n" % depth
        + closing
    )

    report = import_into(path)

    assert (report.recipients, report.attachments) == (1, 1)
    assert report.warnings == [
        f"attachment 1 holds parts nested more than {MAX_DEPTH} levels deep, so it was not "
        "opened; open the message in a mail client and check what it holds."
    ]


def loop_msg(tmp_path, where: str):
    """A sent-items .msg whose recipient address (mini stream) or attachment (FAT) chain loops."""
    import olefile

    attachment = csv_bytes(("Name", "Email"), [(p.name, p.email) for p in fictional_people(200)])
    path = outlook_msg(
        tmp_path / "loop.msg",
        sender=("Survey Team", "survey@council.example"),
        subject="Tenant survey",
        body="The survey is attached.",
        sent_at=datetime(2026, 10, 19, 9, 15, tzinfo=UTC),
        message_id="<loop-msg@council.example>",
        recipients=[("Ann Abbot", "ann@gmail.com", "cc")],
        attachments=[("tenants.csv", "text/csv", attachment)],
    )
    data = bytearray(path.read_bytes())
    ole = olefile.OleFileIO(bytes(data))
    if where == "mini stream":
        stream = ["__recip_version1.0_#00000000", "__substg1.0_3003001F"]
        table = (struct.unpack_from("<I", data, 60)[0] + 1) * 512  # the mini FAT's sector
    else:
        stream = ["__attach_version1.0_#00000000", "__substg1.0_37010102"]
        table = 512  # the first FAT sector follows the header
    entry = ole.direntries[ole._find(stream)]
    ole.close()
    first = entry.isectStart
    last = first
    while struct.unpack_from("<I", data, table + 4 * last)[0] != 0xFFFFFFFE:
        last = struct.unpack_from("<I", data, table + 4 * last)[0]
    struct.pack_into("<I", data, table + 4 * last, first)  # the chain's end points to its start
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("where", "what"),
    [("mini stream", "a small stream"), ("allocation table", "a stream")],
)
def test_a_msg_whose_chain_loops_is_refused_and_nothing_is_written(
    db, import_into, tmp_path, where, what
):
    path = loop_msg(tmp_path, where)
    before = database_rows(db)

    with pytest.raises(PlaybookError) as refused:
        import_into(path)

    unit = "mini sector" if where == "mini stream" else "sector"
    assert re.fullmatch(
        rf"loop\.msg is not a readable Outlook message: the chain of {what} loops or crosses "
        rf"another at {unit} \d+, so none of its values can be trusted; save it again from "
        r"Outlook, or save it as \.eml and import that\.",
        str(refused.value),
    )
    assert database_rows(db) == before


def test_an_intact_msg_passes_the_chain_check(tmp_path):
    path = outlook_msg(
        tmp_path / "fine.msg",
        sender=("Survey Team", "survey@council.example"),
        subject="Tenant survey",
        body="x" * 10_000,
        sent_at=datetime(2026, 10, 19, 9, 15, tzinfo=UTC),
        message_id="<fine@council.example>",
        recipients=[(f"Person {n}", f"p{n}@gmail.com", "to") for n in range(300)],
        attachments=[("big.bin", "application/octet-stream", bytes(range(256)) * 40)],
    )

    check_chains(path.read_bytes())  # raises ChainProblem when any chain is damaged


@pytest.mark.parametrize(
    "text", ["a." * 500_000, "a" * 1_000_000, "x-'" * 300_000], ids=["dots", "letters", "marks"]
)
def test_a_megabyte_of_address_like_text_is_searched_in_one_pass(text):
    found: list = []

    peak = peak_traced_bytes(lambda: found.extend(EMAIL_IN_TEXT.findall(text + " ann@gmail.com")))
    assert found == ["ann@gmail.com"] and peak < 4 * len(text)
    assert [entry.address for entry in addresses_in_text(text + " bob@gmail.com", "bcc")] == [
        "bob@gmail.com"
    ]


def test_a_text_file_of_a_megabyte_of_letters_is_refused_in_a_sentence(import_into, tmp_path):
    path = tmp_path / "letters.txt"
    path.write_bytes(b"a." * 500_000)

    with pytest.raises(PlaybookError, match="not an email message"):
        import_into(path)
