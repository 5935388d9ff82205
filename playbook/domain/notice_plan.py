"""What the recorded decisions allow in Notify: apologies, a public notice, or nothing yet.

The latest decision about the individuals rules. "Do not tell the people" holds every apology
back until a change of decision is recorded; the Art. 34(3)(c) exemption (telling each person
would take disproportionate effort) calls for a public notice instead of one message each; a
s.68(7) restriction (DPA 2018 Part 3) holds every notice back until a later decision lifts it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from enum import StrEnum

from playbook.domain.citations import RESTRICTION_GROUNDS
from playbook.domain.clock import format_local
from playbook.domain.decisions import Decision

PUBLIC_NOTICE_EXEMPTION = "c"


class PeopleNotice(StrEnum):
    """How the decisions say the people are to be told."""

    UNDECIDED = "undecided"  # no decision yet: apologies may be drafted while it is weighed
    APOLOGIES = "apologies"  # decided yes: one message to each person
    PUBLIC_NOTICE = "public_notice"  # Art. 34(3)(c): one public notice, no message each
    HELD = "held"  # decided no: nothing goes to the people


@dataclass(frozen=True)
class NoticePlan:
    """The decision's effect on Notify, and the sentence that says so."""

    notice: PeopleNotice
    sentence: str
    why: str = ""  # the decision's reasons, quoted by a public notice

    @property
    def apologies_allowed(self) -> bool:
        """True when one apology per person may be written."""
        return self.notice in (PeopleNotice.UNDECIDED, PeopleNotice.APOLOGIES)


UNDECIDED = NoticePlan(
    PeopleNotice.UNDECIDED,
    "No decision about telling the people is recorded yet (Decide, p); apologies can be drafted "
    "while it is weighed.",
)


def plan_people_notice(decisions: Sequence[Decision], local_zone: tzinfo) -> NoticePlan:
    """What the latest decision about the individuals allows."""
    about_people = [decision for decision in decisions if decision.about == "individuals"]
    if not about_people:
        return UNDECIDED
    latest = about_people[-1]
    when = format_local(latest.at, local_zone) if latest.at else "an unknown time"
    if latest.restriction:
        return NoticePlan(
            PeopleNotice.HELD,
            f"{latest.by} restricted on {when} what the people are told "
            f"({RESTRICTION_GROUNDS.get(latest.restriction, latest.restriction)}), to be "
            f"reviewed on {latest.restriction_review}; no notice goes out until a decision "
            "lifts it (Decide, p).",
        )
    if latest.notify:
        return NoticePlan(
            PeopleNotice.APOLOGIES, f"{latest.by} decided on {when} to tell the people."
        )
    if latest.exemption == PUBLIC_NOTICE_EXEMPTION:
        return NoticePlan(
            PeopleNotice.PUBLIC_NOTICE,
            f"{latest.by} decided on {when} not to write to each person, relying on Art. "
            "34(3)(c): publish a public notice instead (the public-notice template); no apology "
            "is written unless a change of decision is recorded.",
            why=latest.why,
        )
    return NoticePlan(
        PeopleNotice.HELD,
        f"{latest.by} decided on {when} not to tell the people ({latest.why}); no apology is "
        "written unless a change of decision is recorded (Decide, p).",
    )
