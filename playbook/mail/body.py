"""Suggestions from free text: words that hint at children, health, race, offences; identifiers.

What is found here is only ever offered to the responder to confirm: a word in a message proves
nothing. A suggestion's reason names the word or counts the identifiers; it never quotes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from playbook.mail.patterns import (
    EMAIL_IN_TEXT,
    NATIONAL_INSURANCE_IN_TEXT,
    PHONE_IN_TEXT,
    compact,
    is_luhn,
    is_nhs_number,
)

TEXT_SCAN_LIMIT = 2_000_000  # characters; enough for any letter, bounded for a huge body


@dataclass(frozen=True)
class Suggestion:
    """A fact value the text hints at, and why, for the responder to confirm or dismiss."""

    fact: str
    value: str
    reason: str


# (fact, value, pattern): the first match's words go in the reason.
TERM_RULES: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (fact, value, re.compile(pattern, re.IGNORECASE))
    for fact, value, pattern in (
        (
            "subjects",
            "children",
            r"\bpupils?\b|\byear\s?(?:[1-9]|1[0-3])\b|\baged\s(?:[1-9]|1[0-7])\b"
            r"|\b(?:[1-9]|1[0-7])[- ]years?[- ]old\b|\bschools?\b|\bchild(?:ren)?\b|\bminors?\b"
            r"|\bsafeguarding\b|\bunder[- ]18s?\b|\bnursery\b|\bteenagers?\b",
        ),
        ("subjects", "patients", r"\bpatients?\b|\bgp surgery\b"),
        (
            "categories",
            "health",
            r"\bmedical\b|\bdiagnos\w*|\bmental health\b|\bhospital\b|\billness\b|\bdisabilit\w*"
            r"|\bprescription\b|\bmedication\b|\bhiv\b|\bcancer\b|\bpregnan\w*|\btherapy\b"
            r"|\bcounselling\b|\bpatients?\b",
        ),
        (
            "categories",
            "racial_ethnic",
            r"\bracis[mt]\w*|\bracial\w*|\brace[- ]hate\b|\bethnic\w*|\bhate crime\b",
        ),
        (
            "categories",
            "criminal",
            r"\boffen[cs]es?\b|\boffenders?\b|\bcrimes?\b|\bcriminal\b|\bconvict\w*|\barrest\w*"
            r"|\bcharged with\b|\bpolice caution\b|\bvictims?\b|\bhate crime\b|\brace[- ]hate\b",
        ),
        ("categories", "religious", r"\breligio\w*|\bchurch\b|\bmosque\b|\bsynagogue\b"),
        ("categories", "sexual_orientation", r"\bgay\b|\blesbian\b|\bbisexual\b|\blgbt\w*"),
        ("categories", "gender_reassignment", r"\btransgender\b|\bgender reassignment\b"),
        ("categories", "trade_union", r"\btrade union\b"),
        ("categories", "political", r"\bpolitical part(?:y|ies)\b"),
    )
)


def suggest_from_text(
    text: str, where: str, *, known_addresses: Iterable[str] = ()
) -> list[Suggestion]:
    """Suggestions from `text`; `where` names it in reasons ('the message text', 'attachment 2').

    Addresses in `known_addresses` (the sender and recipients) are not counted as found.
    """
    text = text[:TEXT_SCAN_LIMIT]
    found: list[Suggestion] = []
    for fact, value, pattern in TERM_RULES:
        match = pattern.search(text)
        if match:
            word = " ".join(match.group(0).lower().split())
            found.append(Suggestion(fact, value, f'{where} mentions "{word}"'))
    found.extend(_identifier_suggestions(text, where, frozenset(known_addresses)))
    return merge_suggestions(found)


def _identifier_suggestions(text: str, where: str, known: frozenset[str]) -> list[Suggestion]:
    emails = {address.lower() for address in EMAIL_IN_TEXT.findall(text)} - known
    phones = {compact(number) for number in PHONE_IN_TEXT.findall(text)}
    national_insurance = {compact(n).upper() for n in NATIONAL_INSURANCE_IN_TEXT.findall(text)}
    digit_runs = {compact(run) for run in re.findall(r"\b\d(?:[ -]?\d){9,18}\b", text)}
    nhs_numbers = {run for run in digit_runs if is_nhs_number(run)}
    cards = {run for run in digit_runs if is_luhn(run)}
    counted = (
        (len(emails), "categories", "basic_identifiers", "other email address"),
        (len(phones), "categories", "basic_identifiers", "phone number"),
        (len(national_insurance), "categories", "official_documents", "National Insurance number"),
        (len(nhs_numbers), "categories", "official_documents", "NHS number"),
        (len(cards), "categories", "financial", "possible card number"),
    )
    return [
        Suggestion(fact, value, f"{where} holds {count} {noun}{'s' if count != 1 else ''}")
        for count, fact, value, noun in counted
        if count
    ]


def merge_suggestions(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """Each (fact, value) once, keeping the first reason given for it."""
    merged: dict[tuple[str, str], Suggestion] = {}
    for suggestion in suggestions:
        merged.setdefault((suggestion.fact, suggestion.value), suggestion)
    return list(merged.values())
