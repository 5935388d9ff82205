"""What the app's worker threads share."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.worker import get_current_worker


def yielding_cancel_check() -> Callable[[], bool]:
    """For a long filter in the current worker: a check, called between chunks, that lets the
    UI thread have the interpreter and then says whether the worker was cancelled (a newer
    query has taken over)."""
    worker = get_current_worker()

    def cancelled() -> bool:
        time.sleep(0)  # let the UI thread have the interpreter between chunks
        return worker.is_cancelled

    return cancelled
