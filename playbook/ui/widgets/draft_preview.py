"""One person's draft as it will be written: To, Subject, and the text."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from playbook.domain.gate import Draft
from playbook.ui.text import shown, shown_lines


class DraftPreview(VerticalScroll):
    """Shows a draft, or a sentence saying why there is none."""

    def compose(self) -> ComposeResult:
        """One text block, scrolled."""
        yield Static(id="draft-text")

    def show_draft(self, draft: Draft) -> None:
        """Show the draft's headers and text."""
        to = ", ".join(draft.to)
        if draft.to_name:
            to = f"{draft.to_name} <{to}>"
        self.set_class(False, "-empty")
        self.query_one("#draft-text", Static).update(
            f"[b]To:[/b] {shown(to)}\n[b]Subject:[/b] {shown(draft.subject)}\n\n{shown_lines(draft.text)}"
        )
        self.scroll_home(animate=False)

    def show_nothing(self, sentence: str) -> None:
        """Say why there is no draft to show."""
        self.set_class(True, "-empty")
        self.query_one("#draft-text", Static).update(shown_lines(sentence))

    def show_text(self, heading: str, text: str) -> None:
        """Show a text that goes to no one person (the public notice), under a heading."""
        self.set_class(False, "-empty")
        self.query_one("#draft-text", Static).update(
            f"[b]{shown(heading)}[/b]\n\n{shown_lines(text)}"
        )
        self.scroll_home(animate=False)
