"""An incident in the shape of the EDPB's draft common breach-notification template (v1.0,
June 2026), for `playbook export ID --format edpb`.

The template's fields, their names (`field_3` ... `field_126`) and options come from the JSON
Schema transcribed by NicklawAI/edpb-breach-notification-assistant, shipped in `playbook/data`
(see its MANIFEST.md). The fields playbook knows are filled from the same values as the ICO
report, and refused, like it, if they would name any of the people; every other field is
listed, in the template's order, under `not_yet_known`. Options are the template's letters.
Whether and how the people were told comes from each person's notice record (`playbook
notice`), else from the decision about telling them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import cache
from importlib import resources

from sqlite_utils import Database

from playbook.config import Config
from playbook.domain.clock import deadline_for, format_local
from playbook.domain.errors import Refused
from playbook.domain.facts import BREACH_TYPES, CATEGORIES, CONSEQUENCES, SUBJECTS
from playbook.domain.labels import CATEGORY_LABELS, SUBJECT_LABELS, human_join
from playbook.domain.notices import TOLD_STATES
from playbook.domain.reporting import NOT_YET_KNOWN, IcoForm, IncidentRecord
from playbook.reporting.reports import ico_values, is_processor, people_entries, refuse_people_in
from playbook.store.notices import latest_notices

SCHEMA_FILE = "edpb_breach_notification.schema.json"
NOT_YET_KNOWN_KEY = "not_yet_known"

_NATURE = {"confidentiality": "a", "integrity": "b", "availability": "c"}
_SUBJECTS = {
    "customers": "a",
    "employees": "b",
    "children": "d",
    "patients": "e",
    "students": "f",
    "subscribers": "g",
    "users": "h",
    "vulnerable_adults": "i",
    "other": "j",
}
_DATA = {
    "racial_ethnic": "f",
    "political": "e",
    "religious": "g",
    "trade_union": "i",
    "sex_life": "h",
    "sexual_orientation": "h",
    "gender_reassignment": "u",
    "health": "k",
    "basic_identifiers": "a",
    "identification": "s",
    "financial": "l",
    "official_documents": "p",
    "location": "o",
    "genetic_biometric": "j",
    "criminal": "d",
    "other": "u",
}
_CONSEQUENCES = {
    "identity_fraud": "d",
    "financial_loss": "f",
    "physical_harm": "l",
    "distress": "l",
    "discrimination": "c",
    "reputational_damage": "h",
    "professional_secrecy": "i",
}
_RISK = {"notify_ico_and_individuals": "a", "notify_ico": "b", "record_only": "c"}
_SENT_BY_MISTAKE, _OPEN_DISTRIBUTION_LIST = "r", "s"


@dataclass(frozen=True)
class Template:
    """The template's fields in its order, and those it requires."""

    fields: tuple[str, ...]
    required: frozenset[str]


@cache
def template() -> Template:
    """The template's fields, read from the shipped schema."""
    text = resources.files("playbook.data").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema = json.loads(text)
    return Template(tuple(schema["properties"]), frozenset(schema.get("required", ())))


def edpb_notification(
    db: Database, incident_id: str, *, config: Config, now: datetime, local_zone: tzinfo
) -> dict[str, object]:
    """The template's fields playbook knows, then `not_yet_known`: the paths of the rest."""
    record, form = ico_values(db, incident_id, config=config, now=now, local_zone=local_zone)
    if is_processor(record):
        raise Refused(
            f"{record.incident.id} was handled as the processor, which tells its controller "
            "rather than a supervisory authority; the controller makes this notification."
        )
    told_at = [
        notice.at
        for notice in latest_notices(db, record.incident.id).values()
        if notice.state in TOLD_STATES and notice.at
    ]
    known = known_fields(record, form, config, local_zone)
    known.update(_people_told(record, min(told_at) if told_at else None, local_zone))
    fields = template()
    missing_required = fields.required - known.keys()
    known["field_4"] = "b" if missing_required else "a"  # incomplete / complete
    filled = {name: known[name] for name in fields.fields if name in known}
    refuse_people_in(people_entries(db, record), record, config, filled, "The EDPB notification")
    rest = [name for name in fields.fields if name not in known]
    return {**filled, NOT_YET_KNOWN_KEY: rest}


def known_fields(
    record: IncidentRecord, form: IcoForm, config: Config, local_zone: tzinfo
) -> dict[str, object]:
    """The fields this incident's record answers, by the template's field names."""
    fields: dict[str, object] = {}
    fields.update(_notification(record, form))
    fields.update(_organisation(config))
    fields.update(_timeline(record, form, local_zone))
    fields.update(_nature(record, form))
    fields.update(_data_subjects(record))
    fields.update(_data(record))
    fields.update(_consequences(record, form))
    if any(item.key == "police" and item.state == "done" for item in record.checklist):
        fields["field_109"] = "a"
    return fields


def _notification(record: IncidentRecord, form: IcoForm) -> dict[str, object]:
    follow_up = form.phase == "follow-up"
    fields: dict[str, object] = {"field_3": "b" if follow_up else "a"}
    references = [decision.reference for decision in record.decisions if decision.reference]
    if follow_up and references:
        fields["field_6"] = references[-1]
    fields["field_7"] = record.incident.id
    return fields


def _organisation(config: Config) -> dict[str, object]:
    dpo_contact = ", ".join(value for value in (config.dpo.email, config.dpo.phone) if value)
    candidates = {
        "field_12": config.organisation,
        "field_13": config.address,
        "field_21": config.responder,
        "field_29": "Yes" if config.dpo.name or dpo_contact else "",
        "field_30": config.dpo.name,
        "field_31": dpo_contact,
        "field_114": config.supervisory_authority.strip(),
    }
    return {name: value for name, value in candidates.items() if value}


def _timeline(record: IncidentRecord, form: IcoForm, local_zone: tzinfo) -> dict[str, object]:
    incident = record.incident
    sent = [message.sent_at for message in record.messages if message.sent_at]
    occurred = incident.occurred_at or (min(sent) if sent else None)
    fields: dict[str, object] = {"field_48": incident.aware_at.isoformat()}
    if occurred:
        fields["field_44"] = "a"  # on a specific day: one message, sent at one moment
        fields["field_46"] = occurred.isoformat()
    notified = record.first_decision("ico", notify=True)
    if form.late and notified and notified.late_reason:
        fields["field_49"] = notified.late_reason
    if form.how_found_out != NOT_YET_KNOWN:
        fields["field_51"] = form.how_found_out
    moments = [
        ("Sent", occurred),
        ("discovered", incident.discovered_at),
        ("aware", incident.aware_at),
        ("72 hours end", deadline_for(incident.aware_at)),
        (f"notified {form.authority.name}", notified.at if notified else None),
    ]
    fields["field_53"] = (
        "; ".join(f"{what} {format_local(when, local_zone)}" for what, when in moments if when)
        + "."
    )
    return fields


def _nature(record: IncidentRecord, form: IcoForm) -> dict[str, object]:
    # Every incident playbook holds is an email sent to the wrong people: a confidentiality
    # breach (Art. 4(12)) unless the responder recorded otherwise.
    kinds = _ordered(_fact(record, "breach_types"), BREACH_TYPES) or ["confidentiality"]
    fields: dict[str, object] = {"field_55": _NATURE[kinds[0]]}
    encrypted = _fact(record, "encrypted")
    if encrypted is not None:
        fields["field_57"] = "a" if encrypted else "c"
    fields["field_60"] = _incident_kind(record)
    malicious = _fact(record, "malicious")
    if malicious is not None:
        fields["field_61"] = "b" if malicious else "a"  # internal, (non) malicious
    fields["field_62"] = form.what_happened
    return fields


def _incident_kind(record: IncidentRecord) -> str:
    """Data sent by mistake, or an open distribution list (addresses shown to each other)."""
    if not record.messages:
        return _SENT_BY_MISTAKE
    first = min(record.messages, key=lambda message: message.position)
    if any(attachment.rows for attachment in first.attachments):
        return _SENT_BY_MISTAKE
    shown = [
        recipient
        for recipient in record.recipients
        if recipient.message_position == first.position and recipient.field in ("to", "cc")
    ]
    return _OPEN_DISTRIBUTION_LIST if len(shown) > 1 else _SENT_BY_MISTAKE


def _data_subjects(record: IncidentRecord) -> dict[str, object]:
    fields: dict[str, object] = {}
    subjects = _ordered(_fact(record, "subjects"), SUBJECTS)
    if subjects:
        fields["field_65"] = _SUBJECTS[subjects[0]]
        fields["field_66"] = human_join(SUBJECT_LABELS[key] for key in subjects).capitalize() + "."
    fields.update(_number(record, "people", "field_67", "field_68"))
    return fields


def _data(record: IncidentRecord) -> dict[str, object]:
    fields: dict[str, object] = {}
    categories = _ordered(_fact(record, "categories"), CATEGORIES)
    if categories:
        fields["field_70"] = _DATA[categories[0]]
        fields["field_71"] = (
            human_join(CATEGORY_LABELS[key] for key in categories).capitalize() + "."
        )
    fields.update(_number(record, "records", "field_72", "field_73"))
    return fields


def _consequences(record: IncidentRecord, form: IcoForm) -> dict[str, object]:
    fields: dict[str, object] = {}
    consequences = _ordered(_fact(record, "consequences"), CONSEQUENCES)
    if consequences:
        fields["field_85"] = _CONSEQUENCES[consequences[0]]
    latest = record.latest
    if latest:
        fields["field_89"] = _RISK[latest.assessment.outcome]
        described = [latest.assessment.summary]
        if form.consequences != NOT_YET_KNOWN:
            described.append(f"Likely consequences: {form.consequences}")
        fields["field_90"] = " ".join(part for part in described if part)
    if form.containment != (NOT_YET_KNOWN,):
        fields["field_92"] = " ".join(form.containment)
    return fields


def _people_told(
    record: IncidentRecord, first_told: datetime | None, local_zone: tzinfo
) -> dict[str, object]:
    """Whether and how the people were told: from each person's notice record, else from the
    decision about telling them."""
    notices = record.notices
    decision = record.last_decision("individuals")
    if notices is not None and notices.told:
        fields: dict[str, object] = {"field_97": "a", "field_104": "a"}  # yes, individually
        if first_told:
            fields["field_98"] = first_told.astimezone(local_zone).date().isoformat()
        everyone = notices.told >= notices.people
        fields["field_102"] = "a" if everyone else "b"
        if not everyone:
            fields["field_103"] = notices.sentence()  # counts and reasons, never a name
        return fields
    if decision is None:
        return {}
    if decision.notify:
        return {"field_97": "b"}  # not yet, but they will be told
    if decision.exemption:
        # One of the Art. 34(3) conditions is met; the reasons, as the ICO report gives them.
        return {"field_97": "e", "field_100": decision.exemption, "field_101": decision.why}
    return {"field_97": "d"}  # not told: no high risk


def _number(record: IncidentRecord, key: str, kind: str, number: str) -> dict[str, object]:
    fact = record.facts.get(key)
    if fact is None or not isinstance(fact.value, int):
        return {}
    return {kind: "a" if fact.confirmed else "b", number: fact.value}  # exact / approximate


def _fact(record: IncidentRecord, key: str) -> object:
    fact = record.facts.get(key)
    return None if fact is None else fact.value


def _ordered(chosen: object, order: Sequence[str]) -> list[str]:
    """The chosen keys in the playbook's order (special categories first), known keys only."""
    if not isinstance(chosen, list | tuple):
        return []
    return [key for key in order if key in chosen]
