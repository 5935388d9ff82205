"""What the reports say: the ICO form field by field, and the register's rows. Pure.

Every value is decided here, ready to copy, so the templates only lay them out. The ICO form
holds counts and categories, never the people's names or addresses; a fact that is missing
reads "not yet known".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, tzinfo

from playbook.domain.citations import (
    RESTRICTION_GROUNDS,
    Authority,
    authority_for,
    exemption_label,
)
from playbook.domain.clock import deadline_for, format_local, read_clock
from playbook.domain.containment import ChecklistItem, is_external
from playbook.domain.decisions import Decision, is_late
from playbook.domain.delivery import received_sentence
from playbook.domain.facts import Fact, fact_words
from playbook.domain.incident import Incident, Message, Recipient
from playbook.domain.labels import (
    CATEGORY_LABELS,
    CONSEQUENCE_LABELS,
    SUBJECT_LABELS,
    counted,
    human_join,
    labelled,
)
from playbook.domain.notices import NoticeSummary
from playbook.domain.risk import StoredAssessment

NOT_YET_KNOWN = "not yet known"
# The ICO form's lists put "not yet known" just before "other".
_CATEGORY_BOXES = (*[key for key in CATEGORY_LABELS if key != "other"], None, "other")
_SUBJECT_BOXES = (*[key for key in SUBJECT_LABELS if key != "other"], None, "other")
_LIKELIHOOD = {
    ("notify_ico_and_individuals", False): "likely",
    ("notify_ico_and_individuals", True): "neutral",
    ("notify_ico", True): "neutral",
    ("notify_ico", False): "not likely",
    ("record_only", True): "not likely",
    ("record_only", False): "very unlikely",
}


@dataclass(frozen=True)
class Organisation:
    """Who is reporting: from the config."""

    name: str = ""
    ico_registration: str = ""
    sector: str = ""
    address: str = ""
    reporter: str = ""
    dpo_name: str = ""
    dpo_email: str = ""
    dpo_phone: str = ""


@dataclass(frozen=True)
class Box:
    """One tick box of the ICO form."""

    label: str
    ticked: bool


@dataclass(frozen=True)
class IcoForm:
    """The ICO online form's fields, in its order, as text ready to copy.

    `authority` is who the report goes to: the ICO, or under the EU GDPR the supervisory
    authority; `title` and `before_you_start` are the pack's heading and first sentence."""

    incident_id: str
    phase: str
    reference: str
    why_reporting: str
    what_happened: str
    cyber_incident: str
    how_found_out: str
    discovered_at: str
    occurred_at: str
    aware_at: str
    data_categories: tuple[Box, ...]
    records: str
    data_subjects: str
    subject_categories: tuple[Box, ...]
    consequences: str
    likelihood: str
    late: bool
    late_reason: str
    staff_trained: str
    containment: tuple[str, ...]
    prevention: str
    measures_before: str
    subjects_told: str
    other_organisations: str
    organisation: Organisation
    dpo_contact: str
    authority: Authority
    title: str
    before_you_start: str

    def as_dict(self) -> dict[str, object]:
        """The form as JSON: each field under its name, boxes as label/ticked pairs."""
        return asdict(self)


@dataclass(frozen=True)
class IncidentRecord:
    """Everything the reports are made from for one incident, already loaded."""

    incident: Incident
    facts: Mapping[str, Fact]
    assessments: Sequence[StoredAssessment]
    decisions: Sequence[Decision]
    messages: Sequence[Message] = ()
    recipients: Sequence[Recipient] = ()
    checklist: Sequence[ChecklistItem] = ()
    apologies_sent: int = 0
    notices: NoticeSummary | None = None  # who was told, how, and who was not

    @property
    def latest(self) -> StoredAssessment | None:
        """The latest assessment, if any."""
        return self.assessments[-1] if self.assessments else None

    def last_decision(self, about: str, *, notify: bool | None = None) -> Decision | None:
        """The most recent decision about `about` (optionally only yes or only no)."""
        found = self._decisions(about, notify)
        return found[-1] if found else None

    def first_decision(self, about: str, *, notify: bool | None = None) -> Decision | None:
        """The earliest decision about `about` (optionally only yes or only no)."""
        found = self._decisions(about, notify)
        return found[0] if found else None

    def _decisions(self, about: str, notify: bool | None) -> list[Decision]:
        return [
            decision
            for decision in self.decisions
            if decision.about == about and (notify is None or decision.notify is notify)
        ]


def build_ico_form(
    record: IncidentRecord,
    organisation: Organisation,
    *,
    now: datetime,
    local_zone: tzinfo,
    withheld: Sequence[str] = (),
    supervisory_authority: str = "",
) -> IcoForm:
    """The ICO form for an incident; `withheld` lists names the report must not show;
    `supervisory_authority` is the configured authority the EU GDPR's reports go to."""
    incident = record.incident
    authority = authority_for(incident.regime, supervisory_authority)
    notified = record.last_decision("ico", notify=True)
    first_notified = record.first_decision("ico", notify=True)
    references = [decision.reference for decision in record.decisions if decision.reference]
    # Lateness is the initial notification's; follow-ups may come later (Art. 33(4)).
    reported_at = first_notified.at if first_notified and first_notified.at else now
    late = is_late(incident.aware_at, reported_at)
    categories = _fact(record, "categories")
    subjects = _fact(record, "subjects")
    return IcoForm(
        incident_id=incident.id,
        phase=notified.phase if notified else "initial",
        reference=references[-1] if references else "none yet",
        why_reporting=_why_reporting(record.latest),
        what_happened=_what_happened(record, local_zone),
        cyber_incident="No: an email sent to the wrong people, not a cyber attack.",
        how_found_out=_how_found_out(incident.reporter, withheld),
        discovered_at=_when(incident.discovered_at, local_zone),
        occurred_at=_when(incident.occurred_at or _first_sent(record.messages), local_zone),
        aware_at=_when(incident.aware_at, local_zone),
        data_categories=_boxes(_CATEGORY_BOXES, CATEGORY_LABELS, categories),
        records=_count(record.facts.get("records")),
        data_subjects=_count(record.facts.get("people")),
        subject_categories=_boxes(_SUBJECT_BOXES, SUBJECT_LABELS, subjects),
        consequences=_consequences(_fact(record, "consequences")),
        likelihood=_likelihood(record.latest),
        late=late,
        late_reason=_late_reason(incident, late, first_notified, local_zone),
        staff_trained=NOT_YET_KNOWN,
        containment=_containment(record),
        prevention=incident.lessons or NOT_YET_KNOWN,
        measures_before=NOT_YET_KNOWN,
        subjects_told=_subjects_told(record),
        other_organisations=_other_organisations(record.checklist),
        organisation=_known(organisation),
        dpo_contact=", ".join(
            value
            for value in (organisation.dpo_name, organisation.dpo_email, organisation.dpo_phone)
            if value
        )
        or NOT_YET_KNOWN,
        authority=authority,
        title=f"Personal data breach report to {authority.name}",
        before_you_start=_before_you_start(authority),
    )


@dataclass(frozen=True)
class RegisterRow:
    """One incident in the register."""

    id: str
    title: str
    status: str
    aware_at: str
    clock: str
    outcome: str
    borderline: bool
    ico: str
    individuals: str
    people: str
    reference: str


def register_row(record: IncidentRecord, *, now: datetime, local_zone: tzinfo) -> RegisterRow:
    """The register's row for one incident: the clock, the outcome and the decisions."""
    incident = record.incident
    latest = record.latest
    ico = record.last_decision("ico")
    individuals = record.last_decision("individuals")
    references = [decision.reference for decision in record.decisions if decision.reference]
    return RegisterRow(
        id=incident.id,
        title=incident.title,
        status=incident.status,
        aware_at=format_local(incident.aware_at, local_zone),
        clock=_register_clock(record, now),
        outcome=latest.assessment.outcome if latest else "",
        borderline=bool(latest and latest.assessment.borderline),
        ico=_yes_no(ico),
        individuals=_yes_no(individuals),
        people=_count(record.facts.get("people"), unknown=""),
        reference=references[-1] if references else "",
    )


def register_outcome(row: RegisterRow, labels: Mapping[str, str]) -> str:
    """The outcome a register row shows: its label, "(borderline)", or "not assessed"."""
    if not row.outcome:
        return "not assessed"
    return labels[row.outcome] + (" (borderline)" if row.borderline else "")


def _register_clock(record: IncidentRecord, now: datetime) -> str:
    """closed, notified (the ICO was told: the 72 hours no longer run), or the clock's state."""
    if record.incident.status == "closed":
        return "closed"
    if record.first_decision("ico", notify=True):
        return "notified"
    return read_clock(record.incident.aware_at, now).state


def _fact(record: IncidentRecord, key: str) -> object:
    fact = record.facts.get(key)
    return None if fact is None else fact.value


def _count(fact: Fact | None, *, unknown: str = NOT_YET_KNOWN) -> str:
    if fact is None or fact.value is None:
        return unknown
    text = f"{fact.value:,}"
    return text if fact.confirmed else f"{text} (detected, to be confirmed)"


def _boxes(
    keys: Sequence[str | None], labels: Mapping[str, str], chosen: object
) -> tuple[Box, ...]:
    chosen_set = set(fact_words(chosen))
    return tuple(
        Box(NOT_YET_KNOWN, chosen is None) if key is None else Box(labels[key], key in chosen_set)
        for key in keys
    )


def _when(moment: datetime | None, local_zone: tzinfo) -> str:
    return format_local(moment, local_zone) if moment else NOT_YET_KNOWN


def _first_sent(messages: Sequence[Message]) -> datetime | None:
    times = [message.sent_at for message in messages if message.sent_at]
    return min(times) if times else None


def _before_you_start(authority: Authority) -> str:
    if authority.short == "ICO":
        return (
            "The ICO's online form cannot be saved part-way: have every answer below ready "
            "before you start."
        )
    return f"Have every answer below ready before you start the report to {authority.name}."


def register_authority(regimes: Sequence[str], supervisory_authority: str = "") -> Authority:
    """Who the register's incidents were reported to: one authority, or 'the regulator' when
    its incidents come under laws with different authorities."""
    authorities = {authority_for(regime, supervisory_authority) for regime in regimes}
    if len(authorities) == 1:
        return authorities.pop()
    if not authorities:
        return authority_for(None)
    return Authority("the regulator", "regulator")


def _why_reporting(latest: StoredAssessment | None) -> str:
    if latest is None:
        return "Unsure: the risk assessment is not complete."
    assessment = latest.assessment
    if assessment.outcome == "record_only":
        return "It is below the threshold for reporting, but we want you to be aware of it."
    if assessment.alternative == "record_only":
        return "Unsure: it is borderline whether it meets the threshold for reporting."
    return "It meets the threshold for reporting."


def _what_happened(record: IncidentRecord, local_zone: tzinfo) -> str:
    if not record.messages:
        return f"{record.incident.title}. An email was sent to the wrong people by human error."
    first, *later = sorted(record.messages, key=lambda message: message.position)
    reached: dict[int, list[Recipient]] = {}
    for recipient in record.recipients:
        reached.setdefault(recipient.message_position, []).append(recipient)
    fields = Counter(recipient.field for recipient in reached.get(first.position, []))
    shown = [
        f"{fields[field]} in {field.capitalize()}" for field in ("to", "cc", "bcc") if fields[field]
    ]
    sentences = [
        f"{record.incident.title}.",
        f"On {_when(first.sent_at, local_zone)} an email was sent by human error to "
        f"{counted(len(reached.get(first.position, [])), 'recipient')} "
        f"({human_join(shown) or 'none listed'}).",
    ]
    received = received_sentence(record.recipients)
    if received:
        sentences.append(received)
    rows = sum(attachment.rows for attachment in first.attachments)
    if first.attachments:
        sentences.append(
            f"It carried {counted(len(first.attachments), 'attachment')} holding "
            f"{counted(rows, 'row')} of "
            "personal data."
        )
    for message in later:
        added = len(reached.get(message.position, []))
        audience = f"{counted(added, 'more recipient')}" if added else "the same recipients again"
        sentences.append(
            f"A further message (a reply-all or forward) on {_when(message.sent_at, local_zone)} "
            f"reached {audience}: a second disclosure."
        )
    return " ".join(sentences)


def _how_found_out(reporter: str, withheld: Sequence[str]) -> str:
    if not reporter:
        return NOT_YET_KNOWN
    folded = reporter.casefold()
    if any(name and name.casefold() in folded for name in withheld):
        return "Reported by someone the message reached (name withheld from this report)."
    return f"Reported by {reporter}."


def _consequences(keys: object) -> str:
    if not keys:
        return NOT_YET_KNOWN
    return human_join(labelled(fact_words(keys), CONSEQUENCE_LABELS)).capitalize() + "."


def _likelihood(latest: StoredAssessment | None) -> str:
    if latest is None:
        return NOT_YET_KNOWN
    return _LIKELIHOOD[(latest.assessment.outcome, latest.assessment.borderline)]


def _late_reason(
    incident: Incident, late: bool, notified: Decision | None, local_zone: tzinfo
) -> str:
    deadline = deadline_for(incident.aware_at)
    if not late:
        return "Not applicable: within 72 hours of becoming aware."
    if notified and notified.late_reason:
        return notified.late_reason
    return (
        f"Not yet given: the 72 hours ended at {format_local(deadline, local_zone)}; "
        "record the reasons with `playbook decide ID ico yes --late-reason`."
    )


def _containment(record: IncidentRecord) -> tuple[str, ...]:
    lines = list(deletion_summary(record.recipients))
    lines.extend(
        f"{item.title}: {item.state.replace('_', ' ')}."
        for item in record.checklist
        if item.state != "open" and item.key != "assess"
    )
    return tuple(lines) or (NOT_YET_KNOWN,)


def deletion_summary(recipients: Sequence[Recipient]) -> tuple[str, ...]:
    """Where the deletion requests stand, in counts: asked, confirmed and how, waiting, refused."""
    lines = []
    external = [recipient for recipient in recipients if is_external(recipient)]
    if external:
        statuses = Counter(recipient.status for recipient in external)
        asked = len(external) - statuses["not_contacted"]
        lines.append(
            f"Deletion requested from {asked:,} of the {counted(len(external), 'outside recipient')}, each "
            "individually (never by reply-all)."
        )
        confirmed = [recipient for recipient in external if recipient.status == "confirmed"]
        if confirmed:
            how = Counter(recipient.how or "unrecorded means" for recipient in confirmed)
            ways = human_join(f"{count} by {means}" for means, count in sorted(how.items()))
            lines.append(f"Deletion confirmed by {len(confirmed)} of them ({ways}).")
        waiting = statuses["requested"] + statuses["acknowledged"] + statuses["no_response"]
        if waiting:
            lines.append(f"{waiting} still to confirm deletion; they are being chased.")
        if statuses["refused"]:
            lines.append(f"{statuses['refused']} refused to confirm deletion.")
    return tuple(lines)


def _subjects_told(record: IncidentRecord) -> str:
    decision = record.last_decision("individuals")
    if record.notices is not None and record.notices.recorded:
        return record.notices.sentence()
    if record.apologies_sent:
        return f"Told: a message was sent to each of {record.apologies_sent:,} people."
    if decision is None:
        return "Not decided yet."
    if decision.notify and decision.restriction:
        return (
            f"Planning to tell them, delayed or restricted under "
            f"{RESTRICTION_GROUNDS[decision.restriction]} until review on "
            f"{decision.restriction_review}."
        )
    if decision.notify:
        return "Planning to tell them."
    regime = record.incident.regime
    ground = f" ({exemption_label(decision.exemption, regime)})" if decision.exemption else ""
    if decision.restriction:
        ground += f" (restricted under {RESTRICTION_GROUNDS[decision.restriction]})"
    return f"Decided not to tell them{ground}: {decision.why}"


def _other_organisations(checklist: Sequence[ChecklistItem]) -> str:
    police = next((item for item in checklist if item.key == "police"), None)
    if police and police.state == "done":
        return "The police."
    return NOT_YET_KNOWN


def _known(organisation: Organisation) -> Organisation:
    return Organisation(
        **{name: value or NOT_YET_KNOWN for name, value in asdict(organisation).items()}
    )


def _yes_no(decision: Decision | None) -> str:
    if decision is None:
        return ""
    return "yes" if decision.notify else "no"
