"""A text box for a file path that offers the rest of the name as you type (tab or → takes it)."""

from __future__ import annotations

import os
from pathlib import Path

from textual.suggester import Suggester
from textual.widgets import Input

from playbook.domain.text import has_hidden
from playbook.ui.keys import bindings


class PathSuggester(Suggester):
    """Suggests the first file or folder whose name starts with what was typed."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        """The typed path completed to the first matching entry (folders end with a slash)."""
        return complete_path(value)


def complete_path(typed: str) -> str | None:
    """`typed` extended to the first file or folder it is the start of, or None."""
    if not typed:
        return None
    folder_text, start = os.path.split(os.path.expanduser(typed))
    folder = Path(folder_text or ".")
    try:
        names = sorted(entry.name for entry in os.scandir(folder) if entry.name.startswith(start))
    except OSError:
        return None
    if not start.startswith("."):
        names = [name for name in names if not name.startswith(".")]
    # A name holding control characters is not offered: the box would draw them raw.
    names = [name for name in names if not has_hidden(name)]
    if not names:
        return None
    completed = typed + names[0][len(start) :]
    if (folder / names[0]).is_dir():
        completed += os.sep
    return completed if completed != typed else None


class PathInput(Input):
    """An input for a path; tab completes it when there is a suggestion, else moves on."""

    BINDINGS = bindings("path.complete")

    def __init__(self, value: str = "", *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(value, placeholder=placeholder, suggester=PathSuggester(), id=id)

    def action_complete(self) -> None:
        """Take the suggested completion, or go to the next field when there is none."""
        if self._suggestion and len(self._suggestion) > len(self.value):
            self.value = self._suggestion
            self.cursor_position = len(self.value)
        else:
            self.screen.focus_next()
