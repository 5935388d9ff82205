"""A dialog asking for any number of choices."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, SelectionList, Static

from playbook.ui.dialogs.base import Dialog
from playbook.ui.text import shown


class MultiChoiceDialog(Dialog[list[str]]):
    """Tick any number of values (space ticks, ctrl+s saves); dismisses the ticked values."""

    def __init__(self, title: str, choices: list[tuple[str, str]], ticked: list[str]) -> None:
        """`choices` are (value, what to show) pairs, in the order to show them."""
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.ticked = set(ticked)

    def compose(self) -> ComposeResult:
        """The title, the list of boxes, the buttons."""
        with Vertical(classes="dialog-body"):
            yield Label(shown(self.title_text), classes="dialog-title")
            yield SelectionList(
                *((label, value, value in self.ticked) for value, label in self.choices),
                id="dialog-selection",
            )
            yield Static("space ticks or unticks; ctrl+s saves; escape cancels.", classes="hint")
            yield from self.buttons("Save")

    def action_submit(self) -> None:
        """Dismiss with the ticked values, in the order of the choices."""
        ticked = set(self.query_one(SelectionList).selected)
        self.dismiss([value for value, _ in self.choices if value in ticked])
