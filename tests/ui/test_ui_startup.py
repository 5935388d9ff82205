"""What starting the app leaves to the garbage collector, seen in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import FIXED_NOW

CHILD = """
import gc
import json
import sys
from datetime import datetime
from pathlib import Path

from playbook.config import Config
from playbook.store.database import open_database
from playbook.ui.app import PlaybookApp
from playbook.ui.widgets.recipient_table import RecipientTable

frozen_before = gc.get_freeze_count()


async def report(pilot):
    await pilot.pause()
    tracked = {id(thing) for thing in gc.get_objects()}
    rows = pilot.app.screen.query_one(RecipientTable).all_rows
    found = {
        "frozen_before": frozen_before,
        "frozen_after": gc.get_freeze_count(),
        "rows": len(rows),
        "rows_collectable": sum(id(recipient) in tracked for recipient, _ in rows),
    }
    print(json.dumps(found))
    pilot.app.exit()


now = datetime.fromisoformat(sys.argv[3])
app = PlaybookApp(
    open_database(Path(sys.argv[1])),
    config=Config(),
    now=lambda: now,
    author="Test Responder",
    open_incident=sys.argv[2],
)
app.run(headless=True, size=(80, 24), auto_pilot=report)
"""


def test_startup_objects_are_frozen_and_the_incident_data_is_not(db_path, imported):
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(db_path), imported.id, FIXED_NOW.isoformat()],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["frozen_before"] == 0
    assert found["frozen_after"] > 10_000  # the modules and styles loaded to start
    assert found["rows"] == found["rows_collectable"] == 6  # the incident's data is not frozen
