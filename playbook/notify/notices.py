"""Recording what happened to each person's notice: for one person, for many at once, and
automatically when playbook's own SMTP sending hands a person their apology.

Every refusal comes before anything is written: an unknown person, a state without the reason
or note it needs, a reason that names someone, a closed incident.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlite_utils import Database

from playbook.domain.closing import closed_refusal
from playbook.domain.errors import NotFound, Refused
from playbook.domain.gate import Audience
from playbook.domain.incident import Incident, Person
from playbook.domain.notices import (
    NoticeRecord,
    NoticeSummary,
    check_reason_names_nobody,
    checked_notice,
    summarise,
    told_how,
)
from playbook.domain.vocabulary import NoticeState
from playbook.store.incidents import get_incident
from playbook.store.messages import load_people, load_recipients
from playbook.store.notices import (
    count_people,
    find_people,
    latest_notices,
    people_not_recorded,
    people_without_email,
    record_notices,
)
from playbook.views.filtering import rows_holding

# The groups a bulk record can be made for, and how a sentence names them.
GROUPS = {
    "without_email": "without an email address",
    "not_recorded": "without a notice record yet",
}
SENT_NOTE = "Sent by playbook through the SMTP relay (Message-ID {message_id})."


@dataclass(frozen=True)
class BulkRecord:
    """What a bulk record did: how many were recorded, and how many were in that state already."""

    recorded: int
    already: int


def record_notice(
    db: Database,
    incident_id: str,
    person: str,
    state: str,
    *,
    reason: str = "",
    note: str = "",
    author: str,
    now: datetime,
) -> NoticeRecord:
    """Record one person's notice state; `person` is their key or email address."""
    incident = _open_incident(db, incident_id)
    found = find_people(db, incident.id, person)
    if not found:
        raise NotFound(
            f"Nobody among {incident.id}'s affected people has that key or email address; "
            f"list them with `playbook notice {incident.id} --list`."
        )
    if len({entry.key for entry in found}) > 1:
        raise Refused(
            f"More than one of {incident.id}'s affected people has that email address; give "
            f"the person's key as `playbook notice {incident.id} --list` shows it."
        )
    chosen = found[0]
    record = checked_notice(chosen.key, state, reason=reason, note=note, by=author, at=now)
    check_reason_names_nobody(record.reason, _audience(db, incident.id))
    return record_notices(db, incident.id, [(record, chosen)])[0]


def record_group(
    db: Database,
    incident_id: str,
    group: str,
    state: str,
    *,
    reason: str = "",
    note: str = "",
    author: str,
    now: datetime,
) -> BulkRecord:
    """Record the same state for every person of a group (those without an email address, or
    those with no record yet); people already in that state are left as they are."""
    incident = _open_incident(db, incident_id)
    if group not in GROUPS:
        raise Refused(f"The group must be one of {', '.join(GROUPS)}.")
    template = checked_notice("", state, reason=reason, note=note, by=author, at=now)
    check_reason_names_nobody(template.reason, _audience(db, incident.id))
    people = (
        people_without_email(db, incident.id)
        if group == "without_email"
        else people_not_recorded(db, incident.id)
    )
    if not people:
        raise Refused(
            f"None of {incident.id}'s affected people is {GROUPS[group]}, so nothing was "
            "recorded; "
            f"list the people with `playbook notice {incident.id} --list`."
        )
    latest = latest_notices(db, incident.id)
    to_record = [
        person
        for person in people
        if (current := latest.get(person.key)) is None or current.state != template.state
    ]
    record_notices(
        db,
        incident.id,
        [(replace(template, person_key=person.key), person) for person in to_record],
    )
    return BulkRecord(len(to_record), len(people) - len(to_record))


def record_emailed(
    db: Database,
    incident_id: str,
    people: Sequence[Person],
    *,
    message_id: str,
    author: str,
    now: datetime,
) -> None:
    """Record `emailed` for the people an apology playbook has just sent was addressed to."""
    note = SENT_NOTE.format(message_id=message_id)
    record_notices(
        db,
        incident_id,
        [
            (NoticeRecord(person.key, NoticeState.EMAILED, "", note, author, now), person)
            for person in people
        ],
    )


def notice_summary(db: Database, incident_id: str) -> NoticeSummary:
    """How many of the incident's people are in each state, by their latest record."""
    return summarise(latest_notices(db, incident_id).values(), count_people(db, incident_id))


@dataclass(frozen=True)
class PersonNotice:
    """One affected person and their latest record (None before any)."""

    person: Person
    latest: NoticeRecord | None


@dataclass(frozen=True)
class PeopleNotices:
    """Every affected person with their latest record, read at one moment, ready to filter."""

    rows: list[PersonNotice] = field(default_factory=list)
    haystacks: list[str] = field(default_factory=list)
    summary: NoticeSummary = field(default_factory=lambda: NoticeSummary(0))


def read_people_notices(db: Database, incident_id: str) -> PeopleNotices:
    """Read the incident's people and each one's latest record (a worker calls this)."""
    incident = get_incident(db, incident_id)
    latest = latest_notices(db, incident.id)
    rows = [PersonNotice(person, latest.get(person.key)) for person in load_people(db, incident.id)]
    return PeopleNotices(
        rows=rows,
        haystacks=[
            " ".join(
                (row.person.key, row.person.name, row.person.email, told_how(row.latest))
            ).casefold()
            for row in rows
        ],
        summary=summarise(latest.values(), len(rows)),
    )


def matching_people(
    view: PeopleNotices, needle: str, cancelled: Callable[[], bool] = lambda: False
) -> list[PersonNotice] | None:
    """The people whose key, name, email or state holds `needle` (any case); None if
    `cancelled()` said a newer filter has taken over."""
    needle = needle.strip().casefold()
    if not needle:
        return view.rows
    return rows_holding(view.rows, view.haystacks, needle, cancelled)


def _open_incident(db: Database, incident_id: str) -> Incident:
    incident = get_incident(db, incident_id)
    if incident.status == "closed":
        raise Refused(closed_refusal(incident.id))
    return incident


def _audience(db: Database, incident_id: str) -> Audience:
    """Everyone in the incident, whom a reason must not name."""
    entries = [(person.email, person.name) for person in load_people(db, incident_id)]
    entries += [
        (recipient.address, recipient.name) for recipient in load_recipients(db, incident_id)
    ]
    return Audience(entries)
