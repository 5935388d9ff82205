"""A filter box that appears when asked for (`/`): the text box is built on first use."""

from __future__ import annotations

from textual.containers import Vertical
from textual.widgets import Input


class FilterBox(Vertical):
    """Holds a filter Input once opened; its Changed and Submitted messages bubble up."""

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
