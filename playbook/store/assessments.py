"""Assessments and decisions of an incident: numbered, never overwritten, each a timeline event."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from playbook.domain.citations import citations_for
from playbook.domain.decisions import Decision
from playbook.domain.enisa import EnisaScore
from playbook.domain.risk import Assessment, StoredAssessment, summary_for
from playbook.store.database import transaction
from playbook.store.events import append_event
from playbook.store.facts import load_facts
from playbook.store.incidents import get_incident
from playbook.store.values import (
    json_dict,
    json_list,
    json_text,
    stored_time,
    time_text,
    time_value,
)


def save_assessment(
    db: Database, incident_id: str, assessment: Assessment, *, author: str, at: datetime
) -> int:
    """Add an assessment (with a snapshot of the facts it was made from); return its number."""
    incident = get_incident(db, incident_id)
    with transaction(db):
        facts = {key: fact.value for key, fact in load_facts(db, incident.id).items()}
        number = _next_number(db, "assessments", incident.id)
        db.table("assessments").insert(
            {
                "incident_id": incident.id,
                "number": number,
                "at": time_text(at),
                "by": author,
                "outcome": assessment.outcome,
                "borderline": int(assessment.borderline),
                "reasons_for": json_text(list(assessment.reasons_for)),
                "reasons_against": json_text(list(assessment.reasons_against)),
                "missing": json_text(list(assessment.missing)),
                "exemption": assessment.exemption,
                "enisa": json_text(assessment.enisa.as_dict()),
                "alternative": assessment.alternative,
                "severity": assessment.severity,
                "likelihood": assessment.likelihood,
                "summary": assessment.summary,
                "regime": assessment.regime,
                "role": assessment.role,
                "facts": json_text(facts),
            }
        )
        append_event(
            db,
            incident.id,
            "assessment.saved",
            author=author,
            at=at,
            data={
                "number": number,
                "outcome": assessment.outcome,
                "borderline": assessment.borderline,
                "alternative": assessment.alternative,
                "exemption": assessment.exemption,
                "enisa": assessment.enisa.as_dict(),
            },
        )
    return number


def load_assessments(db: Database, incident_id: str) -> list[StoredAssessment]:
    """Every assessment of the incident, oldest first."""
    incident = get_incident(db, incident_id)
    rows = db["assessments"].rows_where("incident_id = ?", [incident.id], order_by="number")
    return [_stored_assessment(row) for row in rows]


def latest_assessment(db: Database, incident_id: str) -> StoredAssessment | None:
    """The incident's most recent assessment, or None before the first."""
    incident = get_incident(db, incident_id)
    rows = list(
        db["assessments"].rows_where(
            "incident_id = ?", [incident.id], order_by="number DESC", limit=1
        )
    )
    return _stored_assessment(rows[0]) if rows else None


def save_decision(
    db: Database, incident_id: str, decision: Decision, *, at: datetime, assessment: int | None
) -> Decision:
    """Add a decision, already checked against the rules, and log it with the number of the
    `assessment` it was checked against; return it as stored (numbered, at `at`)."""
    incident = get_incident(db, incident_id)
    with transaction(db):
        stored = replace(decision, number=_next_number(db, "decisions", incident.id), at=at)
        db.table("decisions").insert(
            {
                "incident_id": incident.id,
                "number": stored.number,
                "about": stored.about,
                "notify": int(stored.notify),
                "why": stored.why,
                "by": stored.by,
                "at": time_text(at),
                "exemption": stored.exemption,
                "late_reason": stored.late_reason,
                "reference": stored.reference,
                "phase": stored.phase,
                "against_recommendation": _int_or_none(stored.against_recommendation),
                "restriction": stored.restriction,
                "restriction_review": stored.restriction_review,
            }
        )
        append_event(
            db,
            incident.id,
            "decision.recorded",
            author=stored.by,
            at=at,
            data={**stored.as_dict(), "assessment": assessment},
        )
    return stored


def load_decisions(db: Database, incident_id: str) -> list[Decision]:
    """Every decision of the incident, oldest first."""
    incident = get_incident(db, incident_id)
    rows = db["decisions"].rows_where("incident_id = ?", [incident.id], order_by="number")
    return [
        Decision(
            about=row["about"],
            notify=bool(row["notify"]),
            why=row["why"] or "",
            by=row["by"] or "",
            at=time_value(row["at"]),
            exemption=row["exemption"] or None,
            late_reason=row["late_reason"] or "",
            reference=row["reference"] or "",
            phase=row["phase"] or "",
            against_recommendation=(
                None
                if row["against_recommendation"] is None
                else bool(row["against_recommendation"])
            ),
            number=row["number"],
            restriction=row.get("restriction") or None,
            restriction_review=row.get("restriction_review") or "",
        )
        for row in rows
    ]


def _stored_assessment(row: dict[str, Any]) -> StoredAssessment:
    enisa = json_dict(row["enisa"])
    assessment = Assessment(
        outcome=row["outcome"],
        borderline=bool(row["borderline"]),
        reasons_for=tuple(json_list(row["reasons_for"])),
        reasons_against=tuple(json_list(row["reasons_against"])),
        missing=tuple(json_list(row["missing"])),
        exemption=row["exemption"] or None,
        enisa=EnisaScore(
            score=enisa.get("score"),
            band=enisa.get("band"),
            dpc=enisa.get("dpc"),
            ei=enisa.get("ei", 0.0),
            cb=enisa.get("cb", 0.0),
        ),
        alternative=row.get("alternative") or None,
        severity=row.get("severity") or "",
        likelihood=row.get("likelihood") or "",
        # An assessment saved before summaries were stored reads with the plain sentence.
        summary=row.get("summary")
        or summary_for(
            row["outcome"], row.get("alternative") or None, citations_for(row.get("regime"))
        ),
        regime=row.get("regime") or "uk_gdpr",
        role=row.get("role") or "controller",
    )
    return StoredAssessment(
        number=row["number"],
        at=stored_time(row["at"]),
        by=row["by"] or "",
        assessment=assessment,
        facts=json_dict(row["facts"]),
    )


def _next_number(db: Database, table: str, incident_id: str) -> int:
    last = db.execute(
        f"SELECT MAX(number) FROM {table} WHERE incident_id = ?", [incident_id]
    ).fetchone()[0]
    return (last or 0) + 1


def _int_or_none(value: bool | None) -> int | None:
    return None if value is None else int(value)
