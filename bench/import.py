"""Benchmark the import against its floor, in one run (python bench/import.py [--rows N]).

1. A sender's copy with 100,000 addresses in Bcc and a 100,000-row CSV attachment. The floor is
   the least any importer must do: parse the file with the stdlib's compat32 policy, split
   every address header with `email.utils.getaddresses`, and read the CSV rows and write them
   with one `executemany`. Goal: our whole import (recipients, people, facts, timeline) at most
   2.5x the floor; peak memory (tracemalloc) under 3x the file size.
2. The same 100,000 rows as an XLSX attachment against them as CSV. Goal: at most 4x.
3. Hostile shapes: a 50 MB header line and a message of 200,000 tiny parts. Goal: peak memory
   under 3x the file size plus 60 MB, whatever the import then says of the file.
"""

from __future__ import annotations

import argparse
import csv
import io
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from email.parser import BytesParser
from email.policy import compat32
from email.utils import getaddresses
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playbook.config import Config  # noqa: E402
from playbook.domain.errors import PlaybookError  # noqa: E402
from playbook.intake.importing import import_file  # noqa: E402
from playbook.store.database import open_database  # noqa: E402
from playbook.store.incidents import create_incident  # noqa: E402
from tests.builders import mailing_list_copy  # noqa: E402

NOW = datetime(2026, 10, 25, 12, tzinfo=UTC)


def floor(message_path: Path, db_path: Path) -> int:
    """Parse, split every address header, and write the attachment's rows: the least possible."""
    with message_path.open("rb") as stream:
        message = BytesParser(policy=compat32).parse(stream)
    addresses = [getaddresses(message.get_all(name, [])) for name in ("from", "to", "cc", "bcc")]
    connection = sqlite3.connect(db_path)
    connection.execute("CREATE TABLE rows (a, b, c, d, e)")
    for part in message.walk():
        if part.get_filename():
            rows = csv.reader(io.StringIO(part.get_payload(decode=True).decode("utf-8")))
            connection.executemany("INSERT INTO rows VALUES (?, ?, ?, ?, ?)", rows)
    connection.commit()
    connection.close()
    return sum(len(found) for found in addresses)


def ours(message_path: Path, db_path: Path) -> int:
    """The whole import into a fresh database."""
    db = open_database(db_path)
    incident = create_incident(db, title="bench", aware_at=NOW, now=NOW, author="bench")
    report = import_file(db, incident.id, message_path, config=Config(), author="bench", now=NOW)
    db.close()
    return report.recipients


def timed(
    runs: list[tuple[Callable[[Path, Path], int], Path]], folder: Path, repeat: int
) -> list[float]:
    """The best of `repeat` runs of each (function, message file), each into a new database.
    The runs alternate, so that whatever else the machine is doing slows them alike."""
    best = [float("inf")] * len(runs)
    for attempt in range(repeat):
        for number, (run, message_path) in enumerate(runs):
            db_path = folder / f"{run.__name__}-{message_path.stem}-{attempt}.db"
            started = time.perf_counter()
            run(message_path, db_path)
            best[number] = min(best[number], time.perf_counter() - started)
    return best


def peak_memory(run: Callable[[Path, Path], int], message_path: Path, folder: Path) -> int:
    """The peak of Python allocations (tracemalloc) during one run."""
    db_path = folder / f"{run.__name__}-memory-{time.monotonic_ns()}.db"
    tracemalloc.start()
    run(message_path, db_path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def long_header_line(folder: Path, megabytes: int = 50) -> Path:
    """A message whose To line is one entry of `megabytes` MB, then an address."""
    path = folder / "long-line.eml"
    with path.open("wb") as out:
        out.write(b"From: a@council.example\r\nSubject: long\r\nTo: ")
        block = b"=?utf-8?q?x?= " * 4096
        for _ in range(megabytes * 1024 * 1024 // len(block)):
            out.write(block)
        out.write(b"<ann@homemail.example>\r\n\r\nbody\r\n")
    return path


def tiny_parts(folder: Path, parts: int = 200_000) -> Path:
    """A multipart message of `parts` one-line text parts."""
    path = folder / "tiny-parts.eml"
    with path.open("wb") as out:
        out.write(
            b"From: a@council.example\r\nTo: ann@homemail.example\r\nSubject: parts\r\n"
            b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        )
        part = b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n"
        for _ in range(parts // 1000):
            out.write(part * 1000)
        out.write(b"--b--\r\n")
    return path


def refused_or(run: Callable[[Path, Path], int]) -> Callable[[Path, Path], int]:
    """`run`, with a refusal (one sentence) counted as an outcome, not a failure."""

    def attempt(message_path: Path, db_path: Path) -> int:
        try:
            return run(message_path, db_path)
        except PlaybookError:
            return -1

    attempt.__name__ = run.__name__
    return attempt


def hostile(folder: Path) -> None:
    """Peak memory of the import for the hostile shapes, against 3x the file plus 60 MB."""
    for build in (long_header_line, tiny_parts):
        path = build(folder)
        size = path.stat().st_size
        started = time.perf_counter()
        peak = peak_memory(refused_or(ours), path, folder)
        took = time.perf_counter() - started
        goal = 3 * size + 60e6
        print(
            f"{path.stem:<20} {size / 1e6:6.1f} MB  {took:6.1f} s  peak {peak / 1e6:6.1f} MB  "
            f"{peak / goal:5.2f} of the goal (3x file + 60 MB)"
        )


def main() -> None:
    """Build the files, measure, print the figures and the ratios."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rows", type=int, default=100_000, help="addresses and rows (100000)")
    options.add_argument("--repeat", type=int, default=3, help="timed runs of each (best kept)")
    options.add_argument("--hostile-only", action="store_true", help="only part 3")
    args = options.parse_args()
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as scratch:
        folder = Path(scratch)
        if args.hostile_only:
            hostile(folder)
            return
        print(f"building a sender's copy: {args.rows:,} in Bcc, {args.rows:,}-row CSV ...")
        big = mailing_list_copy(folder, recipients=args.rows, rows=args.rows, name="bcc")
        size = big.stat().st_size
        floor_time, our_time = timed([(floor, big), (ours, big)], folder, args.repeat)
        floor_peak = peak_memory(floor, big, folder)
        our_peak = peak_memory(ours, big, folder)
        print(f"file                 {size / 1e6:8.1f} MB")
        print(f"floor                {floor_time:8.2f} s   peak {floor_peak / 1e6:6.1f} MB")
        print(f"playbook import      {our_time:8.2f} s   peak {our_peak / 1e6:6.1f} MB")
        print(f"time ratio           {our_time / floor_time:8.2f}x  (goal <= 2.5x)")
        print(
            f"memory / file size   {our_peak / size:8.2f}x  (goal < 3x; the floor: {floor_peak / size:.2f}x)"
        )

        print(f"building {args.rows:,} rows as XLSX and as CSV (one recipient each) ...")
        as_xlsx = mailing_list_copy(
            folder, recipients=1, rows=args.rows, attachment="xlsx", name="rows"
        )
        as_csv = mailing_list_copy(
            folder, recipients=1, rows=args.rows, attachment="csv", name="rows"
        )
        xlsx_time, csv_time = timed([(ours, as_xlsx), (ours, as_csv)], folder, args.repeat)
        print(f"import with CSV      {csv_time:8.2f} s")
        print(f"import with XLSX     {xlsx_time:8.2f} s")
        print(f"XLSX / CSV           {xlsx_time / csv_time:8.2f}x  (goal <= 4x)")
        hostile(folder)


if __name__ == "__main__":
    main()
