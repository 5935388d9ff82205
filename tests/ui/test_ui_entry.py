"""The ways into the app: `playbook` with no command, and `playbook demo`."""

from __future__ import annotations

from playbook.store.database import open_database
from playbook.store.incidents import list_incidents


def test_demo_without_the_app_seeds_and_prints_what_it_made(cli, tmp_path):
    demo_db = tmp_path / "demo.db"
    result = cli("--db", str(demo_db), "demo", "--no-app")
    assert result.code == 0, result.err
    assert f"Demo database: {demo_db}" in result.out
    assert "Tenant survey sent with every address in Cc" in result.out
    assert "The app needs a terminal" not in result.err
    incidents = list_incidents(open_database(demo_db))
    assert len(incidents) == 2


def test_demo_outside_a_terminal_says_so_and_seeds(cli, tmp_path):
    result = cli("--db", str(tmp_path / "demo.db"), "demo")
    assert result.code == 0, result.err
    assert "The app needs a terminal" in result.err
    assert "Discount-card spreadsheet" in result.out


def test_no_command_outside_a_terminal_prints_the_help(cli):
    result = cli()
    assert result.code == 0
    assert "usage: playbook" in result.out
    assert "opens its app, which needs a terminal" in result.out
