"""Writing a file the user asked for, without ever opening a name something else put there."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def write_new_file(path: Path, content: str | bytes) -> Path:
    """Write `content` (text as UTF-8) to a new file readable only by its owner: `path`, or
    `path` numbered -2, -3...; return the name written.

    The file appears whole or not at all: the content goes to a hidden file beside it, which is
    then linked to the first free name. An existing name, or a symbolic link planted there, is
    never opened or replaced.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(8)}.partial")
    descriptor = os.open(partial, _NEW, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        return _link_to_free_name(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _link_to_free_name(partial: Path, path: Path) -> Path:
    candidate, number = path, 2
    while True:
        try:
            os.link(partial, candidate, follow_symlinks=False)
        except FileExistsError:
            candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
            number += 1
            continue
        return candidate
