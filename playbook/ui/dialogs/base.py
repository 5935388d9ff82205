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
from playbook.ui.typed_app import InPlaybookApp
from playbook.ui.widgets.key_footer import KeyFooter

DIALOG_HELP = """\
## This dialog

**tab** moves to the next field and **shift+tab** back; **enter** chooses in a list;
**ctrl+s** saves (as the first button does) and **escape** cancels: nothing is written.
"""

ResultType = TypeVar("ResultType")


class Dialog(InPlaybookApp, ModalScreen[ResultType]):
    """What every dialog shares: a framed body, escape to cancel (None), ctrl+s to save."""

    # A modal screen does not pass keys on to the app, so help is bound here as well.
    BINDINGS = bindings("dialog.cancel", "dialog.submit", "app.help")

    def __init__(self) -> None:
        super().__init__(classes="dialog")

    def on_mount(self) -> None:
        """A footer of the dialog's own keys, over the one of the screen behind."""
        self.mount(KeyFooter())

    def help_markdown(self) -> str:
        """Help for a dialog: how to move, save and leave."""
        return DIALOG_HELP

    def action_help(self) -> None:
        """Show the help, with the keys that work in this dialog."""
        self.app.action_help()

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
        problem = self.query_one("#dialog-problem", Static)
        problem.update(shown_lines(text))
        problem.scroll_visible(animate=False)
