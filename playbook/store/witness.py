"""The witness file: every timeline head playbook wrote, appended to a small file beside the database.

The chain shows an event edited in place, but not events cut off the end, an incident deleted
whole, an older copy of the file put back, or a chain recomputed from start to end. Each of
those loses or changes a head the witness file recorded. One line per head:
`<incident id> <seq> <hash>`. The file is created readable only by its owner, opened without
following a symbolic link, and only ever appended to.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from playbook.domain.timeline import ChainBreak

SUFFIX = ".witness"


def witness_path(database: Path) -> Path:
    """The witness file of the database at `database`."""
    return database.with_name(database.name + SUFFIX)


def append_heads(path: Path, heads: list[tuple[str, int, str]]) -> None:
    """Append heads to the witness file, creating it (mode 0600) if needed."""
    if not heads:
        return
    text = "".join(f"{incident_id} {seq} {event_hash}\n" for incident_id, seq, event_hash in heads)
    descriptor = os.open(
        path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600
    )
    try:
        os.write(descriptor, text.encode())
    finally:
        os.close(descriptor)


def read_heads(path: Path) -> dict[str, dict[int, set[str]]] | None:
    """Every head the witness file recorded, by incident and seq; None when there is no file."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    with os.fdopen(descriptor, "rb") as file:
        text = file.read().decode("ascii", errors="replace")
    heads: dict[str, dict[int, set[str]]] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1].isdecimal():
            heads.setdefault(parts[0], {}).setdefault(int(parts[1]), set()).add(parts[2])
    return heads


@dataclass(frozen=True)
class MissingIncident:
    """An incident the witness file saw that is no longer in the database."""

    incident_id: str
    seq: int

    def sentence(self) -> str:
        """The finding as one sentence for the user."""
        return (
            f"The incident {self.incident_id} is missing: the witness file recorded its timeline "
            f"up to event {self.seq}, but the database no longer holds it (it was deleted, or an "
            "older copy of the database was put back)."
        )


def check_heads(
    witnessed: dict[str, dict[int, set[str]]], stored: dict[str, dict[int, str]]
) -> ChainBreak | MissingIncident | None:
    """Compare the witnessed heads with the stored hashes (incident -> seq -> hash)."""
    for incident_id in sorted(witnessed):
        heads = witnessed[incident_id]
        hashes = stored.get(incident_id)
        if hashes is None:
            return MissingIncident(incident_id, max(heads))
        last = max(hashes, default=0)
        for seq in sorted(heads):
            if seq > last:
                return ChainBreak(
                    incident_id,
                    seq,
                    f"the witness file recorded it, but the timeline now ends at event {last} "
                    "(events were cut off, or an older copy of the database was put back)",
                )
            if hashes.get(seq) not in heads[seq] or len(heads[seq]) > 1:
                return ChainBreak(
                    incident_id,
                    seq,
                    "it is not the event the witness file recorded (the timeline was rewritten, "
                    "or replaced by another copy)",
                )
    return None
