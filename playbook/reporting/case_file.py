"""The case file as PDF: the ICO report pack, the breach log and the register, typeset.

Each PDF is laid out by a typst layout (`templates/ico_report.typ`, `breach_log.typ`,
`register.typ`, all sharing the page of `case_file.typ`) from the same values the Markdown
reports render (`reporting.reports`); this module only turns those values into plain data,
with every time written in the configured zone. Each page carries the incident id (or "Breach
register"), the date of the report and "Page X of Y"; each report ends, like the Markdown, with
the timeline head of each incident it shows, so a printed copy can be held against the log.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from sqlite_utils import Database

from playbook.config import Config
from playbook.domain.breach_log import AssessmentLine, BreachLog, DecisionLine
from playbook.domain.citations import Authority
from playbook.domain.clock import format_local
from playbook.domain.errors import Refused
from playbook.domain.incident import Event, Recipient
from playbook.domain.reporting import IncidentRecord
from playbook.render.pdf import Typesetter
from playbook.reporting.reports import (
    breach_log_values,
    ico_values,
    is_processor,
    register_values,
)
from playbook.store.events import head_dict

REGISTER_ID = "Breach register"
JsonObject = dict[str, object]


def ico_report_pdf(
    db: Database,
    incident_id: str,
    *,
    typesetter: Typesetter,
    config: Config,
    now: datetime,
    local_zone: tzinfo,
) -> bytes:
    """The ICO report pack (under the EU GDPR, the supervisory authority's) as PDF; it names
    none of the people, as the Markdown does not."""
    record, form = ico_values(db, incident_id, config=config, now=now, local_zone=local_zone)
    if is_processor(record):
        raise Refused(
            f"{record.incident.id} was handled as the processor, which tells its controller "
            f"rather than {form.authority.name}; `playbook report {record.incident.id} ico` "
            "prints that notice."
        )
    page = _page(record.incident.id, form.title, now, local_zone)
    return typesetter.typeset(
        "ico_report.typ",
        {
            "page": page,
            "authority": _authority(form.authority),
            "form": form.as_dict(),
            "heads": _heads(db, [record.incident.id]),
        },
    )


def breach_log_pdf(
    db: Database,
    incident_id: str,
    *,
    typesetter: Typesetter,
    config: Config,
    now: datetime,
    local_zone: tzinfo,
) -> bytes:
    """The Art. 33(5) record of one incident as PDF (internal: it lists the recipients)."""
    record, log = breach_log_values(db, incident_id, config=config, now=now, local_zone=local_zone)
    page = _page(record.incident.id, f"Breach log: {record.incident.id}", now, local_zone)
    data = {
        "page": page,
        **_breach_log_data(record, log, local_zone),
        "heads": _heads(db, [record.incident.id]),
    }
    return typesetter.typeset("breach_log.typ", data)


def register_pdf(
    db: Database, *, typesetter: Typesetter, config: Config, now: datetime, local_zone: tzinfo
) -> bytes:
    """Every incident, one row each, newest first, as PDF."""
    values = register_values(db, config=config, now=now, local_zone=local_zone)
    rows = [
        {
            "id": row.id,
            "title": row.title,
            "status": row.status,
            "aware_at": row.aware_at,
            "clock": row.clock,
            "outcome": values.outcomes[row.id],
            "authority": row.ico or "-",
            "individuals": row.individuals or "-",
            "people": row.people or "-",
            "reference": row.reference or "-",
        }
        for row in values.rows
    ]
    page = _page(REGISTER_ID, REGISTER_ID, now, local_zone)
    data = {
        "page": page,
        "authority": _authority(values.authority),
        "rows": rows,
        "heads": _heads(db, [row.id for row in values.rows]),
    }
    return typesetter.typeset("register.typ", data)


def _page(running_head: str, title: str, now: datetime, local_zone: tzinfo) -> JsonObject:
    """What every page shows: the incident id (or the register), the title and the date."""
    return {"id": running_head, "title": title, "date": format_local(now, local_zone)}


def _heads(db: Database, incident_ids: Sequence[str]) -> list[JsonObject]:
    """Each incident's timeline head: the seq and hash of its last event."""
    return [{"id": incident_id, **head_dict(db, incident_id)} for incident_id in incident_ids]


def _authority(authority: Authority) -> JsonObject:
    return {
        "name": authority.name,
        "title": authority.title,
        "short": authority.short,
        "heading": authority.heading,
    }


def _when(moment: datetime | None, local_zone: tzinfo) -> str:
    return format_local(moment, local_zone) if moment else ""


def _breach_log_data(record: IncidentRecord, log: BreachLog, local_zone: tzinfo) -> JsonObject:
    incident = record.incident
    form = log.form
    return {
        "authority": _authority(form.authority),
        "incident": {
            "id": incident.id,
            "title": incident.title,
            "status": incident.status,
            "reporter": incident.reporter or "not yet known",
        },
        "form": form.as_dict(),
        "log": {
            "regime": log.regime,
            "record_provision": log.record_provision,
            "deadline": format_local(log.deadline, local_zone),
            "root_cause": log.root_cause,
            "breach_types": log.breach_types,
            "data_categories": list(log.data_categories),
            "subject_categories": list(log.subject_categories),
            "deletion_summary": list(log.deletion_summary),
            "closing": list(log.closing),
        },
        "recipients": [_recipient(recipient, local_zone) for recipient in record.recipients],
        "checklist": [
            {
                "title": item.title,
                "state": item.state,
                "at": _when(item.at, local_zone),
                "by": item.by,
            }
            for item in record.checklist
        ],
        "facts": [
            {
                "key": fact.key,
                "value": fact.value,
                "source": fact.source,
                "set_by": fact.set_by,
                "set_at": format_local(fact.set_at, local_zone),
            }
            for fact in log.facts
        ],
        "assessments": [_assessment(line, log, local_zone) for line in log.assessments],
        "decisions": [_decision(line, log, local_zone) for line in log.decisions],
        "events": _events(log.events, local_zone),
    }


def _recipient(recipient: Recipient, local_zone: tzinfo) -> JsonObject:
    return {
        "address": recipient.address,
        "field": recipient.field,
        "kind": recipient.kind,
        "trust": recipient.trust,
        "status": recipient.status,
        "how": recipient.how or "",
        "since": _when(recipient.status_at, local_zone),
    }


def _assessment(line: AssessmentLine, log: BreachLog, local_zone: tzinfo) -> JsonObject:
    stored = line.stored
    assessment = stored.assessment
    exemptions = dict(log.exemption_labels)
    return {
        "heading": line.heading,
        "at": format_local(stored.at, local_zone),
        "by": stored.by,
        "summary": assessment.summary,
        "enisa": line.enisa,
        "exemption": exemptions[assessment.exemption] if assessment.exemption else "",
        "reasons_for": list(assessment.reasons_for),
        "reasons_against": list(assessment.reasons_against),
    }


def _decision(line: DecisionLine, log: BreachLog, local_zone: tzinfo) -> JsonObject:
    decision = line.decision
    exemptions = dict(log.exemption_labels)
    restrictions = dict(log.restriction_labels)
    return {
        "number": decision.number,
        "about": line.about,
        "answer": "yes" if decision.notify else "no",
        "by": decision.by,
        "at": _when(decision.at, local_zone),
        "why": decision.why,
        "against_recommendation": bool(decision.against_recommendation),
        "exemption": exemptions[decision.exemption] if decision.exemption else "",
        "restriction": restrictions[decision.restriction] if decision.restriction else "",
        "restriction_review": decision.restriction_review,
        "phase": decision.phase,
        "reference": decision.reference,
        "late": line.late,
        "late_reason": decision.late_reason or "none recorded",
    }


def _events(events: Sequence[Event], local_zone: tzinfo) -> list[JsonObject]:
    return [
        {
            "seq": event.seq,
            "at": format_local(event.at, local_zone),
            "author": event.author,
            "kind": event.kind,
        }
        for event in events
    ]
