"""Decision rules: why and who required, reasons for delay past 72 hours, exemptions, marking."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from playbook.domain.decisions import Decision, against_recommendation, check_decision, is_late
from playbook.domain.errors import Refused
from playbook.domain.risk import assess_facts
from tests.domain.incident_facts import S1_SPREADSHEET, S3_CONTRACTOR, S4_TENANTS

AWARE = datetime(2026, 10, 24, 9, 0, tzinfo=UTC)
IN_TIME = AWARE + timedelta(hours=71, minutes=59)
LATE = AWARE + timedelta(hours=72, seconds=1)
S1 = assess_facts(S1_SPREADSHEET)  # ICO and individuals, not borderline
S3 = assess_facts(S3_CONTRACTOR)  # ICO, borderline with record only
S4 = assess_facts(S4_TENANTS)  # ICO, borderline with telling the individuals


def ico(notify: bool = True, **changes) -> Decision:
    return Decision(**{"about": "ico", "notify": notify, "why": "Many.", "by": "Dana", **changes})


def individuals(notify: bool = True, **changes) -> Decision:
    return Decision(
        **{"about": "individuals", "notify": notify, "why": "High.", "by": "Dana", **changes}
    )


def check(decision: Decision, *, now: datetime = IN_TIME, assessment=S1) -> Decision:
    return check_decision(decision, aware_at=AWARE, now=now, assessment=assessment)


def test_a_decision_is_completed_with_its_time_and_phase() -> None:
    decided = check(ico(why="  Hundreds exposed.  ", reference=" IC-123 "))
    assert decided.at == IN_TIME
    assert decided.phase == "initial"
    assert decided.why == "Hundreds exposed."
    assert decided.reference == "IC-123"
    assert decided.against_recommendation is False


@pytest.mark.parametrize(
    ("decision", "sentence"),
    [
        pytest.param(ico(why="  "), "Say why with --why", id="why is required"),
        pytest.param(ico(by=""), "Say who decided with --by", id="who is required"),
        pytest.param(
            ico(exemption="b"),
            "use it with `decide ID individuals no`",
            id="no exemption for the ICO",
        ),
        pytest.param(
            individuals(exemption="b"),
            "decide `individuals no`",
            id="an exemption means not telling",
        ),
        pytest.param(individuals(False, exemption="d"), "must be a, b or c", id="only a, b or c"),
        pytest.param(
            ico(phase="follow-up"),
            "quote the ICO case reference",
            id="a follow-up needs the reference",
        ),
        pytest.param(ico(phase="final"), "phase must be one of", id="only initial or follow-up"),
        pytest.param(
            ico(False, reference="IC-1"),
            "use them with `decide ID ico yes`",
            id="no reference for ico no",
        ),
        pytest.param(
            individuals(late_reason="busy"),
            "belong to the ICO decision",
            id="delay reasons are the ICO's",
        ),
        pytest.param(
            Decision("press", True, "x", "y"), "ico or the individuals", id="ico or individuals"
        ),
    ],
)
def test_refusals_say_what_to_do(decision: Decision, sentence: str) -> None:
    with pytest.raises(Refused, match=sentence.replace("(", r"\(").replace(")", r"\)")):
        check(decision)


def test_past_72_hours_notifying_the_ico_needs_the_reasons_for_delay() -> None:
    with pytest.raises(Refused, match="--late-reason"):
        check(ico(), now=LATE)
    decided = check(ico(late_reason="The report reached the DPO on Monday."), now=LATE)
    assert decided.late_reason == "The report reached the DPO on Monday."
    assert check(ico(), now=IN_TIME).late_reason == ""
    # Deciding not to notify needs no reasons for delay, late or not.
    assert check(ico(False), now=LATE, assessment=S3).notify is False


def test_lateness_counts_elapsed_hours() -> None:
    assert not is_late(AWARE, AWARE + timedelta(hours=72))
    assert is_late(AWARE, AWARE + timedelta(hours=72, seconds=1))


def test_an_exemption_is_kept_with_a_decision_not_to_tell() -> None:
    decided = check(individuals(False, exemption="c"))
    assert decided.exemption == "c"
    assert decided.against_recommendation is True  # S1 recommends telling them


@pytest.mark.parametrize(
    ("decision", "assessment", "against"),
    [
        pytest.param(ico(True), S1, False, id="S1 ico yes follows"),
        pytest.param(ico(False), S1, True, id="S1 ico no goes against"),
        pytest.param(individuals(True), S1, False, id="S1 individuals yes follows"),
        pytest.param(individuals(False), S1, True, id="S1 individuals no goes against"),
        pytest.param(ico(True), S3, False, id="S3 borderline: ico yes follows the outcome"),
        pytest.param(ico(False), S3, False, id="S3 borderline: ico no follows the alternative"),
        pytest.param(individuals(True), S3, True, id="S3 individuals yes goes against"),
        pytest.param(individuals(False), S4, False, id="S4 borderline: individuals no follows"),
        pytest.param(individuals(True), S4, False, id="S4 borderline: individuals yes follows"),
        pytest.param(ico(False), S4, True, id="S4 ico no goes against"),
        pytest.param(ico(False), None, None, id="no assessment: nothing to go against"),
    ],
)
def test_against_recommendation(decision: Decision, assessment, against: bool | None) -> None:
    assert against_recommendation(decision, assessment) is against
    assert check(decision, assessment=assessment).against_recommendation is against


def test_a_part_3_decision_about_the_people_keeps_its_s68_7_restriction_and_review() -> None:
    decided = check_decision(
        individuals(True, restriction="b", restriction_review="2026-11-30"),
        aware_at=AWARE,
        now=IN_TIME,
        assessment=S1,
        regime="dpa2018_part3",
    )
    assert (decided.restriction, decided.restriction_review) == ("b", "2026-11-30")
    assert decided.as_dict()["restriction"] == "b"


@pytest.mark.parametrize(
    "decision, regime, sentence",
    [
        (
            individuals(False, restriction="a", restriction_review="2026-11-30"),
            "uk_gdpr",
            "applies only to law-enforcement processing",
        ),
        (
            individuals(False, restriction="a"),
            "dpa2018_part3",
            "give the date it is to be reviewed",
        ),
        (
            individuals(False, restriction="a", restriction_review="soon"),
            "dpa2018_part3",
            "--review takes a date as YYYY-MM-DD",
        ),
        (
            individuals(False, restriction="z", restriction_review="2026-11-30"),
            "dpa2018_part3",
            "must be one of a, b, c, d, e",
        ),
        (ico(True, restriction="a"), "dpa2018_part3", "use it with `decide ID individuals`"),
        (individuals(False, restriction_review="2026-11-30"), "dpa2018_part3", "--restrict"),
    ],
)
def test_a_restriction_is_refused_where_it_does_not_belong(decision, regime, sentence) -> None:
    with pytest.raises(Refused, match=re.escape(sentence)):
        check_decision(decision, aware_at=AWARE, now=IN_TIME, assessment=S1, regime=regime)


def test_part_3_refusals_cite_section_67() -> None:
    with pytest.raises(Refused, match=re.escape("(s.67(3))")):
        check_decision(ico(True), aware_at=AWARE, now=LATE, assessment=S1, regime="dpa2018_part3")
    with pytest.raises(Refused, match=re.escape("s.67(6) requires the reasons")):
        check_decision(
            ico(True, why=" "), aware_at=AWARE, now=IN_TIME, assessment=S1, regime="dpa2018_part3"
        )


def test_the_recommended_answer_follows_the_outcome():
    from playbook.domain.decisions import recommended_answer

    assert recommended_answer("ico", "notify_ico") is True
    assert recommended_answer("ico", "record_only") is False
    assert recommended_answer("individuals", "notify_ico") is False
    assert recommended_answer("individuals", "notify_ico_and_individuals") is True
