"""Concurrency: the app's long-lived connection and CLI writers in other processes all succeed.

Two processes creating incidents on their own are tested in tests/cli/test_concurrency.py; here
a third process holds one connection open for its whole life, as the TUI does, reading and
writing between the CLI's writes, on a database none of them has created yet.
"""

from __future__ import annotations

import json
import subprocess

from playbook.store.database import open_database
from playbook.store.events import verify_timelines
from tests.survival.conftest import PYTHON

APP_LIKE = """
import sys
from playbook.store.database import open_database
from playbook.store.events import list_events
from playbook.store.incidents import add_note, create_incident, list_incidents
from tests.conftest import FIXED_NOW

db = open_database(__import__("pathlib").Path(sys.argv[1]))
own = create_incident(db, title="Kept open in the app", aware_at=FIXED_NOW, now=FIXED_NOW,
                      author="app")
print("ready", flush=True)
for number in range(60):
    seen = list_incidents(db)
    for incident in seen[:3]:
        list_events(db, incident.id)
    add_note(db, own.id, f"Seen {len(seen)} incidents.", author="app", now=FIXED_NOW)
"""

CLI_WRITER = """
import sys
from playbook.__main__ import main
for number in range(25):
    created = main(["new", "--title", f"{sys.argv[1]} {number}"])
    noted = main(["note", "PB-2026-0001", f"{sys.argv[1]} wrote {number}"])
    if created or noted:
        sys.exit(1)
"""


def test_app_connection_and_two_cli_writers_never_see_a_locked_database(db_path, subprocess_env):
    app = subprocess.Popen(
        [PYTHON, "-c", APP_LIKE, str(db_path)],
        env=subprocess_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert app.stdout.readline().strip() == "ready"
    writers = [
        subprocess.Popen(
            [PYTHON, "-c", CLI_WRITER, name],
            env=subprocess_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("left", "right")
    ]
    outputs = [process.communicate(timeout=180)[1] for process in (app, *writers)]
    assert [process.returncode for process in (app, *writers)] == [0, 0, 0], outputs
    assert not any("locked" in output for output in outputs)

    db = open_database(db_path)
    assert db["incidents"].count == 51
    assert db["events"].count_where("kind = 'note'") == 60 + 50
    assert verify_timelines(db) == (51 + 60 + 50, None)
    listed = subprocess.run(
        [PYTHON, "-m", "playbook", "list", "--json"],
        env=subprocess_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert len({incident["id"] for incident in json.loads(listed.stdout)}) == 51
