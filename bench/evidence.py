"""Benchmark delivery evidence and replies against their floors, in one run
(python bench/evidence.py [--rows N] [--replies N]).

1. A 100,000-row Exchange Online message trace export for an incident of 100,000 recipients.
   The floor: read the CSV with the csv module and record every row's state with one
   `executemany`. Goal: `playbook evidence` (matching, states, exposure, facts, timeline) at
   most 2x the floor.
2. 5,000 reply files (replies, out-of-office answers, bounces). The floor: read each file and
   parse its headers with the standard library (`BytesHeaderParser`). Goal: `playbook replies`
   (reading, matching, recording) at most 2x the floor.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.mime.text import MIMEText
from email.parser import BytesHeaderParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playbook.config import Config  # noqa: E402
from playbook.evidence.delivery import record_evidence  # noqa: E402
from playbook.evidence.replies import read_replies  # noqa: E402
from playbook.intake.importing import import_file  # noqa: E402
from playbook.store.containment import request_all_external  # noqa: E402
from playbook.store.database import open_database  # noqa: E402
from playbook.store.evidence import record_outgoing  # noqa: E402
from playbook.store.incidents import create_incident  # noqa: E402
from playbook.store.messages import load_recipients  # noqa: E402
from tests.builders import mailing_list_copy  # noqa: E402

NOW = datetime(2026, 10, 25, 12, tzinfo=UTC)
HEADER = ["Received", "SenderAddress", "RecipientAddress", "Subject", "Status", "ToIP",
          "FromIP", "Size", "MessageId", "MessageTraceId"]  # fmt: skip


def prepared(folder: Path, recipients: int, name: str) -> tuple[Path, str, list[str]]:
    """A database holding one incident whose message reached `recipients` addresses."""
    message = mailing_list_copy(folder, recipients=recipients, rows=1, name=name)
    db_path = folder / f"{name}.db"
    db = open_database(db_path)
    incident = create_incident(db, title="bench", aware_at=NOW, now=NOW, author="bench")
    import_file(db, incident.id, message, config=Config(), author="bench", now=NOW)
    addresses = [recipient.address for recipient in load_recipients(db, incident.id)]
    db.close()
    return db_path, incident.id, addresses


def trace_file(folder: Path, addresses: list[str], message_id: str) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(HEADER)
    for number, address in enumerate(addresses):
        status = "Failed" if number % 50 == 0 else "Delivered"
        writer.writerow(["10/19/2026 9:15:02 AM", "membership@club.example", address,
                         "Members' newsletter", status, "", "10.0.0.1", "20431", message_id,
                         "5b1c5a8e-0d6f-4f7e-8c1d-08de0f8e7a11"])  # fmt: skip
    path = folder / "trace.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def trace_floor(db_path: Path, incident_id: str, trace: Path) -> None:
    """Read the CSV and write every row's state with one executemany: the least possible."""
    connection = sqlite3.connect(db_path)
    with trace.open(newline="", encoding="utf-8") as stream:
        reader = csv.reader(stream)
        next(reader)
        connection.executemany(
            "UPDATE recipients SET delivery = ? WHERE incident_id = ? AND address = ?",
            ((row[4].lower(), incident_id, row[2].lower()) for row in reader),
        )
    connection.commit()
    connection.close()


def trace_ours(db_path: Path, incident_id: str, trace: Path) -> None:
    """`playbook evidence ID trace.csv`, all of it."""
    db = open_database(db_path)
    record_evidence(db, incident_id, [trace], config=Config(), author="bench", now=NOW)
    db.close()


def reply_files(folder: Path, addresses: list[str], ids: dict[str, str]) -> Path:
    out = folder / "replies"
    out.mkdir()
    for number, address in enumerate(addresses):
        message = MIMEText(
            "Deleted, and emptied my deleted items.\nThanks\n\n> Please delete the message\n"
        )
        message["From"] = address
        message["To"] = "membership@club.example"
        message["Subject"] = "Re: Please delete the email we sent you in error"
        if number % 10 == 1:
            message.replace_header("Subject", "Automatic reply: out of office")
            message["Auto-Submitted"] = "auto-replied"
        message["Date"] = "Tue, 20 Oct 2026 09:30:00 +0100"
        message["Message-ID"] = f"<reply-{number}@mail.example>"
        message["In-Reply-To"] = ids[address]
        message["References"] = ids[address]
        (out / f"{number:05d}.eml").write_bytes(message.as_bytes())
    return out


def replies_floor(db_path: Path, incident_id: str, folder: Path) -> None:
    """Read every file and parse its headers with the standard library."""
    parser = BytesHeaderParser()
    for path in sorted(folder.iterdir()):
        parser.parsebytes(path.read_bytes())


def replies_ours(db_path: Path, incident_id: str, folder: Path) -> None:
    """`playbook replies ID folder`, all of it."""
    db = open_database(db_path)
    read_replies(db, incident_id, [folder], author="bench", now=NOW)
    db.close()


def timed(
    runs: list[Callable[[Path, str, Path], None]], base: Path, incident_id: str, data: Path,
    repeat: int,
) -> list[float]:  # fmt: skip
    """The best of `repeat` runs of each, each on a fresh copy of the database; alternating,
    so that whatever else the machine does slows them alike. Wall time, then CPU time (less
    moved by other work on a shared machine)."""
    best = [float("inf")] * len(runs)
    cpu = [float("inf")] * len(runs)
    for attempt in range(repeat):
        for number, run in enumerate(runs):
            copy = base.with_name(f"{run.__name__}-{attempt}.db")
            shutil.copy(base, copy)
            started, started_cpu = time.perf_counter(), time.process_time()
            run(copy, incident_id, data)
            best[number] = min(best[number], time.perf_counter() - started)
            cpu[number] = min(cpu[number], time.process_time() - started_cpu)
    return best + cpu


def main() -> None:
    """Build the files, measure, print the figures and the ratios."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rows", type=int, default=100_000, help="trace rows (100000)")
    options.add_argument("--replies", type=int, default=5_000, help="reply files (5000)")
    options.add_argument("--repeat", type=int, default=3, help="timed runs of each (best kept)")
    args = options.parse_args()
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as scratch:
        folder = Path(scratch)
        print(f"building an incident of {args.rows:,} recipients and its trace ...")
        base, incident_id, addresses = prepared(folder, args.rows, "trace")
        trace = trace_file(folder, addresses, "<trace@club.example>")
        floor_time, our_time, floor_cpu, our_cpu = timed(
            [trace_floor, trace_ours], base, incident_id, trace, args.repeat
        )
        print(f"trace floor          {floor_time:8.2f} s   cpu {floor_cpu:6.2f} s")
        print(f"playbook evidence    {our_time:8.2f} s   cpu {our_cpu:6.2f} s")
        print(f"time ratio           {our_time / floor_time:8.2f}x  (goal <= 2x)")
        print(f"cpu time ratio       {our_cpu / floor_cpu:8.2f}x")

        print(f"building {args.replies:,} reply files ...")
        base, incident_id, addresses = prepared(folder, args.replies, "replies")
        db = open_database(base)
        request_all_external(db, incident_id, author="bench", now=NOW)
        ids = {address: f"<request-{n}@club.example>" for n, address in enumerate(addresses)}
        record_outgoing(db, incident_id, "deletion_request", ids.items(), NOW)
        db.conn.commit()
        db.close()
        replies = reply_files(folder, addresses, ids)
        floor_time, our_time, floor_cpu, our_cpu = timed(
            [replies_floor, replies_ours], base, incident_id, replies, args.repeat
        )
        print(f"header parsing floor {floor_time:8.2f} s   cpu {floor_cpu:6.2f} s")
        print(f"playbook replies     {our_time:8.2f} s   cpu {our_cpu:6.2f} s")
        print(f"time ratio           {our_time / floor_time:8.2f}x  (goal <= 2x)")
        print(f"cpu time ratio       {our_cpu / floor_cpu:8.2f}x")


if __name__ == "__main__":
    main()
