"""Two processes writing at once both succeed."""

import json
import os
import subprocess
import sys

from tests.conftest import FIXED_NOW

SCRIPT = """
import sys
from playbook.__main__ import main
for number in range(25):
    code = main(["new", "--title", f"{sys.argv[1]} {number}"])
    if code:
        sys.exit(code)
"""


def test_two_processes_creating_25_incidents_each_both_succeed(db_path, tmp_path):
    env = {
        **os.environ,
        "PLAYBOOK_DB": str(db_path),
        "PLAYBOOK_CONFIG": str(tmp_path / "none.toml"),
        "PLAYBOOK_NOW": FIXED_NOW.isoformat(),
    }
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", SCRIPT, name],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("left", "right")
    ]
    errors = [writer.communicate(timeout=120)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], errors
    listed = subprocess.run(
        [sys.executable, "-m", "playbook", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    incidents = json.loads(listed.stdout)
    assert len(incidents) == 50
    assert len({incident["id"] for incident in incidents}) == 50
    verified = subprocess.run(
        [sys.executable, "-m", "playbook", "verify"], env=env, capture_output=True, text=True
    )
    assert verified.returncode == 0, verified.stderr
