"""Properties of the engine over any facts (hypothesis): the directions the law gives.

More trust, confirmed deletion, encryption with the key withheld, or fewer people never raise
the outcome; more sensitive data, more people, a hostile recipient or publication never lower
it; no single person added turns "record only" into "tell the people".
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.domain.facts import CATEGORIES, CONSEQUENCES, CONTEXT_CATEGORIES, DELETION, SUBJECTS
from playbook.domain.risk import NEEDED_FOR_UNLIKELY, RUNGS, assess_facts

# Trust, from the least the organisation controls to the most.
TRUST_ORDER = ("unknown", "public", "trusted", "internal")

maybe_bool = st.one_of(st.none(), st.booleans())


def some_of(choices: tuple[str, ...]) -> st.SearchStrategy:
    return st.lists(st.sampled_from(choices), unique=True, max_size=4)


FACT_STRATEGIES = {
    "categories": some_of(CATEGORIES),
    "subjects": some_of(SUBJECTS),
    "people": st.integers(0, 20_000),
    "records": st.integers(0, 20_000),
    "recipients": st.integers(0, 500),
    "recipient_trust": st.sampled_from(TRUST_ORDER),
    "deletion": st.sampled_from(DELETION),
    "context_sensitive": some_of(CONTEXT_CATEGORIES),
    "fraud_enabling": st.booleans(),
    "encrypted": st.booleans(),
    "encryption_key": st.sampled_from(("withheld", "with_recipients", "unknown")),
    "malicious": st.booleans(),
    "forwarded": st.booleans(),
    "recall_resent": st.booleans(),
    "role": st.sampled_from(("controller", "processor")),
    "recipients_are_subjects": st.booleans(),
    "hostile_recipient": st.booleans(),
    "published": st.sampled_from(("no", "portal", "website")),
    "published_hours": st.integers(0, 1000),
    "unopened": st.booleans(),
    "already_known": st.booleans(),
    "consequences": some_of(CONSEQUENCES),
}
facts_strategy = st.fixed_dictionaries({}, optional=FACT_STRATEGIES)
# Every fact the engine needs for "record only" answered, so that outcome is reachable often.
answered_strategy = st.fixed_dictionaries(
    {key: FACT_STRATEGIES[key] for key in NEEDED_FOR_UNLIKELY},
    optional={
        key: value for key, value in FACT_STRATEGIES.items() if key not in NEEDED_FOR_UNLIKELY
    },
)


def rung(facts: dict) -> int:
    """Where the facts land on the ladder: 0 record only .. 6 tell the ICO and the people."""
    assessment = assess_facts(facts)
    return RUNGS.index((assessment.outcome, assessment.alternative))


@settings(max_examples=200)
@given(facts_strategy, st.sampled_from(TRUST_ORDER), st.sampled_from(TRUST_ORDER))
def test_more_trust_never_raises_the_outcome(facts, one, other) -> None:
    less, more = sorted((one, other), key=TRUST_ORDER.index)
    assert rung({**facts, "recipient_trust": more}) <= rung({**facts, "recipient_trust": less})


@settings(max_examples=200)
@given(facts_strategy, st.sampled_from(DELETION))
def test_confirmed_deletion_never_raises_the_outcome(facts, deletion) -> None:
    assert rung({**facts, "deletion": "confirmed"}) <= rung({**facts, "deletion": deletion})


@settings(max_examples=200)
@given(facts_strategy)
def test_encryption_with_the_key_withheld_never_raises_the_outcome(facts) -> None:
    protected = {**facts, "encrypted": True, "encryption_key": "withheld"}
    assert rung(protected) <= rung(facts)


@settings(max_examples=200)
@given(facts_strategy, st.integers(0, 20_000), st.integers(0, 20_000))
def test_fewer_people_never_raise_and_more_never_lower_the_outcome(facts, one, other) -> None:
    fewer, more = sorted((one, other))
    assert rung({**facts, "people": fewer}) <= rung({**facts, "people": more})


@settings(max_examples=200)
@given(facts_strategy, some_of(CATEGORIES), some_of(CONTEXT_CATEGORIES))
def test_more_sensitive_data_never_lowers_the_outcome(facts, categories, revealed) -> None:
    # (Unknown categories count as significant until answered, so compare known with known.)
    base = {
        **facts,
        "categories": facts.get("categories", []),
        "context_sensitive": facts.get("context_sensitive", []),
    }
    wider = {
        **base,
        "categories": sorted({*base["categories"], *categories}),
        "context_sensitive": sorted({*base["context_sensitive"], *revealed}),
    }
    assert rung(wider) >= rung(base)


@settings(max_examples=200)
@given(facts_strategy)
def test_a_hostile_recipient_never_lowers_the_outcome(facts) -> None:
    assert rung({**facts, "hostile_recipient": True}) >= rung({**facts, "hostile_recipient": False})


@settings(max_examples=200)
@given(facts_strategy, st.sampled_from(("portal", "website")))
def test_publication_never_lowers_the_outcome(facts, place) -> None:
    assert rung({**facts, "published": place}) >= rung({**facts, "published": "no"})


@settings(max_examples=200)
@given(answered_strategy, st.integers(0, 20_000))
def test_no_single_person_added_turns_record_only_into_telling_the_people(facts, people) -> None:
    before = assess_facts({**facts, "people": people})
    after = assess_facts({**facts, "people": people + 1})
    if before.outcome == "record_only":
        assert after.outcome != "notify_ico_and_individuals"


@settings(max_examples=200)
@given(answered_strategy, st.sampled_from(NEEDED_FOR_UNLIKELY))
def test_an_unknown_fact_never_counts_towards_record_only(facts, key) -> None:
    unanswered = {name: value for name, value in facts.items() if name != key}
    assert assess_facts(unanswered).outcome != "record_only"
