"""Writing a file the user asked for, without ever opening a name something else put there."""

from __future__ import annotations

import os
from pathlib import Path


def write_new_file(path: Path, text: str) -> Path:
    """Write `text` to a new file readable only by its owner: `path`, or `path` numbered -2, -3...

    Never opens an existing name, so a file or a symbolic link planted there is left alone.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    candidate, number = path, 2
    while True:
        try:
            descriptor = os.open(candidate, flags, 0o600)
        except FileExistsError:
            candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
            number += 1
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        return candidate
