"""The ICO report pack on screen, ready to copy into the ICO's online form."""

from __future__ import annotations

import os
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown, Static

from playbook.domain.text import visible
from playbook.ui.keys import bindings
from playbook.ui.text import shown
from playbook.ui.widgets.key_footer import KeyFooter


def write_new_file(path: Path, text: str) -> Path:
    """Write `text` to a new file readable only by its owner: `path`, or `path` numbered -2, -3...

    Never opens an existing name, so a file or a symbolic link planted there is left alone.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    candidate, number = path, 2
    while True:
        try:
            descriptor = os.open(candidate, flags, 0o600)
        except FileExistsError:
            candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
            number += 1
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        return candidate


class ReportScreen(ModalScreen[None]):
    """A report drawn from its Markdown: `c` copies the text, `s` saves it beside the drafts."""

    BINDINGS = bindings("dialog.close", "report.copy", "report.save")

    def __init__(self, title: str, text: str, save_path: Path) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.text = visible(text, lines=True)  # on screen and on the clipboard
        self.save_path = save_path

    def compose(self) -> ComposeResult:
        """The title, the report, what the keys do."""
        with Vertical(classes="dialog-body", id="report-body"):
            yield Label(shown(self.title_text), classes="dialog-title")
            with VerticalScroll(id="report-text"):
                yield Markdown(self.text, open_links=False)
            yield Static(
                self.app.key_hints(
                    ("report.copy", "copies the text for the ICO's form"),
                    ("report.save", "saves it to a file"),
                    ("dialog.close", "closes"),
                )
                + ". It holds no affected person's name or address.",
                classes="hint",
            )
        yield KeyFooter()

    def action_copy(self) -> None:
        """Copy the whole report to the clipboard (the terminal must allow it)."""
        self.app.copy_to_clipboard(self.text)
        self.notify("The report is on the clipboard (if your terminal allows it); s saves a file.")

    def action_save(self) -> None:
        """Write the report to a new file and say where."""
        try:
            saved = write_new_file(self.save_path, self.text)
        except OSError as error:
            self.notify(f"The report was not saved ({error.strerror}).", severity="error")
            return
        self.notify(f"Saved to {saved}", timeout=10)

    def action_cancel(self) -> None:
        """Close the report."""
        self.dismiss(None)
