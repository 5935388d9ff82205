"""A dialog asking for a whole number."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from playbook.ui.dialogs.base import Dialog
from playbook.ui.text import shown


class NumberDialog(Dialog[int]):
    """A whole number (a count); dismisses it as an int."""

    def __init__(self, title: str, current: int | None) -> None:
        super().__init__()
        self.title_text = title
        self.current = current

    def compose(self) -> ComposeResult:
        """The title, the number box, the buttons."""
        with Vertical(classes="dialog-body"):
            yield Label(shown(self.title_text), classes="dialog-title")
            yield Input(
                "" if self.current is None else str(self.current),
                type="integer",
                placeholder="a whole number, e.g. 418",
                id="dialog-number",
            )
            yield Static(id="dialog-problem", classes="problem")
            yield from self.buttons("Save")

    @on(Input.Submitted)
    def _entered(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        """Dismiss with the number, once it is one."""
        text = self.query_one("#dialog-number", Input).value.strip()
        if not text.isdecimal():
            self.show_problem("Give a whole number, e.g. 418 (0 if there are none).")
            return
        self.dismiss(int(text))
