"""The ICO report pack on screen, ready to copy into the ICO's online form."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown, Static

from playbook.domain.text import visible
from playbook.runtime.files import write_new_file
from playbook.ui.keys import bindings
from playbook.ui.text import shown
from playbook.ui.typed_app import InPlaybookApp
from playbook.ui.widgets.key_footer import KeyFooter


class ReportScreen(InPlaybookApp, ModalScreen[None]):
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
