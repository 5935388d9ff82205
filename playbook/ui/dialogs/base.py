"""What every dialog shares: a ModalScreen that dismisses with its answer, or None."""

from __future__ import annotations

from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from playbook.ui.keys import bindings
from playbook.ui.text import shown_lines

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """What every dialog shares: a framed body, escape to cancel (None), ctrl+s to save."""

    BINDINGS = bindings("dialog.cancel", "dialog.submit")

    def __init__(self) -> None:
        super().__init__(classes="dialog")

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)

    def action_submit(self) -> None:
        """Save: each dialog checks its fields and dismisses with its answer."""

    def buttons(self, save_label: str) -> ComposeResult:
        """The save and cancel buttons at the foot of a dialog."""
        with Horizontal(classes="dialog-buttons"):
            yield Button(save_label, variant="primary", id="dialog-save", compact=True)
            yield Button("Cancel", id="dialog-cancel", compact=True)

    @on(Button.Pressed, "#dialog-save")
    def _save_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#dialog-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def show_problem(self, text: str) -> None:
        """Say what is wrong in the dialog's problem line."""
        self.query_one("#dialog-problem", Static).update(shown_lines(text))
