"""A dialog asking for a file's path, with tab completion."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from playbook.ui.dialogs.base import Dialog
from playbook.ui.text import shown, shown_lines
from playbook.ui.widgets.path_input import PathInput


class PathDialog(Dialog[str]):
    """The path of a file to read (or, with `folders`, of a folder too); it must exist."""

    def __init__(self, title: str, prompt: str, action: str = "Import", folders: bool = False):
        super().__init__()
        self.title_text = title
        self.prompt = prompt
        self.action = action
        self.folders = folders

    def compose(self) -> ComposeResult:
        """Title, prompt, the path box, buttons."""
        with Vertical(classes="dialog-body"):
            yield Label(shown(self.title_text), classes="dialog-title")
            yield Label(shown_lines(self.prompt))
            yield PathInput(placeholder="path to the file", id="dialog-path")
            yield Static(id="dialog-problem", classes="problem")
            yield from self.buttons(self.action)

    @on(Input.Submitted)
    def _entered(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        """Dismiss with the path, once it names a file."""
        text = self.query_one("#dialog-path", Input).value.strip()
        path = Path(text).expanduser()
        if not text or not (path.is_file() or (self.folders and path.is_dir())):
            self.show_problem("There is no file at that path; check it (tab completes).")
            return
        self.dismiss(str(path))
