"""How values are written in the database: UTC times as ISO 8601 text, lists as JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime


def time_text(moment: datetime | None) -> str | None:
    """A moment as stored: ISO 8601 in UTC, to the second."""
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def time_value(text: str | None) -> datetime | None:
    """A stored moment back as an aware UTC datetime."""
    if not text:
        return None
    return datetime.fromisoformat(text).astimezone(UTC)


def json_text(value: object) -> str:
    """A list or mapping as stored."""
    return json.dumps(value, ensure_ascii=False)


def json_value(text: str | None, default: object = None) -> object:
    """A stored list or mapping back as a value."""
    if text is None or text == "":
        return default
    return json.loads(text)
