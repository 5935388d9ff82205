"""Who saw what: categories, fraud-enabling combinations, exposure and de-duplicated people."""

from __future__ import annotations

import pytest

from playbook.domain.exposure import (
    AttachmentCount,
    PeopleIndex,
    categories_for,
    count_records,
    describe_items,
    is_fraud_enabling,
    message_relation,
    name_aliases,
    shown_to_others,
    subjects_for,
)
from playbook.domain.incident import Person


@pytest.mark.parametrize(
    "items,fraud",
    [
        ({"name", "date_of_birth", "mobile"}, True),
        ({"name", "date_of_birth", "postal_address"}, True),
        ({"national_insurance_number"}, True),
        ({"passport_number"}, True),
        ({"sort_code", "bank_account"}, True),
        ({"password"}, True),
        ({"name", "email", "mobile"}, False),
        ({"name", "date_of_birth"}, False),
        ({"email"}, False),
    ],
)
def test_fraud_enabling_combinations(items, fraud):
    assert is_fraud_enabling(items) is fraud


def test_items_map_to_ico_categories_and_subjects():
    assert categories_for(["name", "health", "salary", "offence"]) == [
        "basic_identifiers", "criminal", "financial", "health"
    ]  # fmt: skip
    assert subjects_for(["student_number", "course", "staff_number", "name"]) == [
        "employees",
        "students",
    ]


def test_items_are_described_in_plain_words():
    assert (
        describe_items(["date_of_birth", "name", "mobile"])
        == "name, mobile number and date of birth"
    )
    assert describe_items(["email"]) == "email address"
    assert describe_items([]) == ""


def test_to_and_cc_are_shown_to_others_bcc_never():
    assert shown_to_others("to", 3) and shown_to_others("cc", 2)
    assert not shown_to_others("bcc", 3)
    assert not shown_to_others("to", 1)  # the only recipient saw no one else


@pytest.mark.parametrize(
    "subject,references,relation",
    [
        ("RE: Survey", [], "reply"),
        ("Survey", ["<m1@x>"], "reply"),
        ("Fwd: Survey", [], "forward"),
        ("FW: Survey", ["<m1@x>"], "forward"),
        ("Bins", ["<other@x>"], "other"),
    ],
)
def test_how_a_later_message_relates(subject, references, relation):
    assert message_relation(subject, references, ["<m1@x>"]) == relation


def test_the_same_person_by_email_is_one_person_with_everything_found():
    index = PeopleIndex()
    index.add(email="Jo@X.example", name="Jo Abbot", items=["email"], source="message 1")
    index.add(email="jo@x.example", items=["email", "mobile"], source="message 1 attachment 1")

    [person] = list(index.people())
    assert person == Person(
        key="jo@x.example",
        name="Jo Abbot",
        email="jo@x.example",
        data_items=("email", "mobile"),
        sources=("message 1", "message 1 attachment 1"),
    )


def test_a_row_without_email_joins_the_person_with_the_same_name_and_identifier():
    index = PeopleIndex()
    aliases = name_aliases("Jo  Abbot", [("staff_number", "S001")])
    index.add(
        email="jo@force.example", name="Jo Abbot", items=["email"], source="a1", aliases=aliases
    )
    index.add(
        name="jo abbot",
        items=["salary"],
        source="a2",
        aliases=name_aliases("jo abbot", [("staff_number", "s001")]),
    )

    [person] = list(index.people())
    assert (person.key, set(person.data_items)) == ("jo@force.example", {"email", "salary"})


def test_a_person_first_found_without_email_moves_to_their_email_when_it_appears():
    index = PeopleIndex()
    index.add(
        name="Jo Abbot",
        items=["salary"],
        source="a1",
        aliases=name_aliases("Jo Abbot", [("staff_number", "S1")]),
    )
    index.add(
        name="Jo Abbot",
        items=["health"],
        source="a2",
        aliases=name_aliases("Jo Abbot", [("staff_number", "S1")]),
    )
    index.add(
        email="jo@x.example",
        items=["email"],
        source="a3",
        aliases=name_aliases("Jo Abbot", [("staff_number", "S1")]),
    )
    index.add(
        name="Jo Abbot",
        items=["mobile"],
        source="a4",
        aliases=name_aliases("Jo Abbot", [("staff_number", "S1")]),
    )

    [person] = list(index.people())
    assert person.key == "jo@x.example"
    assert set(person.data_items) == {"salary", "health", "email", "mobile"}
    assert person.sources == ("a1", "a2", "a3", "a4")


def test_two_people_with_the_same_name_and_different_birthdays_stay_two():
    index = PeopleIndex()
    for born in ("2001-01-01", "1999-09-09"):
        index.add(
            name="Sam Reed",
            items=["name"],
            source="a1",
            aliases=name_aliases("Sam Reed", [("date_of_birth", born)]),
        )

    assert len(index) == 2


def test_a_row_that_identifies_nobody_adds_no_one():
    index = PeopleIndex()
    index.add(items=["gender"], source="a1")
    assert len(index) == 0


def test_records_count_a_file_sent_twice_once():
    counts = [
        AttachmentCount("aa", 100, True),
        AttachmentCount("aa", 100, True),
        AttachmentCount("bb", 50, True),
        AttachmentCount("cc", 999, False),
    ]

    assert count_records(counts, exposed_addresses=10) == 160
