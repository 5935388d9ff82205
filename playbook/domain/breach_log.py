"""The record of every breach (Art. 33(5); s.67(6) under Part 3), domain.md §7: its values. Pure.

The breach log documents every breach, notified or not: the facts, their effects, what was done,
and the reasons for each decision (above all a decision not to notify, and any delay).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from playbook.domain.citations import RESTRICTION_GROUNDS, citations_for, exemption_label
from playbook.domain.clock import deadline_for
from playbook.domain.decisions import Decision, is_late
from playbook.domain.facts import SPECIAL_CATEGORIES, fact_words
from playbook.domain.incident import Event
from playbook.domain.labels import CATEGORY_LABELS, SUBJECT_LABELS, fact_text, outcome_labels
from playbook.domain.reporting import (
    NOT_YET_KNOWN,
    IcoForm,
    IncidentRecord,
    deletion_summary,
)
from playbook.domain.risk import StoredAssessment

REGIME_LABELS = {
    "uk_gdpr": "UK GDPR (Arts. 33 and 34)",
    "dpa2018_part3": "Data Protection Act 2018 Part 3 (ss. 67 and 68)",
    "eu_gdpr": "GDPR (Arts. 33 and 34)",
}
_VULNERABLE = ("children", "vulnerable_adults")


@dataclass(frozen=True)
class FactLine:
    """One fact as the log shows it: value, whether detected or confirmed, by whom and when."""

    key: str
    value: str
    source: str
    set_by: str
    set_at: datetime


@dataclass(frozen=True)
class DecisionLine:
    """One decision with what the log must say about it: what it was about ("notify the ICO",
    "tell the individuals") and whether it notified the authority late."""

    decision: Decision
    late: bool
    about: str = ""


@dataclass(frozen=True)
class AssessmentLine:
    """One assessment as the log heads it, with its ENISA score written out."""

    stored: StoredAssessment
    heading: str
    enisa: str


@dataclass(frozen=True)
class BreachLog:
    """The computed values of the breach record; the domain objects come alongside.

    `exemption_labels` and `restriction_labels` are (ground, words) in the incident's law.
    """

    form: IcoForm
    regime: str
    deadline: datetime
    root_cause: str
    breach_types: str
    data_categories: tuple[str, ...]
    subject_categories: tuple[str, ...]
    deletion_summary: tuple[str, ...]
    facts: tuple[FactLine, ...]
    decisions: tuple[DecisionLine, ...]
    events: tuple[Event, ...]
    closing: tuple[str, ...] = ()  # the lessons learned and what was open, once closed
    record_provision: str = "Art. 33(5)"
    exemption_labels: tuple[tuple[str, str], ...] = ()
    restriction_labels: tuple[tuple[str, str], ...] = ()
    assessments: tuple[AssessmentLine, ...] = ()


def build_breach_log(record: IncidentRecord, form: IcoForm, events: Sequence[Event]) -> BreachLog:
    """The log's values for an incident, from its record, its ICO form and its timeline."""
    incident = record.incident
    facts = record.facts
    law = citations_for(incident.regime)
    outcomes = outcome_labels(form.authority.name)
    categories = facts["categories"].value if "categories" in facts else None
    subjects = facts["subjects"].value if "subjects" in facts else None
    return BreachLog(
        form=form,
        regime=REGIME_LABELS.get(incident.regime, incident.regime),
        deadline=deadline_for(incident.aware_at),
        root_cause=_root_cause(facts["malicious"].value if "malicious" in facts else None),
        breach_types=(
            fact_text(facts["breach_types"].value) if "breach_types" in facts else NOT_YET_KNOWN
        ),
        data_categories=_flagged(categories, CATEGORY_LABELS, SPECIAL_CATEGORIES, law.special),
        subject_categories=_flagged(subjects, SUBJECT_LABELS, _VULNERABLE, "vulnerable"),
        deletion_summary=deletion_summary(record.recipients),
        facts=tuple(
            FactLine(key, fact_text(fact.value), fact.source, fact.set_by, fact.set_at)
            for key, fact in sorted(facts.items())
        ),
        decisions=tuple(
            DecisionLine(
                decision,
                _late_notification(decision, incident.aware_at),
                f"notify {form.authority.name}"
                if decision.about == "ico"
                else "tell the individuals",
            )
            for decision in record.decisions
        ),
        events=tuple(events),
        closing=_closing(incident.status, events),
        record_provision=law.record,
        exemption_labels=tuple(
            (ground, exemption_label(ground, incident.regime)) for ground in ("a", "b", "c")
        ),
        restriction_labels=tuple(RESTRICTION_GROUNDS.items()),
        assessments=tuple(_assessment_line(stored, outcomes) for stored in record.assessments),
    )


def _assessment_line(stored: StoredAssessment, outcomes: dict[str, str]) -> AssessmentLine:
    assessment = stored.assessment
    heading = f"Assessment {stored.number}: {outcomes[assessment.outcome]}"
    if assessment.borderline and assessment.alternative:
        heading += f" (borderline: or {outcomes[assessment.alternative]})"
    enisa = assessment.enisa
    written = (
        f"{enisa.score} ({enisa.band}): DPC {enisa.dpc} x EI {enisa.ei} + CB {enisa.cb}"
        if enisa.score is not None
        else NOT_YET_KNOWN
    )
    return AssessmentLine(stored, heading, written)


def _closing(status: str, events: Sequence[Event]) -> tuple[str, ...]:
    """What the last closing recorded: the lessons learned, and what was still open then."""
    closings = [event for event in events if event.kind == "incident.closed"]
    if status != "closed" or not closings:
        return ()
    data = closings[-1].data
    lines = [f"Lessons learned: {data.get('lessons', '')}"]
    outstanding = data.get("outstanding", ())
    if isinstance(outstanding, list | tuple):
        lines += [f"Still open when it closed: {line}" for line in outstanding]
    return tuple(lines)


def _late_notification(decision: Decision, aware_at: datetime) -> bool:
    """An initial notification of the ICO past the 72 hours (follow-ups may come later)."""
    return (
        decision.about == "ico"
        and decision.notify
        and decision.phase != "follow-up"
        and decision.at is not None
        and is_late(aware_at, decision.at)
    )


def _root_cause(malicious: object) -> str:
    if malicious is True:
        return "A deliberate disclosure by email."
    if malicious is False:
        return "Human error: an email sent to the wrong people."
    return f"An email sent to the wrong people; whether it was deliberate is {NOT_YET_KNOWN}."


def _flagged(
    keys: object, labels: dict[str, str], flagged: Collection[str], flag: str
) -> tuple[str, ...]:
    if keys is None:
        return (NOT_YET_KNOWN,)
    return tuple(
        f"{labels.get(key, key)} ({flag})" if key in flagged else labels.get(key, key)
        for key in fact_words(keys)
    )
