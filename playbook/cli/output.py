"""How commands print: JSON with stable keys, and plain text for people."""

from __future__ import annotations

import json
import sys
from datetime import datetime, tzinfo

from playbook.domain.clock import describe_clock, format_local, read_clock
from playbook.domain.incident import Incident


def print_json(value: object) -> None:
    """Print a value as indented JSON on stdout."""
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def iso_local(moment: datetime | None, zone: tzinfo) -> str | None:
    """ISO 8601 with the offset of the configured zone, or None."""
    if moment is None:
        return None
    return moment.astimezone(zone).isoformat()


def incident_json(incident: Incident, now: datetime, zone: tzinfo) -> dict:
    """The stable JSON keys of an incident (`new`, `show`, `list`)."""
    clock = read_clock(incident.aware_at, now)
    return {
        "id": incident.id,
        "title": incident.title,
        "status": incident.status,
        "regime": incident.regime,
        "reporter": incident.reporter,
        "occurred_at": iso_local(incident.occurred_at, zone),
        "discovered_at": iso_local(incident.discovered_at, zone),
        "aware_at": iso_local(incident.aware_at, zone),
        "deadline": iso_local(clock.deadline, zone),
        "time_left_seconds": int(clock.time_left.total_seconds()),
        "clock_state": clock.state,
        "closed_at": iso_local(incident.closed_at, zone),
    }


def incident_lines(incident: Incident, now: datetime, zone: tzinfo) -> list[str]:
    """An incident's header for people: id, title, times and the clock."""
    clock = read_clock(incident.aware_at, now)
    lines = [
        f"{incident.id}  {incident.title}",
        f"  status      {incident.status}",
        f"  regime      {incident.regime}",
        f"  aware       {format_local(incident.aware_at, zone)}",
        f"  deadline    {format_local(clock.deadline, zone)}  ({describe_clock(clock)}, {clock.state})",
    ]
    if incident.discovered_at:
        lines.append(f"  discovered  {format_local(incident.discovered_at, zone)}")
    if incident.occurred_at:
        lines.append(f"  occurred    {format_local(incident.occurred_at, zone)}")
    if incident.reporter:
        lines.append(f"  reporter    {incident.reporter}")
    if incident.status == "closed" and incident.closed_at:
        lines.append(f"  closed      {format_local(incident.closed_at, zone)}")
    return lines
