"""The hash chain that makes an edit to the timeline detectable.

Each event's hash covers the previous event's hash and its own content. The personal part of an
event (names, addresses) is covered through its own SHA-256 only, so that purging the personal
part later keeps the chain intact. The last event of each change also carries the seal: the
SHA-256 of each of the incident's tables as that change left them, so that the rows the register
and the reports read are covered by the chain too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

GENESIS_HASH = "0" * 64


def canonical_json(value: object) -> str:
    """JSON with sorted keys and no spaces: the same value always gives the same text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def personal_digest(personal: Mapping[str, object] | None) -> str:
    """SHA-256 of an event's personal part; empty when it has none."""
    if personal is None:
        return ""
    return hashlib.sha256(canonical_json(personal).encode()).hexdigest()


def chain_hash(
    prev_hash: str,
    *,
    incident_id: str,
    seq: int,
    at: str,
    author: str,
    kind: str,
    data: Mapping[str, object],
    personal_sha256: str,
    state: Mapping[str, str] | None = None,
) -> str:
    """The hash an event must carry, given the hash of the event before it.

    `state` (the seal) is hashed only when present, so that events written before seals existed
    keep their hashes.
    """
    content: dict[str, object] = {
        "incident_id": incident_id,
        "seq": seq,
        "at": at,
        "author": author,
        "kind": kind,
        "data": data,
        "personal_sha256": personal_sha256,
    }
    if state:
        content["state"] = state
    return hashlib.sha256(f"{prev_hash}\n{canonical_json(content)}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """The first event at which a timeline stops verifying, and why."""

    incident_id: str
    seq: int
    reason: str

    def sentence(self) -> str:
        """The break as one sentence for the user."""
        return f"The timeline of {self.incident_id} is broken at event {self.seq}: {self.reason}."


@dataclass(frozen=True)
class StoredEvent:
    """An event as it sits in storage, with its JSON still as text."""

    incident_id: str
    seq: int
    at: str
    author: str
    kind: str
    data_json: str
    personal_json: str | None
    personal_sha256: str
    prev_hash: str
    hash: str
    state_json: str | None = None


def find_break(events: list[StoredEvent]) -> ChainBreak | None:
    """Walk one incident's events in seq order; return the first break, or None if intact."""
    expected_prev = GENESIS_HASH
    for expected_seq, event in enumerate(events, start=1):
        broken = _check(event, expected_seq, expected_prev)
        if broken:
            return ChainBreak(event.incident_id, event.seq, broken)
        expected_prev = event.hash
    return None


def _check(event: StoredEvent, expected_seq: int, expected_prev: str) -> str | None:
    if event.seq != expected_seq:
        return f"event {expected_seq} is missing or out of order"
    if event.prev_hash != expected_prev:
        return "it does not follow the event before it (an event was removed, added or reordered)"
    try:
        data = json.loads(event.data_json)
    except ValueError:
        return "its content is not readable"
    if event.personal_json is not None:
        try:
            personal = json.loads(event.personal_json)
        except ValueError:
            return "its personal part is not readable"
        if personal_digest(personal) != event.personal_sha256:
            return "its personal part was changed"
    try:
        state = json.loads(event.state_json) if event.state_json else None
    except ValueError:
        return "its seal is not readable"
    recomputed = chain_hash(
        event.prev_hash,
        incident_id=event.incident_id,
        seq=event.seq,
        at=event.at,
        author=event.author,
        kind=event.kind,
        data=data,
        personal_sha256=event.personal_sha256,
        state=state,
    )
    if recomputed != event.hash:
        return "its content was changed after it was written"
    return None


def find_removed_personal(events: list[StoredEvent], purged_kind: str) -> ChainBreak | None:
    """The first event whose personal part is gone although no purge came after it.

    Only a purge may remove personal parts, and only of the events before it.
    """
    purged_at = max((event.seq for event in events if event.kind == purged_kind), default=0)
    for event in events:
        if event.personal_json is None and event.personal_sha256 and event.seq > purged_at:
            return ChainBreak(
                event.incident_id, event.seq, "its personal part was removed, and not by a purge"
            )
    return None


# The incident row's columns that its `incident.created` event records.
_RECORDED_AT_CREATION = ("title", "aware_at", "discovered_at", "occurred_at", "regime")


def find_row_mismatch(row: Mapping[str, object], events: list[StoredEvent]) -> ChainBreak | None:
    """Check an incident's row against its verified timeline: what `incident.created` recorded
    (title, times, regime) and whether an `incident.closed` event stands behind a closed status
    (and an `incident.reopened` after the last closing behind an open one)."""
    incident_id = str(row["id"])
    created = next((event for event in events if event.kind == "incident.created"), None)
    if created is not None:
        recorded = json.loads(created.data_json)
        for column in _RECORDED_AT_CREATION:
            if column in recorded and recorded[column] != row.get(column):
                return ChainBreak(
                    incident_id, created.seq, f"the incident's {column} is not what it recorded"
                )
    closed = [event for event in events if event.kind == "incident.closed"]
    if row.get("status") == "closed":
        matching = [
            event
            for event in closed
            if event.at == row.get("closed_at")
            and json.loads(event.data_json).get("lessons") == row.get("lessons")
        ]
        if not matching:
            seq = closed[-1].seq if closed else events[-1].seq
            return ChainBreak(
                incident_id, seq, "the incident is marked closed but no event records that closing"
            )
    elif closed:
        reopened = [event for event in events if event.kind == "incident.reopened"]
        if not reopened or reopened[-1].seq < closed[-1].seq:
            return ChainBreak(
                incident_id, closed[-1].seq, "it records a closing but the incident is marked open"
            )
    return None
