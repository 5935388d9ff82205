"""Filtering thousands of rows by typed text off the UI thread, giving way to a newer filter."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

Row = TypeVar("Row")

# How many rows are filtered between two checks that a newer filter has not taken over.
CANCEL_CHECK_EVERY = 1024


def rows_holding(
    rows: Sequence[Row],
    haystacks: Sequence[str],
    needle: str,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[Row] | None:
    """The rows whose haystack (their text, already in the needle's case) holds `needle`, in
    order; None if `cancelled()` said a newer filter has taken over."""
    chosen: list[Row] = []
    for start in range(0, len(rows), CANCEL_CHECK_EVERY):
        if cancelled():
            return None
        end = start + CANCEL_CHECK_EVERY
        chosen.extend(
            row
            for row, text in zip(rows[start:end], haystacks[start:end], strict=True)
            if needle in text
        )
    return chosen
