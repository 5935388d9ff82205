"""How commands print: JSON with stable keys, and plain text for people."""

from __future__ import annotations

import json
import sys
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from playbook.domain.clock import deadline_note, describe_clock, format_local, read_clock
from playbook.domain.text import visible, visible_json

if TYPE_CHECKING:  # the dataclasses cost a few ms to build; `list --json` does not need them
    from collections.abc import Mapping

    from playbook.domain.facts import Fact
    from playbook.domain.incident import Incident


def print_json(value: object) -> None:
    """Print a value as JSON on stdout: indented on a terminal, compact (and fast) when piped."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(visible_json(json.dumps(value, indent=indent, ensure_ascii=False)))
    sys.stdout.write("\n")


def print_json_text(text: str) -> None:
    """Print JSON that is already text: as it is when piped, indented on a terminal."""
    if sys.stdout.isatty():
        print_json(json.loads(text))
    else:
        sys.stdout.write(visible_json(text) + "\n")


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC to the second with its offset (+00:00), or None: every JSON time's form."""
    return None if moment is None else moment.replace(microsecond=0).isoformat()


def facts_json(facts: Mapping[str, Fact]) -> dict[str, dict[str, object]]:
    """The stable JSON of an incident's facts: by key, `value`, `source`, `set_by`, `set_at`."""
    return {
        key: {
            "value": fact.value,
            "source": fact.source,
            "set_by": fact.set_by,
            "set_at": iso(fact.set_at),
        }
        for key, fact in facts.items()
    }


def incident_json(incident: Incident, now: datetime) -> dict[str, object]:
    """The stable JSON keys of an incident (`new`, `show`, `list`)."""
    clock = read_clock(incident.aware_at, now)
    return {
        "id": incident.id,
        "title": incident.title,
        "status": incident.status,
        "regime": incident.regime,
        "reporter": incident.reporter,
        "occurred_at": iso(incident.occurred_at),
        "discovered_at": iso(incident.discovered_at),
        "aware_at": iso(incident.aware_at),
        "deadline": iso(clock.deadline),
        "time_left_seconds": int(clock.time_left.total_seconds()),
        "clock_state": clock.state,
        "closed_at": iso(incident.closed_at),
    }


def incident_lines(
    incident: Incident, now: datetime, zone: tzinfo, role: object = None
) -> list[str]:
    """An incident's header for people: id, title, times and the clock (worded for `role`)."""
    clock = read_clock(incident.aware_at, now)
    lines = [
        f"{incident.id}  {visible(incident.title)}",
        f"  status      {incident.status}",
        f"  regime      {incident.regime}",
        f"  aware       {format_local(incident.aware_at, zone)}",
        f"  deadline    {format_local(clock.deadline, zone)}  ({describe_clock(clock)}, {clock.state})",
    ]
    if deadline_note(role):
        lines.append(f"              {deadline_note(role)}")
    if incident.discovered_at:
        lines.append(f"  discovered  {format_local(incident.discovered_at, zone)}")
    if incident.occurred_at:
        lines.append(f"  occurred    {format_local(incident.occurred_at, zone)}")
    if incident.reporter:
        lines.append(f"  reporter    {visible(incident.reporter)}")
    if incident.status == "closed" and incident.closed_at:
        lines.append(f"  closed      {format_local(incident.closed_at, zone)}")
    return lines


def printable(text: str) -> str:
    """A one-line value safe to print: control characters shown as escapes, never acted on."""
    return visible(text)


def confirmed_on_terminal(question: str) -> bool:
    """Ask a yes/no question on a terminal; False without a terminal or without a yes."""
    if not sys.stdin.isatty():
        return False
    print(question, file=sys.stderr)
    try:
        typed = input("Type yes to go on: ")
    except EOFError:
        typed = ""
    return typed.strip().casefold() in {"yes", "y"}
