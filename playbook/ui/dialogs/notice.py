"""The notice dialog: pick a person (filtered as you type), how they were told or why not, and
the reason or the note of the call."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, RadioButton, RadioSet, Static
from textual.worker import get_current_worker

from playbook.domain.errors import PlaybookError
from playbook.domain.incident import Person
from playbook.domain.labels import NOTICE_STATE_LABELS
from playbook.domain.letters import reached_by
from playbook.domain.notices import checked_notice, told_how
from playbook.domain.vocabulary import NOTICE_STATES
from playbook.notify.notices import PeopleNotices, PersonNotice, matching_people
from playbook.ui.dialogs.base import Dialog
from playbook.ui.keys import key_hints
from playbook.ui.text import shown
from playbook.ui.widgets.flex_table import FlexTable, TableColumn
from playbook.ui.workers import yielding_cancel_check

PEOPLE_COLUMNS = (
    TableColumn("person", "Reached by"),
    TableColumn("name", "Name", 20, min_table_width=50),
    TableColumn("state", "Now", 13),
)
# Up to this many people are filtered on the UI thread; more in a worker, the latest query winning.
FILTER_AT_ONCE = 2000


@dataclass(frozen=True)
class NoticeAnswer:
    """What the notice dialog asks for: whose notice, its state, and the reason and note."""

    person_key: str
    state: str
    reason: str
    note: str


class NoticeDialog(Dialog[NoticeAnswer]):
    """Records one person's notice state; the people are read by `read` in a worker."""

    def __init__(
        self,
        read: Callable[[], PeopleNotices],
        *,
        by: str,
        keymap: Mapping[str, str],
        start_key: str | None = None,
    ) -> None:
        """`read` reads the people and their latest records (it runs in a thread); `keymap` is
        the active one (for the hints); `start_key` is the person to start on, if there."""
        super().__init__()
        self.read = read
        self.by = by
        self.active_keymap = keymap
        self.start_key = start_key
        self.view: PeopleNotices | None = None
        self.people_by_key: dict[str, Person] = {}

    def compose(self) -> ComposeResult:
        """Filter, people, state, reason, note, buttons."""
        with Vertical(classes="dialog-body", id="notice-body"):
            yield Label("Record how a person was told", classes="dialog-title")
            yield Static(
                "type to filter · tab moves on · "
                + key_hints(
                    self.active_keymap, ("dialog.submit", "records"), ("dialog.cancel", "cancels")
                ),
                classes="hint",
            )
            yield Input(
                placeholder="filter: name, email, key or state", id="notice-filter", compact=True
            )
            yield FlexTable(PEOPLE_COLUMNS, id="notice-people")
            yield Static("Reading the people…", id="notice-person", classes="hint")
            yield RadioSet(
                *(RadioButton(NOTICE_STATE_LABELS[state]) for state in NOTICE_STATES),
                id="notice-state",
                compact=True,
            )
            yield Input(
                placeholder="reason (not told, not reachable): names nobody, goes in the report",
                id="notice-reason",
                compact=True,
            )
            yield Input(
                placeholder="note (phoned: what was said): kept private",
                id="notice-note",
                compact=True,
            )
            yield Static(id="dialog-problem", classes="problem")
            yield from self.buttons("Record")

    def on_mount(self) -> None:
        """Start reading the people; the cursor waits in the filter."""
        super().on_mount()
        self.query_one("#notice-filter", Input).focus()
        self._read_worker()

    @work(thread=True, exclusive=True, group="notice-read", description="read people")
    def _read_worker(self) -> None:
        try:
            view = self.read()
        except PlaybookError as problem:
            self.app.call_from_thread(self.show_problem, str(problem))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_view, view)

    def _show_view(self, view: PeopleNotices) -> None:
        self.view = view
        self.people_by_key = {row.person.key: row.person for row in view.rows}
        if not view.rows:
            self.query_one("#notice-person", Static).update(
                "This incident has no affected people yet: import the sent message first."
            )
            return
        self._filter(self.query_one("#notice-filter", Input).value, self.start_key)

    @on(Input.Changed, "#notice-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._filter(event.value, None)

    @on(Input.Submitted, "#notice-filter")
    def _filter_done(self) -> None:
        self.query_one("#notice-people", FlexTable).focus()

    def _filter(self, needle: str, select_key: str | None) -> None:
        view = self.view
        if view is None:
            return
        if len(view.rows) <= FILTER_AT_ONCE:
            self._show_people(needle, matching_people(view, needle) or [], select_key)
        else:
            self._filter_worker(view, needle, select_key)

    @work(thread=True, exclusive=True, group="notice-filter", description="filter")
    def _filter_worker(self, view: PeopleNotices, needle: str, select_key: str | None) -> None:
        cancelled = yielding_cancel_check()
        chosen = matching_people(view, needle, cancelled)
        if chosen is not None and not cancelled():
            self.app.call_from_thread(self._filtered, view, needle, chosen, select_key)

    def _filtered(
        self,
        view: PeopleNotices,
        needle: str,
        chosen: Sequence[PersonNotice],
        select_key: str | None,
    ) -> None:
        if view is self.view and needle == self.query_one("#notice-filter", Input).value:
            self._show_people(needle, chosen, select_key)

    def _show_people(
        self, needle: str, chosen: Sequence[PersonNotice], select_key: str | None
    ) -> None:
        rows = [
            (
                row.person.key,
                (reached_by(row.person), row.person.name, told_how(row.latest)),
            )
            for row in chosen
        ]
        self.query_one("#notice-people", FlexTable).show_rows(rows, select_key)
        if not rows:
            self.query_one("#notice-person", Static).update(
                "Nobody matches the filter; change it or empty it."
            )

    @on(FlexTable.RowHighlighted, "#notice-people")
    def _person_highlighted(self, event: FlexTable.RowHighlighted) -> None:
        if event.row_key is None or self.view is None:
            return
        total = len(self.view.rows)
        shown_rows = self.query_one("#notice-people", FlexTable).total_rows
        which = f"{event.cursor_row + 1:,} of {shown_rows:,}"
        if shown_rows != total:
            which += f" shown (of {total:,})"
        person = self.people_by_key.get(event.row_key)
        chosen = shown(f"{person.name} ({reached_by(person)})" if person else event.row_key)
        self.query_one("#notice-person", Static).update(f"{chosen} · {which}")

    @on(FlexTable.RowSelected, "#notice-people")
    def _person_chosen(self) -> None:
        self.query_one("#notice-state", RadioSet).focus()

    def action_submit(self) -> None:
        """Check the answer with the playbook's rules; dismiss it once they accept it."""
        person_key = self.query_one("#notice-people", FlexTable).cursor_key()
        index = self.query_one("#notice-state", RadioSet).pressed_index
        if person_key is None:
            self.show_problem("Choose a person first: filter the list and move to them.")
            return
        if index < 0:
            self.show_problem("Choose how they were told, or why not.")
            return
        reason = self.query_one("#notice-reason", Input).value
        note = self.query_one("#notice-note", Input).value
        try:
            record = checked_notice(
                person_key, NOTICE_STATES[index], reason=reason, note=note, by=self.by
            )
        except PlaybookError as refused:
            self.show_problem(str(refused))
            return
        self.dismiss(
            NoticeAnswer(record.person_key, record.state.value, record.reason, record.note)
        )
