"""The current time for a run: $PLAYBOOK_NOW (ISO 8601) fixes it for tests and demos."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime

NOW_ENV = "PLAYBOOK_NOW"


def clock() -> Callable[[], datetime]:
    """A function giving the current time in UTC: the fixed $PLAYBOOK_NOW, else the real time."""
    fixed = os.environ.get(NOW_ENV)
    if fixed:
        moment = datetime.fromisoformat(fixed).astimezone(UTC)
        return lambda: moment
    return lambda: datetime.now(UTC)
