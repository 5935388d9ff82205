"""The ICO report pack on screen, ready to copy into the ICO's online form."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown, Static

from playbook.ui.keys import bindings
from playbook.ui.widgets.key_footer import KeyFooter


class ReportScreen(ModalScreen[None]):
    """A report drawn from its Markdown: `c` copies the text, `s` saves it beside the drafts."""

    BINDINGS = bindings("dialog.close", "report.copy", "report.save")

    def __init__(self, title: str, text: str, save_path: Path) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.text = text
        self.save_path = save_path

    def compose(self) -> ComposeResult:
        """The title, the report, what the keys do."""
        with Vertical(classes="dialog-body", id="report-body"):
            yield Label(self.title_text, classes="dialog-title")
            with VerticalScroll(id="report-text"):
                yield Markdown(self.text, open_links=False)
            yield Static(
                "[b]c[/b] copies the text for the ICO's form · [b]s[/b] saves it to a file · "
                "[b]escape[/b] closes. It holds no affected person's name or address.",
                classes="hint",
            )
        yield KeyFooter()

    def action_copy(self) -> None:
        """Copy the whole report to the clipboard (the terminal must allow it)."""
        self.app.copy_to_clipboard(self.text)
        self.notify("The report is on the clipboard (if your terminal allows it); s saves a file.")

    def action_save(self) -> None:
        """Write the report to a file and say where."""
        self.save_path.parent.mkdir(parents=True, exist_ok=True)
        self.save_path.write_text(self.text, encoding="utf-8")
        self.notify(f"Saved to {self.save_path}", timeout=10)

    def action_cancel(self) -> None:
        """Close the report."""
        self.dismiss(None)
