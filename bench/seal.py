"""What the seal costs: one recipient's status change, and `verify`, on an incident with N recipients.

Every change seals the tables it touched (SHA-256 over their rows), so a status change on a
large incident reads all its recipients once more; `verify` reads every row of every table.
The floor of both is reading those rows once (`SELECT *`, nothing done with them).
Goals: the seal of a status change at most 2x the floor read of the recipients; `verify` at
most 2x the floor read of the whole incident. Run: python bench/seal.py [--recipients N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playbook.store.containment import set_recipient_status  # noqa: E402
from playbook.store.database import open_database, transaction  # noqa: E402
from playbook.store.events import append_event, verify_timelines  # noqa: E402
from playbook.store.incidents import create_incident  # noqa: E402
from playbook.store.seal import SEALED_TABLES, table_digests  # noqa: E402

NOW = datetime(2026, 10, 25, 12, tzinfo=UTC)
GOAL_RATIO = 2.0


def build(db_path: Path, recipients: int) -> str:
    """An incident with `recipients` recipients and as many people; its id."""
    db = open_database(db_path)
    incident = create_incident(db, title="Bench", aware_at=NOW, now=NOW, author="bench")
    with transaction(db):
        db["recipients"].insert_all(
            {
                "incident_id": incident.id,
                "address": f"person{number}@example.org",
                "name": f"Person {number}",
                "field": "bcc",
                "kind": "external_personal",
                "trust": "public",
                "status": "not_contacted",
                "message_position": 1,
            }
            for number in range(recipients)
        )
        db["people"].insert_all(
            {
                "incident_id": incident.id,
                "key": f"person{number}@example.org",
                "name": f"Person {number}",
                "email": f"person{number}@example.org",
                "data_items": '["email", "name"]',
                "sources": '["bcc"]',
            }
            for number in range(recipients)
        )
        append_event(db, incident.id, "bench.rows", author="bench", at=NOW)
    db.close()
    return incident.id


def best_of(runs: int, work) -> float:
    """The fastest of `runs` timings of `work()`, in seconds."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    """Measure and print the figures; exit 1 when a goal is missed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=20_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.db"
        incident_id = build(db_path, options.recipients)
        db = open_database(db_path)

        def read(tables: tuple[str, ...]) -> None:
            for table in tables:
                key = "id" if table == "incidents" else "incident_id"
                db.execute(f"SELECT * FROM {table} WHERE {key} = ?", [incident_id]).fetchall()

        floor_recipients = best_of(5, lambda: read(("recipients",)))
        seal = best_of(5, lambda: table_digests(db, incident_id, ("recipients",)))
        statuses = iter(["requested", "no_response"] * 5)
        change = best_of(
            5,
            lambda: set_recipient_status(
                db, incident_id, "person7@example.org", next(statuses), author="b", now=NOW
            ),
        )
        floor_all = best_of(3, lambda: read((*SEALED_TABLES, "events")))
        verify = best_of(3, lambda: verify_timelines(db))
        db.close()
    seal_ratio = seal / floor_recipients
    verify_ratio = verify / floor_all
    print(f"recipients and people     {options.recipients:,} each")
    print(f"floor: read recipients    {floor_recipients * 1000:8.1f} ms")
    print(
        f"seal of recipients        {seal * 1000:8.1f} ms   ratio {seal_ratio:.2f}x (goal <= {GOAL_RATIO:g}x)"
    )
    print(
        f"whole status change       {change * 1000:8.1f} ms   (loads every recipient, then seals)"
    )
    print(f"floor: read every table   {floor_all * 1000:8.1f} ms")
    print(
        f"verify                    {verify * 1000:8.1f} ms   ratio {verify_ratio:.2f}x (goal <= {GOAL_RATIO:g}x)"
    )
    return 0 if seal_ratio <= GOAL_RATIO and verify_ratio <= GOAL_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
