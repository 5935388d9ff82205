"""Step 5, Log: the timeline of everything done, whether it verifies, and closing the incident."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from playbook.domain.incident import Event
from playbook.domain.labels import counted
from playbook.lifecycle.closing import close_incident, reopen_incident, what_is_open
from playbook.store.events import list_events, verify_timelines
from playbook.ui.dialogs.confirm import ConfirmDialog
from playbook.ui.dialogs.text import TextDialog
from playbook.ui.keys import bindings
from playbook.ui.steps.base import Step, shows_refusals
from playbook.ui.text import shown, shown_lines
from playbook.ui.widgets.flex_table import FlexTable, TableColumn

_SUMMARY_WIDTH = 200
MAX_AUTHOR_WIDTH = 28
# An event's data and personal parts as JSON gave them back, written by this version or another:
# a describer reads what it expects, and a part of another shape is shown plainly instead.
EventData = Mapping[str, Any]
TIMELINE_COLUMNS = (
    TableColumn("seq", "#", 4),
    TableColumn("at", "When", 12),
    TableColumn("author", "Who", 14, min_table_width=70),
    TableColumn("what", "What"),
)


class LogStep(Step):
    """The timeline, oldest first; verify it; close the incident with the lessons learned."""

    STEP_ID = "log"
    TITLE = "Log"
    HELP = """\
## Step 5: Log

The timeline is the Art. 33(5) record: every import, fact, status change, decision, draft and
note, with when and who. Each entry is chained to the one before by a hash, so an edit made
outside playbook shows up.

- **v** verifies every timeline in this database.
- **a** adds a note (what you did, who you spoke to).
- **x** closes the incident: it first lists what is still open (confirmations, checklist
  items, decisions) and asks, then takes the lessons learned (what will change so it does not
  happen again). A closed incident takes no change; **x** there reopens it, with the reason.
"""
    BINDINGS = bindings("log.verify", "incident.close")

    def compose(self) -> ComposeResult:
        """The intro line, the timeline, the verify result."""
        yield Static(
            "Everything done on this incident, oldest first. "
            + self.app.key_hints(
                ("log.verify", "verify"),
                ("incident.note", "add a note"),
                ("incident.close", "close with the lessons learned"),
            ),
            classes="step-intro",
        )
        yield FlexTable(TIMELINE_COLUMNS, id="timeline")
        yield Static(id="event-detail", classes="hint")
        yield Static(id="verify-result")

    def on_mount(self) -> None:
        """Show the timeline."""
        self.reload()

    def reload(self) -> None:
        """Read the timeline again."""
        events = list_events(self.app.db, self.incident_id)
        rows = [
            (
                str(event.seq),
                (
                    str(event.seq),
                    f"{event.at.astimezone(self.app.zone):%d %b %H:%M}",
                    event.author,
                    describe_event(event, self.workspace.authority.name),
                ),
            )
            for event in events
        ]
        table = self.query_one("#timeline", FlexTable)
        longest_author = max((len(event.author) for event in events), default=0)
        table.set_column_width("author", max(6, min(longest_author, MAX_AUTHOR_WIDTH)))
        table.show_rows(rows, rows[-1][0] if rows else None)
        self._event_count = len(events)
        result = self.query_one("#verify-result", Static)
        result.update("")  # a check made before these events says nothing about them
        result.remove_class("-broken", "-intact")

    @on(FlexTable.RowHighlighted, "#timeline")
    def _show_event(self) -> None:
        table = self.query_one("#timeline", FlexTable)
        key = table.cursor_key()
        detail = self.query_one("#event-detail", Static)
        if key is None:
            detail.update("")
            return
        number, at, author, what = table.cells_of(key)
        detail.update(shown_lines(f"#{number} · {at} · {author}: {what}"))

    def action_verify(self) -> None:
        """Check every timeline's hash chain and say what was found."""
        checked, broken = verify_timelines(self.app.db)
        result = self.query_one("#verify-result", Static)
        result.set_class(broken is not None, "-broken")
        result.set_class(broken is None, "-intact")
        if broken:
            result.update(shown(broken.sentence()) + " Restore a backup, or record what happened.")
        else:
            here = getattr(self, "_event_count", 0)
            result.update(
                f"This timeline is intact ({counted(here, 'event')}); every timeline in the "
                f"database was checked: {counted(checked, 'event')}."
                if checked != here
                else f"The timeline is intact: {counted(checked, 'event')} checked."
            )

    def action_close_incident(self) -> None:
        """Close the incident (saying first what is still open), or reopen a closed one."""
        if self.incident.status == "closed":
            self.app.push_screen(
                TextDialog(
                    f"Reopen {self.incident_id}",
                    "Why is it reopened? (the log records who and why)",
                    "Reopen incident",
                    "Say why first; reopening needs a reason.",
                ),
                callback=self._reopen,
            )
            return
        left = what_is_open(self.app.db, self.incident_id, now=self.app.now())
        if left.is_clear:
            self._ask_lessons(True)
            return
        self.app.push_screen(
            ConfirmDialog(
                shown_lines("Still open:\n- " + "\n- ".join(left.lines()))
                + "\n\nClose anyway? The log keeps this list.",
                "Close anyway",
            ),
            callback=self._ask_lessons,
        )

    def _ask_lessons(self, go_on: bool | None) -> None:
        if not go_on:
            return
        self.app.push_screen(
            TextDialog(
                f"Close {self.incident_id}",
                "Lessons learned: what will change so that it does not happen again?",
                "Close incident",
                "Write the lessons learned first; closing needs them.",
            ),
            callback=self._close,
        )

    @shows_refusals
    def _close(self, lessons: str | None) -> None:
        if not lessons:
            return
        close_incident(
            self.app.db,
            self.incident_id,
            lessons,
            author=self.app.author,
            now=self.app.now(),
            despite_outstanding=True,  # the responder saw the list and chose to close
        )
        self.notify(f"{self.incident_id} is closed.")
        self.changed()

    @shows_refusals
    def _reopen(self, why: str | None) -> None:
        if not why:
            return
        reopen_incident(
            self.app.db, self.incident_id, why, author=self.app.author, now=self.app.now()
        )
        self.notify(f"{self.incident_id} is open again.")
        self.changed()


def describe_event(event: Event, authority: str = "the ICO") -> str:
    """One line saying what an event recorded; a decision about reporting names `authority`,
    who the incident's reports go to ("the ICO", "the CNIL")."""
    describe = _DESCRIBE.get(event.kind)
    text: str | None = None
    try:
        if event.kind == "decision.recorded":
            text = _decision(event.data, authority)
        elif describe:
            text = describe(event.data, event.personal or {})
    except (KeyError, TypeError, ValueError):
        text = None  # an event written by another version: show it plainly below
    if text is None:
        details = ", ".join(f"{_words(key)} {_short(value)}" for key, value in event.data.items())
        text = f"{event.kind}: {details}" if details else event.kind
    text = " ".join(text.split())
    return text if len(text) <= _SUMMARY_WIDTH else text[: _SUMMARY_WIDTH - 1] + "…"


def _decision(data: EventData, authority: str) -> str:
    about = authority if data["about"] == "ico" else "the people"
    text = f"decided {'to tell' if data['notify'] else 'not to tell'} {about}: {data['why']}"
    return text + (" (against the recommendation)" if data.get("against_recommendation") else "")


_DESCRIBE: dict[str, Callable[[EventData, EventData], str]] = {
    "incident.created": lambda data, _: f"incident opened: {data['title']}",
    "incident.closed": lambda data, _: (
        f"closed; lessons: {data['lessons']}"
        + (f" (still open: {' '.join(data['outstanding'])})" if data.get("outstanding") else "")
    ),
    "incident.reopened": lambda data, _: f"reopened: {data['why']}",
    "note": lambda _, personal: f"note: {personal['text']}",
    "message.imported": lambda data, _: (
        f"message {data['position']} imported: {counted(data['recipients'], 'recipient')}, "
        f"{counted(data['exposed_addresses'], 'address', 'addresses')} exposed, "
        f"{counted(data['people'], 'person', 'people')}"
    ),
    "facts.set": lambda data, _: (
        f"facts {data['source']}: "
        + ", ".join(f"{_words(key)} {_short(value)}" for key, value in data["facts"].items())
    ),
    "assessment.saved": lambda data, _: (
        f"assessment {data['number']}: {data['outcome'].replace('_', ' ')}"
        + (" (borderline)" if data.get("borderline") else "")
    ),
    "checklist.item": lambda data, _: f"checklist {_words(data['key'])}: {_words(data['state'])}",
    "recipient.status": lambda data, personal: (
        f"{personal.get('address', 'a recipient')}: {data['from'].replace('_', ' ')} → "
        f"{data['status'].replace('_', ' ')}" + (f" by {data['how']}" if data.get("how") else "")
    ),
    "recipients.requested": lambda data, _: (
        f"{counted(data['count'], 'recipient')} marked requested"
    ),
    "recipient.trust": lambda data, personal: (
        f"{personal.get('address', 'a recipient')}: trust {data['from']} → {data['trust']}"
    ),
    "notice.recorded": lambda data, personal: (
        f"{personal.get('name') or 'a person'}: {_words(data['state'])}"
        + (f" ({data['reason']})" if data.get("reason") else "")
        + (f"; {personal['note']}" if personal.get("note") else "")
    ),
    "drafts.written": lambda data, _: (
        f"{data['count']:,} {_words(data['template'])} drafts written ({data['format']})"
        + _kept(data)
    ),
}


def _kept(data: EventData) -> str:
    """How many of a batch of letters were already there the same, when any were."""
    if not data.get("unchanged"):
        return ""
    return f", {data['written']:,} new, {data['unchanged']:,} already there the same"


def _words(key: str) -> str:
    """A vocabulary key as words: 'recipient_trust' reads 'recipient trust'."""
    return str(key).replace("_", " ")


def _short(value: object) -> str:
    if isinstance(value, dict):
        return "(" + ", ".join(f"{_words(key)} {_short(item)}" for key, item in value.items()) + ")"
    if isinstance(value, list | tuple):
        return "/".join(_short(item) for item in value) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "—"
    if isinstance(value, str):
        return _words(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
