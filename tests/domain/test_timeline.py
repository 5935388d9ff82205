"""The hash chain: any edit, removal, insertion or reordering is found."""

import dataclasses

from playbook.domain.timeline import (
    GENESIS_HASH,
    StoredEvent,
    canonical_json,
    chain_hash,
    find_break,
    personal_digest,
)


def build_chain(count: int, incident_id: str = "PB-2026-0001") -> list[StoredEvent]:
    events, prev = [], GENESIS_HASH
    for seq in range(1, count + 1):
        data = {"step": seq}
        personal = {"address": f"person{seq}@example.org"}
        digest = personal_digest(personal)
        at = f"2026-10-24T09:{seq:02d}:00+00:00"
        event_hash = chain_hash(
            prev,
            incident_id=incident_id,
            seq=seq,
            at=at,
            author="ann",
            kind="note",
            data=data,
            personal_sha256=digest,
        )
        events.append(
            StoredEvent(
                incident_id,
                seq,
                at,
                "ann",
                "note",
                canonical_json(data),
                canonical_json(personal),
                digest,
                prev,
                event_hash,
            )
        )
        prev = event_hash
    return events


def test_an_untouched_chain_verifies():
    assert find_break(build_chain(5)) is None


def test_an_edited_content_is_found_at_that_event():
    events = build_chain(5)
    events[2] = dataclasses.replace(events[2], data_json='{"step":99}')
    broken = find_break(events)
    assert (broken.seq, "changed") == (3, "changed") and "changed" in broken.reason


def test_an_edited_author_is_found():
    events = build_chain(3)
    events[1] = dataclasses.replace(events[1], author="mallory")
    assert find_break(events).seq == 2


def test_an_edited_personal_part_is_found():
    events = build_chain(3)
    events[0] = dataclasses.replace(events[0], personal_json='{"address":"x@example.org"}')
    assert "personal part" in find_break(events).reason


def test_a_purged_personal_part_still_verifies():
    events = [dataclasses.replace(event, personal_json=None) for event in build_chain(4)]
    assert find_break(events) is None


def test_a_removed_event_is_found():
    events = build_chain(5)
    del events[2]
    assert find_break(events).seq == 4


def test_reordered_events_are_found():
    events = build_chain(5)
    events[1], events[2] = events[2], events[1]
    assert find_break(events) is not None


def test_an_inserted_event_is_found():
    events = build_chain(3)
    forged = dataclasses.replace(events[1], seq=2, data_json='{"step":"forged"}')
    renumbered = [events[0], forged] + [dataclasses.replace(e, seq=e.seq + 1) for e in events[1:]]
    assert find_break(renumbered).seq == 2


def test_the_break_is_one_sentence_naming_incident_and_event():
    events = build_chain(2)
    events[1] = dataclasses.replace(events[1], kind="decision")
    sentence = find_break(events).sentence()
    assert sentence.startswith("The timeline of PB-2026-0001 is broken at event 2")
