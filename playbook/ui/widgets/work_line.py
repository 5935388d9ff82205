"""The line that shows long work (an import, a batch of drafts) with a progress bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Horizontal
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.widgets import ProgressBar


class WorkLine(Horizontal):
    """A label and a bar, shown (class `-busy`) only while work runs; built on first use."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label: Static | None = None
        self.bar: ProgressBar | None = None

    def start(self, label: str, total: int | None) -> None:
        """Show `label` and an empty bar of `total` steps (None: not known yet)."""
        if self.label is None or self.bar is None:
            from textual.widgets import ProgressBar

            self.label = Static(label, id="work-label")
            self.bar = ProgressBar(total=total, show_eta=False, id="work-progress")
            self.mount(self.label, self.bar)
        else:
            self.label.update(label)
            self.bar.update(total=total, progress=0)
        self.add_class("-busy")

    def advance(self, done: int, total: int | None = None) -> None:
        """Move the bar to `done` steps (of `total`, when it changed)."""
        if self.bar is None:
            return
        if total is not None:
            self.bar.update(total=total)
        self.bar.update(progress=done)

    def end(self) -> None:
        """Hide the line."""
        self.remove_class("-busy")
