"""A dialog asking for one choice of several."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from playbook.ui.dialogs.base import Dialog
from playbook.ui.text import shown


class ChoiceDialog(Dialog[str]):
    """Pick one of a few values; enter or a click chooses."""

    def __init__(self, title: str, choices: list[tuple[str, str]], current: str | None) -> None:
        """`choices` are (value, what to show) pairs."""
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        """The title and the list."""
        with Vertical(classes="dialog-body"):
            yield Label(shown(self.title_text), classes="dialog-title")
            yield OptionList(
                *(Option(label, id=value) for value, label in self.choices), id="dialog-choices"
            )
            yield Static("enter chooses; escape cancels.", classes="hint")

    def on_mount(self) -> None:
        """Start on the current value."""
        options = self.query_one(OptionList)
        values = [value for value, _ in self.choices]
        if self.current in values:
            options.highlighted = values.index(self.current)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_submit(self) -> None:
        """Choose the highlighted value."""
        option = self.query_one(OptionList).highlighted_option
        if option is not None:
            self.dismiss(option.id)
