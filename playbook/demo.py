"""The demo: a throw-away database holding incidents shaped like the ones playbook exists for."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlite_utils import Database

from playbook.config import Config
from playbook.domain.incident import Incident
from playbook.store.incidents import add_note, create_incident

DEMO_AUTHOR = "demo"


def seed_demo(db: Database, *, now: datetime, config: Config) -> list[Incident]:
    """Create the demo incidents and return them."""
    survey = create_incident(
        db,
        title="Tenant survey sent with every address in Cc",
        aware_at=now - timedelta(hours=20),
        discovered_at=now - timedelta(hours=20, minutes=30),
        occurred_at=now - timedelta(hours=21),
        reporter="Service Development Manager",
        now=now,
        author=DEMO_AUTHOR,
    )
    add_note(
        db,
        survey.id,
        "Recall attempted; it failed outside our mail system.",
        author=DEMO_AUTHOR,
        now=now,
    )
    spreadsheet = create_incident(
        db,
        title="Discount-card spreadsheet attached to an email to all holders",
        aware_at=now - timedelta(hours=60),
        occurred_at=now - timedelta(hours=62),
        reporter="Students' union general manager",
        now=now,
        author=DEMO_AUTHOR,
    )
    return [survey, spreadsheet]
