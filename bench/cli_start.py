"""How long `playbook list --json` takes on 10,000 incidents, against `import sqlite_utils`.

The floor is the cost of starting Python and importing sqlite-utils, which every playbook
command pays. Goal: at most 1.5x. Run: python bench/cli_start.py [--incidents N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playbook.store.database import open_database, transaction
from playbook.store.incidents import create_incident

GOAL = 1.5


def seed(path: Path, count: int) -> None:
    """Fill a database with `count` incidents made through the store, as the CLI makes them."""
    db = open_database(path)
    now = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    with transaction(db):
        for number in range(count):
            create_incident(
                db,
                title=f"Benchmark incident {number}",
                aware_at=now - timedelta(minutes=number),
                now=now,
                author="bench",
            )
    db.close()


def timed(command: list[str], env: dict[str, str]) -> float:
    """Wall-clock seconds for one run of `command`, which must succeed."""
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    """Seed, then time both commands alternately and print medians and the ratio."""
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--incidents", type=int, default=10_000)
    options.add_argument("--runs", type=int, default=21)
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.db"
        seed(db_path, args.incidents)
        env = {
            **os.environ,
            "PLAYBOOK_DB": str(db_path),
            "PLAYBOOK_CONFIG": str(Path(folder) / "none.toml"),
        }
        # The warm-up runs cache each program's bytecode, as an installed command has it; a shell
        # that forbids writing bytecode would have every run time Python compiling our modules.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        # The installed `playbook` command, as a user runs it (beside this Python).
        ours_command = [str(Path(sys.executable).with_name("playbook")), "list", "--json"]
        floor_command = [sys.executable, "-c", "import sqlite_utils"]
        timed(ours_command, env)
        timed(floor_command, env)
        ours, floor = [], []
        for _ in range(args.runs):
            ours.append(timed(ours_command, env))
            floor.append(timed(floor_command, env))
    ours_median, floor_median = statistics.median(ours), statistics.median(floor)
    ratio = ours_median / floor_median
    # The fastest run of each shows the cost with the least interference from other processes.
    best_ratio = min(ours) / min(floor)
    print(
        f"playbook list --json, {args.incidents} incidents: median {ours_median * 1000:.0f} ms, best {min(ours) * 1000:.0f} ms ({args.runs} runs)"
    )
    print(
        f"floor, python -c 'import sqlite_utils':    median {floor_median * 1000:.0f} ms, best {min(floor) * 1000:.0f} ms"
    )
    print(
        f"ratio: {ratio:.2f}x median, {best_ratio:.2f}x best (goal <= {GOAL}x) {'OK' if ratio <= GOAL else 'OVER'}"
    )


if __name__ == "__main__":
    main()
