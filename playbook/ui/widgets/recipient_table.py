"""The recipients of an incident: address, field, kind, trust, status and when a chase is due."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo

from textual.message import Message

from playbook.domain.containment import Chase
from playbook.domain.incident import Recipient
from playbook.domain.labels import label
from playbook.ui.keys import bindings
from playbook.ui.widgets.flex_table import FlexTable, RowCells, TableColumn

KIND_LABELS = {"internal": "internal", "external_org": "ext org", "external_personal": "personal"}
RECIPIENT_COLUMNS = (
    TableColumn("address", "Address"),
    TableColumn("field", "Fld", 3),
    TableColumn("kind", "Kind", 8, min_table_width=90),
    TableColumn("trust", "Trust", 8),
    TableColumn("status", "Status", 13),
    TableColumn("chase", "Chase due", 11),
    TableColumn("reply", "Reply", 7, min_table_width=96),
)
# How the Reply column names each kind of answer; a bounce means: phone them.
REPLY_LABELS = {"reply": "replied", "auto_reply": "auto", "bounce": "bounced"}


def chase_text(chase: Chase | None, now: datetime, zone: tzinfo) -> str:
    """'phone now' when overdue, 'email 16:30' when due later today, 'phone Mon' on a later
    day, '' when none is due."""
    if chase is None:
        return ""
    if chase.overdue:
        return f"{chase.kind} now"
    local = chase.due_at.astimezone(zone)
    same_day = local.date() == now.astimezone(zone).date()
    return f"{chase.kind} {local:%H:%M}" if same_day else f"{chase.kind} {local:%a}"


class RecipientTable(FlexTable):
    """Recipients, chasers due first; asks its step to change a status or trust by message."""

    BINDINGS = bindings("contain.status", "contain.trust", "contain.confirm_reply")

    class StatusWanted(Message):
        """The responder wants to change this recipient's status."""

        def __init__(self, recipient: Recipient) -> None:
            super().__init__()
            self.recipient = recipient

    class TrustWanted(Message):
        """The responder wants to change this recipient's trust."""

        def __init__(self, recipient: Recipient) -> None:
            super().__init__()
            self.recipient = recipient

    class ConfirmReplyWanted(Message):
        """The responder takes this recipient's reply as their confirmation of deletion."""

        def __init__(self, recipient: Recipient) -> None:
            super().__init__()
            self.recipient = recipient

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(RECIPIENT_COLUMNS, id=id)
        self.replies: dict[str, str] = {}
        self.now = datetime.min.replace(tzinfo=UTC)
        self.zone: tzinfo = UTC

    def show_recipients(
        self,
        ordered: Sequence[tuple[Recipient, Chase | None]],
        now: datetime,
        zone: tzinfo,
        *,
        replies: dict[str, str] | None = None,
        keep_position: bool = False,
        select_position: int | None = None,
    ) -> None:
        """Show (recipient, chase) rows in the order given, keeping the cursor on the same
        address (or, with `keep_position`, at the same place); a row's cells are made only
        when it is drawn. `replies` gives the kind of each recipient's reply (reply,
        auto_reply, bounce)."""
        self.replies = replies or {}
        self.now, self.zone = now, zone
        self.show_rows(ordered, keep_position=keep_position, select_position=select_position)

    def row_key(self, row: tuple[Recipient, Chase | None]) -> str:
        """A recipient's row is known by its address."""
        return row[0].address

    def row_cells(self, row: tuple[Recipient, Chase | None]) -> RowCells:
        """Address, field, kind, trust, status, when a chase is due, and the reply."""
        recipient, chase = row
        return (
            recipient.address,
            recipient.field,
            KIND_LABELS.get(recipient.kind, recipient.kind),
            recipient.trust,
            label(recipient.status),
            chase_text(chase, self.now, self.zone),
            REPLY_LABELS.get(self.replies.get(recipient.address, ""), ""),
        )

    @property
    def highlighted(self) -> Recipient | None:
        """The recipient under the cursor."""
        return self.all_rows[self.cursor_row][0] if self.all_rows else None

    @property
    def highlighted_chase(self) -> Chase | None:
        """The chase due for the recipient under the cursor, if one is."""
        return self.all_rows[self.cursor_row][1] if self.all_rows else None

    def action_set_status(self) -> None:
        """Ask for a new status for the highlighted recipient."""
        if self.highlighted:
            self.post_message(self.StatusWanted(self.highlighted))

    def action_set_trust(self) -> None:
        """Ask for a new trust for the highlighted recipient."""
        if self.highlighted:
            self.post_message(self.TrustWanted(self.highlighted))

    def action_confirm_reply(self) -> None:
        """Take the highlighted recipient's reply as their confirmation of deletion."""
        if self.highlighted:
            self.post_message(self.ConfirmReplyWanted(self.highlighted))
