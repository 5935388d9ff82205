"""The app under test: a real database file, the fixed clock, a real renderer, a fixed size."""

from __future__ import annotations

from datetime import timedelta

import pytest

from playbook.config import Config
from playbook.render import Renderer
from playbook.store.incidents import create_incident
from playbook.ui.app import PlaybookApp
from tests.conftest import FIXED_NOW, LONDON

AUTHOR = "Test Responder"


@pytest.fixture
def make_app(db):
    """Build the app on the test database at FIXED_NOW; keyword arguments go to PlaybookApp."""

    def make(config: Config | None = None, **options) -> PlaybookApp:
        config = config or Config()
        return PlaybookApp(
            db,
            config=config,
            now=lambda: FIXED_NOW,
            author=AUTHOR,
            renderer=Renderer(config, LONDON),
            **options,
        )

    return make


@pytest.fixture
def survey(db):
    """An open incident, aware 20 hours ago (52 hours left)."""
    return create_incident(
        db,
        title="Tenant survey sent with every address in Cc",
        aware_at=FIXED_NOW - timedelta(hours=20),
        now=FIXED_NOW,
        author=AUTHOR,
    )


@pytest.fixture
def late(db):
    """An open incident past its 72 hours."""
    return create_incident(
        db,
        title="Discount-card spreadsheet sent to every holder",
        aware_at=FIXED_NOW - timedelta(hours=75, minutes=30),
        now=FIXED_NOW,
        author=AUTHOR,
    )
