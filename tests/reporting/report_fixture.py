"""A fixed incident shaped like S5 (418 residents in To, then a reply-all), as domain objects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playbook.domain.containment import ChecklistItem
from playbook.domain.decisions import Decision
from playbook.domain.facts import Fact
from playbook.domain.incident import Event, Incident, Message, Recipient
from playbook.domain.reporting import IncidentRecord, Organisation
from playbook.domain.risk import StoredAssessment, assess_facts
from tests.domain.incident_facts import S5_REPLY_ALL

AWARE = datetime(2026, 10, 24, 8, 30, tzinfo=UTC)
NOW = datetime(2026, 10, 29, 9, 0, tzinfo=UTC)
ORGANISATION = Organisation(
    name="Example Constabulary",
    ico_registration="Z1234567",
    sector="Policing",
    address="1 High Street, Exampletown EX1 1AA",
    reporter="Sam Responder",
    dpo_name="Dana Officer",
    dpo_email="dpo@constabulary.example",
    dpo_phone="01234 567890",
)
INCIDENT = Incident(
    id="PB-2026-0007",
    title="Residents' survey sent with 418 addresses in To",
    status="open",
    aware_at=AWARE,
    created_at=AWARE,
    discovered_at=AWARE - timedelta(minutes=30),
    occurred_at=AWARE - timedelta(minutes=45),
    reporter="Neighbourhood inspector",
)
STATUSES = ["confirmed"] * 100 + ["requested"] * 300 + ["no_response"] * 10 + ["refused"] * 8


def resident(number: int, status: str) -> Recipient:
    return Recipient(
        address=f"resident{number}@mail.example",
        name=f"Resident Number{number}",
        field="to",
        kind="external_personal",
        trust="public",
        status=status,
        how=("phone" if number % 10 == 0 else "email") if status == "confirmed" else None,
        status_at=AWARE + timedelta(hours=5) if status != "not_contacted" else None,
    )


RECIPIENTS = tuple(resident(number, status) for number, status in enumerate(STATUSES))
MESSAGES = (
    Message(
        1,
        "engagement@constabulary.example",
        "Your Voice survey",
        AWARE - timedelta(minutes=45),
        "<a@constabulary.example>",
    ),
    Message(
        2,
        "chief.super@constabulary.example",
        "RE: Your Voice survey",
        AWARE - timedelta(minutes=20),
        "<b@constabulary.example>",
    ),
)
FACTS = {
    key: Fact(key, value, "detected" if key in ("people", "records") else "confirmed", "Sam", AWARE)
    for key, value in S5_REPLY_ALL.items()
}
FIRST_FACTS = {"people": 418, "recipient_trust": "public", "forwarded": True}
ASSESSMENTS = (
    StoredAssessment(1, AWARE + timedelta(hours=1), "Sam", assess_facts(FIRST_FACTS), FIRST_FACTS),
    StoredAssessment(
        2, AWARE + timedelta(hours=3), "Sam", assess_facts(S5_REPLY_ALL), S5_REPLY_ALL
    ),
)
DECISIONS = (
    Decision(
        "ico",
        True,
        "418 addresses exposed to members of the public, and a reply-all.",
        "Dana Officer",
        AWARE + timedelta(hours=80),
        late_reason="The DPO was told on day 3.",
        phase="initial",
        against_recommendation=False,
        number=1,
    ),
    Decision(
        "individuals",
        True,
        "Borderline; we apologise to each resident.",
        "Dana Officer",
        AWARE + timedelta(hours=81),
        against_recommendation=False,
        number=2,
    ),
    Decision(
        "ico",
        True,
        "Deletion confirmations so far.",
        "Dana Officer",
        AWARE + timedelta(hours=100),
        reference="IC-123456-A1B2",
        phase="follow-up",
        against_recommendation=False,
        number=3,
    ),
)
CHECKLIST = (
    ChecklistItem(
        "deletion_requests",
        "Send each of the 418 external recipients their own deletion request",
        state="done",
        at=AWARE + timedelta(hours=2),
        by="Sam",
    ),
    ChecklistItem("phone", "Phone whoever has not answered"),
    ChecklistItem(
        "forwards",
        "Look for forwards and replies-to-all",
        state="done",
        at=AWARE + timedelta(hours=1),
        by="Sam",
    ),
    ChecklistItem("assess", "Go to Assess", state="done", at=AWARE + timedelta(hours=3), by="Sam"),
)
RECORD = IncidentRecord(
    incident=INCIDENT,
    facts=FACTS,
    assessments=ASSESSMENTS,
    decisions=DECISIONS,
    messages=MESSAGES,
    recipients=RECIPIENTS,
    checklist=CHECKLIST,
    apologies_sent=0,
)
EVENTS = (
    Event(INCIDENT.id, 1, AWARE, "Sam", "incident.created"),
    Event(INCIDENT.id, 2, AWARE + timedelta(minutes=5), "Sam", "message.imported"),
    Event(INCIDENT.id, 3, AWARE + timedelta(hours=3), "Sam", "assessment.saved"),
    Event(INCIDENT.id, 4, AWARE + timedelta(hours=80), "Dana Officer", "decision.recorded"),
)
