"""How fast the app paints: the register of 1,000 incidents, and opening a 3,396-recipient incident.

1. Time to first paint of the app on a database of 1,000 incidents, against a minimal Textual
   app showing a 1,000-row DataTable with a header and a footer. Each is a fresh process (Python
   start, imports, first screen), run headless at 80x24 until the first screen is idle.
   Goal: at most 1.3x.
2. Opening an incident whose message reached 3,396 recipients (its Contain step, with the
   recipient table), against the same minimal app with a 50-row DataTable: time to first
   paint of each, as in 1. Goal: at most 1.5x. For information, also timed inside a running
   app: pushing the incident's screen against pushing a 50-row table screen.

Run: python bench/tui_start.py [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

FIRST_PAINT_GOAL = 1.3
OPEN_GOAL = 1.5
NOW = datetime(2026, 10, 25, 12, 0, tzinfo=UTC)
SIZE = (80, 24)

# Each child program exits as soon as its first screen is idle (painted).
OURS_CHILD = """
import sys
from playbook.cli import build_parser
from playbook.cli.context import Context
from playbook.ui.app import PlaybookApp

ctx = Context(build_parser().parse_args(["--db", sys.argv[1]]))
open_incident = sys.argv[2] if len(sys.argv) > 2 else None

async def first_paint(pilot):
    await pilot.pause()
    pilot.app.exit()

app = PlaybookApp(
    ctx.db, config=ctx.config, now=lambda: ctx.now, author=ctx.author, open_incident=open_incident
)
app.run(headless=True, size=(80, 24), auto_pilot=first_paint)
"""
FLOOR_CHILD = """
import sys
from textual.app import App
from textual.widgets import DataTable, Footer, Header

class Floor(App):
    def compose(self):
        yield Header()
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Incident", "Clock", "Outcome", "Status", "Title")
        table.add_rows(
            (f"PB-2026-{n:04d}", "2d 04h 00m left", "tell ICO", "open", f"Benchmark incident {n}")
            for n in range(int(sys.argv[1]))
        )

async def first_paint(pilot):
    await pilot.pause()
    pilot.app.exit()

Floor().run(headless=True, size=(80, 24), auto_pilot=first_paint)
"""


def seed_register(path: Path, count: int) -> None:
    """A database of `count` incidents made through the store."""
    from playbook.store.database import open_database, transaction
    from playbook.store.incidents import create_incident

    db = open_database(path)
    with transaction(db):
        for number in range(count):
            create_incident(
                db,
                title=f"Benchmark incident {number}",
                aware_at=NOW - timedelta(minutes=number),
                now=NOW,
                author="bench",
            )
    db.close()


def seed_wide_incident(folder: Path, recipients: int) -> tuple[Path, str]:
    """A database holding one incident whose sent message had `recipients` addresses in Cc."""
    from playbook.config import Config
    from playbook.intake.importing import import_file
    from playbook.store.database import open_database
    from playbook.store.incidents import create_incident

    message = EmailMessage()
    message["From"] = "Union <office@union.example>"
    message["To"] = "office@union.example"
    message["Cc"] = ", ".join(
        f"Holder {n} <holder{n}@mail{n % 7}.example>" for n in range(recipients)
    )
    message["Subject"] = "Discount card renewal"
    message["Date"] = "Sat, 24 Oct 2026 15:30:00 +0100"
    message["Message-ID"] = "<bench@union.example>"
    message.set_content("Dear holder,\n\nYour card is due for renewal.\n")
    eml = folder / "wide.eml"
    eml.write_bytes(bytes(message))
    path = folder / "wide.db"
    db = open_database(path)
    incident = create_incident(
        db, title="Card holders in Cc", aware_at=NOW - timedelta(hours=20), now=NOW, author="bench"
    )
    import_file(db, incident.id, eml, config=Config(), author="bench", now=NOW)
    db.close()
    return path, incident.id


def child_seconds(program: str, arguments: list[str], env: dict[str, str]) -> float:
    """Wall-clock seconds for one run of a child program: start, imports, first idle screen,
    exit (the same steps for both programs)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", program, *arguments], env=env, check=True)
    return time.perf_counter() - started


def compare_children(
    ours_arguments: list[str], floor_rows: int, env: dict[str, str], runs: int
) -> tuple[list[float], list[float]]:
    """Run our child and the floor child alternately, `runs` times each, after one warm-up."""
    ours, floor = [], []
    child_seconds(OURS_CHILD, ours_arguments, env)
    child_seconds(FLOOR_CHILD, [str(floor_rows)], env)
    for _ in range(runs):
        ours.append(child_seconds(OURS_CHILD, ours_arguments, env))
        floor.append(child_seconds(FLOOR_CHILD, [str(floor_rows)], env))
    return ours, floor


async def opening_times(
    db_path: Path, incident_id: str, runs: int
) -> tuple[list[float], list[float]]:
    """Seconds to open the incident in the app, and to open a 50-row table screen in a bare app."""
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Header

    from playbook.config import Config
    from playbook.store.database import open_database
    from playbook.ui.app import PlaybookApp
    from playbook.ui.screens.workspace import IncidentScreen

    class TableScreen(Screen):
        def compose(self):
            yield Header()
            yield DataTable(cursor_type="row")
            yield Footer()

        def on_mount(self):
            table = self.query_one(DataTable)
            table.add_columns("Address", "Fld", "Trust", "Status", "Chase due")
            table.add_rows(
                (f"holder{n}@mail.example", "cc", "unknown", "not contacted", "") for n in range(50)
            )

    async def time_screen(app: App, make_screen) -> list[float]:
        seconds = []
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for _ in range(runs):
                started = time.perf_counter()
                await app.push_screen(make_screen())
                await pilot.pause()
                seconds.append(time.perf_counter() - started)
                app.pop_screen()
                await pilot.pause()
        return seconds

    ours = await time_screen(
        PlaybookApp(open_database(db_path), config=Config(), now=lambda: NOW, author="bench"),
        lambda: IncidentScreen(incident_id),
    )
    floor = await time_screen(App(), TableScreen)
    return ours, floor


def main() -> None:
    """Seed both databases, time both comparisons, print medians and ratios."""
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--runs", type=int, default=7)
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        register_db = folder / "register.db"
        seed_register(register_db, 1000)
        env = {
            **os.environ,
            "PLAYBOOK_CONFIG": str(folder / "none.toml"),
            "PLAYBOOK_NOW": NOW.isoformat(),
        }
        # The warm-up runs cache each program's bytecode, as an installed app has it; a shell
        # that forbids writing bytecode would have every run time Python compiling our modules.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        ours, floor = compare_children([str(register_db)], 1000, env, args.runs)
        report("first paint of the register, 1,000 incidents", ours, floor, FIRST_PAINT_GOAL)

        wide_db, incident_id = seed_wide_incident(folder, 3396)
        ours, floor = compare_children([str(wide_db), incident_id], 50, env, args.runs)
        report("first paint of an incident of 3,396 recipients", ours, floor, OPEN_GOAL)
        ours, floor = asyncio.run(opening_times(wide_db, incident_id, args.runs))
        report("  the same, opened inside a running app (for information)", ours, floor, None)


def report(what: str, ours: list[float], floor: list[float], goal: float | None) -> None:
    """Print the medians and the ratio, against the goal when there is one."""
    ours_median, floor_median = statistics.median(ours), statistics.median(floor)
    ratio = ours_median / floor_median
    verdict = (
        "" if goal is None else f" ({'meets' if ratio <= goal else 'MISSES'} the goal of {goal}x)"
    )
    print(
        f"{what}: playbook {ours_median * 1000:.0f} ms, floor {floor_median * 1000:.0f} ms, "
        f"ratio {ratio:.2f}{verdict}"
    )


if __name__ == "__main__":
    main()
