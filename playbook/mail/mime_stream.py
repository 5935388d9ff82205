"""Walk an .eml without holding it: its header block, then where each part's content lies.

The stdlib's whole-message parser keeps every line of the file, several times the file's size
for a 100,000-address sender's copy. Here each header field, of the message and of each part,
is parsed alone by the stdlib's compat32 policy; the body is walked line by line, only to find
the boundaries, and each part's content is decoded later, one part at a time, from the byte
range recorded here.
"""

from __future__ import annotations

import binascii
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from email.policy import compat32
from typing import BinaryIO

PIECE_BYTES = 65536  # lines longer than this are read in pieces; a boundary line never is
MAX_DEPTH = 100  # multiparts nested deeper are kept whole as one part: real mail nests a few
MAX_PARTS = 10_000  # parts located per message; the rest are walked past and counted
_HEADER_LINE = re.compile(rb"(From |[\x21-\x39\x3b-\x7e]*:|[\t ])")
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/=]")
_BLANK = (b"\r\n", b"\n", b"\r")
_BOM = b"\xef\xbb\xbf"
_NAMED_FIELD = re.compile(rb"[A-Za-z][A-Za-z0-9-]*:[ \t]*\S")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
MAX_SKIPPED = 3  # lines in a header block that are not headers, before the block is taken to end


@dataclass(frozen=True)
class PartLocation:
    """A part that holds content (not a multipart): its own headers and its content's bytes."""

    headers: Message
    start: int
    end: int
    too_deep: bool = False  # a multipart nested past MAX_DEPTH, kept whole and not opened

    @property
    def transfer_encoding(self) -> str:
        """The Content-Transfer-Encoding, in lower case ('' when none is declared)."""
        return str(self.headers.get("content-transfer-encoding", "")).strip().lower()

    @property
    def encoded_size(self) -> int:
        """The content's size in the file, before decoding."""
        return self.end - self.start


def read_header_block(stream: BinaryIO, *, skipped: list[int] | None = None) -> tuple[Message, int]:
    """The message's headers and the offset where its body starts.

    The headers end at the first empty line or, as the stdlib parser has it, at the first line
    that is not a header. Before them, a byte-order mark, lines of spaces and a leading mbox
    `From ` line are skipped, and so is the indent of a first line. A line that is not a header
    but is followed by one (a mail client's slip inside the header block) is skipped too, up to
    MAX_SKIPPED lines, each counted in `skipped` when given.
    """
    block = _HeaderBlock()
    offset = 0
    while True:
        line = stream.readline()
        if not line:
            break
        if not block.started:
            if offset == 0 and line.startswith(_BOM):
                offset += len(_BOM)
                line = line[len(_BOM) :]
            if line.startswith(b"From ") or not line.strip():
                offset += len(line)
                continue
            if line[:1] in (b" ", b"\t") and _HEADER_LINE.match(line.lstrip()):
                offset += len(line) - len(line.lstrip())
                line = line.lstrip()
        if line in _BLANK:
            offset += len(line)
            break
        if not _HEADER_LINE.match(line) or (line[:1] in (b" ", b"\t") and not block.started):
            if skipped is None or len(skipped) >= MAX_SKIPPED or not _header_follows(stream):
                break
            skipped.append(offset)
            offset += len(line)
            continue
        block.add(line)
        offset += len(line)
    return block.finish(), offset


def _header_follows(stream: BinaryIO) -> bool:
    """True when the next line is a `Name: value` header; the stream stays where it was."""
    here = stream.tell()
    following = stream.readline(PIECE_BYTES)
    stream.seek(here)
    return _NAMED_FIELD.match(following) is not None


class _HeaderBlock:
    """Headers gathered a field at a time, each parsed by the stdlib's compat32 policy.

    Only the field being read is held as bytes: a 100,000-address Bcc line is a few megabytes,
    where the stdlib's parser would hold every folded line of it several times over.
    """

    def __init__(self) -> None:
        self.message = Message(policy=compat32)
        self.started = False
        self._field = bytearray()

    def add(self, line: bytes, *, continued: bool = False) -> None:
        """Add one line (or, when `continued`, the rest of a very long one): a new field, or
        the continuation of the one being read."""
        if not continued and line[:1] not in (b" ", b"\t"):
            self._end_field()
        self._field += line
        self.started = True

    def finish(self) -> Message:
        """The headers read, as a Message with no payload."""
        self._end_field()
        return self.message

    def _end_field(self) -> None:
        if not self._field:
            return
        text = self._field.decode("ascii", "surrogateescape")  # as the stdlib's BytesParser
        text = text.replace("\r\n", "\n")  # folded lines as the stdlib's parser leaves them
        self._field = bytearray()
        if ":" in text:  # a stray `From ` line is not a header
            self.message.set_raw(*compat32.header_source_parse([text]))


class PartList(list[PartLocation]):
    """The parts located, the first MAX_PARTS of them; `more` counts those walked past."""

    more: int = 0

    def append(self, part: PartLocation) -> None:
        """Keep `part`, or count it once MAX_PARTS are kept (each holds its own headers)."""
        if len(self) < MAX_PARTS:
            super().append(part)
        else:
            self.more += 1


def locate_parts(stream: BinaryIO, headers: Message, body_start: int) -> tuple[PartList, bool]:
    """Every part with content, in order (at most MAX_PARTS, the rest counted in `more`), and
    whether every multipart was closed.

    A multipart whose closing boundary (or any boundary) never comes was cut short. An attached
    message (message/rfc822) is one part: its own parts are not walked.
    """
    stream.seek(body_start)
    lines = _Lines(stream, body_start)
    found = PartList()
    ender, complete = _walk(lines, headers, body_start, (), found)
    return found, complete and ender is None


def read_content(stream: BinaryIO, part: PartLocation, limit: int | None = None) -> bytes:
    """A part's content with its transfer encoding undone (at most `limit` encoded bytes read).

    Raises binascii.Error when base64 content is broken or cut short.
    """
    stream.seek(part.start)
    size = part.encoded_size if limit is None else min(part.encoded_size, limit)
    if part.transfer_encoding == "base64":
        return _base64_content(stream, size)
    raw = stream.read(size)
    if part.transfer_encoding in ("", "7bit", "8bit", "binary"):
        return raw
    holder = Message()  # quoted-printable and uuencode: as the stdlib decodes them
    holder["Content-Transfer-Encoding"] = part.transfer_encoding
    holder.set_payload(raw.decode("ascii", "surrogateescape"))
    decoded = holder.get_payload(decode=True)  # bytes for a part that is not multipart
    return decoded if isinstance(decoded, bytes) else b""


def _base64_content(stream: BinaryIO, size: int) -> bytes:
    """Base64 decoded a block at a time, as the stdlib does it: other characters are ignored,
    and the data ends at the first padding."""
    decoded = io.BytesIO()
    carry = b""
    remaining = size
    while remaining > 0:
        block = stream.read(min(remaining, 1 << 20))
        if not block:
            break
        remaining -= len(block)
        text = carry + _NOT_BASE64.sub(b"", block)
        if b"=" in text:
            decoded.write(binascii.a2b_base64(text))
            return decoded.getvalue()
        whole = len(text) - len(text) % 4
        decoded.write(binascii.a2b_base64(text[:whole]))
        carry = text[whole:]
    if carry:
        decoded.write(binascii.a2b_base64(carry))
    return decoded.getvalue()


class _Lines:
    """The body read in pieces of at most PIECE_BYTES (a line, or part of a very long one).

    Each piece comes with its offset and whether it starts a line: only those can be boundaries.
    `newline_before` is the length of the line ending just before the latest piece, which
    belongs to the boundary line after it, not to the content before.
    """

    def __init__(self, stream: BinaryIO, offset: int) -> None:
        self.stream = stream
        self.offset = offset
        self.at_line_start = True
        self.newline_before = 0
        self._newline = 0

    def __iter__(self) -> Iterator[tuple[int, bytes, bool]]:
        while True:
            piece = self.stream.readline(PIECE_BYTES)
            if not piece:
                return
            start, at_line_start = self.offset, self.at_line_start
            self.offset += len(piece)
            self.at_line_start = piece.endswith((b"\n", b"\r"))
            self.newline_before = self._newline
            self._newline = 2 if piece.endswith(b"\r\n") else int(self.at_line_start)
            yield start, piece, at_line_start


def _delimiter_of(piece: bytes, delimiters: tuple[bytes, ...]) -> bytes | None:
    """The boundary line this piece is (`--b` or `--b--`, for a `--b` in `delimiters`), or None."""
    if not piece.startswith(b"--"):
        return None
    stripped = piece.rstrip(b" \t\r\n")
    for delimiter in delimiters:
        if stripped == delimiter or stripped == delimiter + b"--":
            return stripped
    return None


def _walk(
    lines: _Lines,
    headers: Message,
    start: int,
    enclosing: tuple[bytes, ...],
    found: list[PartLocation],
) -> tuple[bytes | None, bool]:
    """Walk one entity's content from `start`; return the enclosing boundary line that ended it
    (None at the end of the file) and whether every multipart inside it was closed."""
    boundary = headers.get_boundary() if headers.get_content_maintype() == "multipart" else None
    if boundary is not None:  # a parameter folded onto the next line is unfolded (RFC 5322 2.2.3)
        boundary = _FOLD.sub("", boundary)
    too_deep = boundary is not None and len(enclosing) >= MAX_DEPTH
    if boundary is None or too_deep:
        for offset, piece, at_line_start in lines:
            ender = _delimiter_of(piece, enclosing) if at_line_start else None
            if ender is not None:
                end = max(start, offset - lines.newline_before)
                found.append(PartLocation(headers, start, end, too_deep))
                return ender, True
        found.append(PartLocation(headers, start, lines.offset, too_deep))
        return None, True
    own = b"--" + boundary.encode("ascii", "surrogateescape")
    delimiters = (own, *enclosing)
    ender = _skip_to_delimiter(lines, delimiters)  # the preamble
    while ender == own:
        part_headers, content_start, ender = _part_headers(lines, delimiters)
        if ender is None:
            ender, complete = _walk(lines, part_headers, content_start, delimiters, found)
            if not complete:
                return ender, False
        else:  # a part with headers and no content
            found.append(PartLocation(part_headers, content_start, content_start))
    if ender is None:
        return None, False  # the file ended before this multipart closed
    if ender != own + b"--":
        return ender, True  # an enclosing boundary closed it: its parts are whole
    return _skip_to_delimiter(lines, enclosing), True  # the epilogue


def _skip_to_delimiter(lines: _Lines, delimiters: tuple[bytes, ...]) -> bytes | None:
    for _, piece, at_line_start in lines:
        ender = _delimiter_of(piece, delimiters) if at_line_start else None
        if ender is not None:
            return ender
    return None


def _part_headers(
    lines: _Lines, delimiters: tuple[bytes, ...]
) -> tuple[Message, int, bytes | None]:
    """A part's headers, the offset where its content starts, and the boundary line that came
    instead of content (None when there is content, or the file ended).

    The headers end at an empty line or at the first line that is not a header, which is then
    the first line of the content.
    """
    block = _HeaderBlock()
    content_start, ender = lines.offset, None
    for offset, piece, at_line_start in lines:
        if piece in _BLANK:
            content_start = lines.offset
            break
        ender = _delimiter_of(piece, delimiters) if at_line_start else None
        if ender is not None or (at_line_start and not _HEADER_LINE.match(piece)):
            content_start = offset
            break
        block.add(piece, continued=not at_line_start)
    else:
        content_start = lines.offset
    return block.finish(), content_start, ender
