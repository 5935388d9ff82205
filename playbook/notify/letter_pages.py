"""Cutting the combined letters' PDF into one PDF per letter, at each letter's bookmark.

Each letter's file holds its own pages and the objects they use (fonts, images), their bytes
copied as typst wrote them, with a page tree and catalogue of its own. The combined file is read
here too, through its cross-reference table, page tree and outline, which typst writes plainly:
a general PDF reader and writer (pypdf's) took as long as the typesetting.

A page that leads to another letter's page (through anything but its own page tree) is refused:
a letter's file must hold nothing of anyone else's.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from playbook.domain.errors import PlaybookError

_HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


class LayoutProblem(PlaybookError):
    """The combined PDF cannot be cut into letters; nothing was written."""


def split_pdf(combined: bytes, count: int) -> Iterator[bytes]:
    """One PDF per letter, cut from the combined document at each letter's bookmark.

    Every letter is checked before this returns (a LayoutProblem comes before any letter is
    made); each letter's bytes are made as they are taken, so a caller can save one letter
    while the next is cut."""
    cutter = _Cutter(combined)
    starts = cutter.letter_starts(count)
    ends = [*starts[1:], len(cutter.pages)]
    cuts = [cutter.cut(cutter.pages[start:end]) for start, end in zip(starts, ends, strict=True)]
    return (cutter.letter(cut) for cut in cuts)


@dataclass(frozen=True)
class _Cut:
    """One letter's pages (object numbers, in order) and every object its file holds."""

    pages: list[int]
    objects: list[int]


class _Cutter:
    """Cuts letters from one combined PDF, copying each object's bytes as typst wrote them; what
    an object leads to is worked out once for every letter."""

    def __init__(self, combined: bytes) -> None:
        self.data = combined
        self.spans, trailer = _cross_references(combined)
        self.size = _number(trailer, rb"/Size\s*(\d+)")
        catalogue = self._head(_number(trailer, rb"/Root\s*(\d+)\s+0\s+R"))
        self.pages = self._kids(_number(catalogue, rb"/Pages\s*(\d+)\s+0\s+R"), depth=0)
        self.page_numbers = {number: index for index, number in enumerate(self.pages)}
        outlines = _REFERENCE_AFTER[b"/Outlines"].search(catalogue)
        self.outlines = int(outlines[1]) if outlines else None
        self._uses: dict[int, frozenset[int]] = {}

    def letter_starts(self, count: int) -> list[int]:
        """The first page of each letter, from the bookmark the layout gives each one."""
        starts: list[int] = []
        first = (
            _REFERENCE_AFTER[b"/First"].search(self._head(self.outlines)) if self.outlines else None
        )
        item = int(first[1]) if first else None
        seen: set[int] = set()
        while item is not None and item not in seen and len(starts) <= count:
            seen.add(item)
            entry = self._head(item)
            destination = _DESTINATION.search(entry)
            if destination and destination[1] is not None:  # /Dest N 0 R: an array object
                destination = _FIRST_REFERENCE.search(self._head(int(destination[1])))
            elif destination:  # /Dest [N 0 R /XYZ ...] written in place
                destination = _FIRST_REFERENCE.search(destination[2])
            page = int(destination[1]) if destination else None
            if page in self.page_numbers:
                starts.append(self.page_numbers[page])
            following = _REFERENCE_AFTER[b"/Next"].search(entry)
            item = int(following[1]) if following else None
        if len(starts) != count or starts != sorted(set(starts)) or (starts and starts[0] != 0):
            raise LayoutProblem(
                "The letter layout must start each letter on a new page with its bookmark (the "
                "shipped letter.typ shows how); no letter was written."
            )
        return starts

    def _kids(self, number: int, depth: int) -> list[int]:
        """The pages under a node of the page tree, in order."""
        head = self._head(number)
        if not _PAGES_NODE.search(head):
            return [number]
        if depth > _MAX_TREE_DEPTH:
            raise LayoutProblem("The letters' PDF has a page tree too deep to read.")
        kids = _KIDS.search(head)
        listed = [int(found) for found in _REFERENCE.findall(kids[1])] if kids else []
        return [page for kid in listed for page in self._kids(kid, depth + 1)]

    def _head(self, number: int | None) -> bytes:
        """An object's dictionary, before any stream, with its strings blanked (a title could
        hold text that reads like a reference)."""
        if number is None:
            return b""
        raw = self._raw(number)
        stream = raw.find(b"stream")
        return _blank_strings(raw[: stream if stream >= 0 else len(raw)])

    def cut(self, pages: list[int]) -> _Cut:
        """The objects of the letter on `pages` (their object numbers), checked: refused when
        one leads to another letter's page, or is not in the file."""
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
        objects = sorted(used | own)
        for number in objects:
            self._span(number)
        return _Cut(pages, objects)

    def letter(self, cut: _Cut) -> bytes:
        """The PDF of one letter: its objects' bytes, a page tree and a catalogue."""
        tree, catalogue = self.size, self.size + 1
        out = bytearray(_HEADER)
        offsets: dict[int, int] = {}
        own = set(cut.pages)
        for number in cut.objects:
            offsets[number] = len(out)
            raw = self._raw(number)
            if number in own:
                raw = _PARENT.sub(b"/Parent %d 0 R" % tree, raw, count=1)
            out += raw
        pages = cut.pages
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

    def _span(self, number: int) -> tuple[int, int]:
        if number not in self.spans:
            raise LayoutProblem(f"The letters' PDF refers to object {number}, which it lacks.")
        return self.spans[number]

    def _raw(self, number: int) -> bytes:
        start, end = self._span(number)
        return self.data[start:end].rstrip() + b"\n"

    def _references(self, number: int, *, skip_parent: bool) -> list[int]:
        """The objects an object refers to, read from its dictionary (before any stream data,
        which is never read: a letter's own words are there)."""
        head = self._head(number)
        if skip_parent:
            head = _PARENT.sub(b"", head)
        return [int(found) for found in _REFERENCE.findall(head, head.find(b"obj") + 3)]

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
_REFERENCE_AFTER = {
    key: re.compile(re.escape(key) + rb"\s*(\d+)\s+0\s+R")
    for key in (b"/Outlines", b"/First", b"/Next")
}
_DESTINATION = re.compile(rb"/Dest\s*(?:(\d+)\s+0\s+R|(\[[^\]]*\]))")
_FIRST_REFERENCE = re.compile(rb"(\d+)\s+0\s+R")
_PAGES_NODE = re.compile(rb"/Type\s*/Pages\b")
_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")
_STRING = re.compile(rb"\((?:\\.|[^\\()])*\)")
_MAX_STRING_NESTING = 16
_MAX_TREE_DEPTH = 32


def _blank_strings(head: bytes) -> bytes:
    """`head` with each string literal emptied, innermost first (a string may hold balanced
    parentheses); refused when they nest deeper than a title would."""
    for _ in range(_MAX_STRING_NESTING):
        blanked = _STRING.sub(b"", head)
        if blanked == head:
            return head
        head = blanked
    raise LayoutProblem("The letters' PDF holds a string nested too deeply to read.")


def _number(head: bytes, pattern: bytes) -> int:
    found = re.search(pattern, head)
    if not found:
        raise LayoutProblem(
            "The letters' PDF is not laid out as typst writes it; no letter was written."
        )
    return int(found[1])


def _cross_references(data: bytes) -> tuple[dict[int, tuple[int, int]], bytes]:
    """Where each object's bytes are (number -> start, end), and the trailer; refused unless the file has one plain table and no packed or reused objects."""
    start = data.rfind(b"startxref")
    found = re.match(rb"startxref\s+(\d+)", data[start:]) if start >= 0 else None
    table = int(found[1]) if found else -1
    if not data.startswith(b"xref", table if table >= 0 else len(data)) or b"/Prev" in data[table:]:
        raise LayoutProblem(
            "The letters' PDF packs or reuses objects, so it cannot be cut into letters; no "
            "letter was written."
        )
    body, _, trailer = data[table:start].partition(b"trailer")
    offsets: list[tuple[int, int]] = []
    for section in re.finditer(rb"(\d+) (\d+)\s*\n((?:\d{10} \d{5} [nf]\s*\n?)*)", body):
        first = int(section[1])
        fields = section[3].split()  # offset, generation, kind: three to an entry
        in_use = [
            (number, generation)
            for number, (generation, kind) in enumerate(
                zip(fields[1::3], fields[2::3], strict=True), first
            )
            if kind == b"n"
        ]
        if any(generation != b"00000" for _, generation in in_use):
            raise LayoutProblem(
                "The letters' PDF packs or reuses objects, so it cannot be cut into letters; "
                "no letter was written."
            )
        offsets += [(int(fields[3 * (number - first)]), number) for number, _ in in_use]
    offsets.sort()
    ends = [offset for offset, _ in offsets[1:]] + [table]
    spans = {number: (offset, end) for (offset, number), end in zip(offsets, ends, strict=True)}
    return spans, trailer


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
