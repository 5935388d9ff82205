"""Every key of the app in one table: each command has an id that `[keymap]` in config can remap.

Screens and widgets build their `BINDINGS` from this table, and the command palette offers the
commands that have a palette title, calling the very action their key runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


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
        # The register
        Command("incident.new", "n", "new_incident", "New incident", "incident: new"),
        Command("incident.open", "enter", "open_incident", "Open", "incident: open"),
        Command("register.filter", "slash", "filter", "Filter", "register: filter"),
        Command("register.closed", "c", "toggle_closed", "Closed", "register: show or hide closed"),
        # The incident workspace, whatever the step
        Command(
            "incident.back", "escape", "back", "Register", "incident: back to the register", False
        ),
        Command("step.contain", "1", "step('contain')", "Contain", "step: 1 contain", False),
        Command("step.assess", "2", "step('assess')", "Assess", "step: 2 assess", False),
        Command("step.decide", "3", "step('decide')", "Decide", "step: 3 decide", False),
        Command("step.notify", "4", "step('notify')", "Notify", "step: 4 notify", False),
        Command("step.log", "5", "step('log')", "Log", "step: 5 log", False),
        Command("message.import", "i", "import_message", "Import", "message: import", False),
        Command("report.ico", "r", "ico_report", "ICO report", "report: ICO pack", False),
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
        # The report screen
        Command("report.copy", "c", "copy", "Copy all", "report: copy to the clipboard"),
        Command("report.save", "s", "save", "Save file", "report: save to a file"),
        # Log
        Command("log.verify", "v", "verify", "Verify", "timeline: verify"),
        Command("incident.close", "x", "close_incident", "Close incident", "incident: close"),
    )
}


def bindings(*command_ids: str) -> list[Binding]:
    """The Textual bindings for these commands, each carrying its id for the keymap."""
    return [
        Binding(command.keys, command.action, command.description, show=command.show, id=command.id)
        for command in (COMMANDS[command_id] for command_id in command_ids)
    ]


def unknown_keymap_ids(keymap: dict[str, str]) -> list[str]:
    """The ids in a configured keymap that name no command."""
    return sorted(command_id for command_id in keymap if command_id not in COMMANDS)
