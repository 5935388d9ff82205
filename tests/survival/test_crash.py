"""Crash safety: SIGKILL at varied points of a reassessment, an import and a draft run."""

from __future__ import annotations

import shutil
from email import message_from_bytes
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


def test_killing_an_import_anywhere_keeps_all_or_nothing(tmp_path, env):
    from tests.builders import students_union_spreadsheet

    message = students_union_spreadsheet(tmp_path, holders=300)
    base, incident_id = prepared(tmp_path, lambda db, incident_id: None)
    work = Path(env["PLAYBOOK_DB"])
    argv = ["import", incident_id, str(message)]
    statements, after = finished_state(base, work, argv, env, tmp_path / "dry.json")
    points = kill_points(statements, KILLS_PER_RUN)

    report = kill_and_check(base, work, argv, env, points, after=after, repeatable=False)

    assert report.kills >= KILLS_PER_RUN
    assert report.rolled_back and report.completed


CONFIG = """
organisation = "Riverside Council"
[dpo]
email = "dpo@council.example"
[drafts]
from_address = "data.protection@council.example"
"""


def test_killing_a_draft_run_anywhere_leaves_no_half_batch(tmp_path, env):
    from playbook.config import load_config
    from playbook.intake.importing import import_file
    from tests.builders import council_tenant_survey

    Path(env["PLAYBOOK_CONFIG"]).write_text(CONFIG)
    message = council_tenant_survey(tmp_path, personal=60, at_work=5)

    def imported(db, incident_id):
        config = load_config(Path(env["PLAYBOOK_CONFIG"]))
        import_file(db, incident_id, message, config=config, author=AUTHOR, now=FIXED_NOW)

    base, incident_id = prepared(tmp_path, imported)
    work = Path(env["PLAYBOOK_DB"])
    outbox = tmp_path / "outbox"
    argv = ["drafts", incident_id, "apology", "--out", str(outbox)]
    statements, after = finished_state(base, work, argv, env, tmp_path / "dry.json")
    batch_size = len(list(next(outbox.iterdir()).iterdir()))
    assert batch_size == 60
    points = kill_points(statements, KILLS_PER_RUN)

    def empty_outbox() -> None:
        shutil.rmtree(outbox, ignore_errors=True)

    def no_half_batch(db_path: Path, completed: bool) -> None:
        visible = [path for path in outbox.glob("[!.]*")] if outbox.exists() else []
        for batch in visible:
            files = sorted(batch.iterdir())
            assert len(files) == batch_size, "a half-written batch is visible in the outbox"
            for file in files:
                assert message_from_bytes(file.read_bytes())["To"]
        assert len(visible) == 1 if completed else len(visible) <= 1

    def no_leftovers() -> None:
        assert not list(outbox.glob(".*")), "the next run left a killed run's partial files"

    report = kill_and_check(
        base,
        work,
        argv,
        env,
        points,
        after=after,
        before_each=empty_outbox,
        also_check=no_half_batch,
        after_rerun=no_leftovers,
    )

    assert report.kills >= KILLS_PER_RUN
    assert report.rolled_back and report.completed
