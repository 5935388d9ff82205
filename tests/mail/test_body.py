"""Suggestions from free text: offered to the responder, never quoting personal data."""

from __future__ import annotations

import pytest

from playbook.mail.body import suggest_from_text


def found(text, **options):
    return {
        (s.fact, s.value): s.reason for s in suggest_from_text(text, "the message text", **options)
    }


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The Year 9 group", ("subjects", "children")),
        ("a boy aged 14 was involved", ("subjects", "children")),
        ("pupils at the school", ("subjects", "children")),
        ("her mental health assessment", ("categories", "health")),
        ("an alleged race-hate incident", ("categories", "racial_ethnic")),
        ("an alleged race-hate incident", ("categories", "criminal")),
        ("he was arrested on Friday", ("categories", "criminal")),
        ("members of the LGBT+ network", ("categories", "sexual_orientation")),
    ],
)
def test_words_suggest_facts(text, expected):
    assert expected in found(text)


def test_ordinary_text_suggests_nothing():
    assert found("Please find the minutes of Tuesday's budget meeting attached.") == {}


def test_identifiers_are_counted_never_quoted():
    text = (
        "Call 07700 900123 or 0117 496 0123. NI AB 12 34 56 C, NHS 943 476 5919, card "
        "4111 1111 1111 1111, other.person@homemail.example, sender@council.example"
    )

    reasons = found(text, known_addresses={"sender@council.example"})

    assert (
        reasons[("categories", "official_documents")]
        == "the message text holds 1 National Insurance number"
    )
    assert reasons[("categories", "financial")] == "the message text holds 1 possible card number"
    assert (
        reasons[("categories", "basic_identifiers")]
        == "the message text holds 1 other email address"
    )
    quoted = ("900123", "496", "AB 12", "5919", "4111", "other.person", "homemail")
    assert not any(part in reason for reason in reasons.values() for part in quoted)


def test_a_reason_names_the_word_that_was_found():
    assert (
        found("Two pupils in Year 9")[("subjects", "children")]
        == 'the message text mentions "pupils"'
    )
