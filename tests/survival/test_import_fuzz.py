"""Hostile input: the importer fed malformed messages, headers, encodings and spreadsheets.

Every example is imported into a fresh incident of one database. The import must either succeed
or raise a PlaybookError (one line, naming no address it was fed), and a refused import must
leave the incident's rows exactly as they were. No other exception may escape, and the warnings
kept in the timeline (which a purge never removes) must name no address either.
"""

from __future__ import annotations

import base64
import io
import re
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from playbook.config import Config
from playbook.domain.errors import PlaybookError
from playbook.intake.importing import import_file
from playbook.store.events import verify_timelines
from playbook.store.incidents import create_incident
from tests.conftest import FIXED_NOW
from tests.survival.conftest import AUTHOR


def fuzz(examples: int) -> settings:
    """Hypothesis settings for `examples` imports into the one database of a test."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


TABLES = ("messages", "recipients", "attachments", "people", "facts", "events")

LOCAL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._+-", min_size=1, max_size=12)
DOMAIN = st.sampled_from(
    ["home.example", "mail.example", "council.example", "xn--bcher-kva.example"]
)
ADDRESS = st.builds(lambda local, domain: f"{local}@{domain}", LOCAL, DOMAIN)
NASTY = st.sampled_from(
    [
        "",
        "<",
        ">",
        '"',
        ",",
        ";",
        ":",
        "undisclosed-recipients:;",
        "=?utf-8?b?SsO2cmc=?=",
        "=?utf-8?q?broken=ZZ?=",
        "=?x-unknown?b?AAAA?=",
        "=?utf-8?b?not base64!?=",
        "\x00",
        "\r\n\t",
        "\r\n",
        "\u202e",
        "Ω≈ç√",
        "\udcff",
        "a" * 300,
        "(comment",
        "@",
        "@@",
        "\\",
    ]
)
NAME = st.text(max_size=20)
HEADER_NAMES = st.sampled_from(
    [
        "From",
        "To",
        "Cc",
        "Bcc",
        "Subject",
        "Date",
        "Message-ID",
        "In-Reply-To",
        "References",
        "Reply-To",
        "MIME-Version",
        "Content-Type",
        "Content-Transfer-Encoding",
        "X-Mailer",
    ]
)
CONTENT_TYPES = st.sampled_from(
    [
        "text/plain",
        'text/plain; charset="utf-16"',
        'text/plain; charset="x-unknown"',
        "text/html",
        "multipart/mixed",
        'multipart/mixed; boundary="b"',
        "multipart/alternative; boundary=",
        "application/octet-stream",
        "message/rfc822",
        "",
    ]
)


class Fed:
    """The addresses one example puts into a file, to prove none come back in an error."""

    def __init__(self) -> None:
        self.addresses: list[str] = []

    def add(self, address: str) -> str:
        self.addresses.append(address)
        return address


@pytest.fixture
def importer(db, tmp_path: Path):
    """Import bytes as a file into a fresh incident and check the outcome."""
    config = Config()

    def run(data: bytes, fed: Fed, name: str = "message.eml") -> None:
        incident = create_incident(
            db, title="Fuzzed", aware_at=FIXED_NOW, now=FIXED_NOW, author=AUTHOR
        )
        path = tmp_path / name
        path.write_bytes(data)
        before = counts(db, incident.id)
        try:
            report = import_file(db, incident.id, path, config=config, author=AUTHOR, now=FIXED_NOW)
        except PlaybookError as error:
            message = str(error)
            assert "\n" not in message.strip()
            assert not [address for address in fed.addresses if address in message]
            assert counts(db, incident.id) == before, "a refused import left rows behind"
            return
        leaked = [a for a in fed.addresses for warning in report.warnings if a in warning]
        assert not leaked, "a warning (kept in the timeline) names an address"
        assert counts(db, incident.id)["events"] > before["events"]

    yield run
    assert verify_timelines(db)[1] is None


_COUNTS_SQL = "SELECT " + ", ".join(
    f"(SELECT count(*) FROM {table} WHERE incident_id = :id)" for table in TABLES
)


def counts(db, incident_id: str) -> dict[str, int]:
    """How many rows each table holds for the incident (one query: this runs thousands of times)."""
    row = db.execute(_COUNTS_SQL, {"id": incident_id}).fetchone()
    return dict(zip(TABLES, row, strict=True))


# 1. Bytes: anything at all, and anything that starts like a message.


@fuzz(300)
@given(st.binary(max_size=1500))
def test_arbitrary_bytes(importer, data):
    assume(data.strip())
    importer(data, Fed())


@fuzz(300)
@given(
    st.sampled_from([b"From: a@home.example\r\n", b"Subject: x\n", b"Date: 1 Jan 2026\n", b""]),
    st.binary(max_size=800),
)
def test_bytes_after_a_plausible_first_line(importer, start, rest):
    assume((start + rest).strip())
    importer(start + rest, Fed())


# 2. Headers: every header malformed in its own way, bodies in broken encodings.


@st.composite
def hostile_message(draw):
    """A message written line by line, as no mail client would write it."""
    fed = Fed()
    lines = []
    for _ in range(draw(st.integers(1, 9))):
        name = draw(HEADER_NAMES)
        parts = []
        for _ in range(draw(st.integers(0, 4))):
            kind = draw(st.integers(0, 3))
            if kind == 0:
                parts.append(fed.add(draw(ADDRESS)))
            elif kind == 1:
                parts.append(f'"{draw(NAME)}" <{fed.add(draw(ADDRESS))}>')
            elif kind == 2:
                parts.append(draw(NASTY))
            else:
                parts.append(draw(st.text(max_size=30)))
        separator = draw(st.sampled_from([", ", ",", "; ", " ", "\r\n ", ",\n\t"]))
        value = draw(CONTENT_TYPES) if name == "Content-Type" else separator.join(parts)
        lines.append(f"{name}: {value}")
    body = draw(st.text(max_size=300))
    encoding = draw(st.sampled_from(["utf-8", "latin-1", "utf-16", "cp1252"]))
    newline = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    head = newline.join(lines).encode("utf-8", "surrogatepass")
    return head + (newline * 2).encode() + body.encode(encoding, "replace"), fed


@fuzz(500)
@given(hostile_message())
def test_malformed_headers_and_bodies(importer, message):
    data, fed = message
    importer(data, fed)


# 3. Attachments: spreadsheets full of people, in odd encodings, damaged or mislabelled.

CELL = st.one_of(
    ADDRESS,
    NAME,
    st.sampled_from(["07700 900123", "1990-02-30", "AB123456C", '=HYPERLINK("x")', "", "\x00"]),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True).map(str),
)


def well_formed_with(
    fed: Fed, payload: bytes, filename: str, maintype: str, subtype: str, cte: str
) -> bytes:
    """A proper message from a sender to two recipients carrying one attachment."""
    message = EmailMessage()
    message["From"] = "Priya Sender <priya.sender@council.example>"
    message["To"] = fed.add("jo.bloggs@home.example")
    message["Cc"] = fed.add("sam.tenant@mail.example")
    message["Subject"] = "Survey results"
    message["Date"] = "Sat, 24 Oct 2026 09:30:00 +0100"
    message["Message-ID"] = "<survey@council.example>"
    message.set_content("Please see attached.")
    message.add_attachment(payload, maintype=maintype, subtype=subtype, filename=filename)
    message.set_boundary("==fuzz-boundary==")  # else the email package draws one at random
    data = message.as_bytes()
    if cte == "broken-base64":
        encoded = base64.b64encode(payload)
        data = data.replace(encoded[:40], b"!!not*base64!!" + encoded[40:80], 1)
    return data


@st.composite
def spreadsheet_rows(draw, fed: Fed):
    header = draw(
        st.lists(
            st.sampled_from(["Name", "Email", "Mobile", "DOB", "NI number", "Notes", "", "E-mail"]),
            min_size=1,
            max_size=6,
        )
    )
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        row = []
        for _ in range(draw(st.integers(0, len(header) + 1))):
            cell = draw(CELL)
            if "@" in cell and "." in cell.rpartition("@")[2]:
                fed.add(cell)
            row.append(cell)
        rows.append(row)
    return [header, *rows]


@st.composite
def csv_attachment(draw):
    fed = Fed()
    rows = draw(spreadsheet_rows(fed))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    quote = draw(st.sampled_from(['"', "'", ""]))
    text = "\n".join(delimiter.join(f"{quote}{cell}{quote}" for cell in row) for row in rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]))
    payload = text.encode(encoding, "replace")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(payload)))
        payload = payload[:cut]
    filename = draw(st.sampled_from(["people.csv", "people.tsv", "people.txt", "people", "x.xlsx"]))
    subtype = draw(st.sampled_from(["csv", "plain", "octet-stream", "tab-separated-values"]))
    maintype = "application" if subtype == "octet-stream" else "text"
    cte = draw(st.sampled_from(["base64", "broken-base64"]))
    return well_formed_with(fed, payload, filename, maintype, subtype, cte), fed


@fuzz(400)
@given(csv_attachment())
def test_csv_attachments(importer, attachment):
    data, fed = attachment
    importer(data, fed)


@st.composite
def workbook_attachment(draw):
    from openpyxl import Workbook

    fed = Fed()
    book = Workbook()
    for sheet_number in range(draw(st.integers(1, 2))):
        sheet = book.active if sheet_number == 0 else book.create_sheet()
        for row in draw(spreadsheet_rows(fed)):
            sheet.append([_xlsx_safe(cell) for cell in row])
    payload = _repeatable(book)
    damage = draw(st.sampled_from(["none", "truncate", "flip", "none"]))
    if damage == "truncate":
        payload = payload[: draw(st.integers(0, len(payload)))]
    elif damage == "flip":
        at = draw(st.integers(0, len(payload) - 1))
        payload = payload[:at] + bytes([payload[at] ^ 0xFF]) + payload[at + 1 :]
    subtype = "vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return well_formed_with(fed, payload, "people.xlsx", "application", subtype, "base64"), fed


_SAVED_TIME = re.compile(rb">\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<")


def _repeatable(book) -> bytes:
    """The workbook's bytes without today's time in them, so an example always gives the same file.

    Hypothesis replays examples, and flips bytes by position: both need the same bytes each time.
    """
    saved = io.BytesIO()
    book.save(saved)
    fixed = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(fixed, "w") as target:
        for entry in source.infolist():
            stamped = zipfile.ZipInfo(entry.filename, date_time=(2026, 10, 24, 9, 30, 0))
            stamped.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                content = _SAVED_TIME.sub(b">2026-10-24T09:30:00Z<", content)
            target.writestr(stamped, content)
    return fixed.getvalue()


def _xlsx_safe(cell: str) -> str:
    """openpyxl refuses control characters that a workbook cannot hold; drop them."""
    return "".join(ch for ch in cell if ch.isprintable())


@fuzz(200)
@given(workbook_attachment())
def test_workbook_attachments(importer, attachment):
    data, fed = attachment
    importer(data, fed)


@fuzz(300)
@given(st.lists(st.one_of(ADDRESS, NASTY, st.text(max_size=20)), max_size=30), st.booleans())
def test_pasted_address_lists(importer, entries, with_names):
    fed = Fed()
    lines = [f"{fed.add(entry)}" if "@" in entry else entry for entry in entries]
    if with_names:
        lines = [f"Person {number} <{line}>" for number, line in enumerate(lines)]
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    assume(data.strip())
    importer(data, fed, name="addresses.txt")
