"""A dialog asking yes or no."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from playbook.ui.dialogs.base import Dialog


class ConfirmDialog(Dialog[bool]):
    """A yes/no question; dismisses True only when confirmed."""

    def __init__(self, question: str, yes_label: str) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes_label

    def compose(self) -> ComposeResult:
        """The question and the two buttons."""
        with Vertical(classes="dialog-body"):
            yield Static(self.question)
            yield from self.buttons(self.yes_label)

    def on_mount(self) -> None:
        """Put the focus on the confirm button."""
        self.query_one("#dialog-save").focus()

    def action_submit(self) -> None:
        """Confirm."""
        self.dismiss(True)
