"""Every key of the app in one table: each command has an id that `[keymap]` in config can remap.

Screens and widgets build their `BINDINGS` from this table, and the command palette offers the
commands that have a palette title, calling the very action their key runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Command:
    """One thing a person can ask for: its id, default keys, action, footer text, palette title."""

    id: str
    keys: str
    action: str
    description: str
    palette: str = ""
    show: bool = True


COMMANDS: dict[str, Command] = {
    command.id: command
    for command in (
        # Anywhere
        Command("app.help", "f1,question_mark", "help", "Help", "help: keys and this step"),
        Command("dialog.cancel", "escape", "cancel", "Cancel"),
        Command("dialog.close", "escape", "cancel", "Close"),
        Command("dialog.submit", "ctrl+s", "submit", "Save"),
        Command("path.complete", "tab", "complete", "Complete the path", show=False),
        # Any filter box and any table
        Command("filter.close", "escape", "close_filter", "Close filter", show=False),
        Command("table.first", "home,ctrl+home", "scroll_top", "First row", show=False),
        Command("table.last", "end,ctrl+end", "scroll_bottom", "Last row", show=False),
        Command("table.whole_row", "e", "whole_row", "Whole row", "row: show every cell in full"),
        # The register
        Command("incident.new", "n", "new_incident", "New incident", "incident: new"),
        Command("incident.open", "enter", "open_incident", "Open", "incident: open"),
        Command("register.filter", "slash", "filter", "Filter", "register: filter"),
        Command("register.closed", "c", "toggle_closed", "Closed", "register: show or hide closed"),
        Command("register.board", "b", "board", "Board", "board: figures for the DPO"),
        # The incident workspace, whatever the step
        Command(
            "incident.back", "escape", "back", "Register", "incident: back to the register", False
        ),
        Command("step.contain", "1", "step('contain')", "Contain", "step: Contain", False),
        Command("step.assess", "2", "step('assess')", "Assess", "step: Assess", False),
        Command("step.decide", "3", "step('decide')", "Decide", "step: Decide", False),
        Command("step.notify", "4", "step('notify')", "Notify", "step: Notify", False),
        Command("step.log", "5", "step('log')", "Log", "step: Log", False),
        Command("message.import", "i", "import_message", "Import", "message: import", False),
        Command("report.ico", "r", "ico_report", "ICO report", "open the ICO report", False),
        Command("incident.note", "a", "note", "Add note", "note: add to the timeline", False),
        Command(
            "drafts.apology",
            "A",
            "write_drafts('apology')",
            "Write apologies",
            "drafts: write apologies",
            False,
        ),
        Command(
            "drafts.deletion_request",
            "D",
            "write_drafts('deletion_request')",
            "Write deletion requests",
            "drafts: write deletion requests",
            False,
        ),
        Command(
            "drafts.chaser",
            "C",
            "write_drafts('chaser')",
            "Write chasers",
            "drafts: write chasers",
            False,
        ),
        # Contain
        Command("contain.status", "s", "set_status", "Status", "recipient: set status"),
        Command("contain.trust", "t", "set_trust", "Trust", "recipient: set trust"),
        Command(
            "contain.request_all",
            "b",
            "request_all",
            "All requested",
            "recipients: mark every external one requested",
        ),
        Command("contain.filter", "slash", "filter", "Filter", "recipients: filter"),
        Command(
            "contain.evidence",
            "e",
            "evidence",
            "Evidence",
            "delivery: read a trace, tracking log, bounce or recall report",
        ),
        Command("contain.replies", "R", "read_replies", "Replies", "replies: read the answers"),
        Command(
            "contain.confirm_reply",
            "y",
            "confirm_reply",
            "Confirm reply",
            "reply: confirm deletion from the highlighted recipient's reply",
        ),
        Command(
            "contain.confirm_all_replies",
            "Y",
            "confirm_all_replies",
            "Confirm all",
            "replies: confirm deletion from every reviewed reply",
            False,
        ),
        Command("contain.done", "d", "checklist('done')", "Done", "checklist: mark done"),
        Command(
            "contain.not_applicable",
            "x",
            "checklist('not_applicable')",
            "N/A",
            "checklist: mark not applicable",
        ),
        # Assess
        Command("assess.edit", "enter", "edit", "Answer", "fact: answer or change"),
        Command("assess.confirm", "c", "confirm", "Confirm", "fact: confirm the detected value"),
        Command("assess.save", "ctrl+s", "save", "Save assessment", "assessment: save"),
        # Decide
        Command("decide.ico", "o", "decide('ico')", "Decide ICO", "decision: tell the ICO?"),
        Command(
            "decide.individuals",
            "p",
            "decide('individuals')",
            "Decide people",
            "decision: tell the people?",
        ),
        # Notify
        Command("notify.gate", "g", "gate", "Check drafts", "drafts: run the safety gate"),
        Command("notify.write", "w", "write", "Write outbox", "drafts: write the chosen ones"),
        Command("notify.next_template", "t", "next_template", "Template", "drafts: next template"),
        Command(
            "notify.letters",
            "l",
            "write_letters",
            "Write letters",
            "letters: one PDF per person by post, and the call list",
        ),
        Command(
            "notify.notice",
            "n",
            "record_notice",
            "Record notice",
            "notice: record how a person was told, or why not",
        ),
        # The report screen
        Command("report.copy", "c", "copy", "Copy all", "report: copy to the clipboard"),
        Command("report.save", "s", "save", "Save file", "report: save to a file"),
        # Log
        Command("log.verify", "v", "verify", "Verify", "timeline: verify"),
        Command("incident.close", "x", "close_incident", "Close incident", "incident: close"),
    )
}


def bindings(*command_ids: str) -> list[BindingType]:
    """The Textual bindings for these commands, each carrying its id for the keymap."""
    return [
        Binding(command.keys, command.action, command.description, show=command.show, id=command.id)
        for command in (COMMANDS[command_id] for command_id in command_ids)
    ]


def unknown_keymap_ids(keymap: dict[str, str]) -> list[str]:
    """The ids in a configured keymap that name no command."""
    return sorted(command_id for command_id in keymap if command_id not in COMMANDS)


# How a key reads in a hint: Textual's key names for the keys whose name is not what is typed.
_KEY_LABELS = {"slash": "/", "question_mark": "?", "escape": "esc", "enter": "enter"}


def key_hint(command_id: str, keymap: Mapping[str, str]) -> str:
    """The key that runs a command under the active keymap, as markup for a hint: '[b]w[/b]'."""
    keys = keymap.get(command_id) or COMMANDS[command_id].keys
    first = keys.split(",")[0].strip()
    return f"[b]{_KEY_LABELS.get(first, first)}[/b]"


def key_hints(keymap: Mapping[str, str], *hints: tuple[str, str]) -> str:
    """A line of hints, each a command id and what it does: '[b]t[/b] template · [b]g[/b] ...'."""
    return " · ".join(f"{key_hint(command_id, keymap)} {text}" for command_id, text in hints)
