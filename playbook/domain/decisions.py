"""Decisions: what the people in charge decided about the ICO and the individuals, and the rules.

The app recommends; the responder decides; both are recorded. A decision against the latest
recommendation is allowed and marked as such. Past the 72 hours, notifying the ICO needs the
reasons for the delay (Art. 33(1)); an Art. 34(3) exemption is a ground for not telling people.
Under the DPA 2018 Part 3 the same rules come from s.67 and s.68, and the decision about the
people may record a s.68(7) restriction (delaying, restricting or omitting what they are told)
with its ground and the date it is to be reviewed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from playbook.domain.citations import RESTRICTION_GROUNDS, Citations, citations_for
from playbook.domain.clock import deadline_for
from playbook.domain.errors import Refused
from playbook.domain.risk import EXEMPTIONS, Assessment

ABOUT = ("ico", "individuals")
PHASES = ("initial", "follow-up")


@dataclass(frozen=True)
class Decision:
    """One decision about the ICO or the individuals: yes or no, by whom, when and why.

    `against_recommendation` is None when there was no assessment to go against.
    """

    about: str
    notify: bool
    why: str
    by: str
    at: datetime | None = None
    exemption: str | None = None
    late_reason: str = ""
    reference: str = ""
    phase: str = ""
    against_recommendation: bool | None = None
    number: int = 0
    restriction: str | None = None  # the s.68(7) ground, a to e (Part 3 only)
    restriction_review: str = ""  # when the restriction is next reviewed (YYYY-MM-DD)

    def as_dict(self) -> dict[str, object]:
        """The stable JSON keys of a decision (times left to the caller)."""
        return {
            "number": self.number,
            "about": self.about,
            "notify": self.notify,
            "why": self.why,
            "by": self.by,
            "exemption": self.exemption,
            "late_reason": self.late_reason,
            "reference": self.reference,
            "phase": self.phase,
            "against_recommendation": self.against_recommendation,
            "restriction": self.restriction,
            "restriction_review": self.restriction_review,
        }


def check_decision(
    decision: Decision,
    *,
    aware_at: datetime,
    now: datetime,
    assessment: Assessment | None,
    regime: str = "uk_gdpr",
) -> Decision:
    """Apply the rules to a decision being made at `now`; return it completed, or refuse.

    The returned decision carries its time, its phase (ICO notifications default to initial)
    and whether it goes against the latest assessment's recommendation.
    """
    law = citations_for(regime)
    if decision.about not in ABOUT:
        raise Refused("A decision is about the ico or the individuals.")
    if not decision.why.strip():
        raise Refused(f"Say why with --why: {law.record} requires the reasons for every decision.")
    if not decision.by.strip():
        raise Refused("Say who decided with --by: a decision needs a named person.")
    if decision.about == "ico":
        if decision.restriction or decision.restriction_review:
            raise Refused(
                "A s.68(7) restriction limits what the people are told; "
                "use it with `decide ID individuals`."
            )
        decision = _check_ico(decision, aware_at=aware_at, now=now, law=law)
    else:
        _check_individuals(decision, law)
        decision = _check_restriction(decision, regime)
    return replace(
        decision,
        why=decision.why.strip(),
        by=decision.by.strip(),
        at=now,
        against_recommendation=against_recommendation(decision, assessment),
    )


def against_recommendation(decision: Decision, assessment: Assessment | None) -> bool | None:
    """True when the decision matches neither the outcome nor a borderline case's alternative."""
    if assessment is None:
        return None
    if decision.about == "ico":
        fitting = (
            ("notify_ico", "notify_ico_and_individuals") if decision.notify else ("record_only",)
        )
    else:
        fitting = (
            ("notify_ico_and_individuals",) if decision.notify else ("record_only", "notify_ico")
        )
    return not any(assessment.supports(outcome) for outcome in fitting)


def recommended_answer(about: str, outcome: str) -> bool:
    """The answer an assessment's outcome recommends: tell the ICO unless it is record only;
    tell the people only when the outcome says so."""
    if about == "ico":
        return outcome != "record_only"
    return outcome == "notify_ico_and_individuals"


def is_late(aware_at: datetime, at: datetime) -> bool:
    """True when `at` is past the 72 hours that began at `aware_at`."""
    return at > deadline_for(aware_at)


def _check_ico(
    decision: Decision, *, aware_at: datetime, now: datetime, law: Citations
) -> Decision:
    if decision.exemption:
        raise Refused(
            f"An {law.exemption} exemption is a ground for not telling the individuals; "
            "use it with `decide ID individuals no`."
        )
    if not decision.notify:
        if decision.reference or decision.phase or decision.late_reason:
            raise Refused(
                "--reference, --phase and --late-reason describe a notification; "
                "use them with `decide ID ico yes`."
            )
        return decision
    phase = decision.phase or "initial"
    if phase not in PHASES:
        raise Refused(f"The phase must be one of {', '.join(PHASES)}.")
    if phase == "follow-up" and not decision.reference.strip():
        raise Refused(
            f"A follow-up must quote the {law.authority.short} case reference ({law.phases}); "
            "give it with --reference."
        )
    if is_late(aware_at, now) and not decision.late_reason.strip():
        raise Refused(
            f"The 72 hours have passed, so notifying {law.authority.name} must give the reasons "
            f"for the delay ({law.late}); give them with --late-reason."
        )
    return replace(
        decision,
        phase=phase,
        reference=decision.reference.strip(),
        late_reason=decision.late_reason.strip(),
    )


def _check_individuals(decision: Decision, law: Citations) -> None:
    if decision.reference or decision.phase or decision.late_reason:
        raise Refused(
            f"--reference, --phase and --late-reason belong to the {law.authority.short} "
            "decision; use them with `decide ID ico yes`."
        )
    if decision.exemption is None:
        return
    if decision.exemption not in EXEMPTIONS:
        raise Refused(f"The exemption must be a, b or c ({law.exemption}).")
    if decision.notify:
        raise Refused(
            "An exemption is a ground for not telling the individuals; "
            "decide `individuals no` to rely on it."
        )


def _check_restriction(decision: Decision, regime: str) -> Decision:
    if not decision.restriction:
        if decision.restriction_review:
            raise Refused("--review dates a s.68(7) restriction; give its ground with --restrict.")
        return decision
    if regime != "dpa2018_part3":
        raise Refused(
            "A s.68(7) restriction applies only to law-enforcement processing (DPA 2018 Part 3); "
            "this incident is under the UK GDPR."
        )
    if decision.restriction not in RESTRICTION_GROUNDS:
        raise Refused(f"The s.68(7) ground must be one of {', '.join(RESTRICTION_GROUNDS)}.")
    review = decision.restriction_review.strip()
    if not review:
        raise Refused(
            "A s.68(7) restriction lasts only as long as it is necessary: give the date it is "
            "to be reviewed with --review YYYY-MM-DD."
        )
    try:
        date.fromisoformat(review)
    except ValueError:
        raise Refused(f"--review takes a date as YYYY-MM-DD (got '{review}').") from None
    return replace(decision, restriction_review=review)
