"""Cutting the combined letters' PDF into one PDF per letter, at each letter's bookmark.

Each letter's file holds its own pages and the objects they use (fonts, images), copied as
they are, with a page tree and catalogue of its own. Every object is written out once and its
bytes reused for every letter that uses it, so cutting 3,396 letters costs a few seconds; a
general PDF writer (pypdf's) spent more time than the typesetting itself.

A page that leads to another letter's page (through anything but its own page tree) is refused:
a letter's file must hold nothing of anyone else's.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject

from playbook.domain.errors import PlaybookError

_HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


class LayoutProblem(PlaybookError):
    """The combined PDF cannot be cut into letters; nothing was written."""


def letter_starts(reader: PdfReader, page_numbers: dict[int, int], count: int) -> list[int]:
    """The first page of each letter, from the bookmarks the layout gives each one (read from
    the outline's chain: pypdf's outline finds each page by a search through them all)."""
    starts: list[int] = []
    item = _resolved(_resolved(reader.trailer.get("/Root")).get("/Outlines")).get("/First")
    while item is not None and len(starts) <= count:
        entry = _resolved(item)
        destination = entry.get("/Dest")
        if isinstance(destination, IndirectObject):
            destination = destination.get_object()
        page = destination[0] if isinstance(destination, ArrayObject) and destination else None
        if isinstance(page, IndirectObject) and page.idnum in page_numbers:
            starts.append(page_numbers[page.idnum])
        item = entry.get("/Next")
    if len(starts) != count or starts != sorted(set(starts)) or (starts and starts[0] != 0):
        raise LayoutProblem(
            "The letter layout must start each letter on a new page with its bookmark (the "
            "shipped letter.typ shows how); no letter was written."
        )
    return starts


def _resolved(value: object) -> DictionaryObject:
    """A dictionary, through its reference; an empty one for anything else."""
    if isinstance(value, IndirectObject):
        value = value.get_object()
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def split_pdf(combined: bytes, count: int) -> list[bytes]:
    """One PDF per letter, cut from the combined document at each letter's bookmark."""
    # Strict: typst writes a sound file, and a lenient reader re-reads every object's header.
    reader = PdfReader(io.BytesIO(combined), strict=True)
    cutter = _Cutter(reader)
    starts = letter_starts(reader, cutter.page_numbers, count)
    ends = [*starts[1:], len(reader.pages)]
    return [cutter.letter(range(start, end)) for start, end in zip(starts, ends, strict=True)]


class _Cutter:
    def __init__(self, reader: PdfReader) -> None:
        if any(generation != 0 and numbers for generation, numbers in reader.xref.items()):
            raise LayoutProblem("The letters' PDF reuses object numbers, so it cannot be cut.")
        self.reader = reader
        self.page_numbers = {
            page.indirect_reference.idnum: index
            for index, page in enumerate(reader.pages)
            if page.indirect_reference is not None
        }
        self.size = int(reader.trailer["/Size"])  # type: ignore[call-overload]
        self._bytes: dict[int, bytes] = {}
        self._uses: dict[int, frozenset[int]] = {}

    def letter(self, pages: range) -> bytes:
        """The PDF of the letter on `pages` (indexes into the combined document)."""
        own = [self.reader.pages[index].indirect_reference for index in pages]
        numbers = [reference.idnum for reference in own if reference is not None]
        used: set[int] = set()
        for number in numbers:
            page = self.reader.get_object(number)
            for reference in _references(page, skip_parent=True):
                used |= {reference, *self._used_by(reference)}
        if any(self.page_numbers.get(n, pages.start) not in pages for n in used):
            raise LayoutProblem(
                "A letter's page leads to another letter's page, so the letters cannot be cut "
                "apart safely; no letter was written."
            )
        tree, catalogue = self.size, self.size + 1
        out = bytearray(_HEADER)
        offsets: dict[int, int] = {}
        for number in sorted(used | set(numbers)):
            offsets[number] = len(out)
            out += self._page_bytes(number, tree) if number in numbers else self._object(number)
        kids = " ".join(f"{number} 0 R" for number in numbers)
        offsets[tree] = len(out)
        out += (
            f"{tree} 0 obj\n<< /Type /Pages /Kids [{kids}] /Count {len(numbers)} >>\nendobj\n"
        ).encode()
        offsets[catalogue] = len(out)
        out += f"{catalogue} 0 obj\n<< /Type /Catalog /Pages {tree} 0 R >>\nendobj\n".encode()
        start_xref = len(out)
        out += _xref(offsets)
        identifier = hashlib.md5(bytes(out), usedforsecurity=False).hexdigest()
        out += (
            f"trailer\n<< /Size {catalogue + 1} /Root {catalogue} 0 R "
            f"/ID [<{identifier}> <{identifier}>] >>\nstartxref\n{start_xref}\n%%EOF\n"
        ).encode()
        return bytes(out)

    def _used_by(self, number: int) -> frozenset[int]:
        """Every object number an object leads to, memoised (fonts are shared by letters)."""
        known = self._uses.get(number)
        if known is not None:
            return known
        self._uses[number] = frozenset()  # a cycle ends here
        found: set[int] = set()
        for reference in _references(self.reader.get_object(number), skip_parent=False):
            found |= {reference, *self._used_by(reference)}
        self._uses[number] = frozenset(found)
        return self._uses[number]

    def _object(self, number: int) -> bytes:
        cached = self._bytes.get(number)
        if cached is None:
            cached = self._bytes[number] = _serialised(number, self.reader.get_object(number))
        return cached

    def _page_bytes(self, number: int, tree: int) -> bytes:
        original = self.reader.get_object(number)
        assert isinstance(original, DictionaryObject)
        page = DictionaryObject(original)
        page[NameObject("/Parent")] = IndirectObject(tree, 0, self.reader)
        return _serialised(number, page)


def _references(value: PdfObject | None, *, skip_parent: bool) -> Iterator[int]:
    """The object numbers a value refers to directly (and through its direct values)."""
    if isinstance(value, IndirectObject):
        yield value.idnum
    elif isinstance(value, DictionaryObject):
        for key, item in value.items():
            if not (skip_parent and key == "/Parent"):
                yield from _references(item, skip_parent=False)
    elif isinstance(value, ArrayObject):
        for item in value:
            yield from _references(item, skip_parent=False)


def _serialised(number: int, value: PdfObject | None) -> bytes:
    stream = io.BytesIO()
    stream.write(f"{number} 0 obj\n".encode())
    if value is None:
        stream.write(b"null")
    else:
        value.write_to_stream(stream)
    stream.write(b"\nendobj\n")
    return stream.getvalue()


def _xref(offsets: dict[int, int]) -> bytes:
    """A cross-reference table in subsections of consecutive object numbers."""
    lines = [b"xref\n0 1\n0000000000 65535 f \n"]
    numbers = sorted(offsets)
    run: list[int] = []
    for number in numbers:
        if run and number != run[-1] + 1:
            lines.append(_subsection(run, offsets))
            run = []
        run.append(number)
    if run:
        lines.append(_subsection(run, offsets))
    return b"".join(lines)


def _subsection(run: list[int], offsets: dict[int, int]) -> bytes:
    entries = "".join(f"{offsets[number]:010d} 00000 n \n" for number in run)
    return f"{run[0]} {len(run)}\n{entries}".encode()
