"""People gathered through the database (a PeopleIndex with StoredPeople) are the same people
as those gathered in memory, whatever the batch size: the spill changes where, not who."""

from __future__ import annotations

from dataclasses import astuple
from itertools import count

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook.domain.exposure import PeopleIndex, name_aliases
from playbook.domain.incident import Person
from playbook.store.database import transaction
from playbook.store.incidents import create_incident
from playbook.store.messages import load_people
from playbook.store.people import StoredPeople, merge_people
from tests.conftest import FIXED_NOW

# Small pools, so that the same person turns up again: with and without an email, by another
# identifier, in another source.
FINDING = st.fixed_dictionaries(
    {
        "email": st.sampled_from(["", "", "jo@x.example", "JO@X.example ", "al@y.example"]),
        "name": st.sampled_from(["", "Jo Abbot", "jo abbot", "Al Birch"]),
        "identifiers": st.lists(
            st.sampled_from([("staff_number", "S1"), ("date_of_birth", "2001-02-03")]),
            max_size=2,
            unique=True,
        ),
        "items": st.sets(st.sampled_from(["name", "email", "mobile", "salary", "health"])),
        "source": st.sampled_from(
            ["message 1", "message 1 attachment 1", "message 1 attachment 2"]
        ),
    }
)
INCIDENT_NUMBERS = count(1)


def add_all(index: PeopleIndex, findings: list[dict]) -> None:
    for finding in findings:
        index.add(
            email=finding["email"],
            name=finding["name"],
            items=finding["items"],
            source=finding["source"],
            aliases=name_aliases(finding["name"], finding["identifiers"]),
        )


def comparable(people) -> list[tuple]:
    return sorted((p.key, p.name, p.email, frozenset(p.data_items), p.sources) for p in people)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(findings=st.lists(FINDING, max_size=12), hold=st.integers(min_value=1, max_value=4))
def test_people_kept_in_the_database_are_the_people_found_in_memory(db, findings, hold):
    in_memory = PeopleIndex()
    add_all(in_memory, findings)
    incident = create_incident(
        db, title=f"t{next(INCIDENT_NUMBERS)}", aware_at=FIXED_NOW, now=FIXED_NOW, author="a"
    )

    with transaction(db):
        spilled = PeopleIndex(StoredPeople(db, incident.id), hold=hold)
        add_all(spilled, findings)
        spilled.flush()

    assert comparable(load_people(db, incident.id)) == comparable(in_memory.people())


def test_a_person_stored_by_an_earlier_import_gains_what_a_later_one_finds(db):
    incident = create_incident(db, title="t", aware_at=FIXED_NOW, now=FIXED_NOW, author="a")
    stored = Person("jo@x.example", "Jo", "jo@x.example", ("email",), ("message 1",))
    untouched = Person("al@x.example", "Al", "al@x.example", ("email",), ("message 1",))
    merge_people(db, incident.id, [astuple(stored), astuple(untouched)])

    with transaction(db):
        index = PeopleIndex(StoredPeople(db, incident.id))
        index.add(email="jo@x.example", items=["mobile"], source="message 2 attachment 1")
        index.flush()

    assert load_people(db, incident.id) == [
        Person(
            "jo@x.example",
            "Jo",
            "jo@x.example",
            ("email", "mobile"),
            ("message 1", "message 2 attachment 1"),
        ),
        untouched,
    ]
