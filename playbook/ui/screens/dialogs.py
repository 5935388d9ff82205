"""Dialogs: each is a ModalScreen that dismisses with what was asked for, or None if cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, SelectionList, Static, TextArea
from textual.widgets.option_list import Option

from playbook.domain.clock import WHEN_EXAMPLE, deadline_for, format_local, parse_when
from playbook.domain.errors import PlaybookError
from playbook.ui.keys import bindings
from playbook.ui.widgets.path_input import PathInput

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """What every dialog shares: a framed body, escape to cancel (None), ctrl+s to save."""

    BINDINGS = bindings("dialog.cancel", "dialog.submit")

    def __init__(self) -> None:
        super().__init__(classes="dialog")

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)

    def action_submit(self) -> None:
        """Save: each dialog checks its fields and dismisses with its answer."""

    def buttons(self, save_label: str) -> ComposeResult:
        """The save and cancel buttons at the foot of a dialog."""
        with Horizontal(classes="dialog-buttons"):
            yield Button(save_label, variant="primary", id="dialog-save", compact=True)
            yield Button("Cancel", id="dialog-cancel", compact=True)

    @on(Button.Pressed, "#dialog-save")
    def _save_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#dialog-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def show_problem(self, text: str) -> None:
        """Say what is wrong in the dialog's problem line."""
        self.query_one("#dialog-problem", Static).update(text)


@dataclass(frozen=True)
class NewIncident:
    """What the new-incident dialog asks for."""

    title: str
    aware_at: datetime
    message_path: str | None


class NewIncidentDialog(Dialog[NewIncident]):
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
            shown.update(str(problem))
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
        """Check the fields; dismiss with a NewIncident when they are right."""
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
        self.dismiss(NewIncident(title, aware_at, message_path))


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
            yield Label(escape(self.title_text), classes="dialog-title")
            yield Label(escape(self.prompt))
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


class PathDialog(Dialog[str]):
    """The path of a file to read; it must exist."""

    def __init__(self, title: str, prompt: str) -> None:
        super().__init__()
        self.title_text = title
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        """Title, prompt, the path box, buttons."""
        with Vertical(classes="dialog-body"):
            yield Label(escape(self.title_text), classes="dialog-title")
            yield Label(escape(self.prompt))
            yield PathInput(placeholder="path to the file", id="dialog-path")
            yield Static(id="dialog-problem", classes="problem")
            yield from self.buttons("Import")

    @on(Input.Submitted)
    def _entered(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        """Dismiss with the path, once it names a file."""
        text = self.query_one("#dialog-path", Input).value.strip()
        path = Path(text).expanduser()
        if not text or not path.is_file():
            self.show_problem("There is no file at that path; check it (tab completes).")
            return
        self.dismiss(str(path))


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
            yield Label(escape(self.title_text), classes="dialog-title")
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
            yield Label(escape(self.title_text), classes="dialog-title")
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


class NumberDialog(Dialog[int]):
    """A whole number (a count); dismisses it as an int."""

    def __init__(self, title: str, current: int | None) -> None:
        super().__init__()
        self.title_text = title
        self.current = current

    def compose(self) -> ComposeResult:
        """The title, the number box, the buttons."""
        with Vertical(classes="dialog-body"):
            yield Label(escape(self.title_text), classes="dialog-title")
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


class ConfirmDialog(Dialog[bool]):
    """A yes/no question; dismisses True only when confirmed."""

    def __init__(self, question: str, yes_label: str) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes_label

    def compose(self) -> ComposeResult:
        """The question and the two buttons."""
        with Vertical(classes="dialog-body"):
            yield Static(self.question)
            yield from self.buttons(self.yes_label)

    def on_mount(self) -> None:
        """Put the focus on the confirm button."""
        self.query_one("#dialog-save").focus()

    def action_submit(self) -> None:
        """Confirm."""
        self.dismiss(True)
