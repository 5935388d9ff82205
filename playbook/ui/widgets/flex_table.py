"""A table that fits its terminal: one column takes the width left, optional columns give way
when it is narrow, and rows are added as the view reaches them (thousands open at once)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.widgets import DataTable

from playbook.ui.keys import bindings
from playbook.ui.text import cell

RowCells = tuple[object, ...]
# A row's cells, or a function that makes them when the row is first shown.
LazyCells = RowCells | Callable[[], RowCells]


@dataclass(frozen=True)
class TableColumn:
    """A column: fixed `width`, or None for the one that takes the rest; hidden below `min_table_width`."""

    key: str
    label: str
    width: int | None = None
    min_table_width: int = 0


class FlexTable(DataTable):
    """A row-cursor table over a list of rows, shown a page at a time.

    A row is a (key, cells) pair, and its cells may be a function, called only when the row is
    about to be shown. A table of other rows says how to read them: `row_key` and `row_cells`.
    """

    BINDINGS = bindings("table.first", "table.last")
    FLEX_MIN_WIDTH = 12

    def __init__(self, columns: Sequence[TableColumn], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.column_specs = tuple(columns)
        self.all_rows: Sequence[Any] = []
        self._shown_columns: tuple[tuple[int, int], ...] = ()
        self._pending_key: str | None = None

    @property
    def total_rows(self) -> int:
        """How many rows the table holds, shown or not yet shown."""
        return len(self.all_rows)

    def row_key(self, row: Any) -> str:
        """The key of a row: what the cursor keeps to when the rows change."""
        return row[0]

    def row_cells(self, row: Any) -> RowCells:
        """The cells of a row, made when it is shown."""
        cells = row[1]
        return cells() if callable(cells) else cells

    def show_rows(self, rows: Sequence[Any], select_key: str | None = None) -> None:
        """Replace the rows; keep the cursor on `select_key` (or the current row) if present."""
        if select_key is None:
            select_key = self.cursor_key()
        self.all_rows = rows
        if self.size.width:
            self._rebuild(select_key)
        else:
            self._pending_key = select_key  # laid out on the first resize, at the real width

    def cells_of(self, key: str) -> RowCells:
        """The cells of the row called `key`, shown or not."""
        return self.row_cells(next(row for row in self.all_rows if self.row_key(row) == key))

    def cursor_key(self) -> str | None:
        """The key of the row under the cursor."""
        if not self.row_count:
            return self._pending_key if self.all_rows else None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def _column_layout(self) -> tuple[tuple[int, int], ...]:
        """(column index, width) of the columns that fit the table's current width."""
        width = self.size.width
        shown = [
            (index, spec)
            for index, spec in enumerate(self.column_specs)
            if width >= spec.min_table_width
        ]
        padding = 2 * self.cell_padding
        fixed = sum((spec.width or 0) + padding for _, spec in shown)
        flex = max(
            self.FLEX_MIN_WIDTH, width - fixed - padding - self.styles.scrollbar_size_vertical
        )
        return tuple((index, spec.width or flex) for index, spec in shown)

    def _rebuild(self, select_key: str | None) -> None:
        self._pending_key = None
        layout = self._column_layout()
        self._shown_columns = ()  # no rows may be added while the columns change
        self.clear(columns=True)
        for index, width in layout:
            spec = self.column_specs[index]
            self.add_column(spec.label, key=spec.key, width=width)
        self._shown_columns = layout
        wanted = 0
        if select_key is not None:
            wanted = next(
                (
                    position
                    for position, row in enumerate(self.all_rows)
                    if self.row_key(row) == select_key
                ),
                0,
            )
        self._add_rows_up_to(max(wanted + 1, self._rows_to_fill()))
        if wanted:
            self.move_cursor(row=wanted)

    def _rows_to_fill(self) -> int:
        """The rows in view and a page beyond them."""
        return 2 * self.size.height

    def _add_rows_up_to(self, count: int) -> None:
        if not self._shown_columns:
            return
        start = self.row_count
        for row in self.all_rows[start:count]:
            cells = self.row_cells(row)
            self.add_row(
                *(cell(cells[index]) for index, _ in self._shown_columns), key=self.row_key(row)
            )

    def on_resize(self, event: events.Resize) -> None:
        """Lay the columns out again when the width changes; fill a taller view."""
        if not event.size.width:
            return  # hidden: keep the layout until it is shown again
        if self._column_layout() != self._shown_columns:
            self._rebuild(self.cursor_key() or self._pending_key)
        elif self.row_count < self._rows_to_fill():
            self._add_rows_up_to(self._rows_to_fill())

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Add the next page when the view comes near the last row shown."""
        super().watch_scroll_y(old_value, new_value)
        if self.row_count < self.total_rows and new_value + 2 * self.size.height >= self.row_count:
            self._add_rows_up_to(self.row_count + self._rows_to_fill())

    def action_scroll_bottom(self) -> None:
        """Go to the last row, adding every row not shown yet."""
        self._add_rows_up_to(self.total_rows)
        super().action_scroll_bottom()
