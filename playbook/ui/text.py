"""Data on screen: shown as it is, never acted on by the terminal, never read as markup.

Everything from a message or a file (names, subjects, filenames, notes, error sentences that
name them) goes through one of these before it reaches a widget: control characters become
visible escapes (`playbook.domain.text.visible`), and square brackets stay text.
"""

from __future__ import annotations

from rich.text import Text

from playbook.domain.text import visible


def escape(text: str) -> str:
    """`text` read by Textual's markup as exactly itself: every `[` escaped.

    `textual.markup.escape` escapes only what looks like a known tag, so `[EXT] Alice` still
    lost its `[EXT]` and `Alice [Home Person` could end in a MarkupError.
    """
    return text.replace("[", "\\[")


def shown(text: str) -> str:
    """One line of data for a markup string: its controls made visible, its brackets escaped."""
    return escape(visible(text))


def shown_lines(text: str) -> str:
    """Several lines of data for a markup string (newlines and tabs kept)."""
    return escape(visible(text, lines=True))


def plain(text: str, style: str = "") -> Text:
    """Data as a Text object, which no widget reads as markup."""
    return Text(visible(text), style=style)


def cell(value: object) -> object:
    """A table cell: text becomes a plain Text (DataTable reads a str as markup)."""
    if isinstance(value, str):
        return Text(visible(value), end="")
    if isinstance(value, Text):
        shown_text = visible(value.plain)
        return value if shown_text == value.plain else Text(shown_text, style=value.style)
    return value
