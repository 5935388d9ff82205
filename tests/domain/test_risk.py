"""The risk engine's rules: the ladder, the facts it weighs, the reasons and their citations.

The regulators' own cases are in test_risk_cases.py; the properties in test_risk_properties.py.
"""

from __future__ import annotations

import pytest

from playbook.domain.facts import FACT_SPECS, check_fact
from playbook.domain.risk import NEEDED_FOR_UNLIKELY, OUTCOMES, RUNGS, assess_facts
from tests.domain.incident_facts import (
    HUMAN_ERROR,
    S1_SPREADSHEET,
    S2_STRANGER,
    S3_CONTRACTOR,
    S4_TENANTS,
)

RECORD = "record_only"
ICO = "notify_ico"
BOTH = "notify_ico_and_individuals"

# One colleague got one customer's contact details and deleted them: the benign base that the
# cases below change one or two facts of.
CONTAINED = {
    **HUMAN_ERROR,
    "categories": ["basic_identifiers"],
    "subjects": ["customers"],
    "people": 1,
    "records": 1,
    "recipients": 1,
    "recipient_trust": "internal",
    "deletion": "confirmed",
    "context_sensitive": [],
    "fraud_enabling": False,
    "forwarded": False,
    "consequences": ["distress"],
}
HEALTH_TO_A_STRANGER = {
    **CONTAINED,
    "categories": ["basic_identifiers", "health"],
    "subjects": ["patients"],
    "recipient_trust": "public",
    "deletion": "unknown",
}

# Cases written from the rules (not from an authority): each rung of the ladder and each fact
# the issue added, one or two facts away from the base.
DERIVED = {
    "contained: one customer's details to a colleague who deleted -> record only": (
        CONTAINED,
        (RECORD, None),
    ),
    "300 staff sickness records to a contractor who deleted: contained, hundreds -> record, "
    "the ICO borderline": (
        {
            **CONTAINED,
            "categories": ["basic_identifiers", "health"],
            "subjects": ["employees"],
            "people": 300,
            "recipient_trust": "trusted",
        },
        (RECORD, ICO),
    ),
    "one customer's details to a colleague who has not confirmed deletion -> record only": (
        {**CONTAINED, "deletion": "unknown"},
        (RECORD, None),
    ),
    "one customer's bank details to a colleague who has not confirmed deletion -> the ICO "
    "borderline": (
        {**CONTAINED, "categories": ["basic_identifiers", "financial"], "deletion": "unknown"},
        (ICO, RECORD),
    ),
    "200 customers in Cc, contact details only: hundreds, uncontrolled -> ICO": (
        {
            **CONTAINED,
            "people": 200,
            "recipients": 200,
            "recipient_trust": "public",
            "deletion": "unknown",
        },
        (ICO, None),
    ),
    "one patient's health letter to a stranger -> ICO and individuals": (
        HEALTH_TO_A_STRANGER,
        (BOTH, None),
    ),
    "the same stranger confirmed destroying it -> ICO, the people borderline": (
        {**HEALTH_TO_A_STRANGER, "deletion": "confirmed"},
        (ICO, BOTH),
    ),
    "a vulnerable patient's letter to a stranger who confirmed destroying it -> the people "
    "recommended, borderline": (
        {**HEALTH_TO_A_STRANGER, "deletion": "confirmed", "subjects": ["vulnerable_adults"]},
        (BOTH, ICO),
    ),
    "the health letter came back unopened -> record only": (
        {**HEALTH_TO_A_STRANGER, "unopened": True},
        (RECORD, None),
    ),
    "the stranger was the patient's carer, who already knew -> record only": (
        {**HEALTH_TO_A_STRANGER, "already_known": True},
        (RECORD, None),
    ),
    "encrypted, but the password went in the same email -> as if unencrypted": (
        {**HEALTH_TO_A_STRANGER, "encrypted": True, "encryption_key": "with_recipients"},
        (BOTH, None),
    ),
    "encrypted, the key's whereabouts not recorded -> as if unencrypted": (
        {**HEALTH_TO_A_STRANGER, "encrypted": True},
        (BOTH, None),
    ),
    "encrypted with the key withheld, even though deliberate -> record only": (
        {
            **HEALTH_TO_A_STRANGER,
            "encrypted": True,
            "encryption_key": "withheld",
            "malicious": True,
        },
        (RECORD, None),
    ),
    "a colleague who deleted, but a recall re-sent the list to all -> no longer contained": (
        {**CONTAINED, "people": 40, "recall_resent": True},
        (ICO, RECORD),
    ),
    "nothing known yet: notifying is the default -> ICO": ({}, (ICO, None)),
}


@pytest.mark.parametrize("facts, expected", DERIVED.values(), ids=DERIVED.keys())
def test_derived_cases(facts: dict, expected: tuple) -> None:
    for key, value in facts.items():
        check_fact(key, value)
    assessment = assess_facts(facts)
    assert (assessment.outcome, assessment.alternative) == expected
    assert assessment.borderline is (expected[1] is not None)


def test_the_derived_cases_cover_every_rung_of_the_ladder() -> None:
    assert {expected for _, expected in DERIVED.values()} == set(RUNGS)
    assert {outcome for outcome, _ in RUNGS} == set(OUTCOMES)


def test_reasons_name_the_factor_and_the_rule() -> None:
    s2 = assess_facts(S2_STRANGER)
    assert any("Special category" in r and "(Art. 9)" in r for r in s2.reasons_for)
    assert any("Criminal offence" in r and "(Art. 10)" in r for r in s2.reasons_for)
    assert any("children" in r and "Recital 38" in r for r in s2.reasons_for)
    assert any("members of the public" in r for r in s2.reasons_for)
    assert any("single recipient" in r for r in s2.reasons_against)
    s3 = assess_facts(S3_CONTRACTOR)
    assert any("1,000 people" in r for r in s3.reasons_for)
    assert any("bound by confidentiality" in r for r in s3.reasons_against)
    for reason in s2.reasons_for + s2.reasons_against + s3.reasons_for + s3.reasons_against:
        assert not reason[0].islower() and reason.endswith(".")


def test_a_forwarded_message_is_never_said_to_have_reached_a_single_recipient() -> None:
    forwarded = assess_facts({**S2_STRANGER, "forwarded": True})
    assert not any("single recipient" in r for r in forwarded.reasons_against)


def test_no_reason_argues_the_other_side() -> None:
    # A record-only result must not carry "a high risk is likely" among its reasons, nor a
    # notify result "a risk is unlikely"; Art. 34(3) grounds are never reasons about the ICO.
    for facts in (
        CONTAINED,
        {**CONTAINED, "categories": ["health"]},
        S1_SPREADSHEET,
        S3_CONTRACTOR,
    ):
        assessment = assess_facts(facts)
        for reason in assessment.reasons_for + assessment.reasons_against:
            assert "risk is likely" not in reason and "risk is unlikely" not in reason
            assert "34(3)" not in reason and "Art. 34(1)" not in reason


def test_the_summary_names_the_decisive_factors() -> None:
    summary = assess_facts(
        {
            **CONTAINED,
            "categories": ["basic_identifiers", "health"],
            "subjects": ["vulnerable_adults"],
        }
    ).summary
    assert summary.startswith("Record it in the breach log (Art. 33(5))")
    assert "Decisive: the consequences could be very high (health data and vulnerable adults)" in (
        summary
    )
    assert "harm is unlikely (internal recipients who deleted it)" in summary


def test_part_3_cites_sections_67_and_68() -> None:
    assessment = assess_facts(S2_STRANGER, regime="dpa2018_part3")
    text = " ".join((assessment.summary, *assessment.reasons_for, *assessment.reasons_against))
    assert "s.67(1)" in text and "s.68(1)" in text and "s.35(8)" in text
    assert "Art." not in text and "Recital" not in text
    record = assess_facts(CONTAINED, regime="dpa2018_part3").summary
    assert record.startswith("Record it in the breach log (s.67(6))")


def test_a_processor_is_told_to_tell_its_controller() -> None:
    assessment = assess_facts({**S4_TENANTS, "role": "processor"})
    assert assessment.role == "processor"
    assert assessment.summary.startswith(
        "As the processor, tell the controller without undue delay (Art. 33(2))"
    )
    assert assessment.outcome == assess_facts(S4_TENANTS).outcome


def test_a_stored_yes_for_context_sensitive_still_reads_as_a_revealing_context() -> None:
    legacy = assess_facts({**S4_TENANTS, "context_sensitive": True})
    assert legacy.outcome == assess_facts(S4_TENANTS).outcome
    assert check_fact("context_sensitive", True) == ["other"]
    assert check_fact("context_sensitive", False) == []


def test_a_context_that_reveals_health_counts_as_health_data() -> None:
    plain = {**S4_TENANTS, "context_sensitive": []}
    hiv = {**plain, "context_sensitive": ["health"], "consequences": ["discrimination"]}
    assert assess_facts(hiv).outcome == BOTH
    assert assess_facts(hiv).enisa.dpc == 4
    assert assess_facts(plain).outcome == ICO


def test_missing_asks_the_question_of_each_unknown_fact_and_none_other() -> None:
    facts = {key: S4_TENANTS.get(key, None) for key in FACT_SPECS}
    missing = assess_facts(facts).missing
    assert missing == tuple(
        spec.question for key, spec in FACT_SPECS.items() if key not in S4_TENANTS
    )
    assert FACT_SPECS["consequences"].question not in missing
    assert assess_facts({}).missing == tuple(spec.question for spec in FACT_SPECS.values())


@pytest.mark.parametrize("unknown", NEEDED_FOR_UNLIKELY)
def test_an_unknown_fact_never_counts_towards_record_only(unknown: str) -> None:
    facts = {key: value for key, value in CONTAINED.items() if key != unknown}
    assessment = assess_facts(facts)
    assert assessment.outcome == ICO
    words = unknown.replace("_", " ")  # the facts by name, never by key
    assert any(
        words in reason and "Not yet known" in reason and "_" not in reason
        for reason in assessment.reasons_for
    )


def test_enisa_is_shown_beside_the_outcome_and_does_not_decide_it() -> None:
    # An internal misdirect of a sick note, deleted at once, scores "very high" and still
    # needs only a record (domain.md §4).
    facts = {**CONTAINED, "categories": ["basic_identifiers", "health"]}
    assessment = assess_facts(facts)
    assert assessment.enisa.band == "very high"
    assert assessment.outcome == RECORD


def test_confirmed_deletion_by_a_trusted_recipient_turns_a_likely_risk_around() -> None:
    pending = {
        **S3_CONTRACTOR,
        "categories": ["basic_identifiers", "health"],
        "people": 20,
        "records": 20,
        "deletion": "unknown",
    }
    assert assess_facts(pending).outcome == ICO
    assert assess_facts({**pending, "deletion": "confirmed"}).outcome == RECORD


def test_serious_harm_alone_makes_the_risk_high() -> None:
    facts = {**S4_TENANTS, "context_sensitive": [], "consequences": ["physical_harm"]}
    assessment = assess_facts(facts)
    assert assessment.outcome == BOTH
    assert any("physical harm" in reason.lower() for reason in assessment.reasons_for)


def test_as_dict_has_the_stable_keys() -> None:
    assessment = assess_facts(S1_SPREADSHEET)
    assert set(assessment.as_dict()) >= {
        "outcome",
        "borderline",
        "reasons_for",
        "reasons_against",
        "missing",
        "exemption",
        "enisa",
    }
    assert set(assessment.as_dict()["enisa"]) == {"score", "band", "dpc", "ei", "cb"}


def test_the_summary_says_when_it_is_borderline() -> None:
    assert "borderline" in assess_facts(S4_TENANTS).summary
    assert "borderline" not in assess_facts(S1_SPREADSHEET).summary
