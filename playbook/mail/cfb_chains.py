"""Check the sector chains of a compound file (an Outlook .msg) before anything reads it.

A compound file keeps each stream as a chain of sectors in its allocation tables (the FAT, and
the mini FAT for small streams). The reader behind extract-msg follows a chain for as many
sectors as the stream's size asks, so a chain that loops back on itself gives repeated bytes
as values (no recipients, a made-up record count) and a few hundred looping streams take
minutes. Here every chain is walked once, each sector visited at most once in the whole file,
so a loop, a sector shared by two chains, a pointer past the end or a chain too short for its
stream's size is found in time proportional to the file.
"""

from __future__ import annotations

import struct
from array import array

END_OF_CHAIN = 0xFFFFFFFE
FREE = 0xFFFFFFFF
_HEADER = struct.Struct("<8s16sHHHHH6sIIIIIIIII")
_ENTRY = 128
_STREAM = 2
_ROOT = 5


class ChainProblem(Exception):
    """The compound file's chains are damaged; the message says how, without any contents."""


def check_chains(data: bytes) -> None:
    """Raise ChainProblem when a chain of the compound file `data` loops, is shared, runs past
    the end of the file or of its table, or is shorter than its stream's size."""
    if len(data) < 512:
        raise ChainProblem("it is shorter than its own header")
    fields = _HEADER.unpack_from(data)
    sector_shift, mini_shift = fields[5], fields[6]
    if not 7 <= sector_shift <= 16 or not 2 <= mini_shift < sector_shift:
        raise ChainProblem("its header gives an impossible sector size")
    fat_sectors, first_directory = fields[9], fields[10]
    mini_cutoff, first_mini_fat, mini_fat_sectors = fields[12], fields[13], fields[14]
    first_difat, difat_sectors = fields[15], fields[16]
    file = _Sectors(data, 1 << sector_shift)
    fat = _Table(_fat(data, file, fat_sectors, first_difat, difat_sectors), "sector")
    directory = file.read(fat.chain(first_directory, "the directory"))
    mini_fat = _Table(
        _words(file.read(fat.chain(first_mini_fat, "the mini allocation table")))
        if mini_fat_sectors
        else array("I"),
        "mini sector",
    )
    mini_sectors = 0
    for offset in range(0, len(directory) - _ENTRY + 1, _ENTRY):
        kind = directory[offset + 66]
        start, size = struct.unpack_from("<IQ", directory, offset + 116)
        if fields[3] == 3:  # version 3 files may leave junk in the size's high half
            size &= 0xFFFFFFFF
        if kind == _ROOT:
            if start != END_OF_CHAIN:
                length = len(fat.chain(start, "the mini stream", size, file.size))
                mini_sectors = length * file.size >> mini_shift
        elif kind == _STREAM and size >= mini_cutoff:
            fat.chain(start, "a stream", size, file.size)
        elif kind == _STREAM and size:
            chain = mini_fat.chain(start, "a small stream", size, 1 << mini_shift)
            if max(chain) >= mini_sectors:
                raise ChainProblem("a small stream points past the end of the mini stream")


class _Sectors:
    def __init__(self, data: bytes, size: int) -> None:
        self.data = data
        self.size = size
        self.count = max(len(data) // size - 1, 0)

    def read(self, numbers: list[int]) -> bytes:
        """The bytes of these sectors, in order."""
        for number in numbers:
            if number >= self.count:
                raise ChainProblem("a chain points past the end of the file")
        return b"".join(
            self.data[(number + 1) * self.size : (number + 2) * self.size] for number in numbers
        )


class _Table:
    """An allocation table whose every entry may be visited once, across all its chains."""

    def __init__(self, entries: array[int], unit: str) -> None:
        self.entries = entries
        self.unit = unit
        self.used = bytearray(len(entries))

    def chain(self, start: int, what: str, size: int | None = None, unit: int = 1) -> list[int]:
        found = []
        current = start
        while current != END_OF_CHAIN:
            if current >= len(self.entries):
                raise ChainProblem(f"the chain of {what} points past the end of its table")
            if self.used[current]:
                raise ChainProblem(
                    f"the chain of {what} loops or crosses another at {self.unit} {current}"
                )
            self.used[current] = 1
            found.append(current)
            current = self.entries[current]
        if size is not None and len(found) * unit < size:
            raise ChainProblem(f"the chain of {what} is shorter than the stream's size")
        return found


def _words(data: bytes) -> array[int]:
    words = array("I")
    words.frombytes(data[: len(data) // 4 * 4])
    if words.itemsize != 4:
        raise ChainProblem("this platform cannot read compound files")
    if struct.pack("=I", 1) != struct.pack("<I", 1):
        words.byteswap()
    return words


def _fat(data: bytes, file: _Sectors, count: int, first_difat: int, difat_count: int) -> array[int]:
    """The FAT, gathered from the sectors the header and the DIFAT chain list."""
    listed = list(_words(data[76:512]))
    per_sector = file.size // 4 - 1
    current, seen = first_difat, set[int]()
    while current not in (END_OF_CHAIN, FREE) and len(seen) < difat_count:
        if current in seen or current >= file.count:
            raise ChainProblem("the chain of the allocation table's index loops or runs past")
        seen.add(current)
        words = _words(file.read([current]))
        listed += words[:per_sector]
        current = words[per_sector]
    sectors = [number for number in listed[:count] if number != FREE]
    if len(sectors) < count:
        raise ChainProblem("its allocation table is not all listed")
    if len(set(sectors)) < len(sectors):
        raise ChainProblem("its allocation table lists one sector twice")
    return _words(file.read(sectors))
