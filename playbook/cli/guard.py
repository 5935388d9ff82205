"""The guard on stdout and stderr: control characters are shown, never sent to the terminal."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from playbook.domain.text import visible_output


class VisibleStream:
    """A text stream that shows, never sends, the control characters written to it.

    The last guard between data and the terminal: whatever a command prints (a subject, a
    name, an error naming a file) reaches the terminal with ESC, BEL, C1 and bidi controls
    written as escapes. Newlines, tabs and carriage returns pass.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        """Write `text` with its control characters made visible."""
        self.stream.write(visible_output(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        """Write each line, made visible."""
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextlib.contextmanager
def visible_streams() -> Iterator[None]:
    """Guard stdout and stderr with VisibleStream for the length of a command."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleStream(sys.stdout), VisibleStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
