"""The reports: gather an incident's record from the store and render it through the templates.

`ico_report` (the ICO form pack, md, txt or json), `breach_log` (the Art. 33(5) record) and
`register` (every incident, md or csv). The TUI and the CLI both call these. The values they
render (`ico_values`, `breach_log_values`, `register_values`) are also what the case file's
PDFs are typeset from (`reporting.case_file`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from datetime import datetime, tzinfo

from sqlite_utils import Database

from playbook.config import Config
from playbook.domain.breach_log import BreachLog, build_breach_log
from playbook.domain.citations import Authority, authority_for, citations_for
from playbook.domain.errors import Refused
from playbook.domain.gate import Audience
from playbook.domain.labels import counted, outcome_labels
from playbook.domain.reporting import (
    IcoForm,
    IncidentRecord,
    Organisation,
    RegisterRow,
    build_ico_form,
    register_authority,
    register_outcome,
    register_row,
)
from playbook.notify.notices import notice_summary
from playbook.render.environment import Renderer
from playbook.store.assessments import load_assessments, load_decisions
from playbook.store.containment import load_checklist
from playbook.store.deliveries import count_sent
from playbook.store.events import head_dict, head_line, heads_section, list_events
from playbook.store.facts import load_facts
from playbook.store.incidents import get_incident, list_incidents
from playbook.store.messages import load_messages, load_people, load_recipients

ICO_FORMATS = ("md", "txt", "json")
REGISTER_FORMATS = ("md", "csv")
APOLOGY_TEMPLATE = "apology"


def load_record(db: Database, incident_id: str, *, now: datetime) -> IncidentRecord:
    """Everything the reports need about one incident, read in one go."""
    incident = get_incident(db, incident_id)
    return IncidentRecord(
        incident=incident,
        facts=load_facts(db, incident.id),
        assessments=load_assessments(db, incident.id),
        decisions=load_decisions(db, incident.id),
        messages=load_messages(db, incident.id),
        recipients=load_recipients(db, incident.id),
        checklist=load_checklist(db, incident.id, now=now),
        apologies_sent=count_sent(db, incident.id, APOLOGY_TEMPLATE),
        notices=notice_summary(db, incident.id),
    )


def organisation_of(config: Config) -> Organisation:
    """The reporting organisation and its contacts, from the config."""
    return Organisation(
        name=config.organisation,
        ico_registration=config.ico_registration,
        sector=config.sector,
        address=config.address,
        reporter=config.responder,
        dpo_name=config.dpo.name,
        dpo_email=config.dpo.email,
        dpo_phone=config.dpo.phone,
    )


def ico_values(
    db: Database, incident_id: str, *, config: Config, now: datetime, local_zone: tzinfo
) -> tuple[IncidentRecord, IcoForm]:
    """The incident's record and its ICO form, checked to name none of the people."""
    record = load_record(db, incident_id, now=now)
    return record, _ico_form(db, record, config, now, local_zone)


def is_processor(record: IncidentRecord) -> bool:
    """Whether the organisation was the processor: it tells its controller, not the authority."""
    role = record.facts.get("role")
    return role is not None and role.value == "processor"


def ico_report(
    db: Database,
    incident_id: str,
    *,
    renderer: Renderer,
    config: Config,
    now: datetime,
    fmt: str = "md",
) -> str:
    """The ICO report pack; refuses to give one that would show an affected person's details."""
    if fmt not in ICO_FORMATS:
        raise Refused(
            f"The ICO report comes as {', '.join(ICO_FORMATS)}; choose one with --format."
        )
    record, form = ico_values(
        db, incident_id, config=config, now=now, local_zone=renderer.local_zone
    )
    if fmt == "json":
        head = {"timeline_head": head_dict(db, record.incident.id)}
        return json.dumps({**form.as_dict(), **head}, indent=2, ensure_ascii=False) + "\n"
    if is_processor(record):
        # A processor tells its controller, not the ICO: the notice replaces the form.
        latest = record.assessments[-1].assessment if record.assessments else None
        text = renderer.render(
            "controller_notice.txt.j2",
            form=form,
            provision=citations_for(record.incident.regime).processor,
            assessment_summary=latest.summary if latest else "",
        )
    else:
        text = renderer.render(f"ico_report.{fmt}.j2", form=form)
    return text + head_line(db, record.incident.id)


def breach_log_values(
    db: Database, incident_id: str, *, config: Config, now: datetime, local_zone: tzinfo
) -> tuple[IncidentRecord, BreachLog]:
    """The incident's record and the values of its Art. 33(5) log."""
    record = load_record(db, incident_id, now=now)
    form = build_ico_form(
        record,
        organisation_of(config),
        now=now,
        local_zone=local_zone,
        supervisory_authority=config.supervisory_authority,
    )
    return record, build_breach_log(record, form, list_events(db, record.incident.id))


def breach_log(
    db: Database, incident_id: str, *, renderer: Renderer, config: Config, now: datetime
) -> str:
    """The Art. 33(5) record of one incident (internal: it lists the recipients)."""
    record, log = breach_log_values(
        db, incident_id, config=config, now=now, local_zone=renderer.local_zone
    )
    text = renderer.render(
        "breach_log.md.j2",
        incident=record.incident,
        log=log,
        recipients=list(record.recipients),
        checklist=list(record.checklist),
        assessments=list(record.assessments),
        outcome_labels=outcome_labels(log.form.authority.name),
    )
    return text + head_line(db, record.incident.id)


@dataclass(frozen=True)
class RegisterValues:
    """The register's rows, each row's outcome as it reads (by id), and who they reported to."""

    rows: tuple[RegisterRow, ...]
    outcomes: dict[str, str]
    authority: Authority


def register_values(
    db: Database, *, config: Config, now: datetime, local_zone: tzinfo
) -> RegisterValues:
    """Every incident, one row each, newest first."""
    incidents = list_incidents(db)
    rows = tuple(
        register_row(
            IncidentRecord(
                incident=incident,
                facts=load_facts(db, incident.id),
                assessments=load_assessments(db, incident.id)[-1:],
                decisions=load_decisions(db, incident.id),
            ),
            now=now,
            local_zone=local_zone,
        )
        for incident in incidents
    )
    authority = register_authority(
        [incident.regime for incident in incidents], config.supervisory_authority
    )
    # Each outcome names its own incident's authority, even when the heading says "Regulator".
    outcomes = {
        row.id: register_outcome(
            row, outcome_labels(authority_for(incident.regime, config.supervisory_authority).name)
        )
        for row, incident in zip(rows, incidents, strict=True)
    }
    return RegisterValues(rows, outcomes, authority)


def register(
    db: Database, *, renderer: Renderer, config: Config, now: datetime, fmt: str = "md"
) -> str:
    """Every incident, one row each, newest first."""
    if fmt not in REGISTER_FORMATS:
        raise Refused(
            f"The register comes as {', '.join(REGISTER_FORMATS)}; choose one with --format."
        )
    values = register_values(db, config=config, now=now, local_zone=renderer.local_zone)
    if fmt == "md":
        text = renderer.render(
            "register.md.j2",
            rows=list(values.rows),
            outcomes=values.outcomes,
            authority=values.authority,
            outcome_labels=outcome_labels(values.authority.name),
        )
        return text + heads_section(db, [row.id for row in values.rows])
    buffer = io.StringIO()
    columns = [field.name for field in fields(RegisterRow)]
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(asdict(row) for row in values.rows)
    return buffer.getvalue()


def authority_unnamed(db: Database, config: Config, incident_id: str | None = None) -> bool:
    """Whether a report (of one incident, or the register) goes to an EU supervisory authority
    the config does not name (config `supervisory_authority`)."""
    if config.supervisory_authority.strip():
        return False
    incidents = [get_incident(db, incident_id)] if incident_id else list_incidents(db)
    return any(authority_for(incident.regime).unnamed for incident in incidents)


def _ico_form(
    db: Database, record: IncidentRecord, config: Config, now: datetime, local_zone: tzinfo
) -> IcoForm:
    """Build the form, then check it names nobody the breach was about or reached."""
    entries = people_entries(db, record)
    form = build_ico_form(
        record,
        organisation_of(config),
        now=now,
        local_zone=local_zone,
        withheld=[name for _, name in entries if name],
        supervisory_authority=config.supervisory_authority,
    )
    refuse_people_in(
        entries, record, config, form.as_dict(), f"The report to {form.authority.name}"
    )
    return form


def refuse_people_in(
    people: Sequence[tuple[str, str]],
    record: IncidentRecord,
    config: Config,
    values: object,
    report: str,
) -> None:
    """Refuse `report` (its `values` as JSON) if it shows the name or address of any of
    `people` (`people_entries`: everyone the message was about or reached); the organisation's
    own details may appear."""
    public = [value for value in asdict(organisation_of(config)).values() if value]
    text = json.dumps(values, ensure_ascii=False, default=str)
    audience = Audience(people, public)
    addresses, names = audience.strangers_in([text], "", "")
    if addresses or names:
        raise Refused(
            f"{report} of {record.incident.id} would show "
            f"{counted(addresses + names, 'name or address', 'names or addresses')} "
            "of people the message was about or reached (in the title, the reporter "
            "or a decision's reasons); reword them, then make the report again."
        )


def people_entries(db: Database, record: IncidentRecord) -> list[tuple[str, str]]:
    """The address and name of everyone the message was about or reached."""
    entries = [(person.email, person.name) for person in load_people(db, record.incident.id)]
    return entries + [(recipient.address, recipient.name) for recipient in record.recipients]
