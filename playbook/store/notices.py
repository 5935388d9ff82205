"""Notice records in the database: what happened to each affected person's notice.

Records are numbered within their incident and never changed: a new record for a person
supersedes the last (the latest per person counts) and the history stays. Each record is one
`notice.recorded` event on the timeline, in the same transaction; the person's key, name and
email and the note go only in the event's personal part, which a purge erases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from sqlite_utils import Database

from playbook.domain.incident import Person
from playbook.domain.notices import NoticeRecord
from playbook.domain.vocabulary import NoticeState
from playbook.store.database import transaction
from playbook.store.events import append_event
from playbook.store.values import time_text, time_value

NOTICE_EVENT = "notice.recorded"
_COLUMNS = 'person_key, state, reason, note, "by", at, number'


def record_notices(
    db: Database, incident_id: str, entries: Sequence[tuple[NoticeRecord, Person]]
) -> list[NoticeRecord]:
    """Store each (record, person) and append its event, all in one transaction; the records
    as stored, numbered."""
    stored: list[NoticeRecord] = []
    with transaction(db):
        (last,) = db.execute(
            "SELECT coalesce(max(number), 0) FROM notices WHERE incident_id = ?", [incident_id]
        ).fetchone()
        for offset, (record, person) in enumerate(entries, start=1):
            number = last + offset
            at = record.at
            if at is None:
                raise ValueError("a notice record needs its time")
            db.execute(
                'INSERT INTO notices (incident_id, number, person_key, state, reason, note, "by", '
                "at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    incident_id,
                    number,
                    record.person_key,
                    record.state.value,
                    record.reason,
                    record.note,
                    record.by,
                    time_text(at),
                ],
            )
            data: dict[str, object] = {"number": number, "state": record.state.value}
            if record.reason:
                data["reason"] = record.reason
            personal = {"person": person.key, "name": person.name, "email": person.email}
            if record.note:
                personal["note"] = record.note
            append_event(
                db, incident_id, NOTICE_EVENT, author=record.by, at=at, data=data, personal=personal
            )
            stored.append(replace(record, number=number))
    return stored


def latest_notices(db: Database, incident_id: str) -> dict[str, NoticeRecord]:
    """Each person's latest record, by person key."""
    # SQLite takes the bare columns of an aggregate query from the row holding the max().
    rows = db.execute(
        f"SELECT {_COLUMNS}, max(number) FROM notices WHERE incident_id = ? GROUP BY person_key",
        [incident_id],
    )
    return {row[0]: _record(row) for row in rows}


def notice_history(db: Database, incident_id: str, person_key: str) -> list[NoticeRecord]:
    """Every record for one person, oldest first."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM notices WHERE incident_id = ? AND person_key = ? ORDER BY number",
        [incident_id, person_key],
    )
    return [_record(row) for row in rows]


def find_people(db: Database, incident_id: str, given: str) -> list[Person]:
    """The affected people `given` names: the one with that key, else those with that email
    address (in any case)."""
    exact = db.execute(
        "SELECT key, name, email FROM people WHERE incident_id = ? AND key = ?",
        [incident_id, given],
    ).fetchall()
    rows = (
        exact
        or db.execute(
            "SELECT key, name, email FROM people WHERE incident_id = ? AND email != '' "
            "AND lower(email) = lower(?) ORDER BY rowid",
            [incident_id, given.strip()],
        ).fetchall()
    )
    return _people(rows)


def people_without_email(db: Database, incident_id: str) -> list[Person]:
    """The affected people with no email address, in the order they were found."""
    rows = db.execute(
        "SELECT key, name, email FROM people WHERE incident_id = ? AND coalesce(email, '') = '' "
        "ORDER BY rowid",
        [incident_id],
    )
    return _people(rows)


def people_not_recorded(db: Database, incident_id: str) -> list[Person]:
    """The affected people with no notice record yet, in the order they were found."""
    rows = db.execute(
        "SELECT key, name, email FROM people AS p WHERE incident_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM notices WHERE incident_id = p.incident_id AND person_key = p.key) "
        "ORDER BY rowid",
        [incident_id],
    )
    return _people(rows)


def people_by_address(db: Database, incident_id: str) -> dict[str, list[Person]]:
    """The affected people with an email address, by that address in lower case."""
    found: dict[str, list[Person]] = {}
    rows = db.execute(
        "SELECT key, name, email FROM people WHERE incident_id = ? AND email != '' ORDER BY rowid",
        [incident_id],
    )
    for person in _people(rows):
        found.setdefault(person.email.strip().lower(), []).append(person)
    return found


def count_people(db: Database, incident_id: str) -> int:
    """How many affected people the incident holds."""
    (count,) = db.execute(
        "SELECT count(*) FROM people WHERE incident_id = ?", [incident_id]
    ).fetchone()
    return int(count)


def _people(rows: Iterable[Sequence[str | None]]) -> list[Person]:
    """People from (key, name, email) rows; a name or email not stored reads as ''."""
    return [Person(str(key), name or "", email or "") for key, name, email in rows]


def _record(row: Sequence[object]) -> NoticeRecord:
    person_key, state, reason, note, by, at, number = row[:7]
    return NoticeRecord(
        person_key=str(person_key),
        state=NoticeState(str(state)),
        reason=str(reason or ""),
        note=str(note or ""),
        by=str(by or ""),
        at=time_value(str(at)) if at else None,
        number=int(str(number)),
    )
