"""The assessment's facts, one a line: the value, and whether it was detected or confirmed."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message

from playbook.domain.facts import FACT_SPECS, Fact
from playbook.domain.labels import fact_text, label, spaced
from playbook.ui.keys import bindings
from playbook.ui.widgets.flex_table import FlexTable, TableColumn

FACT_COLUMNS = (
    TableColumn("fact", "Fact", 17),
    TableColumn("value", "Value"),
    TableColumn("source", "Source", 9),
)


class FactForm(FlexTable):
    """Every fact the assessment weighs; enter answers one, `c` confirms a detected one."""

    BINDINGS = bindings("assess.edit", "assess.confirm")

    class EditWanted(Message):
        """The responder wants to answer or change the fact `key`."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    class ConfirmWanted(Message):
        """The responder confirms the detected value of the fact `key` as it is."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(FACT_COLUMNS, id=id)
        self.facts: dict[str, Fact] = {}

    def show_facts(self, facts: dict[str, Fact]) -> None:
        """Show every fact in the order of the form; unknown ones say so."""
        self.facts = facts
        rows = []
        for key in FACT_SPECS:
            fact = facts.get(key)
            if fact is None:
                value, source = Text("not known", style="dim"), Text("—", style="dim")
            elif fact.confirmed:
                value, source = Text(_shown(fact.value)), Text("confirmed")
            else:
                value = Text(_shown(fact.value), style="italic")
                source = Text("detected?", style="bold")
            rows.append((key, (label(key), value, source)))
        self.show_rows(rows)

    @property
    def highlighted_key(self) -> str | None:
        """The fact under the cursor."""
        return self.cursor_key()

    def action_edit(self) -> None:
        """Ask to answer the highlighted fact."""
        if self.highlighted_key:
            self.post_message(self.EditWanted(self.highlighted_key))

    def action_confirm(self) -> None:
        """Ask to confirm the highlighted fact's detected value."""
        if self.highlighted_key:
            self.post_message(self.ConfirmWanted(self.highlighted_key))


def _shown(value: object) -> str:
    """A fact's value as the form shows it: the vocabulary's words, with spaces."""
    return spaced(fact_text(value))
