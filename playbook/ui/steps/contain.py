"""Step 1, Contain: the first-hour checklist and every recipient's deletion status."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from sqlite_utils import Database
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Input, OptionList, Static
from textual.worker import get_current_worker

from playbook.domain.clock import format_local
from playbook.domain.containment import NEXT_STATUSES, ContainmentChange, is_external
from playbook.domain.errors import PlaybookError
from playbook.domain.incident import Recipient
from playbook.domain.labels import counted, label
from playbook.domain.vocabulary import CONFIRMED_HOW, TRUSTS
from playbook.runtime.memory import collection_paused, keep_out_of_collections
from playbook.store.containment import (
    request_all_external,
    set_item_state,
    set_recipient_status,
    set_recipient_trust,
)
from playbook.store.evidence import StoredReply, latest_replies
from playbook.store.messages import has_more_recipients_than
from playbook.ui.keys import bindings
from playbook.ui.steps.base import Step, shows_refusals
from playbook.ui.text import shown_lines
from playbook.ui.widgets.checklist import Checklist
from playbook.ui.widgets.filter_box import FilterBox
from playbook.ui.widgets.flex_table import FlexTable
from playbook.ui.widgets.recipient_table import RecipientTable
from playbook.ui.workers import yielding_cancel_check
from playbook.views.recipients import (
    ChasedRecipient,
    RecipientView,
    matching,
    position_of,
    read_recipient_view,
)

if TYPE_CHECKING:
    from playbook.evidence.delivery import EvidenceReport

# Up to this many recipients are read, and filtered, on the UI thread; more go to a worker.
READ_AT_ONCE = 2_000
FILTER_AT_ONCE = 2_000

STATUS_HELP = {
    "requested": "requested: their own deletion request was sent",
    "acknowledged": "acknowledged: they answered, not yet confirmed",
    "confirmed": "confirmed: they confirmed deletion (say how)",
    "no_response": "no response: stop waiting for email, phone them",
    "refused": "refused: they will not delete it",
}


class ContainStep(Step):
    """The checklist above, the recipients below; chasers due first."""

    STEP_ID = "contain"
    TITLE = "Contain"
    HELP = """\
## Step 1: Contain

Stop the spread first. The **checklist** is built from who received the message: recall and
purge only when some recipients are internal (recall sends outside recipients a "Recall:"
message that draws attention), one deletion request per external recipient, never reply-all.

- In the checklist: **d** marks the highlighted item done, **x** not applicable (say why);
  on a marked item either key reopens it.
- In the recipients (tab moves there): **s** sets the status (requested, acknowledged,
  confirmed with how, no response, refused), **t** sets the trust, **/** filters.
- **b** marks every external recipient not yet contacted as *requested*: do it once their
  deletion requests have gone out (step 4 writes them: **D**).
- **e** reads delivery evidence (a message trace or tracking log export, a mail server log, a
  bounce, a recall report): a copy that failed exposed nothing, and only copies that arrived
  count for `deletion`.
- **R** reads the answers (a folder of .eml/.msg, an mbox or a Maildir): a reply moves
  *requested* to *acknowledged* and shows in the Reply column; an automatic reply is only
  noted; a bounce means phone them. **y** confirms deletion from the highlighted recipient's
  reply (by email, the reply's date and first lines as evidence); **Y** confirms every
  acknowledged recipient's reply at once, once you have reviewed them.

Chasers due come first in the table. Confirmed deletion by trusted recipients is what makes
"unlikely risk" defensible; the `deletion` fact follows the statuses.
"""
    BINDINGS = bindings(
        "contain.request_all",
        "contain.filter",
        "contain.evidence",
        "contain.replies",
        "contain.confirm_all_replies",
    )

    def compose(self) -> ComposeResult:
        """The checklist, its detail, the counts, the filter and the recipients."""
        yield Checklist(id="checklist")
        yield Static(id="checklist-detail", classes="hint")
        yield Static(id="recipient-counts")
        yield FilterBox(
            "filter: address, name, field, kind, trust or status", id="recipient-filter"
        )
        yield RecipientTable(id="recipients")
        yield Static(id="recipient-detail", classes="hint")

    def on_mount(self) -> None:
        """Read the checklist and the recipients."""
        self.view = RecipientView()
        self.recipients: list[Recipient] = []
        self.replies: dict[str, StoredReply] = {}
        self._keep_position = False
        self.reload()

    def reload(self) -> None:
        """Read the store again: at once for a small incident, in a worker for a big one."""
        app = self.app
        if not has_more_recipients_than(app.db, self.incident_id, READ_AT_ONCE):
            self._show_view(self._read(app.db))
            return
        self.query_one("#recipient-counts", Static).update("Reading the recipients…")
        # Started once the step is painted: a thread reading 100,000 rows shares the
        # interpreter with the UI thread, and would slow the first paint several times over.
        self.call_after_refresh(self._read_worker)

    def _read(self, db: Database) -> RecipientView:
        app = self.app
        return read_recipient_view(
            db, self.incident_id, now=app.now(), intervals=app.config.chasers
        )

    @work(thread=True, exclusive=True, group="contain-read", description="read")
    def _read_worker(self) -> None:
        db = self.app.open_worker_database()
        try:
            with collection_paused():
                view = self._read(db)
        finally:
            db.close()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_view, view)

    def _show_view(self, view: RecipientView) -> None:
        big = len(view.recipients) > READ_AT_ONCE
        self.view = view
        self.recipients = view.recipients
        self.replies = latest_replies(self.app.db, self.incident_id)
        if big:
            keep_out_of_collections()
        self.query_one(Checklist).show_items(view.checklist)
        self._show_item_detail()
        self._filter(self._needle())

    def _needle(self) -> str:
        return self.query_one("#recipient-filter", FilterBox).text.lower()

    def _filter(self, needle: str) -> None:
        """Show the rows the filter matches: at once when few, else in a worker (the latest
        query wins: an older one gives up, and its answer is dropped)."""
        if len(self.view.ordered) <= FILTER_AT_ONCE:
            self._show_recipients(needle, matching(self.view, needle) or [])
        else:
            self._filter_worker(self.view, needle, self.query_one(RecipientTable).cursor_key())

    # A description of its own: Textual would otherwise write the repr of every argument.
    @work(thread=True, exclusive=True, group="recipient-filter", description="filter")
    def _filter_worker(self, view: RecipientView, needle: str, address: str | None) -> None:
        cancelled = yielding_cancel_check()
        chosen = matching(view, needle, cancelled)
        if chosen is None or cancelled():
            return
        position = position_of(chosen, address)
        self.app.call_from_thread(self._filtered, view, needle, chosen, address, position)

    def _filtered(
        self,
        view: RecipientView,
        needle: str,
        chosen: Sequence[ChasedRecipient],
        address: str | None,
        position: int,
    ) -> None:
        if view is not self.view or needle != self._needle():
            return  # a newer reading or query has taken over
        still = self.query_one(RecipientTable).cursor_key() == address
        self._show_recipients(needle, chosen, position if still else None)

    def _show_recipients(
        self, needle: str, chosen: Sequence[ChasedRecipient], position: int | None = None
    ) -> None:
        app = self.app
        view = self.view
        keep_position, self._keep_position = self._keep_position, False
        self.query_one(RecipientTable).show_recipients(
            chosen,
            app.now(),
            app.zone,
            replies={address: reply.kind for address, reply in self.replies.items()},
            keep_position=keep_position,
            select_position=position,
        )
        counts = view.counts
        if not view.recipients:
            summary = f"No recipients yet: press {app.key_hint('message.import')} to import the sent message."
        else:
            summary = (
                f"[b]{counted(len(view.recipients), 'recipient')}[/b] · "
                f"{counts['not_contacted']:,} not contacted · "
                f"{counts['requested'] + counts['acknowledged']:,} waiting · "
                f"[b]{counts['confirmed']:,}[/b] confirmed"
            )
            if view.chases_due:
                summary += f" · [b]{counted(view.chases_due, 'chase')} due now[/b]"
            if needle:
                summary += f" · showing {len(chosen):,}"
        self.query_one("#recipient-counts", Static).update(summary)

    @on(FlexTable.RowHighlighted, "#recipients")
    def _show_recipient_detail(self) -> None:
        table = self.query_one(RecipientTable)
        recipient = table.highlighted
        detail = self.query_one("#recipient-detail", Static)
        if recipient is None:
            detail.update("")
            return
        chase = table.highlighted_chase
        parts = [
            f"{recipient.name} <{recipient.address}>" if recipient.name else recipient.address,
            f"{recipient.field}, {recipient.kind.replace('_', ' ')}, trust {recipient.trust}",
            label(recipient.status),
        ]
        if recipient.status == "confirmed" and recipient.how:
            parts[-1] += f" by {recipient.how.replace('_', ' ')}"
        if recipient.delivery != "unknown":
            parts.append(f"delivery {recipient.delivery}")
        reply = self.replies.get(recipient.address)
        if reply is not None and reply.kind == "bounce":
            parts.append("our email bounced: phone them")
        elif reply is not None and reply.kind == "auto_reply":
            parts.append("automatic reply only")
        elif reply is not None:
            parts.append(f"replied: {reply.first_lines}" if reply.first_lines else "replied")
        if chase:
            due = format_local(chase.due_at, self.app.zone)
            parts.append(f"{chase.kind} chase {'overdue since' if chase.overdue else 'due'} {due}")
        detail.update(shown_lines(" · ".join(parts)))

    @on(OptionList.OptionHighlighted, "#checklist")
    def _show_item_detail(self) -> None:
        item = self.query_one(Checklist).highlighted_item
        detail = self.query_one("#checklist-detail", Static)
        if item is None:
            detail.update("")
            return
        text = item.detail
        if item.state != "open":
            text = (
                f"{item.state.replace('_', ' ')} by {item.by}"
                + (f": {item.note}" if item.note else "")
                + f". {text}"
            )
        detail.update(shown_lines(text))

    @on(Checklist.MarkWanted)
    def _mark(self, event: Checklist.MarkWanted) -> None:
        from playbook.ui.dialogs.text import TextDialog

        if event.state == "not_applicable":
            self.app.push_screen(
                TextDialog(
                    "Not applicable",
                    f"Why does '{event.item.title}' not apply?",
                    "Mark not applicable",
                    "Say why it does not apply; the log must show why.",
                ),
                callback=lambda note: self._set_item(event.item.key, "not_applicable", note),
            )
        else:
            self._set_item(event.item.key, event.state, "")

    @shows_refusals
    def _set_item(self, key: str, state: str, note: str | None) -> None:
        if note is None:
            return
        app = self.app
        set_item_state(
            app.db, self.incident_id, key, state, note=note, author=app.author, now=app.now()
        )
        self.changed()

    @on(RecipientTable.StatusWanted)
    def _ask_status(self, event: RecipientTable.StatusWanted) -> None:
        from playbook.ui.dialogs.choice import ChoiceDialog

        recipient = event.recipient
        allowed = NEXT_STATUSES[recipient.status]
        if not allowed:
            self.notify(
                "This recipient has confirmed deletion, which is final; add a note (a) if "
                "something new came to light."
            )
            return
        self.app.push_screen(
            ChoiceDialog(
                f"Status of {recipient.address} (now {recipient.status.replace('_', ' ')})",
                [(status, STATUS_HELP.get(status, status)) for status in allowed],
                None,
            ),
            callback=partial(self._status_chosen, recipient.address),
        )

    def _status_chosen(self, address: str, status: str | None) -> None:
        from playbook.ui.dialogs.choice import ChoiceDialog

        if status == "confirmed":
            self.app.push_screen(
                ChoiceDialog(
                    "How did they confirm deletion?",
                    [(how, label(how)) for how in CONFIRMED_HOW],
                    None,
                ),
                callback=partial(self._ask_evidence, address),
            )
        elif status is not None:
            self._set_status(address, status, None, "")

    def _ask_evidence(self, address: str, how: str | None) -> None:
        from playbook.ui.dialogs.text import TextDialog

        if how is None:
            return
        self.app.push_screen(
            TextDialog(
                "Evidence of deletion",
                "What did they say they deleted (inbox, deleted items, devices; not forwarded)?",
                "Record confirmation",
                "Write what they confirmed; it is the evidence in the log.",
            ),
            callback=lambda note: self._set_status(address, "confirmed", how, note),
        )

    @shows_refusals
    def _set_status(self, address: str, status: str, how: str | None, note: str | None) -> None:
        if note is None:
            return
        app = self.app
        change = set_recipient_status(
            app.db,
            self.incident_id,
            address,
            status,
            how=how,
            note=note,
            author=app.author,
            now=app.now(),
        )
        self._applied(change)

    @on(RecipientTable.TrustWanted)
    def _ask_trust(self, event: RecipientTable.TrustWanted) -> None:
        from playbook.ui.dialogs.choice import ChoiceDialog

        recipient = event.recipient
        self.app.push_screen(
            ChoiceDialog(
                f"How far can {recipient.address} be trusted?",
                [(trust, trust) for trust in TRUSTS],
                recipient.trust,
            ),
            callback=partial(self._set_trust, recipient),
        )

    @shows_refusals
    def _set_trust(self, recipient: Recipient, trust: str | None) -> None:
        if trust is None or trust == recipient.trust:
            return
        app = self.app
        change = set_recipient_trust(
            app.db, self.incident_id, recipient.address, trust, author=app.author, now=app.now()
        )
        self._applied(change)

    def action_request_all(self) -> None:
        """Mark every external recipient not yet contacted as requested, after confirming."""
        from playbook.ui.dialogs.confirm import ConfirmDialog

        waiting = sum(
            1
            for recipient in self.recipients
            if is_external(recipient) and recipient.status == "not_contacted"
        )
        if not waiting:
            self.notify("No external recipient is waiting to be asked.")
            return
        self.app.push_screen(
            ConfirmDialog(
                f"Mark the {counted(waiting, 'external recipient')} not yet contacted as "
                "[b]requested[/b]?\n"
                "Do this once each has been sent their own deletion request.",
                "Mark requested",
            ),
            callback=self._request_all,
        )

    @shows_refusals
    def _request_all(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        app = self.app
        self._applied(
            request_all_external(app.db, self.incident_id, author=app.author, now=app.now())
        )

    def _applied(self, change: ContainmentChange) -> None:
        self._keep_position = True  # the cursor stays put: on the next one to work on
        if change.outcome_changed:
            self.notify(
                f"This changes the likely outcome to {change.outcome_after}; reassess in step 2.",
                severity="warning",
                timeout=8,
            )
        self.changed()

    async def action_filter(self) -> None:
        """Show the recipient filter and put the cursor in it."""
        await self.query_one("#recipient-filter", FilterBox).open()

    @on(Input.Changed, "#recipient-filter-input")
    def _filter_changed(self) -> None:
        self._filter(self._needle())

    @on(Input.Submitted, "#recipient-filter-input")
    def _filter_done(self) -> None:
        self.query_one(RecipientTable).focus()

    def action_evidence(self) -> None:
        """Ask for a delivery evidence file and record what it shows."""
        from playbook.ui.dialogs.path import PathDialog

        self.app.push_screen(
            PathDialog(
                "Delivery evidence",
                "A message trace or tracking log (.csv), a mail server log, a bounce or a "
                "recall report (.eml); tab completes:",
                "Read",
            ),
            callback=self._record_evidence,
        )

    def _record_evidence(self, path: str | None) -> None:
        if path:
            self._evidence_worker(path)

    @work(thread=True, exclusive=True, group="evidence")
    def _evidence_worker(self, path: str) -> None:
        """Read the evidence in a thread (a trace may hold 100,000 rows), with progress."""
        from pathlib import Path

        from playbook.evidence.delivery import record_evidence
        from playbook.ui.screens.workspace import WorkProgress

        app = self.app
        screen = self.workspace
        db = app.open_worker_database()
        try:
            report = record_evidence(
                db,
                self.incident_id,
                [Path(path)],
                config=app.config,
                author=app.author,
                now=app.now(),
                progress=lambda label, total: WorkProgress(screen, label, total),
            )
        except PlaybookError as problem:
            app.call_from_thread(self._evidence_done, None, str(problem))
            return
        finally:
            db.close()
        app.call_from_thread(self._evidence_done, report, "")

    def _evidence_done(self, report: EvidenceReport | None, problem: str) -> None:
        end_work = getattr(self.screen, "end_work", None)
        if end_work:
            end_work()
        if report is None:
            self.notify(problem, title="Nothing was changed", severity="error", timeout=12)
            return
        states = ", ".join(f"{state} {n:,}" for state, n in report.states.items() if n)
        self.notify(
            " ".join([f"Delivery: {states}.", *report.warnings]),
            title=f"{report.rows:,} rows read",
            timeout=10,
        )
        self.changed()

    def action_read_replies(self) -> None:
        """Ask for the folder or mailbox holding the answers, and match them."""
        from playbook.ui.dialogs.path import PathDialog

        self.app.push_screen(
            PathDialog(
                "Answers to the deletion requests",
                "A folder of .eml/.msg files, an mbox file or a Maildir; tab completes:",
                "Read",
                folders=True,
            ),
            callback=self._read_replies,
        )

    @shows_refusals
    def _read_replies(self, path: str | None) -> None:
        from pathlib import Path

        from playbook.evidence.replies import read_replies

        if not path:
            return
        app = self.app
        report = read_replies(
            app.db, self.incident_id, [Path(path)], author=app.author, now=app.now()
        )
        lines = [
            f"{report.replies:,} replies, {report.auto_replies:,} automatic, "
            f"{report.bounces:,} bounces; {len(report.acknowledged):,} acknowledged."
        ]
        if report.unmatched:
            lines.append(f"{len(report.unmatched):,} did not match any recipient.")
        self.notify(" ".join(lines), title=f"{report.read:,} messages read", timeout=10)
        self.changed()

    @on(RecipientTable.ConfirmReplyWanted)
    @shows_refusals
    def _confirm_reply(self, event: RecipientTable.ConfirmReplyWanted) -> None:
        from playbook.evidence.replies import confirm_replies

        app = self.app
        confirm_replies(
            app.db, self.incident_id, [event.recipient.address], author=app.author, now=app.now()
        )
        self.notify(f"{event.recipient.address} confirmed deletion by email, from their reply.")
        self.changed()

    def action_confirm_all_replies(self) -> None:
        """Confirm deletion from every acknowledged recipient's reply, after asking."""
        from playbook.evidence.replies import confirmable
        from playbook.ui.dialogs.confirm import ConfirmDialog

        waiting = len(confirmable(self.app.db, self.incident_id))
        if not waiting:
            self.notify("No acknowledged recipient has a reply to confirm from.")
            return
        self.app.push_screen(
            ConfirmDialog(
                f"Confirm deletion by email for the {counted(waiting, 'recipient')} whose "
                "replies you have reviewed?\nEach keeps its reply's date and first lines as "
                "evidence.",
                "Confirm all",
            ),
            callback=self._confirm_all,
        )

    @shows_refusals
    def _confirm_all(self, confirmed: bool | None) -> None:
        from playbook.evidence.replies import confirm_replies

        if not confirmed:
            return
        app = self.app
        done = confirm_replies(app.db, self.incident_id, None, author=app.author, now=app.now())
        self.notify(f"{counted(len(done), 'recipient')} confirmed deletion by email.")
        self.changed()
