"""Cutting the combined letters' PDF into one PDF per letter, at each letter's bookmark.

Each letter's file holds its own pages and the objects they use (fonts, images), their bytes
copied as typst wrote them, with a page tree and catalogue of its own: cutting 3,396 letters
takes about a second, where a general PDF writer (pypdf's) took longer than the typesetting.

A page that leads to another letter's page (through anything but its own page tree) is refused:
a letter's file must hold nothing of anyone else's.
"""

from __future__ import annotations

import hashlib
import io
import re

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

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
    cutter = _Cutter(reader, combined)
    starts = letter_starts(reader, cutter.page_numbers, count)
    ends = [*starts[1:], len(cutter.pages)]
    return [cutter.letter(cutter.pages[start:end]) for start, end in zip(starts, ends, strict=True)]


class _Cutter:
    """Cuts letters from one combined PDF, copying each object's bytes as typst wrote them (pypdf
    only finds the pages and where each object is); an object is read once for every letter."""

    def __init__(self, reader: PdfReader, combined: bytes) -> None:
        if reader.xref_objStm or any(
            generation != 0 and numbers for generation, numbers in reader.xref.items()
        ):
            raise LayoutProblem(
                "The letters' PDF packs or reuses objects, so it cannot be cut into letters; no "
                "letter was written."
            )
        self.data = combined
        self.pages = [page.indirect_reference.idnum for page in reader.pages]  # type: ignore[union-attr]
        self.page_numbers = {number: index for index, number in enumerate(self.pages)}
        self.size = int(reader.trailer["/Size"])  # type: ignore[call-overload]
        offsets = sorted((offset, number) for number, offset in reader.xref[0].items())
        table = combined.rfind(b"xref", 0, combined.rfind(b"startxref"))
        ends = [offset for offset, _ in offsets[1:]] + [table]
        self.spans = {
            number: (offset, end) for (offset, number), end in zip(offsets, ends, strict=True)
        }
        self._uses: dict[int, frozenset[int]] = {}

    def letter(self, pages: list[int]) -> bytes:
        """The PDF of the letter on `pages` (their object numbers)."""
        used: set[int] = set()
        for number in pages:
            for reference in self._references(number, skip_parent=True):
                used |= {reference, *self._used_by(reference)}
        own = set(pages)
        if any(number in self.page_numbers and number not in own for number in used):
            raise LayoutProblem(
                "A letter's page leads to another letter's page, so the letters cannot be cut "
                "apart safely; no letter was written."
            )
        tree, catalogue = self.size, self.size + 1
        out = bytearray(_HEADER)
        offsets: dict[int, int] = {}
        for number in sorted(used | own):
            offsets[number] = len(out)
            raw = self._raw(number)
            out += _PARENT.sub(b"/Parent %d 0 R" % tree, raw, count=1) if number in own else raw
        kids = " ".join(f"{number} 0 R" for number in pages)
        offsets[tree] = len(out)
        out += (
            f"{tree} 0 obj\n<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>\nendobj\n"
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

    def _raw(self, number: int) -> bytes:
        if number not in self.spans:
            raise LayoutProblem(f"The letters' PDF refers to object {number}, which it lacks.")
        start, end = self.spans[number]
        return self.data[start:end].rstrip() + b"\n"

    def _references(self, number: int, *, skip_parent: bool) -> list[int]:
        """The objects an object refers to, read from its dictionary (before any stream data,
        which is never read: a letter's own words are there)."""
        raw = self._raw(number)
        head = raw[: raw.find(b"stream")] if b"stream" in raw else raw
        if skip_parent:
            head = _PARENT.sub(b"", head)
        return [int(found) for found in _REFERENCE.findall(head, raw.find(b"obj") + 3)]

    def _used_by(self, number: int) -> frozenset[int]:
        """Every object an object leads to, memoised (the fonts are shared by every letter)."""
        known = self._uses.get(number)
        if known is not None:
            return known
        self._uses[number] = frozenset()  # a cycle ends here
        found: set[int] = set()
        for reference in self._references(number, skip_parent=False):
            found |= {reference, *self._used_by(reference)}
        self._uses[number] = frozenset(found)
        return self._uses[number]


_REFERENCE = re.compile(rb"(?<![\d.])(\d+) 0 R\b")
_PARENT = re.compile(rb"/Parent\s*\d+\s+0\s+R")


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
