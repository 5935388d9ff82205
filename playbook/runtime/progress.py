"""Progress for long work: a bar on a terminal, silence when piped."""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO


class ProgressBar(Protocol):
    """What long work reports its steps to: `Progress` on a terminal, or the app's work line."""

    done: int

    def advance(self, steps: int = 1) -> None: ...

    def finish(self) -> None: ...


class Progress:
    """Report `done` of `total` steps on stderr, at most ten times a second, only on a terminal."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label = label
        self.total = max(total, 0)
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self._last_draw = 0.0
        self.done = 0

    def advance(self, steps: int = 1) -> None:
        """Count `steps` more done, redrawing the bar when enough time has passed."""
        self.done += steps
        if self.enabled and time.monotonic() - self._last_draw >= 0.1:
            self._draw()

    def finish(self) -> None:
        """Draw the final state and end the line."""
        if self.enabled:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self) -> None:
        self._last_draw = time.monotonic()
        width = 30
        fraction = self.done / self.total if self.total else 1.0
        filled = int(width * min(fraction, 1.0))
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}")
        self.stream.flush()
