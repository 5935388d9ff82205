"""What the recorded decisions about the people allow in Notify."""

from __future__ import annotations

from datetime import UTC, datetime

from playbook.domain.decisions import Decision
from playbook.domain.notice_plan import PeopleNotice, plan_people_notice
from tests.conftest import LONDON

AT = datetime(2026, 10, 25, 12, 0, tzinfo=UTC)


def people(notify: bool, **more) -> Decision:
    return Decision(
        about="individuals", notify=notify, why="the reasons", by="The DPO", at=AT, **more
    )


def test_no_decision_leaves_apologies_open_while_it_is_weighed():
    plan = plan_people_notice([Decision(about="ico", notify=True, why="w", by="b", at=AT)], LONDON)
    assert plan.notice == PeopleNotice.UNDECIDED and plan.apologies_allowed


def test_the_latest_decision_rules():
    held = plan_people_notice([people(True), people(False)], LONDON)
    assert held.notice == PeopleNotice.HELD and not held.apologies_allowed
    assert "The DPO decided on 2026-10-25 12:00 GMT not to tell the people" in held.sentence
    changed = plan_people_notice([people(False), people(True)], LONDON)
    assert changed.notice == PeopleNotice.APOLOGIES and changed.apologies_allowed


def test_disproportionate_effort_calls_for_a_public_notice():
    plan = plan_people_notice([people(False, exemption="c")], LONDON)
    assert plan.notice == PeopleNotice.PUBLIC_NOTICE and not plan.apologies_allowed
    assert plan.why == "the reasons"


def test_a_restriction_holds_every_notice_until_a_decision_lifts_it():
    restricted = people(True, restriction="b", restriction_review="2026-11-30")
    held = plan_people_notice([restricted], LONDON)
    assert held.notice == PeopleNotice.HELD
    assert "s.68(7)(b)" in held.sentence and "2026-11-30" in held.sentence
    lifted = plan_people_notice([restricted, people(True)], LONDON)
    assert lifted.notice == PeopleNotice.APOLOGIES
