"""The app at scale: a 100,000-recipient incident against a small one, in the same run.

1. Keys: End, Home and PageDown in the Contain step's recipient table, on an incident of
   100,000 recipients against the same keys on one of 100. Goal: at most 2x for each key.
2. Typing a 12-character filter over 100,000 recipients, a key at a time with no pause: the
   longest gap of the event loop (a task that wakes every millisecond records the longest time
   it was kept waiting). Floor: the same task in the same app, idle. Goal: under 50 ms.
3. Opening an incident: pushing its workspace until the Contain step is first painted (its
   checklist, counts line and table; a big incident says "Reading the recipients…"), 100,000
   recipients against 50. Goal: at most 1.5x. For information: the time until the 100,000
   recipients are all listed (they are read in a worker, so the screen does not wait).

Run: python bench/tui_scale.py [--recipients N] [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

KEY_GOAL = 2.0
STALL_GOAL_MS = 50.0
OPEN_GOAL = 1.5
NOW = datetime(2026, 10, 25, 12, 0, tzinfo=UTC)
SIZE = (80, 24)
FILTER = "holder1234@m"  # 12 characters


def seed(folder: Path, recipients: int) -> tuple[Path, str]:
    """A database with one incident whose sent message had `recipients` addresses in Cc."""
    from playbook.config import Config
    from playbook.intake.importing import import_file
    from playbook.store.database import open_database
    from playbook.store.incidents import create_incident

    cc = ",\r\n ".join(f"Holder {n} <holder{n}@mail{n % 7}.example>" for n in range(recipients))
    eml = folder / f"sent-{recipients}.eml"
    eml.write_bytes(
        (
            "From: Union <office@union.example>\r\nTo: office@union.example\r\n"
            f"Cc: {cc}\r\nSubject: Discount card renewal\r\n"
            "Date: Sat, 24 Oct 2026 15:30:00 +0100\r\nMessage-ID: <bench@union.example>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            "Dear holder,\r\n\r\nYour card is due for renewal.\r\n"
        ).encode()
    )
    path = folder / f"incident-{recipients}.db"
    db = open_database(path)
    incident = create_incident(
        db, title="Card holders in Cc", aware_at=NOW - timedelta(hours=20), now=NOW, author="bench"
    )
    import_file(db, incident.id, eml, config=Config(), author="bench", now=NOW)
    db.close()
    return path, incident.id


def make_app(db_path: Path):
    """The app on `db_path` at the benchmark's fixed time."""
    from playbook.config import Config
    from playbook.store.database import open_database
    from playbook.ui.app import PlaybookApp

    return PlaybookApp(open_database(db_path), config=Config(), now=lambda: NOW, author="bench")


async def all_listed(app, recipients: int) -> None:
    """Wait until the recipient table holds every recipient (read in a worker when many)."""
    from playbook.ui.widgets.recipient_table import RecipientTable

    while True:
        await app.workers.wait_for_complete()
        tables = app.screen.query(RecipientTable)
        if tables and tables.first().total_rows == recipients + 1:  # and the sender's To
            return
        await asyncio.sleep(0.005)


async def key_times(db_path: Path, incident_id: str, recipients: int, runs: int) -> dict:
    """Median seconds for each key to be handled and the screen painted again."""
    from playbook.ui.screens.workspace import IncidentScreen
    from playbook.ui.widgets.recipient_table import RecipientTable

    app = make_app(db_path)
    times: dict[str, list[float]] = {"end": [], "home": [], "pagedown": []}
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(IncidentScreen(incident_id))
        await all_listed(app, recipients)
        app.screen.query_one(RecipientTable).focus()
        await pilot.pause()
        for _ in range(runs):
            for key in ("end", "home", "pagedown"):
                started = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                times[key].append(time.perf_counter() - started)
    return {key: statistics.median(seconds) for key, seconds in times.items()}


class GapMeter:
    """A task that wakes every millisecond and keeps the longest wait between wake-ups."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._running = True

    async def run(self) -> None:
        """Measure until stopped."""
        last = time.perf_counter()
        while self._running:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last)
            last = now

    def stop(self) -> None:
        """End the measurement."""
        self._running = False


async def filter_stall(db_path: Path, incident_id: str, recipients: int) -> tuple[float, float]:
    """(longest loop gap while typing the filter, longest gap while idle), in seconds."""
    from playbook.ui.screens.workspace import IncidentScreen
    from playbook.ui.widgets.recipient_table import RecipientTable

    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(IncidentScreen(incident_id))
        await all_listed(app, recipients)
        await pilot.press("tab", "slash")
        await pilot.pause()
        idle = GapMeter()
        task = asyncio.create_task(idle.run())
        await asyncio.sleep(0.5)
        idle.stop()
        await task
        typing = GapMeter()
        task = asyncio.create_task(typing.run())
        for character in FILTER:
            await pilot.press(character)
        await app.workers.wait_for_complete()
        await pilot.pause()
        typing.stop()
        await task
        shown = app.screen.query_one(RecipientTable).total_rows
        expected = sum(1 for n in range(recipients) if FILTER in f"holder{n}@mail{n % 7}")
        assert shown == expected, f"the filter shows {shown} rows, not {expected}"
    return typing.longest, idle.longest


async def opening_times(db_path: Path, incident_id: str, recipients: int, runs: int) -> tuple:
    """(seconds to the Contain step's first paint, seconds until every recipient is listed)."""
    from playbook.ui.screens.workspace import IncidentScreen

    app = make_app(db_path)
    painted, listed = [], []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(runs):
            started = time.perf_counter()
            await app.push_screen(IncidentScreen(incident_id))  # composed and mounted
            drawn = asyncio.Event()
            app.screen.call_after_refresh(drawn.set)  # after the screen's first paint
            await drawn.wait()
            painted.append(time.perf_counter() - started)
            await all_listed(app, recipients)
            listed.append(time.perf_counter() - started)
            app.pop_screen()
            await pilot.pause()
    return statistics.median(painted), statistics.median(listed)


def main() -> None:
    """Seed the incidents, run the three measurements, print figures and ratios."""
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--recipients", type=int, default=100_000)
    options.add_argument("--runs", type=int, default=5)
    args = options.parse_args()
    big_count = args.recipients
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        print(f"seeding incidents of {big_count:,}, 100 and 50 recipients ...")
        big = seed(folder, big_count)
        hundred = seed(folder, 100)
        fifty = seed(folder, 50)

        big_keys = asyncio.run(key_times(*big, big_count, args.runs))
        small_keys = asyncio.run(key_times(*hundred, 100, args.runs))
        for key in ("end", "home", "pagedown"):
            ratio = big_keys[key] / small_keys[key]
            print(
                f"{key} on {big_count:,} rows: {big_keys[key] * 1000:.1f} ms, on 100 rows: "
                f"{small_keys[key] * 1000:.1f} ms, ratio {ratio:.2f} "
                f"({'meets' if ratio <= KEY_GOAL else 'MISSES'} the goal of {KEY_GOAL}x)"
            )

        typing, idle = asyncio.run(filter_stall(*big, big_count))
        print(
            f"longest event-loop gap typing a 12-character filter over {big_count:,} recipients: "
            f"{typing * 1000:.1f} ms, idle: {idle * 1000:.1f} ms, ratio {typing / idle:.2f} "
            f"({'meets' if typing * 1000 < STALL_GOAL_MS else 'MISSES'} the goal of "
            f"{STALL_GOAL_MS:.0f} ms)"
        )

        big_paint, big_listed = asyncio.run(opening_times(*big, big_count, args.runs))
        small_paint, _ = asyncio.run(opening_times(*fifty, 50, args.runs))
        ratio = big_paint / small_paint
        print(
            f"opening an incident of {big_count:,} recipients: {big_paint * 1000:.0f} ms, "
            f"of 50: {small_paint * 1000:.0f} ms, ratio {ratio:.2f} "
            f"({'meets' if ratio <= OPEN_GOAL else 'MISSES'} the goal of {OPEN_GOAL}x)"
        )
        print(
            f"  every one of the {big_count:,} recipients listed after {big_listed * 1000:.0f} ms "
            "(read in a worker; for information)"
        )


if __name__ == "__main__":
    main()
