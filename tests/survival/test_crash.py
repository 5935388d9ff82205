"""Crash safety: SIGKILL at varied points of a reassessment, an import and a draft run."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook.store.database import open_database
from playbook.store.incidents import create_incident
from tests.conftest import FIXED_NOW
from tests.survival.conftest import AUTHOR
from tests.survival.crash import dry_run, fresh_copy, kill_and_check, kill_points, snapshot

KILLS_PER_RUN = 8


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The child's environment: its own database copy, no config, the fixed clock."""
    return {
        "PLAYBOOK_DB": str(tmp_path / "work.db"),
        "PLAYBOOK_CONFIG": str(tmp_path / "config.toml"),
        "PLAYBOOK_NOW": FIXED_NOW.isoformat(),
    }


def prepared(tmp_path: Path, fill) -> tuple[Path, str]:
    """A closed base database holding one open incident, filled by `fill(db, incident_id)`."""
    base = tmp_path / "base.db"
    db = open_database(base)
    incident = create_incident(
        db, title="Tenant survey in Cc", aware_at=FIXED_NOW, now=FIXED_NOW, author=AUTHOR
    )
    fill(db, incident.id)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return base, incident.id


def finished_state(base: Path, work: Path, argv: list[str], env: dict[str, str], report: Path):
    """Run once to the end on a fresh copy: the statements it ran and the state it leaves."""
    fresh_copy(base, work)
    finished = dry_run(argv, env, report)
    assert finished.code == 0
    return finished.statements, snapshot(work)


def test_killing_a_reassessment_anywhere_keeps_all_or_nothing(tmp_path, env):
    base, incident_id = prepared(tmp_path, lambda db, incident_id: None)
    work = Path(env["PLAYBOOK_DB"])
    argv = ["assess", incident_id, "--set", "people=418", "categories=basic_identifiers,health"]
    statements, after = finished_state(base, work, argv, env, tmp_path / "dry.json")
    points = kill_points(statements, KILLS_PER_RUN)

    report = kill_and_check(base, work, argv, env, points, after=after)

    assert report.kills >= KILLS_PER_RUN
    assert report.rolled_back and report.completed
