"""A table that fits its terminal and draws only the rows in view, however many it holds.

Textual's line API (a ScrollView with `render_line`, as Textualize/toolong draws huge files):
the table keeps a sequence of rows and makes a row's cells only when that row is on screen, so
End on 100,000 rows costs what it costs on 100. Columns share the width: one column takes the
width left, optional ones give way when it is narrow, and the layout is recomputed on every
resize. A cell cut short ends in an ellipsis; `v` shows the whole row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from playbook.ui.keys import bindings
from playbook.ui.text import cell

RowCells = tuple[object, ...]
# A row's cells, or a function that makes them when the row is first shown.
LazyCells = RowCells | Callable[[], RowCells]
# A row of a table that reads its rows the default way: its key and its cells.
KeyedRow = tuple[str, LazyCells]


@dataclass(frozen=True)
class TableColumn:
    """A column: fixed `width`, or None for the one that takes the rest; hidden below `min_table_width`."""

    key: str
    label: str
    width: int | None = None
    min_table_width: int = 0


def fit(value: object, width: int) -> Text:
    """A cell's text on one line, exactly `width` wide: cut with an ellipsis when too long.

    Data is drawn as it is: control characters shown as escapes, nothing read as markup.
    """
    shown_value = cell(value if isinstance(value, Text) else str(value))
    text = shown_value.copy() if isinstance(shown_value, Text) else Text(str(shown_value))
    if "\n" in text.plain:
        text = Text(" ").join(text.split("\n"))
    text.truncate(width, overflow="ellipsis", pad=True)
    return text


class FlexTable(ScrollView, can_focus=True):
    """A row-cursor table over a sequence of rows, drawn a line at a time.

    A row is a (key, cells) pair, and its cells may be a function, called only when the row is
    drawn. A table of other rows says how to read them: `row_key` and `row_cells`.
    """

    BINDINGS = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("enter", "select_row", "Select", show=False),
        *bindings("table.first", "table.last", "table.whole_row"),
    ]
    COMPONENT_CLASSES = {
        "flex-table--header",
        "flex-table--cursor",
        "flex-table--even-row",
    }
    DEFAULT_CSS = """
    FlexTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        overflow-x: hidden;
        &:focus {
            background-tint: $foreground 5%;
            & > .flex-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        &:dark > .flex-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .flex-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .flex-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .flex-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    FLEX_MIN_WIDTH = 12
    PADDING = 1

    cursor_row: reactive[int] = reactive(0, init=False, always_update=True)

    class RowHighlighted(Message):
        """The cursor came to a row (or the rows under it changed)."""

        def __init__(self, table: FlexTable, cursor_row: int, row_key: str | None) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row
            self.row_key = row_key

        @property
        def control(self) -> FlexTable:
            """The table the cursor moved in."""
            return self.table

    class RowSelected(RowHighlighted):
        """The responder chose the row under the cursor (enter, or a click on it)."""

    def __init__(self, columns: Sequence[TableColumn], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.column_specs = tuple(columns)
        self.all_rows: Sequence[Any] = []
        self._layout: tuple[tuple[int, int], ...] = ()
        self._layout_width = -1
        self._lines: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(1024)
        self._cells: LRUCache[int, RowCells] = LRUCache(1024)

    # The rows.

    @property
    def total_rows(self) -> int:
        """How many rows the table holds."""
        return len(self.all_rows)

    @property
    def row_count(self) -> int:
        """How many rows the table holds (DataTable's name for it)."""
        return len(self.all_rows)

    def row_key(self, row: Any) -> str:
        """The key of a row: what the cursor keeps to when the rows change."""
        keyed: KeyedRow = row
        return keyed[0]

    def row_cells(self, row: Any) -> RowCells:
        """The cells of a row, made when it is drawn."""
        keyed: KeyedRow = row
        cells = keyed[1]
        return cells() if callable(cells) else cells

    def show_rows(
        self,
        rows: Sequence[Any],
        select_key: str | None = None,
        *,
        keep_position: bool = False,
        select_position: int | None = None,
    ) -> None:
        """Replace the rows; keep the cursor on `select_key` (or the current row) if present.

        With `keep_position` the cursor stays at the same place in the table instead, clamped
        to the rows there are (after a change that moves its row elsewhere). A caller that
        already knows where the row is passes `select_position` (no search through the rows).
        """
        position = self.cursor_row
        if select_key is None and not keep_position:
            select_key = self.cursor_key()
        self.all_rows = rows
        self._cells.clear()
        self._lines.clear()
        if keep_position:
            wanted = min(position, max(len(rows) - 1, 0))
        elif select_position is not None:
            wanted = select_position
        else:
            wanted = self._position_of(select_key)
        self._update_virtual_size()
        self.set_reactive(FlexTable.cursor_row, wanted)
        self.refresh()
        self._scroll_cursor_into_view(center=True)
        self._post_highlighted()

    def _position_of(self, key: str | None) -> int:
        if key is None:
            return 0
        row_key = self.row_key
        for position, row in enumerate(self.all_rows):
            if row_key(row) == key:
                return position
        return 0

    def cells_of(self, key: str) -> RowCells:
        """The cells of the row called `key`."""
        return self.row_cells(next(row for row in self.all_rows if self.row_key(row) == key))

    def cursor_key(self) -> str | None:
        """The key of the row under the cursor."""
        if not self.all_rows:
            return None
        return self.row_key(self.all_rows[self.cursor_row])

    def _cells_at(self, position: int) -> RowCells:
        cells = self._cells.get(position)
        if cells is None:
            cells = self.row_cells(self.all_rows[position])
            self._cells[position] = cells
        return cells

    # The cursor.

    def move_cursor(self, *, row: int) -> None:
        """Put the cursor on row `row` (clamped to the rows there are) and show it."""
        if not self.all_rows:
            return
        self.cursor_row = max(0, min(row, len(self.all_rows) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        """Redraw the two rows, bring the new one into view and say so."""
        self._lines.clear()
        self.refresh()
        self._scroll_cursor_into_view()
        self._post_highlighted()

    def _post_highlighted(self) -> None:
        self.post_message(self.RowHighlighted(self, self.cursor_row, self.cursor_key()))

    @property
    def _page(self) -> int:
        """Rows in view (the header takes a line)."""
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_into_view(self, center: bool = False) -> None:
        page = self._page
        top = int(self.scroll_y)
        row = self.cursor_row
        if top <= row < top + page and not center:
            return
        if center and top <= row < top + page:
            return
        if center:
            target = row - page // 2
        elif row < top:
            target = row
        else:
            target = row - page + 1
        self.scroll_to(y=max(0, target), animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        """One row up."""
        self.move_cursor(row=self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        """One row down."""
        self.move_cursor(row=self.cursor_row + 1)

    def action_page_up(self) -> None:
        """A page up."""
        self.move_cursor(row=self.cursor_row - self._page)

    def action_page_down(self) -> None:
        """A page down."""
        self.move_cursor(row=self.cursor_row + self._page)

    def action_scroll_top(self) -> None:
        """The first row."""
        self.move_cursor(row=0)

    def action_scroll_bottom(self) -> None:
        """The last row."""
        self.move_cursor(row=len(self.all_rows) - 1)

    def action_select_row(self) -> None:
        """Choose the row under the cursor."""
        if self.all_rows:
            self.post_message(self.RowSelected(self, self.cursor_row, self.cursor_key()))

    def action_whole_row(self) -> None:
        """Show every cell of the row under the cursor in full (a cut cell ends in '…')."""
        if not self.all_rows:
            return
        cells = self._cells_at(self.cursor_row)
        lines = [
            f"{spec.label}: {cell.plain if isinstance(cell, Text) else cell}"
            for spec, cell in zip(self.column_specs, cells, strict=False)
        ]
        self.notify("\n".join(lines), title="The whole row", markup=False, timeout=15)

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0 or not self.all_rows:
            return
        row = int(self.scroll_y) + offset.y - 1
        if row >= len(self.all_rows):
            return
        if row == self.cursor_row:
            self.action_select_row()
        else:
            self.move_cursor(row=row)

    # The layout.

    def _column_layout(self, width: int) -> tuple[tuple[int, int], ...]:
        """(column index, width) of the columns that fit `width`."""
        shown = [
            (index, spec)
            for index, spec in enumerate(self.column_specs)
            if width >= spec.min_table_width
        ]
        padding = 2 * self.PADDING
        fixed = sum((spec.width or 0) + padding for _, spec in shown if spec.width)
        flexible = sum(1 for _, spec in shown if not spec.width)
        room = width - fixed - flexible * padding
        flex = max(self.FLEX_MIN_WIDTH, room // flexible) if flexible else 0
        return tuple((index, spec.width or flex) for index, spec in shown)

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.all_rows) + 1)

    def _layout_for(self, width: int) -> tuple[tuple[int, int], ...]:
        if width != self._layout_width:
            self._layout = self._column_layout(width)
            self._layout_width = width
        return self._layout

    def set_column_width(self, key: str, width: int) -> None:
        """Give the column `key` a new fixed width (the flexible one takes what is left)."""
        self.column_specs = tuple(
            replace(spec, width=width) if spec.key == key else spec for spec in self.column_specs
        )
        self._layout_width = -1
        self._lines.clear()
        self.refresh()

    @property
    def shown_columns(self) -> tuple[tuple[str, int], ...]:
        """(key, width) of the columns drawn at the table's current width."""
        layout = self._layout_for(self.scrollable_content_region.width)
        return tuple((self.column_specs[index].key, width) for index, width in layout)

    def on_focus(self) -> None:
        """The cursor row takes the focused colours."""
        self.refresh()

    def on_blur(self) -> None:
        """The cursor row takes the unfocused colours."""
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        """Lay the columns out again for the new width."""
        self._lines.clear()
        self._update_virtual_size()
        self._scroll_cursor_into_view()
        self.refresh()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Draw again at the new place."""
        super().watch_scroll_y(old_value, new_value)
        self._lines.clear()

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view: the header, a row, or blank below the last row."""
        width = self.scrollable_content_region.width
        if y == 0:
            return self._header_strip(width)
        position = int(self.scroll_y) + y - 1
        if position >= len(self.all_rows):
            return Strip.blank(width, self.rich_style)
        key = (position, width, position == self.cursor_row, self.has_focus)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._row_strip(position, width)
            self._lines[key] = strip
        return strip

    def _header_strip(self, width: int) -> Strip:
        style = self.get_component_rich_style("flex-table--header")
        labels = tuple(spec.label for spec in self.column_specs)
        return self._strip(labels, width, style)

    def _row_strip(self, position: int, width: int) -> Strip:
        if position == self.cursor_row:
            style = self.rich_style + self.get_component_rich_style("flex-table--cursor")
        elif position % 2:
            style = self.rich_style + self.get_component_rich_style("flex-table--even-row")
        else:
            style = self.rich_style
        return self._strip(self._cells_at(position), width, style)

    def _strip(self, cells: Sequence[object], width: int, style: Style) -> Strip:
        line = Text()
        pad = " " * self.PADDING
        for index, column_width in self._layout_for(width):
            value = cells[index] if index < len(cells) else ""
            line.append(pad)
            line.append_text(fit(value, column_width))
            line.append(pad)
        segments = [
            Segment(text, style + segment_style if segment_style else style)
            for text, segment_style, _ in line.render(self.app.console)
        ]
        return Strip(segments).adjust_cell_length(width, style)
