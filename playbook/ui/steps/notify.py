"""Step 4, Notify: choose a template, preview anyone's draft, run the safety gate, write the outbox."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

from sqlite_utils import Database
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static, Tab, Tabs

from playbook import paths
from playbook.domain.errors import PlaybookError
from playbook.domain.labels import DRAFT_KIND_AUDIENCE, DRAFT_KIND_LABELS, counted
from playbook.domain.letters import Reach, reach_of
from playbook.domain.notice_plan import PeopleNotice
from playbook.notify.drafts import DraftContext, addressees, build_drafts, load_context
from playbook.notify.letters import COMBINED, write_letters
from playbook.notify.notices import (
    PeopleNotices,
    notice_summary,
    read_people_notices,
    record_notice,
)
from playbook.notify.outbox import GateRefused, Writing, WrittenBatch, check_batch, write_drafts
from playbook.notify.phone_list import write_phone_list
from playbook.notify.public_notice import WrittenNotice, public_notice_text, write_public_notice
from playbook.ui.dialogs.confirm import ConfirmDialog
from playbook.ui.dialogs.notice import NoticeAnswer, NoticeDialog
from playbook.ui.keys import bindings
from playbook.ui.screens.workspace import WorkProgress
from playbook.ui.steps.base import Step, shows_refusals
from playbook.ui.text import shown, shown_lines
from playbook.ui.widgets.draft_preview import DraftPreview
from playbook.ui.widgets.flex_table import FlexTable, TableColumn

ADDRESSEE_COLUMNS = (
    TableColumn("address", "Goes to"),
    TableColumn("name", "Name", 18, min_table_width=60),
)
NARROW_BELOW = 100
Result = TypeVar("Result")


class NotifyStep(Step):
    """Templates as tabs, who gets one, the highlighted person's draft, the gate's verdict."""

    STEP_ID = "notify"
    TITLE = "Notify"
    HELP = """\
## Step 4: Notify

Every message goes to exactly one person and holds nobody else's address or name.

- **t** (or the tabs) chooses the template: *apologies* to each affected person, *deletion
  requests* to each outside recipient, *chasers* to those who have not confirmed.
- Move through the list to preview each person's draft.
- **g** runs the safety gate over every draft: one recipient each, nobody else's details, no
  attachment, the contact point and what happened present.
- **w** writes the drafts to the outbox as .eml files (only when all pass the gate); nothing
  is sent. Each batch is logged with its checksum.
- *Write letters* (its key is listed below) writes a letter to each person with a postal
  address and no email (one PDF each, and letters.pdf for the print room) and the call list of
  those with only a phone number; every letter passes the letter gate first.
- *Record notice* (its key is listed below) records how a person was told (emailed, posted,
  phoned: with a note of the call) or why not (not reachable, not told: with a reason that
  names nobody); the counts per state are shown under the list and go into the report.
  An apology sent through the SMTP relay is recorded as emailed.
- **r** shows the report pack for {authority}, ready to copy into its online form.

Organisation, DPO and sender address come from the config file (`playbook init` writes one).
"""
    BINDINGS = bindings(
        "notify.next_template", "notify.gate", "notify.write", "notify.letters", "notify.notice"
    )

    def __init__(self, incident_id: str) -> None:
        super().__init__(incident_id)
        self.kind = "apology"
        self.context: DraftContext | None = None

    def compose(self) -> ComposeResult:
        """Intro, template tabs, the addressees and the preview, the gate line."""
        yield Static(
            self.app.key_hints(
                ("notify.next_template", "template"),
                ("notify.gate", "check all drafts"),
                ("notify.write", "write outbox"),
                ("report.ico", f"{self.workspace.authority.brief} pack"),
            ),
            classes="step-intro",
        )
        yield Tabs(
            *(Tab(label, id=kind) for kind, label in DRAFT_KIND_LABELS.items()), id="templates"
        )
        with Horizontal(id="notify-body"):
            yield FlexTable(ADDRESSEE_COLUMNS, id="addressees")
            yield DraftPreview(id="preview")
        yield Static(id="notify-count")
        yield Static(id="notice-counts")
        yield Static(id="gate-result")

    def on_mount(self) -> None:
        """Read who gets what."""
        self.reload()

    def on_resize(self, event: events.Resize) -> None:
        """Put the preview below the list when the terminal is narrow."""
        self.set_class(event.size.width < NARROW_BELOW, "-narrow")

    def reload(self) -> None:
        """Read the incident's people and recipients again (the drafts' context)."""
        self._show_notice_counts()
        try:
            self.context = load_context(
                self.app.db, self.incident_id, self.app.config, self.app.zone
            )
        except PlaybookError as problem:
            self.context = None
            self.query_one(FlexTable).show_rows([])
            self.query_one(DraftPreview).show_nothing(str(problem))
            return
        self._show_addressees()

    def _show_addressees(self) -> None:
        if self.context is None:
            return
        plan = self.context.notice_plan
        if self.kind == "apology" and not plan.apologies_allowed:
            self._show_decision(self.context)
            return
        entries = addressees(self.context, self.kind)
        rows = []
        for entry in entries:
            address = getattr(entry, "email", None) or getattr(entry, "address", "")
            if address:
                rows.append((address, (address, entry.name)))
        table = self.query_one(FlexTable)
        table.show_rows(rows)
        missing = len(entries) - len(rows)
        self.query_one("#notify-count", Static).update(
            f"{len(rows):,} {DRAFT_KIND_LABELS[self.kind].lower()} to write, one to {DRAFT_KIND_AUDIENCE[self.kind]}"
            + (
                f"; {missing:,} have no email address: "
                f"{self.app.key_hint('notify.letters')} writes their letters and the call list."
                if missing and self.kind == "apology"
                else f"; {missing:,} have no email address."
                if missing
                else "."
            )
        )
        if not rows:
            self.query_one(DraftPreview).show_nothing(
                f"Nobody is due {DRAFT_KIND_LABELS[self.kind].lower()} yet: {DRAFT_KIND_AUDIENCE[self.kind]} gets one."
            )
        else:
            self._preview()

    def _show_decision(self, context: DraftContext) -> None:
        """No apologies: say what the decision was, and show the public notice it calls for."""
        plan = context.notice_plan
        self.query_one(FlexTable).show_rows([])
        preview = self.query_one(DraftPreview)
        count_line = plan.sentence
        if plan.notice == PeopleNotice.PUBLIC_NOTICE:
            count_line += f" {self.app.key_hint('notify.write')} writes the public notice."
            try:
                preview.show_text("Public notice", public_notice_text(context, self.app.renderer))
            except PlaybookError as problem:
                preview.show_nothing(str(problem))
        else:
            preview.show_nothing(plan.sentence)
        self.query_one("#notify-count", Static).update(shown_lines(count_line))

    @on(Tabs.TabActivated, "#templates")
    def _template_chosen(self, event: Tabs.TabActivated) -> None:
        if event.tab.id and event.tab.id != self.kind:
            self.kind = event.tab.id
            self._clear_gate()
            self._show_addressees()

    def _clear_gate(self) -> None:
        gate = self.query_one("#gate-result", Static)
        gate.set_classes("")
        gate.update("")

    def action_next_template(self) -> None:
        """Move to the next template."""
        self.query_one(Tabs).action_next_tab()

    @on(FlexTable.RowHighlighted, "#addressees")
    def _preview(self) -> None:
        address = self.query_one(FlexTable).cursor_key()
        if self.context is None or address is None:
            return
        preview = self.query_one(DraftPreview)
        try:
            batch = build_drafts(self.context, self.kind, self.app.renderer, only=address)
        except PlaybookError as problem:
            preview.show_nothing(str(problem))
            return
        if not batch.drafts:  # an address no message can be sent to: skipped, never written
            preview.show_nothing(
                "No message can be sent to this address (it is not one plain email address); "
                "it is left out of the batch. Reach this person another way."
            )
            return
        preview.show_draft(batch.drafts[0])

    def action_gate(self) -> None:
        """Check every draft of the chosen template, in a worker."""
        if self.context is not None:
            self._gate_worker(self.context, self.kind)

    @work(thread=True, exclusive=True, group="drafts")
    def _gate_worker(self, context: DraftContext, kind: str) -> None:
        screen = self.workspace
        try:
            batch = build_drafts(
                context, kind, self.app.renderer, progress=partial(WorkProgress, screen)
            )
            check_batch(batch)
        except GateRefused as refused:
            self.app.call_from_thread(self._gate_failed, refused)
            return
        except PlaybookError as problem:
            self.app.call_from_thread(self._work_failed, str(problem))
            return
        self.app.call_from_thread(self._gate_passed, len(batch.drafts))

    def _gate_passed(self, count: int) -> None:
        self.workspace.end_work()
        gate = self.query_one("#gate-result", Static)
        gate.set_classes("-passed")
        gate.update(
            f"All {count:,} drafts pass the safety gate; "
            f"{self.app.key_hint('notify.write')} writes them."
        )

    def _gate_failed(self, refused: GateRefused) -> None:
        self.workspace.end_work()
        gate = self.query_one("#gate-result", Static)
        gate.set_classes("-failed")
        failures = [
            f"{shown(failure.key)}: {shown('; '.join(failure.reasons))}"
            for failure in refused.failures[:3]
        ]
        more = len(refused.failures) - len(failures)
        gate.update(
            shown_lines(str(refused))
            + "\n"
            + "\n".join(failures)
            + (f"\n... and {more} more." if more > 0 else "")
        )

    def _work_failed(self, problem: str) -> None:
        self.workspace.end_work()
        gate = self.query_one("#gate-result", Static)
        gate.set_classes("-failed")
        gate.update(shown_lines(problem))

    def write(self, kind: str | None = None) -> None:
        """Ask, then write one draft of `kind` (default: the chosen template) per person."""
        if kind and kind != self.kind:
            self.query_one(Tabs).active = kind
            self.kind = kind
            self._clear_gate()
            self._show_addressees()
        if self.context is None:
            self.notify("Drafts cannot be made yet; the Notify step says why.", severity="warning")
            return
        plan = self.context.notice_plan
        if self.kind == "apology" and plan.notice == PeopleNotice.PUBLIC_NOTICE:
            self._drafts_worker(self._write_public_notice, self._notice_written)
            return
        count = self.query_one(FlexTable).total_rows
        if not count:
            self.notify(f"Nobody is due {DRAFT_KIND_LABELS[self.kind].lower()}.")
            return
        folder = paths.outbox_dir(self.app.config.outbox_dir)
        self.app.push_screen(
            ConfirmDialog(
                f"Write {count:,} {DRAFT_KIND_LABELS[self.kind].lower()} to {shown(str(folder))}?\n"
                "Every draft is checked first; nothing is written if any fails, and nothing is sent.",
                "Write drafts",
            ),
            callback=self._write_confirmed,
        )

    def _write_confirmed(self, yes: bool | None) -> None:
        if yes:
            self._drafts_worker(partial(self._write_drafts, self.kind), self._written)

    def action_write(self) -> None:
        """Write the chosen template's drafts."""
        self.write()

    @work(thread=True, exclusive=True, group="drafts")
    def _drafts_worker(
        self, use_case: Callable[[Database], Result], done: Callable[[Result], None]
    ) -> None:
        """Run a use case that writes drafts on its own database connection; show a refusal,
        or hand its result to `done` on the UI thread."""
        app = self.app
        db = app.open_worker_database()
        try:
            result = use_case(db)
        except GateRefused as refused:
            app.call_from_thread(self._gate_failed, refused)
            return
        except PlaybookError as problem:
            app.call_from_thread(self._work_failed, str(problem))
            return
        finally:
            db.close()
        app.call_from_thread(done, result)

    def _write_drafts(self, kind: str, db: Database) -> WrittenBatch:
        app = self.app
        return write_drafts(
            db,
            self.incident_id,
            kind,
            config=app.config,
            zone=app.zone,
            out_dir=paths.outbox_dir(app.config.outbox_dir),
            now=app.now(),
            author=app.author,
            renderer=app.renderer,
            progress=partial(WorkProgress, self.workspace),
        )

    def _write_public_notice(self, db: Database) -> WrittenNotice:
        app = self.app
        return write_public_notice(
            db,
            self.incident_id,
            config=app.config,
            zone=app.zone,
            out_dir=paths.outbox_dir(app.config.outbox_dir),
            now=app.now(),
            author=app.author,
            renderer=app.renderer,
        )

    def _notice_written(self, written: WrittenNotice) -> None:
        gate = self.query_one("#gate-result", Static)
        gate.set_classes("-passed")
        gate.update(
            f"Wrote the public notice to {shown(str(written.path))}; publish it from there."
        )
        self.notify("The public notice is written; the log records it.")

    def _written(self, written: WrittenBatch) -> None:
        self.workspace.end_work()
        gate = self.query_one("#gate-result", Static)
        gate.set_classes("-passed")
        gate.update(
            f"Wrote {len(written.messages):,} drafts to {shown(str(written.path))}; nothing was sent."
        )
        skipped = (
            f" {len(written.unusable):,} addresses cannot be written to and were skipped."
            if written.unusable
            else ""
        )
        self.notify(f"{len(written.messages):,} drafts written; the batch is in the log.{skipped}")
        self.changed()

    def action_write_letters(self) -> None:
        """Ask, then write a letter to each person with a postal address and no email, and the
        call list of those with only a phone number."""
        if self.context is None:
            self.notify("Letters cannot be made yet; the Notify step says why.", severity="warning")
            return
        plan = self.context.notice_plan
        if not plan.apologies_allowed:
            self.notify(plan.sentence, severity="warning")
            return
        reach = reach_of(self.context.people)
        if not reach.by_letter and not reach.by_phone:
            self.notify(
                "Nobody is due a letter or a call: everyone affected has an email address, "
                "or no usable address or phone.",
            )
            return
        folder = paths.outbox_dir(self.app.config.outbox_dir)
        parts = [f"{counted(len(reach.by_letter), 'letter')} (PDF)"] if reach.by_letter else []
        if reach.by_phone:
            parts.append(f"the call list of {counted(len(reach.by_phone), 'person', 'people')}")
        self.app.push_screen(
            ConfirmDialog(
                f"Write {' and '.join(parts)} to {shown(str(folder))}?\n"
                "Every letter is checked first; nothing is written if any fails, and nothing is "
                "printed or sent.",
                "Write letters",
            ),
            callback=partial(self._letters_confirmed, reach),
        )

    def _letters_confirmed(self, reach: Reach, yes: bool | None) -> None:
        if yes:
            self._drafts_worker(partial(self._write_letters, reach), self._letters_written)

    def _write_letters(self, reach: Reach, db: Database) -> list[str]:
        """Write the letters and the call list that `reach` calls for; what was done, in words."""
        app = self.app
        writing: Writing = {
            "config": app.config,
            "zone": app.zone,
            "out_dir": paths.outbox_dir(app.config.outbox_dir),
            "now": app.now(),
            "author": app.author,
        }
        done: list[str] = []
        if reach.by_letter:
            written = write_letters(
                db,
                self.incident_id,
                **writing,
                renderer=app.renderer,
                progress=partial(WorkProgress, self.workspace),
            )
            kept = (
                f"; {written.unchanged:,} already there the same were kept"
                if written.unchanged
                else ""
            )
            done.append(
                f"Wrote {written.written:,} of {counted(written.count, 'letter')} to "
                f"{shown(str(written.folder))} ({COMBINED} for the print room){kept}."
            )
        if reach.by_phone:
            listed = write_phone_list(db, self.incident_id, **writing, renderer=app.renderer)
            done.append(
                f"The call list of {counted(listed.count, 'person', 'people')} is in "
                f"{shown(str(listed.folder))}."
            )
        return done

    def _letters_written(self, done: list[str]) -> None:
        self.workspace.end_work()
        gate = self.query_one("#gate-result", Static)
        gate.set_classes("-passed")
        gate.update(
            " ".join(done)
            + f" Record each posting or call with {self.app.key_hint('notify.notice')}."
        )
        self.notify("Letters written; the batch is in the log. Nothing was printed or sent.")
        self.changed()

    def _show_notice_counts(self) -> None:
        """How many people are in each notice state (one count query, not the people)."""
        summary = notice_summary(self.app.db, self.incident_id)
        self.query_one("#notice-counts", Static).update(
            f"Told {summary.told:,} of {summary.people:,}: {summary.count_line()} · "
            f"{self.app.key_hint('notify.notice')} records one"
        )

    def action_record_notice(self) -> None:
        """Ask whose notice to record, and how they were told or why not."""
        table = self.query_one(FlexTable)
        start = table.cursor_key() if self.kind == "apology" else None
        self.app.push_screen(
            NoticeDialog(
                self._read_people,
                by=self.app.author,
                keymap=self.app.config.keymap,
                start_key=start,
            ),
            callback=self._notice_chosen,
        )

    def _read_people(self) -> PeopleNotices:
        """The people and their latest records, on a connection of the worker's own."""
        db = self.app.open_worker_database()
        try:
            return read_people_notices(db, self.incident_id)
        finally:
            db.close()

    @shows_refusals
    def _notice_chosen(self, answer: NoticeAnswer | None) -> None:
        if answer is None:
            return
        app = self.app
        record = record_notice(
            app.db,
            self.incident_id,
            answer.person_key,
            answer.state,
            reason=answer.reason,
            note=answer.note,
            author=app.author,
            now=app.now(),
        )
        self.notify(f"Recorded: {record.state.value.replace('_', ' ')} (record {record.number:,}).")
        self.changed()
