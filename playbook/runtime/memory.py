"""Large readings (100,000 recipients) and Python's garbage collector.

A full collection walks every object that can hold references. The rows of a big incident
are a few hundred thousand such objects that live until the next reading, so a collection
that starts while they are built, or later while the responder types, holds the interpreter
for a few hundred milliseconds: the screen freezes. Reference counting still frees them the
moment they are dropped (they form no cycles); the collector only needs to keep out of them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Build a large reading with the cyclic collector off (it is turned back on after)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def keep_out_of_collections() -> None:
    """Move every object alive now out of the collector's walks (call once the previous
    reading has been dropped, so that only what is in use is kept out)."""
    gc.unfreeze()
    gc.freeze()
