"""What the terminal guard costs on what a command prints, against one scan of the same text.

Every byte a command writes passes `visible_output` (the guard on stdout and stderr), and JSON
passes `visible_json` first. The floor is the least a guard that knows Unicode must do: one
pass in C that classifies every character (`str.isprintable`). Measured on `list
--json`-shaped output for 10,000 incidents, clean (the usual case: two passes, the JSON's and
the stream's) and with one hostile title in a hundred.
Goal: at most 3x the floor on clean text. Run: python bench/visible.py [--incidents N] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from playbook.domain.text import visible_json, visible_output

GOAL = 3.0


def output(count: int, hostile_every: int = 0) -> str:
    """`list --json`-shaped text for `count` incidents; every `hostile_every`th title hostile."""
    rows = [
        {
            "id": f"PB-2026-{number:04d}",
            "title": (
                f"Survey \x1b]52;c;eA==\x07\u202e {number}"
                if hostile_every and number % hostile_every == 0
                else f"Tenant survey sent with every address in Cc, Zoë Ångström {number}"
            ),
            "status": "open",
            "aware_at": "2026-10-25T12:00:00+00:00",
            "clock_state": "ok",
        }
        for number in range(count)
    ]
    return json.dumps(rows, ensure_ascii=False)


def median_seconds(work, text: str, runs: int) -> float:
    """The median wall-clock seconds of `work(text)` over `runs` runs."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    """Time the guard and the floor on clean and on hostile output; print the ratios."""
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--incidents", type=int, default=10_000)
    options.add_argument("--runs", type=int, default=31)
    args = options.parse_args()
    clean = output(args.incidents)
    floor = median_seconds(str.isprintable, clean, args.runs)  # it stops at a hostile title
    for label, text in (
        ("clean", clean),
        ("1 in 100 hostile", output(args.incidents, hostile_every=100)),
    ):
        guard = median_seconds(lambda t: visible_output(visible_json(t)), text, args.runs)
        print(
            f"{label:<17} {len(text) / 1e6:5.2f} MB  guard {guard * 1e3:7.2f} ms  "
            f"floor {floor * 1e3:6.2f} ms  ratio {guard / floor:5.1f}x"
        )
    print(f"goal: clean at most {GOAL}x the floor")


if __name__ == "__main__":
    main()
