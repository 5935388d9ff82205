"""A filter box that appears when asked for (`/`): the text box is built on first use."""

from __future__ import annotations

from textual.containers import Vertical
from textual.widgets import Input

from playbook.ui.keys import bindings


class FilterBox(Vertical):
    """Holds a filter Input once opened; its Changed and Submitted messages bubble up.

    Escape empties and hides it, and submits the empty filter, so that the screen shows every
    row again and goes back to its table, as enter does (it no longer leaves the screen).
    """

    BINDINGS = bindings("filter.close")

    def __init__(self, placeholder: str, *, id: str) -> None:
        super().__init__(id=id, classes="filter")
        self.placeholder = placeholder
        self.input: Input | None = None

    @property
    def text(self) -> str:
        """What the filter holds ('' before it was ever opened)."""
        return self.input.value.strip() if self.input else ""

    async def open(self) -> None:
        """Show the box and put the cursor in it."""
        if self.input is None:
            self.input = Input(placeholder=self.placeholder, id=f"{self.id}-input")
            await self.mount(self.input)
        self.add_class("-shown")
        self.input.focus()

    def action_close_filter(self) -> None:
        """Empty and hide the filter, and hand the focus back (an empty Submitted)."""
        if self.input is None:
            return
        self.input.value = ""
        self.remove_class("-shown")
        self.input.post_message(Input.Submitted(self.input, ""))
