"""How big each sheet of an .xlsx would be once read, found before the workbook reader runs.

The reader (python-calamine) allocates a sheet as one rectangle from its first to its last
cell: a 1.5 KB file with cells at A1 and XFD1048576 asks for 17 billion cells and the process
aborts. Here each worksheet's XML is streamed a megabyte at a time and its declared dimension
and every cell reference are read, so a sheet whose area is out of proportion to its size can
be refused, and the rest of the workbook still read.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

MAX_SHEET_CELLS = 10_000_000  # about 300 MB once read: the most one sheet may ask for
FREE_CELLS = 1_000_000  # any sheet may span this many cells, however small its file
CELLS_PER_XML_BYTE = 2  # a stored cell takes at least ten bytes: leave room for sparse sheets
_CHUNK = 1 << 20
_REFERENCE = re.compile(rb'\sr="\$?([A-Za-z]{0,3})\$?([0-9]{1,9})"')
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="\$?([A-Za-z]{1,3})?\$?([0-9]{0,9})(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,9}))?"'
)
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s/>]")
_TAG = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s/>])([^>]*)>")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclass(frozen=True)
class SheetArea:
    """A sheet's extent once read (rows by columns) and the size of its XML."""

    rows: int
    columns: int
    xml_bytes: int

    @property
    def cells(self) -> int:
        """The cells the reader would allocate."""
        return self.rows * self.columns

    @property
    def too_big(self) -> bool:
        """True when the sheet asks for more cells than its size can justify, or than any may."""
        allowed = max(FREE_CELLS, CELLS_PER_XML_BYTE * self.xml_bytes)
        return self.cells > min(allowed, MAX_SHEET_CELLS)


def column_number(letters: bytes) -> int:
    """A column's number from its letters: A is 1, XFD is 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def sheet_areas(archive: zipfile.ZipFile) -> dict[str, SheetArea]:
    """Each worksheet's area, by sheet name, for an .xlsx or .xlsm; empty for other archives."""
    parts = _sheet_parts(archive)
    return {name: _area(archive, part) for name, part in parts.items()}


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """The worksheet part of each sheet, by name, as workbook.xml and its relationships say."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        return {}
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_RELS}Relationship")}
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_DOC_RELS}id"), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if part in names:
            parts[sheet.get("name", "")] = part
    return parts


def _area(archive: zipfile.ZipFile, part: str) -> SheetArea:
    rows = columns = tags = references = 0
    for number, body in enumerate(_pieces(archive, part)):
        if number == 0:  # the dimension comes first, before any cell
            rows, columns = _declared(body)
        tags += len(_CELL_TAG.findall(body)) + len(_ROW_TAG.findall(body))
        found = _REFERENCE.findall(body)
        references += len(found)
        if found:
            rows = max(rows, max(int(row) for _, row in found))
            columns = max(columns, max(map(column_number, {col for col, _ in found})))
    if references < tags:  # some rows or cells are placed by order, not by reference
        rows, columns = _walked_extent(archive, part, rows, columns)
    return SheetArea(rows, columns, archive.getinfo(part).file_size)


def _pieces(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """A part's XML a megabyte at a time, each piece cut before a tag, so none is split."""
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            text = tail + chunk
            cut = text.rfind(b"<")
            if len(chunk) < _CHUNK or cut <= 0:
                yield text
                tail = b""
            else:
                yield text[:cut]
                tail = text[cut:]
    if tail:
        yield tail


def _declared(text: bytes) -> tuple[int, int]:
    """The rows and columns of the sheet's declared dimension (`A1:XFD1048576`), if any."""
    match = _DIMENSION.search(text)
    if match is None:
        return 0, 0
    first_col, first_row, last_col, last_row = match.groups()
    col = last_col or first_col or b"A"
    row = last_row or first_row or b"1"
    return int(row), column_number(col)


def _walked_extent(archive: zipfile.ZipFile, part: str, rows: int, columns: int) -> tuple[int, int]:
    """The extent of a sheet some of whose rows or cells have no reference: each then follows
    the one before it, as the reader places them."""
    row = column = 0
    for body in _pieces(archive, part):
        for kind, attributes in _TAG.findall(body):
            reference = _REFERENCE.search(attributes)
            letters, number = reference.groups() if reference else (b"", b"")
            if kind == b"row":
                row = int(number) if number else row + 1
                column = 0
            else:
                if number:
                    row = int(number)
                column = column_number(letters) if letters else column + 1
                columns = max(columns, column)
            rows = max(rows, row)
    return rows, columns
