"""Writing a file the user asked for, without ever opening a name something else put there."""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Callable
from pathlib import Path

_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
# What link() fails with where the file system has no hard links (FAT, some network shares).
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.ENOSYS}


def write_new_file(path: Path, content: str | bytes) -> Path:
    """Write `content` (text as UTF-8) to a new file readable only by its owner: `path`, or
    `path` numbered -2, -3...; return the name written.

    The file appears whole or not at all: the content goes to a hidden file beside it, which is
    then linked to the first free name (on a file system without links, such as a FAT memory
    stick, it is written to that name directly). An existing name, or a symbolic link planted
    there, is never opened or replaced.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(8)}.partial")
    try:
        _write(partial, data)
        try:
            return _first_free(path, lambda candidate: os.link(partial, candidate))
        except OSError as error:
            if error.errno not in _NO_LINKS:
                raise
        return _first_free(path, lambda candidate: _write(candidate, data))
    finally:
        partial.unlink(missing_ok=True)


def _write(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet and flush it to the disk; a failed write leaves
    no file behind."""
    descriptor = os.open(path, _NEW, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _first_free(path: Path, make: Callable[[Path], None]) -> Path:
    """`make` the first of `path`, `path`-2, -3... that does not exist yet; return it."""
    candidate, number = path, 2
    while True:
        try:
            make(candidate)
        except FileExistsError:
            candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
            number += 1
            continue
        return candidate
