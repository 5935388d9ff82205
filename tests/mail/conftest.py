"""Fixtures for the import tests: an incident to import into, and a way to import files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from playbook.config import Config
from playbook.intake.importing import ImportReport, import_file
from playbook.store.incidents import create_incident
from tests.conftest import FIXED_NOW


@pytest.fixture
def incident_id(db) -> str:
    """A fresh open incident in the test database."""
    return create_incident(
        db, title="Sent to the wrong people", aware_at=FIXED_NOW, now=FIXED_NOW, author="tester"
    ).id


@pytest.fixture
def import_into(db, incident_id) -> Callable[..., ImportReport]:
    """Import a file into the incident: `import_into(path, config=Config())`."""

    def run(path: Path, config: Config | None = None, progress=None) -> ImportReport:
        return import_file(
            db,
            incident_id,
            path,
            config=config or Config(),
            author="tester",
            now=FIXED_NOW,
            progress=progress,
        )

    return run


def database_rows(db) -> dict[str, list]:
    """Every row of every table, to compare a database before and after a refused import."""
    return {
        table: list(db.execute(f"SELECT * FROM [{table}] ORDER BY rowid").fetchall())
        for table in db.table_names()
    }
