"""The incident workspace: the clock in the header, five steps in a sidebar, one step in view."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, OptionList, Static
from textual.widgets.option_list import Option

from playbook import paths
from playbook.domain.citations import Authority, authority_for
from playbook.domain.errors import PlaybookError
from playbook.domain.incident import Incident
from playbook.domain.labels import counted
from playbook.store.incidents import get_incident
from playbook.ui.keys import bindings
from playbook.ui.steps.base import IncidentChanged, Step, shows_refusals
from playbook.ui.text import shown, shown_lines
from playbook.ui.typed_app import InPlaybookApp
from playbook.ui.widgets.deadline_clock import DeadlineClock
from playbook.ui.widgets.key_footer import KeyFooter
from playbook.ui.widgets.work_line import WorkLine

if TYPE_CHECKING:
    from playbook.intake.importing import ImportReport

# step id -> (title, module, class); a step's module is imported when it is first shown.
STEPS = {
    "contain": ("Contain", "playbook.ui.steps.contain", "ContainStep"),
    "assess": ("Assess", "playbook.ui.steps.assess", "AssessStep"),
    "decide": ("Decide", "playbook.ui.steps.decide", "DecideStep"),
    "notify": ("Notify", "playbook.ui.steps.notify", "NotifyStep"),
    "log": ("Log", "playbook.ui.steps.log", "LogStep"),
}


# What fits after a key in the sidebar (12 columns, a space either side of the key).
_SIDEBAR_TEXT = 9


def sidebar_keys(authority: Authority) -> tuple[tuple[str, str], ...]:
    """The sidebar's reminder of the keys that work in every step; `r` is the pack for the
    authority the incident's reports go to ("ICO pack", "CNIL pack"), or "report" when its
    name would not fit."""
    pack = f"{authority.brief} pack"
    return (
        ("message.import", "import"),
        ("report.ico", pack if len(pack) <= _SIDEBAR_TEXT else "report"),
        ("incident.note", "note"),
        ("app.help", "help"),
        ("incident.back", "back"),
    )


def step_class(step_id: str) -> type[Step]:
    """The Step subclass that shows `step_id`."""
    _, module_name, class_name = STEPS[step_id]
    step: type[Step] = getattr(importlib.import_module(module_name), class_name)
    return step


class IncidentScreen(InPlaybookApp, Screen[None]):
    """One incident: contain, assess, decide, notify, log."""

    AUTO_FOCUS = "#steps *"  # the first thing to work on in the step in view

    BINDINGS = bindings(
        "incident.back",
        "step.contain",
        "step.assess",
        "step.decide",
        "step.notify",
        "step.log",
        "message.import",
        "report.ico",
        "incident.note",
        "drafts.apology",
        "drafts.deletion_request",
        "drafts.chaser",
    )

    def __init__(self, incident_id: str, *, step: str = "contain") -> None:
        super().__init__()
        self.incident_id = incident_id
        self.first_step = step
        self.authority = authority_for(None)  # who its reports go to, read with the incident

    def compose(self) -> ComposeResult:
        """Header with the clock, the step list, the step in view, the work line, the footer."""
        incident = get_incident(self.app.db, self.incident_id)
        self.incident_id = incident.id
        self.authority = authority_for(incident.regime, self.app.config.supervisory_authority)
        with Horizontal(id="incident-header"):
            yield Static(_title(incident), id="incident-title")
            yield DeadlineClock(
                incident.aware_at,
                now=self.app.now,
                zone=self.app.zone,
                closed_at=incident.closed_at,
                id="deadline-clock",
            )
        with Horizontal(id="workspace"):
            with Vertical(id="sidebar"):
                yield OptionList(
                    *(
                        Option(f"{number} {title}", id=step_id)
                        for number, (step_id, (title, _, _)) in enumerate(STEPS.items(), start=1)
                    ),
                    id="step-list",
                )
                yield Static(
                    "\n".join(self.app.key_hints(hint) for hint in sidebar_keys(self.authority)),
                    id="sidebar-keys",
                    classes="hint",
                )
            with ContentSwitcher(id="steps", initial=self.first_step):
                yield step_class(self.first_step)(self.incident_id)
        yield WorkLine(id="work-line")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Mark the first step in the list."""
        self.query_one("#step-list", OptionList).highlighted = list(STEPS).index(self.first_step)

    def help_markdown(self) -> str:
        """Help for the step in view."""
        step = self.current_step
        general = (
            "\n\n**1**-**5** go to a step · **i** imports a sent message · **r** shows the "
            f"report pack for {self.authority.name} · **a** adds a note · **escape** goes back "
            "to the register."
        )
        named = {"authority": self.authority.name, "short": self.authority.short}
        return (step.HELP.format_map(named) if step else "") + general

    @property
    def current_step(self) -> Step | None:
        """The step in view."""
        switcher = self.query_one(ContentSwitcher)
        return switcher.visible_content if isinstance(switcher.visible_content, Step) else None

    async def action_step(self, step_id: str) -> None:
        """Show a step, building it the first time."""
        switcher = self.query_one(ContentSwitcher)
        if _has_child(switcher, step_id):
            switcher.current = step_id
            switcher.get_child_by_id(step_id, Step).reload()
        else:
            await switcher.add_content(step_class(step_id)(self.incident_id), set_current=True)
        self.query_one("#step-list", OptionList).highlighted = list(STEPS).index(step_id)
        self._focus_step(step_id)

    def _focus_step(self, step_id: str) -> None:
        step = self.query_one(ContentSwitcher).get_child_by_id(step_id)
        if self.focused is not None and step in self.focused.ancestors:
            return
        focusable = [widget for widget in step.query("*") if widget.focusable]
        if focusable:
            focusable[0].focus()

    @on(OptionList.OptionSelected, "#step-list")
    async def _step_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:  # every option is a step, by its id
            await self.action_step(event.option.id)

    def action_back(self) -> None:
        """Back to the register."""
        self.dismiss(None)

    @on(IncidentChanged)
    def incident_changed(self) -> None:
        """Something was written: refresh the header, the clock and the other steps."""
        incident = get_incident(self.app.db, self.incident_id)
        self.query_one("#incident-title", Static).update(_title(incident))
        if incident.closed_at:
            self.query_one(DeadlineClock).show_closed(incident.closed_at)
        for step in self.query_one(ContentSwitcher).query_children(Step):
            step.reload()

    def action_note(self) -> None:
        """Add a note to the timeline."""
        from playbook.ui.dialogs.text import TextDialog

        self.app.push_screen(
            TextDialog(
                f"Note on {self.incident_id}",
                "What happened, what you did, or who you spoke to:",
                "Add note",
                "The note is empty; write what happened or what was done.",
            ),
            callback=self._add_note,
        )

    @shows_refusals
    def _add_note(self, text: str | None) -> None:
        from playbook.store.incidents import add_note

        if not text:
            return
        add_note(self.app.db, self.incident_id, text, author=self.app.author, now=self.app.now())
        self.notify("Note added to the timeline.")
        self.incident_changed()

    # Long work (imports, drafts) runs in a thread worker with its own database connection.

    def show_work(self, label: str, total: int | None) -> None:
        """Show the work line with a label and a bar (`total` None: not known yet)."""
        self.query_one(WorkLine).start(label, total)

    def advance_work(self, done: int, total: int | None = None) -> None:
        """Move the bar on."""
        self.query_one(WorkLine).advance(done, total)

    def end_work(self) -> None:
        """Hide the work line."""
        self.query_one(WorkLine).end()

    async def action_write_drafts(self, kind: str) -> None:
        """Go to Notify and write one draft of `kind` per person."""
        from playbook.ui.steps.notify import NotifyStep

        await self.action_step("notify")
        self.query_one(ContentSwitcher).get_child_by_id("notify", NotifyStep).write(kind)

    @shows_refusals
    def action_ico_report(self) -> None:
        """Show the ICO report pack (under the EU GDPR, the supervisory authority's), ready to
        copy."""
        from playbook.reporting.reports import ico_report
        from playbook.ui.screens.report import ReportScreen

        app = self.app
        now = app.now()
        text = ico_report(
            app.db, self.incident_id, renderer=app.renderer, config=app.config, now=now
        )
        local = now.astimezone(app.zone)
        name = f"{self.incident_id}-ico-report-{local:%Y%m%d-%H%M}.md"
        app.push_screen(
            ReportScreen(
                f"{self.authority.heading} report pack for {self.incident_id}",
                text,
                paths.outbox_dir(app.config.outbox_dir) / name,
            )
        )

    def action_import_message(self) -> None:
        """Ask for a sent message's file and import it into this incident."""
        from playbook.ui.dialogs.path import PathDialog

        self.app.push_screen(
            PathDialog(
                f"Import a message into {self.incident_id}",
                "The sent message (.eml, .msg) or a list of addresses (.txt); tab completes:",
            ),
            callback=self._import_chosen,
        )

    def _import_chosen(self, path: str | None) -> None:
        if path:
            self._import_worker(path)

    @work(thread=True, exclusive=True, group="import")
    def _import_worker(self, path: str) -> None:
        """Import `path` in a worker, with progress in the work line."""
        from playbook.intake.importing import import_file

        db = self.app.open_worker_database()
        try:
            report = import_file(
                db,
                self.incident_id,
                Path(path),
                config=self.app.config,
                author=self.app.author,
                now=self.app.now(),
                progress=WorkProgress(self, f"Importing {Path(path).name}", 100),
            )
        except PlaybookError as problem:
            self.app.call_from_thread(self._import_failed, str(problem))
            return
        finally:
            db.close()
        self.app.call_from_thread(self._imported, report)

    def _import_failed(self, problem: str) -> None:
        self.end_work()
        self.notify(
            shown_lines(problem), title="Nothing was imported", severity="error", timeout=15
        )

    def _imported(self, report: ImportReport) -> None:
        self.end_work()
        lines = [
            f"{counted(report.recipients, 'recipient')} ({report.new_recipients:,} new), "
            f"{counted(report.exposed_addresses, 'address', 'addresses')} exposed, "
            f"{counted(report.people, 'person', 'people')} affected."
        ]
        lines += report.warnings[:3]
        if len(report.warnings) > 3:
            lines.append(f"... and {len(report.warnings) - 3} more warnings in the log.")
        self.notify(shown_lines("\n".join(lines)), title="Message imported", timeout=12)
        self.incident_changed()


class WorkProgress:
    """A progress bar (`playbook.runtime.progress.ProgressBar`) drawn on the workspace's work
    line by a worker.

    Made and advanced in a worker thread; every change reaches the screen through the app.
    """

    def __init__(self, screen: IncidentScreen, label: str, total: int) -> None:
        self.done = 0
        self.total = total
        self.screen = screen
        screen.app.call_from_thread(screen.show_work, label, total)

    def advance(self, steps: int = 1) -> None:
        """Count `steps` more done and move the bar."""
        self.done += steps
        self.screen.app.call_from_thread(self.screen.advance_work, self.done, self.total)

    def finish(self) -> None:
        """The work is done; whoever started it hides the bar."""


def _title(incident: Incident) -> str:
    """The header's line: the incident's id, title, and whether it is closed."""
    closed = " [b](closed)[/b]" if incident.status == "closed" else ""
    return f"[b]{incident.id}[/b] {shown(incident.title)}{closed}"


def _has_child(switcher: ContentSwitcher, child_id: str) -> bool:
    return any(child.id == child_id for child in switcher.children)
