"""How values are written in the database: UTC times as ISO 8601 text, lists as JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, overload


@overload
def time_text(moment: datetime) -> str: ...
@overload
def time_text(moment: None) -> None: ...
@overload
def time_text(moment: datetime | None) -> str | None: ...
def time_text(moment: datetime | None) -> str | None:
    """A moment as stored: ISO 8601 in UTC, to the second."""
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def time_value(text: str | None) -> datetime | None:
    """A stored moment back as an aware UTC datetime."""
    return stored_time(text) if text else None


def stored_time(text: str) -> datetime:
    """A moment from a column that always holds one, back as an aware UTC datetime."""
    return datetime.fromisoformat(text).astimezone(UTC)


def json_text(value: object) -> str:
    """A list or mapping as stored."""
    return json.dumps(value, ensure_ascii=False)


def json_value(text: str | None, default: object = None) -> object:
    """A stored list or mapping back as a value."""
    if text is None or text == "":
        return default
    return json.loads(text)


def json_list(text: str | None) -> list[Any]:
    """A stored list back as a list; [] when nothing is stored."""
    values: list[Any] = json.loads(text) if text else []
    return values


def json_dict(text: str | None) -> dict[str, Any]:
    """A stored mapping back as a dict; {} when nothing is stored."""
    mapping: dict[str, Any] = json.loads(text) if text else {}
    return mapping
