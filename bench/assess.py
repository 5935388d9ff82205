"""How fast the risk engine assesses a set of facts, against the cost of merely copying them.

The TUI reassesses on every keystroke of the fact form, so `assess_facts` must cost far less
than a frame (16 ms). The floor is `json.dumps` of the same facts, which saving them costs
anyway. Goal: under 0.1 ms a call, at most 10x the floor. Run: python bench/assess.py [--calls N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playbook.domain.risk import assess_facts  # noqa: E402
from tests.domain.incident_facts import (  # noqa: E402
    S1_SPREADSHEET,
    S2_STRANGER,
    S3_CONTRACTOR,
    S4_TENANTS,
    S5_REPLY_ALL,
)

GOAL_RATIO = 10.0
GOAL_SECONDS = 0.0001
INCIDENTS = (S1_SPREADSHEET, S2_STRANGER, S3_CONTRACTOR, S4_TENANTS, S5_REPLY_ALL)


def per_call(function, calls: int) -> float:
    """The best of three runs of `calls` calls over the five incidents, in seconds a call."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(calls // len(INCIDENTS)):
            for facts in INCIDENTS:
                function(facts)
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def main() -> int:
    """Measure, print the figures and the ratio, and say whether the goal is met."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=20_000)
    calls = parser.parse_args().calls
    engine = per_call(assess_facts, calls)
    floor = per_call(json.dumps, calls)
    ratio = engine / floor
    print(f"assess_facts: {engine * 1e6:.1f} us a call")
    print(f"floor (json.dumps of the facts): {floor * 1e6:.1f} us a call")
    print(
        f"ratio: {ratio:.1f}x (goal: at most {GOAL_RATIO:.0f}x and under {GOAL_SECONDS * 1e6:.0f} us)"
    )
    return 0 if ratio <= GOAL_RATIO and engine <= GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
