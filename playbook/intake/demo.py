"""The demo: a throw-away database holding incidents imported from the sample messages in examples/."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlite_utils import Database

from playbook import paths
from playbook.config import Config
from playbook.domain.incident import Incident
from playbook.store.database import transaction
from playbook.store.incidents import add_note, create_incident

DEMO_AUTHOR = "demo"
SURVEY_EXAMPLE = "tenant_survey_cc.eml"
SPREADSHEET_EXAMPLE = "discount_card_spreadsheet.eml"


def seed_demo(db: Database, *, now: datetime, config: Config) -> list[Incident]:
    """Create the demo incidents, each imported from a shipped example message, and return them."""
    from playbook.intake.importing import read_for_import, write_import

    examples = paths.shipped_dir("examples")
    survey_message = read_for_import(examples / SURVEY_EXAMPLE, config=config)
    spreadsheet_message = read_for_import(examples / SPREADSHEET_EXAMPLE, config=config)
    with transaction(db):
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
        write_import(db, survey.id, survey_message, config=config, author=DEMO_AUTHOR, now=now)
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
        write_import(
            db, spreadsheet.id, spreadsheet_message, config=config, author=DEMO_AUTHOR, now=now
        )
    return [survey, spreadsheet]
