"""A dialog asking for a line or more of text."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Static, TextArea

from playbook.ui.dialogs.base import Dialog
from playbook.ui.text import shown, shown_lines


class TextDialog(Dialog[str]):
    """A few lines of text that must not be empty: a note, the lessons learned."""

    def __init__(self, title: str, prompt: str, save_label: str, empty_problem: str) -> None:
        super().__init__()
        self.title_text = title
        self.prompt = prompt
        self.save_label = save_label
        self.empty_problem = empty_problem

    def compose(self) -> ComposeResult:
        """Title, prompt, text area, buttons."""
        with Vertical(classes="dialog-body"):
            yield Label(shown(self.title_text), classes="dialog-title")
            yield Label(shown_lines(self.prompt))
            yield TextArea(id="dialog-text")
            yield Static("ctrl+s saves; escape cancels.", classes="hint")
            yield Static(id="dialog-problem", classes="problem")
            yield from self.buttons(self.save_label)

    def action_submit(self) -> None:
        """Dismiss with the text, unless it is empty."""
        text = self.query_one("#dialog-text", TextArea).text.strip()
        if not text:
            self.show_problem(self.empty_problem)
            return
        self.dismiss(text)
