"""The new-incident dialog: title, when you became aware, and the sent message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from playbook.domain.clock import WHEN_EXAMPLE, deadline_for, format_local, parse_when
from playbook.domain.errors import PlaybookError
from playbook.ui.dialogs.base import Dialog
from playbook.ui.text import shown_lines
from playbook.ui.widgets.path_input import PathInput


@dataclass(frozen=True)
class NewIncidentAnswer:
    """What the new-incident dialog asks for."""

    title: str
    aware_at: datetime
    message_path: str | None


class NewIncidentDialog(Dialog[NewIncidentAnswer]):
    """Title, when you became aware (read as you type), and optionally the sent message."""

    def compose(self) -> ComposeResult:
        """The three fields, the parsed time, the buttons."""
        with Vertical(classes="dialog-body"):
            yield Label("New incident", classes="dialog-title")
            yield Label("What happened, in a few words")
            yield Input(placeholder="e.g. Tenant survey sent with every address in Cc", id="title")
            yield Label("When did you become aware? (the 72-hour clock starts here)")
            yield Input("now", id="aware")
            yield Static(id="aware-parsed", classes="hint")
            yield Label("The sent message, if you have it (.eml, .msg or .txt; tab completes)")
            yield PathInput(placeholder="optional: path to the file", id="message-path")
            yield Static(id="dialog-problem", classes="problem")
            yield from self.buttons("Open incident")

    def on_mount(self) -> None:
        """Show how the default time reads."""
        self._read_aware()

    @on(Input.Changed, "#aware")
    def _read_aware(self) -> datetime | None:
        shown = self.query_one("#aware-parsed", Static)
        try:
            aware_at = self._aware_at()
        except PlaybookError as problem:
            shown.update(shown_lines(str(problem)))
            shown.add_class("-invalid")
            return None
        shown.remove_class("-invalid")
        zone = self.app.zone
        shown.update(
            f"→ {format_local(aware_at, zone)}; the deadline is "
            f"{format_local(deadline_for(aware_at), zone)}"
        )
        return aware_at

    def _aware_at(self) -> datetime:
        text = self.query_one("#aware", Input).value
        return parse_when(text, now=self.app.now(), local_zone=self.app.zone)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "message-path":
            self.action_submit()
        else:
            self.focus_next()

    def action_submit(self) -> None:
        """Check the fields; dismiss with a NewIncidentAnswer when they are right."""
        title = self.query_one("#title", Input).value.strip()
        if not title:
            self.show_problem("Give the incident a title: a few words on what happened.")
            self.query_one("#title").focus()
            return
        try:
            aware_at = self._aware_at()
        except PlaybookError:
            self.show_problem(f"The time you became aware is not readable; try {WHEN_EXAMPLE}.")
            self.query_one("#aware").focus()
            return
        path_text = self.query_one("#message-path", Input).value.strip()
        if path_text and not Path(path_text).expanduser().is_file():
            self.show_problem("There is no file at that path; check it, or leave it empty.")
            self.query_one("#message-path").focus()
            return
        message_path = str(Path(path_text).expanduser()) if path_text else None
        self.dismiss(NewIncidentAnswer(title, aware_at, message_path))
