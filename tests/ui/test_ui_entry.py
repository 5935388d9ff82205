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
    assert "open a new incident" in result.out and "drafts" in result.out  # every command


def test_no_command_in_a_terminal_opens_the_app_and_ctrl_q_quits(tmp_path, db_path, survey):
    """A real terminal (a pty): the register appears, with the incident, and ctrl+q ends it."""
    import os
    import pty
    import select
    import subprocess
    import sys

    main_side, app_side = pty.openpty()
    env = {
        **os.environ,
        "PLAYBOOK_DB": str(db_path),
        "PLAYBOOK_CONFIG": str(tmp_path / "none.toml"),
        "PLAYBOOK_NOW": "2026-10-25T12:00:00+00:00",
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "playbook"],
        stdin=app_side,
        stdout=app_side,
        stderr=app_side,
        env=env,
        close_fds=True,
    )
    os.close(app_side)
    screen = b""
    try:
        while b"incident register" not in screen or survey.id.encode() not in screen:
            ready, _, _ = select.select([main_side], [], [], 30)
            assert ready, "the app did not draw its register within 30 seconds"
            screen += os.read(main_side, 65536)
        os.write(main_side, b"\x11")  # ctrl+q
        while process.poll() is None:  # keep reading, so the app's last output never blocks it
            ready, _, _ = select.select([main_side], [], [], 30)
            assert ready or process.poll() is not None, "ctrl+q did not end the app"
            if ready:
                try:
                    os.read(main_side, 65536)
                except OSError:  # the app closed its side of the terminal
                    break
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main_side)
