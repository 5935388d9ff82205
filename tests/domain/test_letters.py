"""Who is told by letter or phone, and the letter gate: one person, nobody else's details."""

from __future__ import annotations

from datetime import date

import pytest

from playbook.domain.drafting import ContactPoint
from playbook.domain.incident import Person
from playbook.domain.letters import (
    Letter,
    LetterAudience,
    check_letters,
    envelope_lines,
    is_usable_postal_address,
    letter_date,
    phone_digits,
    reach_of,
    reached_by,
)

CONTACT = ContactPoint("Example Borough Council", "Jane Doe", "dpo@council.example", "01632 960000")
ANN = Person(
    "ann abbot|postcode:ex4 3ab",
    "Ann Abbot",
    postal_address="12 Oak Road\nExampleton\nEX4 3AB",
    phone="07700 900123",
)
BEN = Person(
    "ben birch|postcode:ex5 1bd",
    "Ben Birch",
    postal_address="Flat 2\n14 Oak Road\nExampleton\nEX5 1BD",
    phone="07700900456",
)
CAL = Person("cal@homemail.example", "Cal Coyle", "cal@homemail.example")
PUBLIC = ("Town Hall, 1 High Street, Exampleton EX1 1AA", *CONTACT.markers, CONTACT.name)


@pytest.mark.parametrize(
    ("address", "usable"),
    [
        ("12 Oak Road\nExampleton\nEX4 3AB", True),
        ("12 Oak Road\nex43ab", True),
        ("12 Oak Road\nExampleton", False),  # no postcode
        ("EX4 3AB", False),  # a postcode alone
        ("EX4 3AB\n12 Oak Road", False),  # the postcode is not last
        ("12 Oak Road EX4 3AB\nOther Street EX5 1BD", False),  # two addresses in one cell
        ("", False),
    ],
)
def test_a_usable_postal_address_has_lines_and_ends_with_its_one_postcode(address, usable):
    assert is_usable_postal_address(address) is usable


def test_a_letter_prints_the_postcode_as_royal_mail_asks():
    assert envelope_lines("The Old Rectory\n Little Snoring \nnr21 0aa") == (
        "The Old Rectory",
        "Little Snoring",
        "NR21 0AA",
    )
    assert envelope_lines("2a Station Road\nBangor ll571aa") == (
        "2a Station Road",
        "Bangor LL57 1AA",
    )
    assert envelope_lines("") == ()


def test_each_person_without_an_email_is_told_by_letter_by_phone_or_listed():
    phone_only = Person("dan|mobile:07700900789", "Dan Drake", phone="7700900789")
    nameless = Person("postcode:ex4 3ab", "", postal_address="12 Oak Road\nEX4 3AB")
    nothing = Person("eve elms", "Eve Elms")

    reach = reach_of([ANN, CAL, phone_only, nameless, nothing])

    assert reach.by_letter == (ANN,)  # CAL has an email: the apology reaches him
    assert reach.by_phone == (phone_only,)
    assert reach.unreachable == (nameless, nothing)  # no name to write to, nothing at all


def test_phone_numbers_are_compared_by_their_digits():
    assert phone_digits("+44 7700 900123") == phone_digits("07700-900123") == "07700900123"
    assert phone_digits("7700900123") == "07700900123"  # as a spreadsheet drops the 0
    assert phone_digits("0044 29 2000 0000") == phone_digits("(029) 2000-0000") == "02920000000"
    assert (
        phone_digits("+44 (0)29 2000 0000")
        == phone_digits("0044 (0) 29 2000 0000")
        == ("02920000000")
    )


def test_a_letter_is_dated_in_its_language():
    assert letter_date(date(2026, 10, 25), "en") == "25 October 2026"
    assert letter_date(date(2026, 10, 25), "cy") == "25 Hydref 2026"


def letter_to(person: Person, text: str) -> Letter:
    body = f"Dear {person.name},\n{text}\nContact dpo@council.example or 01632 960000."
    return Letter(person.key, person.name, tuple(person.postal_address.splitlines()), (body,))


AUDIENCE = LetterAudience([ANN, BEN, CAL], [("cal@homemail.example", "Cal Coyle")], PUBLIC)


def test_a_letter_with_only_its_own_persons_details_passes():
    own = letter_to(ANN, "We hold 12 Oak Road, EX4 3AB and 07700 900123 for you.")
    public = letter_to(ANN, "Write to Town Hall, 1 High Street, Exampleton EX1 1AA.")

    assert check_letters([own, public], AUDIENCE, CONTACT) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Ben Birch was also affected.", "1 other person's name"),
        ("Copy to cal@homemail.example.", "1 other person's email address"),
        ("Your neighbour at 14 Oak Road was too.", "1 line of another person's address"),
        ("Also sent to ex5 1bd.", "1 other person's postcode"),
        ("Call 07700 900456 if you know them.", "1 other person's phone number"),
    ],
)
def test_a_letter_holding_anyone_elses_details_is_stopped(text, reason):
    [failure] = check_letters([letter_to(ANN, text)], AUDIENCE, CONTACT)

    assert failure.key == ANN.key
    assert f"it contains {reason}" in failure.reasons


def test_a_line_every_letter_holds_is_judged_for_each_reader():
    # The gate reads each distinct line once for the whole batch; whose details a line holds
    # is still decided letter by letter.
    shared = "We hold 14 Oak Road, EX5 1BD and 07700 900456 on file."
    letters = [letter_to(BEN, shared), letter_to(ANN, shared), letter_to(BEN, shared)]

    [failure] = check_letters(letters, AUDIENCE, CONTACT)

    assert failure.key == ANN.key
    assert {
        "it contains 1 line of another person's address",
        "it contains 1 other person's postcode",
        "it contains 1 other person's phone number",
    } <= set(failure.reasons)


def test_an_address_line_broken_over_two_lines_of_a_letter_is_still_found():
    [failure] = check_letters(
        [letter_to(ANN, "Your neighbour at 14 Oak\nRoad was too.")], AUDIENCE, CONTACT
    )

    assert "it contains 1 line of another person's address" in failure.reasons


def test_a_letter_to_two_addresses_or_nobody_is_stopped():
    two = Letter(ANN.key, ANN.name, ("12 Oak Road EX4 3AB", "14 Oak Road EX5 1BD"), ("x",))
    nobody = Letter(ANN.key, "", ("12 Oak Road", "EX4 3AB"), ("dpo@council.example",))

    [first, second] = check_letters([two, nobody], AUDIENCE, CONTACT)

    assert "its address block is not one usable postal address (one postcode, last)" in (
        first.reasons
    )
    assert "it contains 1 other person's postcode" in first.reasons
    assert "it does not give the contact point (the DPO's email or phone)" in first.reasons
    assert second.reasons == ("it is addressed to nobody by name",)


def test_every_language_of_a_letter_must_give_the_contact_point():
    letter = Letter(
        ANN.key,
        ANN.name,
        ("12 Oak Road", "EX4 3AB"),
        ("Annwyl Ann Abbot, cysylltwch â ni.", "Dear Ann Abbot, contact dpo@council.example."),
    )

    [failure] = check_letters([letter], AUDIENCE, CONTACT)

    assert failure.reasons == ("it does not give the contact point (the DPO's email or phone)",)


def test_how_a_person_is_reached_is_said_without_their_key() -> None:
    by_post = Person(
        "quin elms|date_of_birth:27/02/2004",
        "Quin Elms",
        postal_address="121 Oak Road\nExampleton\nEX4 3AB",
    )
    by_phone = Person("wyn elms|date_of_birth:07/10/2002", "Wyn Elms", phone="07700 900123")

    assert reached_by(Person("amy", "Amy Lowe", email=" amy@homemail.example ")) == (
        "amy@homemail.example"
    )
    assert reached_by(by_post) == "post: 121 Oak Road"
    assert reached_by(by_phone) == "phone: 07700 900123"
    assert reached_by(Person("zed", "Zed")) == "no email, address or phone"
