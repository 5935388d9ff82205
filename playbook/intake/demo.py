"""The demo: a throw-away database holding incidents imported from the sample messages in examples/."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlite_utils import Database

from playbook import paths
from playbook.config import Config
from playbook.domain.incident import Incident
from playbook.store.database import transaction
from playbook.store.incidents import add_note

DEMO_AUTHOR = "demo"
SURVEY_EXAMPLE = "tenant_survey_cc.eml"
SPREADSHEET_EXAMPLE = "discount_card_spreadsheet.eml"


def seed_demo(db: Database, *, now: datetime, config: Config) -> list[Incident]:
    """Create the demo incidents, each opened with a shipped example message, and return them.

    Each is dated by its message (when it was sent); the clocks run from a recent awareness.
    """
    from playbook.intake.opening import NewIncident, open_incident

    examples = paths.shipped_dir("examples")
    with transaction(db):
        survey = open_incident(
            db,
            NewIncident(
                title="Tenant survey sent with every address in Cc",
                aware_at=now - timedelta(hours=20),
                discovered_at=now - timedelta(hours=20, minutes=30),
                reporter="Service Development Manager",
            ),
            [examples / SURVEY_EXAMPLE],
            config=config,
            author=DEMO_AUTHOR,
            now=now,
        ).incident
        add_note(
            db,
            survey.id,
            "Recall attempted; it failed outside our mail system.",
            author=DEMO_AUTHOR,
            now=now,
        )
        spreadsheet = open_incident(
            db,
            NewIncident(
                title="Discount-card spreadsheet attached to an email to all holders",
                aware_at=now - timedelta(hours=60),
                reporter="Students' union general manager",
            ),
            [examples / SPREADSHEET_EXAMPLE],
            config=config,
            author=DEMO_AUTHOR,
            now=now,
        ).incident
    return [survey, spreadsheet]
