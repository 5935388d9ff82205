"""Scan one attachment: what file it is, how many records it holds, what personal data, and who.

CSV and TSV (encoding detected, delimiter sniffed), XLSX and other workbooks through
python-calamine (every sheet), and plain text. Whatever cannot be read (too big, password
protected, damaged, a zip bomb, a PDF) is recorded with a warning that says so; nothing is
skipped silently. Warnings name the attachment by number and type, never by its file name,
which may itself be personal.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import PurePath

from playbook.domain.exposure import PeopleIndex, categories_for, is_fraud_enabling
from playbook.mail.body import Suggestion, suggest_from_text
from playbook.mail.patterns import EMAIL_IN_TEXT, cell_text
from playbook.mail.sheet_bounds import SheetArea, sheet_areas
from playbook.mail.smime import is_smime_encrypted
from playbook.mail.tables import TableScan, read_rows, scan_rows

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
SPREADSHEET_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "workbook",
    "application/vnd.ms-excel.sheet.macroenabled.12": "workbook",
    "application/vnd.oasis.opendocument.spreadsheet": "workbook",
    "text/csv": "csv",
    "text/comma-separated-values": "csv",
    "application/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/plain": "text",
}
EXTENSIONS = {
    ".xlsx": "workbook",
    ".xlsm": "workbook",
    ".xlsb": "workbook",
    ".ods": "workbook",
    ".xls": "workbook",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".txt": "text",
    ".text": "text",
}
BOMB_RATIO = 100  # real workbooks expand five to twenty times
BOMB_MIN_BYTES = 10 * 1024 * 1024
EXPANDED_LIMIT_FACTOR = 10  # a workbook may expand to ten times the attachment size limit
SNIFF_BYTES = 65536
# csv.Sniffer's patterns take time growing with the square of the sample: 60 KB of `"a,` took
# 35 s. A few lines of a real file tell the delimiter; 4,000 characters of any take 0.2 s.
SNIFF_CHARS = 4000


@dataclass
class ScannedAttachment:
    """One attachment as found: identity, records, personal-data columns, and what was unreadable."""

    number: int
    filename: str
    content_type: str
    size: int
    sha256: str
    rows: int = 0
    columns: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def categories(self) -> tuple[str, ...]:
        """The ICO categories of the personal data found."""
        return tuple(categories_for(self.items))

    @property
    def fraud_enabling(self) -> bool:
        """True when the data found enables identity fraud."""
        return is_fraud_enabling(self.items)


@dataclass(frozen=True)
class RawAttachment:
    """An attachment's declared identity and size, and how to get its bytes.

    `load` reads and decodes them only when the attachment is scanned, one attachment at a
    time; it is None when they cannot be read, and `problem` says why.
    """

    filename: str
    content_type: str
    size: int
    load: Callable[[], bytes] | None
    problem: str = ""


class UnreadableAttachment(Exception):
    """An attachment's bytes cannot be decoded; the message says which and what to do."""


@dataclass(frozen=True)
class ScanLimits:
    """How far the scan may go: the attachment size limit (config `max_attachment_mb`)."""

    max_bytes: int

    @classmethod
    def from_megabytes(cls, megabytes: int) -> ScanLimits:
        """Limits for a size limit given in MB."""
        return cls(max_bytes=megabytes * 1024 * 1024)


def describe(number: int, filename: str) -> str:
    """How warnings name an attachment: its number and type, never its file name."""
    suffix = PurePath(filename).suffix.lower()
    return f"attachment {number} ({suffix})" if suffix else f"attachment {number}"


def too_big_warning(name: str, size: int, limits: ScanLimits) -> str:
    """The warning for an attachment over the size limit."""
    return (
        f"{name} is {size / 1048576:.0f} MB, over the {limits.max_bytes // 1048576} MB limit "
        "(max_attachment_mb), so it was not read; raise the limit or count its records by hand."
    )


def scan_attachment(
    number: int,
    raw: RawAttachment,
    *,
    limits: ScanLimits,
    people: PeopleIndex,
    source: str,
    today: date,
    on_progress: Callable[[float], None] | None = None,
) -> ScannedAttachment:
    """Scan one attachment, adding the people found in it to `people`."""
    name = describe(number, raw.filename)
    problem = raw.problem
    if raw.load is None or raw.size > limits.max_bytes:
        problem = problem or too_big_warning(name, raw.size, limits)
    else:
        try:
            data = raw.load()
        except UnreadableAttachment as error:
            problem = str(error)
    if problem:
        scanned = ScannedAttachment(number, raw.filename, raw.content_type, raw.size, "")
        scanned.warnings.append(problem)
        return scanned
    scanned = ScannedAttachment(
        number, raw.filename, raw.content_type, len(data), hashlib.sha256(data).hexdigest()
    )
    kind = attachment_kind(raw.filename, raw.content_type, data)
    context = _Context(name, source, people, today, on_progress, limits)
    if kind == "smime":
        scanned.warnings.append(
            f"{name} is encrypted (S/MIME), so its contents cannot be read; if the recipients "
            "hold no key to it, record that the data was encrypted."
        )
        scanned.suggestions.append(Suggestion("encrypted", "yes", f"{name} is S/MIME-encrypted"))
    elif kind == "encrypted":
        scanned.warnings.append(
            f"{name} is password-protected, so it was not read; if the password was not sent "
            "with it, record that the data was encrypted; otherwise open it and count its records."
        )
    elif kind == "workbook":
        _apply(scanned, _scan_workbook(data, context))
    elif kind in ("csv", "tsv"):
        _apply(scanned, _scan_delimited(data, kind, context))
    elif kind == "text":
        _apply(scanned, _scan_text(data, context))
    else:
        scanned.warnings.append(
            f"{name} is not a spreadsheet or text file, so its contents were not read; open it "
            "and record what personal data it holds."
        )
    return scanned


@dataclass(frozen=True)
class _Context:
    name: str
    source: str
    people: PeopleIndex
    today: date
    on_progress: Callable[[float], None] | None
    limits: ScanLimits


def _apply(scanned: ScannedAttachment, result: tuple[TableScan, list[str]]) -> None:
    table, warnings = result
    scanned.rows = table.rows
    scanned.columns = tuple(column.label for column in table.columns)
    scanned.items = tuple(dict.fromkeys(column.item for column in table.columns))
    scanned.suggestions = table.suggestions
    scanned.warnings.extend(warnings)


def attachment_kind(filename: str, content_type: str, data: bytes) -> str:
    """What to read an attachment as: workbook, csv, tsv, text, encrypted, or other.

    The file's own bytes win over its name, and its name over the declared type: Excel exports
    CSV as application/vnd.ms-excel, and many mailers send everything as octet-stream.
    """
    by_name = EXTENSIONS.get(PurePath(filename).suffix.lower())
    by_type = SPREADSHEET_TYPES.get(content_type.lower())
    if is_smime_encrypted(filename, content_type, data):
        return "smime"
    if data.startswith(CFB_MAGIC):
        # An Office file inside a compound file is encrypted; an old .xls is one too, unencrypted.
        old_excel = filename.lower().endswith(".xls")
        if ENCRYPTED_PACKAGE in data[:65536] or (by_name == "workbook" and not old_excel):
            return "encrypted"
        return "workbook" if by_name == "workbook" or "excel" in content_type.lower() else "other"
    if data.startswith(ZIP_MAGIC):
        return "workbook" if by_name == "workbook" or by_type == "workbook" else "other"
    if by_name in ("csv", "tsv", "text"):
        return by_name
    if by_type in ("csv", "tsv", "text"):
        return by_type
    if "excel" in content_type.lower() or by_name == "workbook":
        return "csv"  # an Excel-labelled file that is not a workbook is an exported CSV
    unnamed = not PurePath(filename).suffix
    if unnamed and not data.startswith(b"%PDF") and text_encoding(data[:SNIFF_BYTES]):
        return "csv"  # an unnamed octet-stream of text: read it as a table of one or more columns
    return "other"


def text_encoding(data: bytes) -> str | None:
    """The encoding of a text attachment (UTF-8, with BOM, UTF-16, Windows-1252), or None.

    An encoding is returned only when the whole of `data` decodes with it.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig" if _decodes(data, "utf-8-sig") else None
    wide = _utf16_encoding(data)
    if wide:
        return wide if _decodes(data, wide) else None
    if b"\x00" in data[:SNIFF_BYTES]:
        return None
    if data.isascii():
        return "utf-8"
    for encoding in ("utf-8", "cp1252"):
        if _decodes(data, encoding):
            return encoding
    return None


def _utf16_encoding(data: bytes) -> str | None:
    """UTF-16 by its byte-order mark, or by the zero bytes of mostly-ASCII text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:4096]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4:
        return "utf-16-le"
    if len(head) >= 4 and head[0::2].count(0) > len(head) // 4:
        return "utf-16-be"
    return None


def _decodes(data: bytes, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    try:
        for start in range(0, len(data), 1 << 20):
            decoder.decode(view[start : start + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _undecodable(context: _Context) -> tuple[TableScan, list[str]]:
    return TableScan(), [
        f"{context.name} is not readable text in any usual encoding, so it was not read; open "
        "it and record what personal data it holds."
    ]


def _scan_delimited(data: bytes, kind: str, context: _Context) -> tuple[TableScan, list[str]]:
    encoding = text_encoding(data)
    if encoding is None:
        return _undecodable(context)
    stream = io.BytesIO(data)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    delimiter = _delimiter(data[:SNIFF_BYTES].decode(encoding, errors="ignore"), kind)
    reader = csv.reader(text, delimiter=delimiter)
    total = max(len(data), 1)

    def progress(_: int) -> None:
        if context.on_progress is not None:
            context.on_progress(stream.tell() / total)

    rows = _SafeRows(reader)
    scanned = scan_rows(
        rows,
        where=context.name,
        source=context.source,
        people=context.people,
        today=context.today,
        on_rows=progress,
    )
    if rows.failed:
        return scanned, [
            f"{context.name} is damaged after row {rows.read}; only the rows before it were "
            "counted, so check the file's records by hand."
        ]
    return scanned, []


class _SafeRows:
    """Rows from a CSV reader that stop, rather than fail, where the file is damaged."""

    def __init__(self, reader: Iterator[list[str]]) -> None:
        self.reader = reader
        self.read = 0
        self.failed = False

    def __iter__(self) -> Iterator[list[str]]:
        try:
            for row in self.reader:
                self.read += 1
                yield row
        except (csv.Error, UnicodeDecodeError):
            self.failed = True


def _delimiter(sample: str, kind: str) -> str:
    if kind == "tsv":
        return "\t"
    sample = sample[:SNIFF_CHARS]
    if not any(delimiter in sample for delimiter in ",;\t|"):
        return ","  # one column: nothing to sniff
    cut = sample.rfind("\n")
    sample = sample[: cut if cut > 0 else len(sample)]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _scan_text(data: bytes, context: _Context) -> tuple[TableScan, list[str]]:
    encoding = text_encoding(data)
    if encoding is None:
        return _undecodable(context)
    text = data.decode(encoding, errors="replace")
    for address in {match.lower() for match in EMAIL_IN_TEXT.findall(text)}:
        context.people.add(email=address, items=("email",), source=context.source)
    return TableScan(suggestions=suggest_from_text(text, context.name)), []


# What reading a damaged, or oddly made, workbook's zip archive raises.
_ZIP_DAMAGE = (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, zlib.error)


def _zip_problem(data: bytes, context: _Context) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except _ZIP_DAMAGE:  # an unsupported zip version or compression is NotImplementedError
        return (
            f"{context.name} is a damaged or unsupported workbook, so it was not read; ask for "
            "a fresh copy."
        )
    too_big = expanded > context.limits.max_bytes * EXPANDED_LIMIT_FACTOR
    if too_big or (expanded > BOMB_MIN_BYTES and expanded > BOMB_RATIO * len(data)):
        return (
            f"{context.name} would expand from {len(data) // 1024} KB to "
            f"{expanded // 1048576} MB, like a zip bomb, so it was not opened; check it by hand."
        )
    return None


def _scan_workbook(data: bytes, context: _Context) -> tuple[TableScan, list[str]]:
    areas: dict[str, SheetArea] = {}
    if data.startswith(ZIP_MAGIC):
        problem = _zip_problem(data, context)
        if problem:
            return TableScan(), [problem]
        areas = _sheet_areas(data)
    try:
        import python_calamine
    except ImportError:
        return TableScan(), [
            f"{context.name} is a workbook and reading workbooks needs the xlsx extra "
            "(pip install 'playbook[xlsx]'), so it was not read."
        ]
    total = TableScan()
    warnings: list[str] = []
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = workbook.sheet_names
        for number, sheet_name in enumerate(sheets, start=1):
            where = f"{context.name} sheet {number}" if len(sheets) > 1 else context.name
            area = areas.get(sheet_name)
            if area is not None and area.too_big:
                warnings.append(_oversized_warning(where, area))
                continue
            sheet = workbook.get_sheet_by_name(sheet_name)
            scanned = scan_rows(
                read_rows(sheet.iter_rows(), cell_text),
                where=where,
                source=context.source,
                people=context.people,
                today=context.today,
            )
            _add_sheet(total, scanned, f"sheet {number}: " if len(sheets) > 1 else "")
            if context.on_progress is not None:
                context.on_progress(number / len(sheets))
    except python_calamine.PasswordError:
        return total, [f"{context.name} is password-protected, so it was not read."]
    except Exception:  # calamine raises several types for damaged files; none may escape
        return total, [
            f"{context.name} is a damaged or unsupported workbook, so it was not read fully; "
            f"{total.rows} rows were counted before the damage. Check it by hand."
        ]
    return total, warnings


def _sheet_areas(data: bytes) -> dict[str, SheetArea]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sheet_areas(archive)
    except _ZIP_DAMAGE:
        return {}  # the workbook reader reports the damage


def _oversized_warning(where: str, area: SheetArea) -> str:
    return (
        f"{where} spans {area.rows:,} rows by {area.columns:,} columns, far more than its "
        f"{max(area.xml_bytes // 1024, 1):,} KB can hold, so it was not read (it would take "
        "more memory than the import allows); open it and count its records by hand."
    )


def _add_sheet(total: TableScan, sheet: TableScan, prefix: str) -> None:
    total.rows += sheet.rows
    total.columns.extend(replace(column, label=prefix + column.label) for column in sheet.columns)
    total.suggestions.extend(s for s in sheet.suggestions if s not in total.suggestions)
