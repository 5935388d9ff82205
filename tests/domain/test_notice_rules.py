"""The rules a notice record keeps, and how the counts read in the ICO report."""

from __future__ import annotations

import pytest

from playbook.domain.errors import Refused
from playbook.domain.gate import Audience
from playbook.domain.notices import (
    NoticeRecord,
    check_reason_names_nobody,
    checked_notice,
    summarise,
)
from playbook.domain.vocabulary import NoticeState
from tests.conftest import FIXED_NOW


def records(states: dict[NoticeState, int], reason: str = "") -> list[NoticeRecord]:
    made = []
    for state, count in states.items():
        for number in range(count):
            why = reason if state in (NoticeState.NOT_TOLD, NoticeState.NOT_REACHABLE) else ""
            made.append(NoticeRecord(f"{state}-{number}", state, why, "", "Sam", FIXED_NOW))
    return made


def test_the_states_are_the_five_words_of_the_contract():
    assert [state.value for state in NoticeState] == [
        "emailed",
        "posted",
        "phoned",
        "not_reachable",
        "not_told",
    ]


@pytest.mark.parametrize(
    ("state", "words"),
    [("not_told", "why this person was not told"), ("not_reachable", "what was tried")],
)
def test_not_told_and_not_reachable_need_a_reason(state, words):
    with pytest.raises(Refused, match=words):
        checked_notice("k", state, reason="  ", by="Sam", at=FIXED_NOW)
    record = checked_notice("k", state, reason=" moved away ", by="Sam", at=FIXED_NOW)
    assert record.reason == "moved away"


def test_a_phone_call_needs_its_note_and_an_unknown_state_is_refused():
    with pytest.raises(Refused, match="what was said on the call"):
        checked_notice("k", "phoned", by="Sam", at=FIXED_NOW)
    assert checked_notice("k", "phoned", note="Explained", by="Sam").note == "Explained"
    with pytest.raises(Refused, match="must be one of emailed, posted"):
        checked_notice("k", "texted", by="Sam", at=FIXED_NOW)


def test_a_reason_naming_someone_in_the_incident_is_refused():
    audience = Audience([("ann.archer@gmail.com", "Ann Archer")])
    for named in ("Ann Archer asked us not to", "wrote to ann.archer@gmail.com"):
        with pytest.raises(Refused, match="must name nobody"):
            check_reason_names_nobody(named, audience)
    check_reason_names_nobody("already aware: they reported it", audience)


def test_the_ico_answer_counts_each_way_of_telling_and_each_reason():
    summary = summarise(
        records(
            {
                NoticeState.EMAILED: 40,
                NoticeState.POSTED: 6,
                NoticeState.PHONED: 2,
                NoticeState.NOT_REACHABLE: 2,
                NoticeState.NOT_TOLD: 2,
            },
            reason="already aware: they reported it.",
        ),
        people=52,
    )
    assert summary.sentence() == (
        "Told 48 of 52 people: 40 by email, 6 by letter, 2 by phone; 2 not reachable; "
        "2 not told (reason: already aware: they reported it)."
    )


def test_people_without_a_record_and_several_reasons_are_said():
    summary = summarise(
        [
            NoticeRecord("a", NoticeState.NOT_TOLD, "already aware"),
            NoticeRecord("b", NoticeState.NOT_TOLD, "already aware"),
            NoticeRecord("c", NoticeState.NOT_TOLD, "deceased"),
            NoticeRecord("d", NoticeState.EMAILED),
        ],
        people=6,
    )
    assert summary.sentence() == (
        "Told 1 of 6 people: 1 by email; 3 not told (reasons: 2: already aware; 1: deceased); "
        "2 not yet recorded."
    )
    assert summary.count_line() == "emailed 1 · not told 3 · not recorded 2"
