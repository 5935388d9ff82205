"""How fast 3,396 letters are written end to end, against typesetting their pages once.

Ours: `playbook.notify.letters.write_letters` on an imported incident whose spreadsheet lists
3,396 people with a postal address and no email: the people read from the database, every
letter rendered from its Jinja template, the letter gate over all of them, the letters typeset
together once with typst (`letters.pdf`), split at their bookmarks into one PDF per person,
every file written through a temporary name, the mail merge, and the timeline event.
The floor: the same layout typeset with the same data, in ONE document, by the same library,
in the same run. Each is timed in a fresh process (after its imports), as the command runs:
typst memoises layout across compiles in one process, so whichever ran second there would be
timed warm.
Also timed once (skip it with --no-alternative): the other way, one typst compile per person
with one reused compiler, then the letters combined into one PDF with pypdf; it was slower,
which is why ours typesets once and splits.
After one untimed run of the floor, each round times ours and the floor back to back, taking
turns to go first; the ratio is the median of the rounds' ratios. Goal: at most 1.5x the floor. Each round writes a folder of its
own, all removed at the end: removing thousands of files just before a round slowed the file
system's next thousands of new files (by up to 2 s on the machine this was written on).
`--dir` writes somewhere else than the system temp dir: making thousands of new files costs
0.02 ms each on a healthy file system and was 0.5 ms each in this machine's /tmp at times.
Run: python bench/letters.py [--people N] [--rounds N] [--no-alternative] [--dir DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import typst  # noqa: E402
from pypdf import PdfReader, PdfWriter  # noqa: E402

from playbook import paths  # noqa: E402
from playbook.config import Config, DpoConfig  # noqa: E402
from playbook.domain.clock import zone  # noqa: E402
from playbook.intake.opening import NewIncident, open_incident  # noqa: E402
from playbook.notify.drafts import load_context  # noqa: E402
from playbook.notify.letters import LAYOUT, prepare_letters, write_letters  # noqa: E402
from playbook.render.environment import Renderer  # noqa: E402
from playbook.render.pdf import Typesetter  # noqa: E402
from playbook.store.database import open_database  # noqa: E402
from tests.builders import S1_HOLDERS, students_union_spreadsheet  # noqa: E402

GOAL_RATIO = 1.5
NOW = datetime(2026, 10, 25, 12, 0, tzinfo=UTC)
LONDON = zone("Europe/London")
CONFIG = Config(
    organisation="Northfield Students' Union",
    address="Union House, 1 College Road, Northfield NF1 1AA",
    dpo=DpoConfig("Jane Doe", "dpo@su.example", "0161 496 0000"),
)


def seeded(folder: Path, people: int) -> tuple[object, str]:
    """A database holding one incident whose attachment lists `people` to write to by post."""
    message = students_union_spreadsheet(folder, holders=0, by_post=people)
    db = open_database(folder / "bench.db")
    opened = open_incident(
        db,
        NewIncident(title="Card holders' spreadsheet", aware_at=NOW),
        [message],
        config=CONFIG,
        author="bench",
        now=NOW,
    )
    return db, opened.incident.id


class _TimedTypesetter(Typesetter):
    """The typesetter, timing its one compile (to tell our own work from typst's)."""

    seconds = 0.0

    def typeset(self, layout_name: str, data: Mapping[str, object]) -> bytes:
        started = time.perf_counter()
        try:
            return super().typeset(layout_name, data)
        finally:
            self.seconds += time.perf_counter() - started


def ours(db_path: Path, incident_id: str, out: Path) -> tuple[float, float]:
    """(seconds in typst's compile, seconds in all) of one run of write_letters."""
    db = open_database(db_path)
    typesetter = _TimedTypesetter(CONFIG)
    started = time.perf_counter()
    written = write_letters(
        db,
        incident_id,
        config=CONFIG,
        zone=LONDON,
        out_dir=out,
        now=NOW,
        author="bench",
        typesetter=typesetter,
    )
    elapsed = time.perf_counter() - started
    assert written.written == written.count, "every letter is written on a fresh folder"
    return typesetter.seconds, elapsed


def floor(data_path: Path) -> float:
    layout = paths.shipped_dir("templates") / LAYOUT
    data = data_path.read_text()
    started = time.perf_counter()
    compiler = typst.Compiler(root=str(layout.parent), ignore_system_fonts=True)
    compiler.compile(input=str(layout), sys_inputs={"data": data})
    return time.perf_counter() - started


def in_fresh_process(*arguments: str) -> list[float]:
    """Run this script as `--child ...` in a new interpreter; the seconds it reports."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", *arguments],
        capture_output=True,
        text=True,
        check=True,
    )
    return [float(word) for word in done.stdout.split()]


def one_compile_each(data_path: Path) -> float:
    """The alternative: one compile per person (one compiler reused), combined with pypdf."""
    layout = paths.shipped_dir("templates") / LAYOUT
    layout_data = json.loads(data_path.read_text())
    letters = layout_data["letters"]
    assert isinstance(letters, list)
    started = time.perf_counter()
    compiler = typst.Compiler(root=str(layout.parent), ignore_system_fonts=True)
    combined = PdfWriter()
    for letter in letters:
        data = json.dumps({**layout_data, "letters": [letter]})
        pdf = compiler.compile(input=str(layout), sys_inputs={"data": data})
        assert isinstance(pdf, bytes)
        combined.append(PdfReader(io.BytesIO(pdf)))
    combined.write(io.BytesIO())
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=S1_HOLDERS)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-alternative", action="store_true")
    parser.add_argument(
        "--dir", type=Path, default=None, help="where to write (default: the system temp dir)"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "ours":
            seconds = ours(Path(rest[0]), rest[1], Path(rest[2]))
        else:
            seconds = ((floor if kind == "floor" else one_compile_each)(Path(rest[0])),)
        print(*seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        return
    with tempfile.TemporaryDirectory(prefix="playbook-bench-", dir=args.dir) as scratch:
        folder = Path(scratch)
        db, incident_id = seeded(folder, args.people)
        context = load_context(db, incident_id, CONFIG, LONDON)  # type: ignore[arg-type]
        batch = prepare_letters(context, config=CONFIG, now=NOW, renderer=Renderer(CONFIG, LONDON))
        data_path = folder / "layout-data.json"
        data_path.write_text(json.dumps(batch.layout_data))
        db_path = str(folder / "bench.db")
        # Untimed: the first process to take 2 GB on a fresh machine pays for pages nobody has
        # touched yet, which made whichever ran first in round 1 up to 20% slower.
        in_fresh_process("floor", str(data_path))
        ratios = []
        for number in range(args.rounds):
            out = folder / f"out-{number}"
            if number % 2:
                floor_time, floor_mb = in_fresh_process("floor", str(data_path))
                typeset_time, our_time, our_mb = in_fresh_process(
                    "ours", db_path, incident_id, str(out)
                )
            else:
                typeset_time, our_time, our_mb = in_fresh_process(
                    "ours", db_path, incident_id, str(out)
                )
                floor_time, floor_mb = in_fresh_process("floor", str(data_path))
            ratios.append(our_time / floor_time)
            print(
                f"round {number + 1}: ours {our_time:.2f} s (typst {typeset_time:.2f} s, our "
                f"own work {our_time - typeset_time:.2f} s, peak {our_mb:,.0f} MB), floor "
                f"{floor_time:.2f} s (peak {floor_mb:,.0f} MB), ratio {our_time / floor_time:.2f}x"
            )
        ratio = statistics.median(ratios)
        print(
            f"{len(batch.letters):,} letters: ours / floor (one typst document) = {ratio:.2f}x "
            f"(goal at most {GOAL_RATIO}x): {'met' if ratio <= GOAL_RATIO else 'NOT met'}"
        )
        if not args.no_alternative:
            alternative, _ = in_fresh_process("alternative", str(data_path))
            print(
                f"the alternative, one compile per person (one compiler) and pypdf combining: "
                f"{alternative:.2f} s"
            )


if __name__ == "__main__":
    main()
