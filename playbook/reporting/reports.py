"""The reports: gather an incident's record from the store and render it through the templates.

`ico_report` (the ICO form pack, md, txt or json), `breach_log` (the Art. 33(5) record) and
`register` (every incident, md or csv). The TUI and the CLI both call these.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, fields
from datetime import datetime, tzinfo

from sqlite_utils import Database

from playbook.config import Config
from playbook.domain.breach_log import build_breach_log
from playbook.domain.citations import citations_for
from playbook.domain.errors import Refused
from playbook.domain.gate import Audience
from playbook.domain.labels import OUTCOME_LABELS, counted
from playbook.domain.reporting import (
    IcoForm,
    IncidentRecord,
    Organisation,
    RegisterRow,
    build_ico_form,
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
    record = load_record(db, incident_id, now=now)
    form = _ico_form(db, record, config, now, renderer.local_zone)
    if fmt == "json":
        head = {"timeline_head": head_dict(db, record.incident.id)}
        return json.dumps({**form.as_dict(), **head}, indent=2, ensure_ascii=False) + "\n"
    role = record.facts.get("role")
    if role is not None and role.value == "processor":
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


def breach_log(
    db: Database, incident_id: str, *, renderer: Renderer, config: Config, now: datetime
) -> str:
    """The Art. 33(5) record of one incident (internal: it lists the recipients)."""
    record = load_record(db, incident_id, now=now)
    form = build_ico_form(record, organisation_of(config), now=now, local_zone=renderer.local_zone)
    log = build_breach_log(record, form, list_events(db, record.incident.id))
    text = renderer.render(
        "breach_log.md.j2",
        incident=record.incident,
        log=log,
        recipients=list(record.recipients),
        checklist=list(record.checklist),
        assessments=list(record.assessments),
        outcome_labels=OUTCOME_LABELS,
    )
    return text + head_line(db, record.incident.id)


def register(db: Database, *, renderer: Renderer, now: datetime, fmt: str = "md") -> str:
    """Every incident, one row each, newest first."""
    if fmt not in REGISTER_FORMATS:
        raise Refused(
            f"The register comes as {', '.join(REGISTER_FORMATS)}; choose one with --format."
        )
    incidents = list_incidents(db)
    rows = [
        register_row(
            IncidentRecord(
                incident=incident,
                facts=load_facts(db, incident.id),
                assessments=load_assessments(db, incident.id)[-1:],
                decisions=load_decisions(db, incident.id),
            ),
            now=now,
            local_zone=renderer.local_zone,
        )
        for incident in incidents
    ]
    if fmt == "md":
        text = renderer.render("register.md.j2", rows=rows, outcome_labels=OUTCOME_LABELS)
        return text + heads_section(db, [incident.id for incident in incidents])
    buffer = io.StringIO()
    columns = [field.name for field in fields(RegisterRow)]
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(asdict(row) for row in rows)
    return buffer.getvalue()


def _ico_form(
    db: Database, record: IncidentRecord, config: Config, now: datetime, local_zone: tzinfo
) -> IcoForm:
    """Build the form, then check it names nobody the breach was about or reached."""
    people = load_people(db, record.incident.id)
    entries = [(person.email, person.name) for person in people]
    entries += [(recipient.address, recipient.name) for recipient in record.recipients]
    organisation = organisation_of(config)
    public = [value for value in asdict(organisation).values() if value]
    withheld = [name for _, name in entries if name]
    form = build_ico_form(record, organisation, now=now, local_zone=local_zone, withheld=withheld)
    text = json.dumps(form.as_dict(), ensure_ascii=False)
    addresses, names = Audience(entries, public).strangers_in([text], "", "")
    if addresses or names:
        raise Refused(
            f"The ICO report of {record.incident.id} would show "
            f"{counted(addresses + names, 'name or address', 'names or addresses')} "
            "of people the message was about or reached (in the title, the reporter "
            "or a decision's reasons); reword them, then make the report again."
        )
    return form
