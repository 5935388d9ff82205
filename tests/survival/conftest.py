"""Fixtures for the survival tests: an incident full of personal data, and the sqlite3 program."""

from __future__ import annotations

import os
import shutil
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from playbook.assessing.facts import record_facts
from playbook.store.events import append_event
from playbook.store.incidents import close_incident, create_incident
from playbook.store.values import json_text, time_text
from tests.conftest import FIXED_NOW

AUTHOR = "ann.responder"
# Every value a purge must remove; the tests look for each of them in the raw database file.
PERSONAL_VALUES = (
    "jo.bloggs@home.example",
    "Jo Bloggs",
    "sam.tenant@mail.example",
    "Sam Tenant",
    "Dr Who Reporter",
    "phoned Jo on 07700 900123",
    "Dear tenants, please find attached the survey",
    "priya.sender",
    "Priya Sender",
    "alex.person@people.example",
    "Alex Person",
    "Lee Noted",
    "7 Quay Street",
    "PT1 7QS",
    "029 2000 7777",
)


def add_personal_records(db: Database, incident_id: str) -> None:
    """Fill an incident with recipients, a message, people, deliveries and personal events."""
    at = time_text(FIXED_NOW)
    db["messages"].insert(
        {
            "incident_id": incident_id,
            "position": 1,
            "sender": "Priya Sender <priya.sender@council.example>",
            "subject": "Tenant survey",
            "sent_at": at,
            "message_id": "<survey-1@council.example>",
            "source_name": "survey.eml",
            "body_text": "Dear tenants, please find attached the survey.",
            "imported_at": at,
            "is_sender_copy": 1,
        }
    )
    db["recipients"].insert_all(
        [
            {
                "incident_id": incident_id,
                "address": "jo.bloggs@home.example",
                "name": "Jo Bloggs",
                "field": "cc",
                "kind": "external_personal",
                "trust": "public",
                "status": "confirmed",
                "how": "phone",
                "evidence": "phoned Jo on 07700 900123",
                "message_position": 1,
                "status_at": at,
            },
            {
                "incident_id": incident_id,
                "address": "sam.tenant@mail.example",
                "name": "Sam Tenant",
                "field": "cc",
                "kind": "external_personal",
                "trust": "public",
                "status": "requested",
                "message_position": 1,
                "requested_at": at,
            },
        ]
    )
    db["attachments"].insert(
        {
            "incident_id": incident_id,
            "message_position": 1,
            "number": 1,
            "filename": "survey.xlsx",
            "content_type": "application/vnd.ms-excel",
            "size": 2048,
            "sha256": "ab" * 32,
            "rows": 2,
            "columns": json_text(["name", "email"]),
            "categories": json_text(["basic_identifiers"]),
            "fraud_enabling": 0,
        }
    )
    db["people"].insert_all(
        [
            {
                "incident_id": incident_id,
                "key": "jo.bloggs@home.example",
                "name": "Jo Bloggs",
                "email": "jo.bloggs@home.example",
                "data_items": json_text(["email", "name"]),
                "sources": json_text(["cc"]),
                "postal_address": None,
                "phone": None,
            },
            {
                "incident_id": incident_id,
                "key": "alex.person@people.example",
                "name": "Alex Person",
                "email": "alex.person@people.example",
                "data_items": json_text(["email", "name", "phone", "postal_address", "postcode"]),
                "sources": json_text(["survey.xlsx"]),
                "postal_address": "7 Quay Street\nPortown\nPT1 7QS",
                "phone": "029 2000 7777",
            },
        ]
    )
    db["deliveries"].insert(
        {
            "incident_id": incident_id,
            "template": "apology",
            "address": "alex.person@people.example",
            "message_id": "<apology-1@council.example>",
            "state": "drafted",
            "at": at,
        }
    )
    append_event(
        db,
        incident_id,
        "recipient.status",
        author=AUTHOR,
        at=FIXED_NOW,
        data={"status": "confirmed", "how": "phone"},
        personal={"address": "jo.bloggs@home.example", "note": "Lee Noted"},
    )
    record_facts(
        db,
        incident_id,
        {"categories": ["basic_identifiers"], "people": 2},
        source="confirmed",
        author=AUTHOR,
        at=FIXED_NOW,
    )


def make_closed_incident(db: Database, *, closed_days_ago: int = 0) -> str:
    """A closed incident holding personal data; its id."""
    closed_at = FIXED_NOW - timedelta(days=closed_days_ago)
    incident = create_incident(
        db,
        title="Tenant survey sent with every address in Cc",
        aware_at=closed_at - timedelta(hours=30),
        now=closed_at - timedelta(hours=29),
        author=AUTHOR,
        reporter="Dr Who Reporter",
    )
    add_personal_records(db, incident.id)
    close_incident(db, incident.id, "Bcc by default for bulk mail.", author=AUTHOR, now=closed_at)
    return incident.id


@pytest.fixture
def closed_incident(db: Database) -> str:
    """The id of a closed incident, in the `db` fixture, holding personal data."""
    return make_closed_incident(db)


@pytest.fixture
def sqlite3_program() -> str:
    """The sqlite3 command-line program (CI installs it)."""
    found = shutil.which("sqlite3")
    assert found, "the sqlite3 command-line program is needed: apt-get install sqlite3"
    return found


@pytest.fixture
def subprocess_env(db_path: Path, tmp_path: Path) -> dict[str, str]:
    """The environment for a real `playbook` process on the test database at FIXED_NOW."""
    return {
        **os.environ,
        "PLAYBOOK_DB": str(db_path),
        "PLAYBOOK_CONFIG": str(tmp_path / "config.toml"),
        "PLAYBOOK_NOW": FIXED_NOW.isoformat(),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }


PYTHON = sys.executable
