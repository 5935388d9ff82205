"""Recording facts: each value checked against its rule before the store keeps it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlite_utils import Database

from playbook.assessing.facts import record_facts
from playbook.domain.errors import PlaybookError
from playbook.domain.incident import Incident
from playbook.store.events import list_events
from playbook.store.facts import load_facts
from playbook.store.incidents import create_incident
from tests.conftest import FIXED_NOW


@pytest.fixture
def incident(db: Database) -> Incident:
    return create_incident(
        db,
        title="Tenant survey sent in Cc",
        aware_at=FIXED_NOW - timedelta(hours=2),
        now=FIXED_NOW,
        author="alice",
    )


def test_a_refused_value_writes_nothing(db: Database, incident: Incident) -> None:
    events_before = len(list_events(db, incident.id))

    with pytest.raises(PlaybookError):
        record_facts(
            db,
            incident.id,
            {"people": 12, "categories": ["not_a_category"]},
            source="confirmed",
            author="alice",
            at=FIXED_NOW,
        )

    assert load_facts(db, incident.id) == {}
    assert len(list_events(db, incident.id)) == events_before


def test_an_old_yes_no_context_is_kept_as_its_list(db: Database, incident: Incident) -> None:
    recorded = record_facts(
        db,
        incident.id,
        {"context_sensitive": True, "people": 418},
        source="confirmed",
        author="alice",
        at=FIXED_NOW,
    )

    stored = load_facts(db, incident.id)
    assert isinstance(recorded["context_sensitive"], list) and recorded["context_sensitive"]
    assert stored["context_sensitive"].value == recorded["context_sensitive"]
    assert stored["people"].value == 418
