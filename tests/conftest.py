"""Shared fixtures: a temporary database, a fixed clock, and ways to run the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dateutil import tz
from hypothesis import settings

from playbook.__main__ import main
from playbook.store.database import open_database

# In CI the fuzz tests replay the same examples every run, so a red build always means a change
# broke something; on a developer's machine they keep exploring new inputs.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

FIXED_NOW = datetime(2026, 10, 25, 12, 0, tzinfo=UTC)
LONDON = tz.gettz("Europe/London")


@dataclass
class CliResult:
    """What one CLI run printed and returned."""

    code: int
    out: str
    err: str

    def json(self):
        """stdout read as JSON."""
        return json.loads(self.out)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a fresh database file."""
    return tmp_path / "playbook.db"


@pytest.fixture
def db(db_path: Path):
    """A fresh, migrated database."""
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def cli(db_path: Path, tmp_path: Path, capsys, monkeypatch):
    """Run `playbook ARGS` in this process against the test database, at FIXED_NOW."""
    monkeypatch.setenv("PLAYBOOK_DB", str(db_path))
    monkeypatch.setenv("PLAYBOOK_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("PLAYBOOK_NOW", FIXED_NOW.isoformat())

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def run_playbook(db_path: Path, tmp_path: Path):
    """Run `python -m playbook ARGS` as a real subprocess against the test database."""

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> CliResult:
        environment = {
            **os.environ,
            "PLAYBOOK_DB": str(db_path),
            "PLAYBOOK_CONFIG": str(tmp_path / "config.toml"),
            "PLAYBOOK_NOW": FIXED_NOW.isoformat(),
            **(env or {}),
        }
        completed = subprocess.run(
            [sys.executable, "-m", "playbook", *args],
            capture_output=True,
            text=True,
            env=environment,
            timeout=timeout,
        )
        return CliResult(completed.returncode, completed.stdout, completed.stderr)

    return run
