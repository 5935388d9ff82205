"""A small writer of Compound File Binary files ([MS-CFB] version 3), for test fixtures.

Outlook .msg files and password-protected Office files are compound files; the tests build
real ones with this writer (and check them with olefile) instead of keeping binaries.
"""

from __future__ import annotations

import math
import struct

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Tree = dict[str, "bytes | Tree"]


class _Entry:
    def __init__(self, name: str, kind: int, data: bytes = b"") -> None:
        self.name, self.kind, self.data = name, kind, data
        self.children: list[_Entry] = []
        self.left = self.right = self.child = NO_STREAM
        self.start, self.size = END, 0


def _order(entry: _Entry) -> tuple[int, str]:
    return len(entry.name), entry.name.upper()


def compound_file(tree: Tree) -> bytes:
    """The bytes of a compound file holding `tree`: names map to stream bytes or sub-trees."""
    entries: list[_Entry] = [_Entry("Root Entry", 5)]

    def add(parent: _Entry, subtree: Tree) -> None:
        for name, value in subtree.items():
            entry = _Entry(name, 2, value) if isinstance(value, bytes) else _Entry(name, 1)
            parent.children.append(entry)
            entries.append(entry)
            if not isinstance(value, bytes):
                add(entry, value)

    add(entries[0], tree)
    index = {id(entry): number for number, entry in enumerate(entries)}
    for entry in entries:  # siblings as a chain of right links, in the order CFB sorts names
        ordered = sorted(entry.children, key=_order)
        if ordered:
            entry.child = index[id(ordered[0])]
            for current, following in zip(ordered, ordered[1:], strict=False):
                current.right = index[id(following)]

    mini_stream, mini_fat = bytearray(), []
    big = [entry for entry in entries if entry.kind == 2 and len(entry.data) >= MINI_CUTOFF]
    for entry in entries:
        entry.size = len(entry.data)
        if entry.kind == 2 and 0 < entry.size < MINI_CUTOFF:
            entry.start = len(mini_stream) // MINI_SECTOR
            count = math.ceil(entry.size / MINI_SECTOR)
            mini_fat += [entry.start + n + 1 for n in range(count - 1)] + [END]
            mini_stream += entry.data.ljust(count * MINI_SECTOR, b"\0")

    dir_sectors = math.ceil(len(entries) * 128 / SECTOR)
    mini_fat_sectors = math.ceil(len(mini_fat) * 4 / SECTOR)
    mini_stream_sectors = math.ceil(len(mini_stream) / SECTOR)
    big_sectors = [math.ceil(len(entry.data) / SECTOR) for entry in big]
    data_sectors = dir_sectors + mini_fat_sectors + mini_stream_sectors + sum(big_sectors)
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < fat_sectors + data_sectors:
        fat_sectors += 1
    if fat_sectors > 109:
        raise ValueError("this writer keeps every FAT sector in the header (files up to 7 MB)")

    fat: list[int] = [FAT_SECTOR] * fat_sectors
    chains: list[tuple[int, int]] = []

    def chain(count: int) -> int:
        if count == 0:
            return END
        first = len(fat)
        fat.extend([first + n + 1 for n in range(count - 1)] + [END])
        chains.append((first, count))
        return first

    dir_start = chain(dir_sectors)
    mini_fat_start = chain(mini_fat_sectors)
    entries[0].start = chain(mini_stream_sectors)
    entries[0].size = len(mini_stream)
    for entry, count in zip(big, big_sectors, strict=True):
        entry.start = chain(count)
    fat += [FREE] * (fat_sectors * (SECTOR // 4) - len(fat))

    header = bytearray(SECTOR)
    header[0:8] = MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, fat_sectors, dir_start, 0, MINI_CUTOFF,
                     mini_fat_start if mini_fat else END, mini_fat_sectors, END, 0)  # fmt: skip
    difat = list(range(fat_sectors)) + [FREE] * (109 - fat_sectors)
    struct.pack_into("<109I", header, 76, *difat)

    directory = bytearray()
    for entry in entries:
        name = entry.name.encode("utf-16-le") + b"\0\0"
        record = bytearray(128)
        record[0 : len(name)] = name
        struct.pack_into("<HBBIII", record, 64, len(name), entry.kind, 1, entry.left, entry.right,
                         entry.child)  # fmt: skip
        struct.pack_into("<IQ", record, 116, entry.start if entry.kind != 1 else 0, entry.size)
        directory += record
    while len(directory) % SECTOR:
        directory += struct.pack("<64sHBBIII", b"", 0, 0, 0, NO_STREAM, NO_STREAM, NO_STREAM).ljust(
            128, b"\0"
        )

    body = bytearray()
    body += struct.pack(f"<{len(fat)}I", *fat)
    body += directory
    body += struct.pack(f"<{len(mini_fat)}I", *mini_fat).ljust(mini_fat_sectors * SECTOR, b"\xff")
    body += bytes(mini_stream).ljust(mini_stream_sectors * SECTOR, b"\0")
    for entry, count in zip(big, big_sectors, strict=True):
        body += entry.data.ljust(count * SECTOR, b"\0")
    return bytes(header + body)


def encrypted_office_file() -> bytes:
    """What Office saves for a password-protected workbook: a compound file holding the
    encryption information and the encrypted package (here filler bytes, never a key)."""
    return compound_file(
        {"EncryptionInfo": b"\x04\x00\x04\x00" + b"\0" * 200, "EncryptedPackage": b"\x01" * 5000}
    )
