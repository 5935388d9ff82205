"""The register: every incident with its clock, outcome and status; open one, or start one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from playbook.domain.citations import Authority, authority_for
from playbook.domain.clock import describe_clock, format_local, read_clock
from playbook.domain.errors import PlaybookError
from playbook.domain.incident import Incident
from playbook.domain.labels import counted
from playbook.store.assessments import latest_assessment
from playbook.store.incidents import list_incidents
from playbook.ui.keys import bindings
from playbook.ui.text import shown
from playbook.ui.typed_app import InPlaybookApp
from playbook.ui.widgets.deadline_clock import clock_class
from playbook.ui.widgets.filter_box import FilterBox
from playbook.ui.widgets.flex_table import FlexTable, RowCells, TableColumn
from playbook.ui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from playbook.intake.opening import OpenedIncident
    from playbook.ui.dialogs.new_incident import NewIncidentAnswer

REGISTER_HELP = """\
## The register

Every incident, the most urgent first. The **clock** column shows the time left of the 72 hours
from when you became aware (red once overdue); **outcome** is the latest assessment.

- **n** opens a new incident: give it a title and when you became aware; you can name the sent
  message (.eml) at once, or import it later from the incident.
- **enter** opens the highlighted incident at its first step, *Contain*.
- **/** filters by id, title, outcome or status; **c** shows or hides closed incidents.
"""


def short_outcome(outcome: str, authority: Authority) -> str:
    """An outcome as the register's column shows it: "notify ICO", "CNIL + people"."""
    return {
        "record_only": "record only",
        "notify_ico": f"notify {authority.brief}",
        "notify_ico_and_individuals": f"{authority.brief} + people",
    }[outcome]


@dataclass(frozen=True)
class RegisterRow:
    """One incident as the register shows it (the outcome is read when the row is shown)."""

    incident: Incident
    clock_text: str
    clock_state: str

    def matches(self, needle: str, outcome: str) -> bool:
        """True when the filter text appears in the id, title, clock (what the Clock column
        shows: 'late', '3h 05m left'), outcome or status."""
        haystack = (
            f"{self.incident.id} {self.incident.title} {self.clock_text} {outcome} "
            f"{self.incident.status}"
        )
        return needle.lower() in haystack.lower()


REGISTER_COLUMNS = (
    TableColumn("id", "Incident", 12),
    TableColumn("clock", "Clock", 16),
    TableColumn("outcome", "Outcome", 12),
    TableColumn("status", "Status", 6),
    TableColumn("aware", "Aware", 20, min_table_width=110),
    TableColumn("title", "Title"),
)


class RegisterTable(FlexTable):
    """The register's table; clock cells take their colour from the stylesheet."""

    COMPONENT_CLASSES = {
        "register-table--ok",
        "register-table--due-24h",
        "register-table--due-6h",
        "register-table--overdue",
        "register-table--closed",
    }


class RegisterScreen(InPlaybookApp, Screen[None]):
    """The list of incidents: the app's first screen."""

    BINDINGS = bindings(
        "incident.new", "incident.open", "register.filter", "register.closed", "register.board"
    )
    AUTO_FOCUS = "#register-table"

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RegisterRow] = []
        self.show_closed = True
        self._outcomes: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        """Header, filter, table, detail line, footer."""
        yield Header()
        yield FilterBox("filter: id, title, outcome or status", id="register-filter")
        yield RegisterTable(REGISTER_COLUMNS, id="register-table")
        yield Static(
            f"No incidents yet. Press {self.app.key_hint('incident.new')} to open one.",
            id="register-empty",
            classes="hint",
        )
        yield Static(id="register-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Build the columns and load the incidents."""
        self.sub_title = "incident register"
        self.reload()

    def help_markdown(self) -> str:
        """Help for the register."""
        return REGISTER_HELP

    def reload(self, select_id: str | None = None) -> None:
        """Read the incidents again and show them, keeping the highlighted one where possible."""
        now = self.app.now()
        self._outcomes.clear()
        self.rows = sorted(
            (_register_row(incident, now) for incident in list_incidents(self.app.db)),
            key=_urgency,
        )
        self._show(select_id)

    def outcome_of(self, incident: Incident) -> str:
        """The latest assessment's outcome, read once per reload and only when needed."""
        if incident.id not in self._outcomes:
            latest = latest_assessment(self.app.db, incident.id)
            authority = authority_for(incident.regime, self.app.config.supervisory_authority)
            self._outcomes[incident.id] = (
                short_outcome(latest.assessment.outcome, authority) if latest else "—"
            )
        return self._outcomes[incident.id]

    def _show(self, select_id: str | None = None) -> None:
        table = self.query_one(RegisterTable)
        needle = self.query_one("#register-filter", FilterBox).text
        shown = [
            row
            for row in self.rows
            if (self.show_closed or row.incident.status != "closed")
            and (not needle or row.matches(needle, self.outcome_of(row.incident)))
        ]
        table.show_rows(
            [(row.incident.id, partial(self._cells, row, table)) for row in shown], select_id
        )
        self.query_one("#register-empty").display = not self.rows
        self.sub_title = (
            f"incident register · {len(shown):,} of {len(self.rows):,}"
            if len(shown) != len(self.rows)
            else "incident register"
        )
        self._show_detail()

    def _cells(self, row: RegisterRow, table: RegisterTable) -> RowCells:
        style = table.get_component_rich_style(
            f"register-table-{clock_class(row.clock_state)}", partial=True
        )
        incident = row.incident
        return (
            incident.id,
            Text(row.clock_text, style=style),
            self.outcome_of(incident),
            incident.status,
            format_local(incident.aware_at, self.app.zone),
            incident.title,
        )

    def highlighted_id(self) -> str | None:
        """The id of the incident under the cursor, if any."""
        return self.query_one(RegisterTable).cursor_key()

    @on(FlexTable.RowHighlighted)
    def _show_detail(self) -> None:
        detail = self.query_one("#register-detail", Static)
        incident_id = self.highlighted_id()
        row = next((row for row in self.rows if row.incident.id == incident_id), None)
        if row is None:
            detail.update("")
            return
        incident = row.incident
        outcome = self.outcome_of(incident)
        detail.update(
            f"[b]{incident.id}[/b]  {shown(incident.title)}\n"
            f"aware {format_local(incident.aware_at, self.app.zone)} · {row.clock_text}"
            + (" · not assessed yet" if outcome == "—" else f" · outcome {outcome}")
            + (f" · reported by {shown(incident.reporter)}" if incident.reporter else "")
        )

    @on(FlexTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_open_incident()

    def action_open_incident(self) -> None:
        """Open the highlighted incident's workspace."""
        from playbook.ui.screens.workspace import IncidentScreen

        incident_id = self.highlighted_id()
        if incident_id is None:
            self.notify("There is no incident to open yet; press n to start one.")
            return
        self.app.push_screen(
            IncidentScreen(incident_id),
            callback=lambda _: self.reload(incident_id),
        )

    def action_new_incident(self) -> None:
        """Ask for a new incident's title and awareness time, create it and open it."""
        from playbook.ui.dialogs.new_incident import NewIncidentDialog

        self.app.push_screen(NewIncidentDialog(), callback=self._create)

    def _create(self, answer: NewIncidentAnswer | None) -> None:
        if answer is None:
            return
        if answer.message_path:
            self.notify(
                f"Reading {Path(answer.message_path).name}...", title="Opening the incident"
            )
        self._open_worker(answer)

    @work(thread=True, exclusive=True, group="open")
    def _open_worker(self, answer: NewIncidentAnswer) -> None:
        """Open the incident with its message in a worker: a file that is not a message
        leaves no incident behind."""
        from playbook.intake.opening import NewIncident, open_incident

        files = [Path(answer.message_path).expanduser()] if answer.message_path else []
        db = self.app.open_worker_database()
        try:
            opened = open_incident(
                db,
                NewIncident(title=answer.title, aware_at=answer.aware_at),
                files,
                config=self.app.config,
                author=self.app.author,
                now=self.app.now(),
            )
        except PlaybookError as problem:
            self.app.call_from_thread(self._open_failed, str(problem))
            return
        finally:
            db.close()
        self.app.call_from_thread(self._opened, opened)

    def _open_failed(self, problem: str) -> None:
        self.notify(problem, title="No incident was opened", severity="error", timeout=15)

    def _opened(self, opened: OpenedIncident) -> None:
        self.reload(opened.incident.id)
        for report in opened.imports:
            self.notify(
                f"{counted(report.recipients, 'recipient')}, "
                f"{counted(report.people, 'person', 'people')} affected.",
                title="Message imported",
            )
        self.action_open_incident()

    async def action_filter(self) -> None:
        """Show the filter box and put the cursor in it."""
        await self.query_one("#register-filter", FilterBox).open()

    @on(Input.Changed, "#register-filter-input")
    def _filter_changed(self) -> None:
        self._show()

    @on(Input.Submitted, "#register-filter-input")
    def _filter_done(self) -> None:
        self.query_one(RegisterTable).focus()

    def action_board(self) -> None:
        """Show the board view: the figures and each incident's containment."""
        from playbook.ui.screens.board import BoardScreen

        self.app.push_screen(BoardScreen())

    def action_toggle_closed(self) -> None:
        """Show or hide closed incidents."""
        self.show_closed = not self.show_closed
        self._show()
        self.notify("Closed incidents shown." if self.show_closed else "Closed incidents hidden.")


def _register_row(incident: Incident, now: datetime) -> RegisterRow:
    if incident.status == "closed":
        return RegisterRow(incident, "closed", "closed")
    reading = read_clock(incident.aware_at, now)
    return RegisterRow(incident, describe_clock(reading), reading.state)


def _urgency(row: RegisterRow) -> tuple[int, float]:
    """Open incidents first, the nearest deadline first; closed ones last, newest first."""
    incident = row.incident
    if incident.status == "closed":
        return (1, -(incident.closed_at or incident.created_at).timestamp())
    return (0, incident.aware_at.timestamp())
