"""The containment checklist: each item with its state; asks its step to mark one by message."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from playbook.domain.containment import ChecklistItem
from playbook.ui.keys import bindings

STATE_MARKS = {"open": "[ ]", "done": "[✓]", "not_applicable": "[–]"}


class Checklist(OptionList):
    """The first-hour checklist; `d` marks an item done, `x` not applicable."""

    BINDINGS = bindings("contain.done", "contain.not_applicable")

    class MarkWanted(Message):
        """The responder wants to mark this item `state`."""

        def __init__(self, item: ChecklistItem, state: str) -> None:
            super().__init__()
            self.item = item
            self.state = state

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[ChecklistItem] = []

    def show_items(self, items: list[ChecklistItem]) -> None:
        """Show the items, keeping the highlight where it was."""
        highlighted = self.highlighted
        self.items = items
        self.set_options(
            Option(
                Text.assemble(
                    (STATE_MARKS.get(item.state, "[?]") + " ", "bold"),
                    (item.title, "dim" if item.state != "open" else ""),
                ),
                id=item.key,
            )
            for item in items
        )
        if items:
            self.highlighted = min(highlighted or 0, len(items) - 1)

    @property
    def highlighted_item(self) -> ChecklistItem | None:
        """The item under the cursor."""
        if self.highlighted is None or not self.items:
            return None
        return self.items[self.highlighted]

    def action_checklist(self, state: str) -> None:
        """Ask to mark the highlighted item (or to reopen it, if it is already marked)."""
        item = self.highlighted_item
        if item is not None:
            self.post_message(self.MarkWanted(item, "open" if item.state != "open" else state))
