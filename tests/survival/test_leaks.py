"""Nothing personal leaks: failing imports and crashes print no address or name they were fed.

Each test runs the real `playbook` in a subprocess on a message holding hundreds of fictional
people, makes it fail, and searches everything it printed for every one of their addresses and
names. The database must also be unchanged: a failure writes nothing.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from playbook.store.database import open_database
from playbook.store.incidents import close_incident, create_incident
from tests.builders import fictional_people, students_union_spreadsheet
from tests.conftest import FIXED_NOW
from tests.survival.conftest import AUTHOR, PYTHON
from tests.survival.crash import snapshot

HOLDERS = 200


@pytest.fixture
def full_of_people(tmp_path: Path) -> tuple[Path, list[str]]:
    """S1's message (holders in Bcc, all of them in a CSV) and every address and name in it."""
    message = students_union_spreadsheet(tmp_path, holders=HOLDERS)
    people = fictional_people(HOLDERS)
    personal = [person.email for person in people] + [person.name for person in people]
    personal += [person.mobile for person in people]
    return message, personal


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """`python -m playbook ARGS` with its output captured."""
    return subprocess.run(
        [PYTHON, "-m", "playbook", *args], capture_output=True, text=True, env=env, timeout=60
    )


def leaked(completed: subprocess.CompletedProcess, personal: list[str]) -> list[str]:
    """Every personal value found in what the process printed."""
    printed = completed.stdout + completed.stderr
    return [value for value in personal if value in printed]


def open_incident(db_path: Path) -> str:
    db = open_database(db_path)
    incident = create_incident(
        db, title="Discount-card list", aware_at=FIXED_NOW, now=FIXED_NOW, author=AUTHOR
    )
    db.close()
    return incident.id


def test_the_message_really_holds_the_values_searched_for(full_of_people):
    message, personal = full_of_people
    data = message.read_bytes()
    assert data.count(b"@") > HOLDERS
    assert personal[0].encode() in data


def test_a_message_cut_short_is_refused_without_printing_anyone(
    full_of_people, db_path, subprocess_env, tmp_path
):
    message, personal = full_of_people
    data = message.read_bytes()
    cut = tmp_path / "cut.eml"
    cut.write_bytes(data[: len(data) * 2 // 3])
    incident_id = open_incident(db_path)
    before = snapshot(db_path)

    completed = run(["import", incident_id, str(cut)], subprocess_env)

    assert completed.returncode == 1
    assert "cut short" in completed.stderr
    assert leaked(completed, personal) == []
    assert snapshot(db_path) == before


def test_new_from_a_bad_file_prints_no_one_and_opens_nothing(
    full_of_people, db_path, subprocess_env, tmp_path
):
    message, personal = full_of_people
    cut = tmp_path / "cut.eml"
    cut.write_bytes(message.read_bytes()[:-400])

    completed = run(["new", "--title", "Discounts", "--from", str(cut)], subprocess_env)

    assert completed.returncode == 1
    assert leaked(completed, personal) == []
    assert open_database(db_path)["incidents"].count == 0


def test_importing_into_a_closed_incident_prints_no_one(full_of_people, db_path, subprocess_env):
    message, personal = full_of_people
    incident_id = open_incident(db_path)
    db = open_database(db_path)
    close_incident(db, incident_id, "Bcc by default.", author=AUTHOR, now=FIXED_NOW)
    db.close()
    before = snapshot(db_path)

    completed = run(["import", incident_id, str(message)], subprocess_env)

    assert completed.returncode == 1
    assert leaked(completed, personal) == []
    assert snapshot(db_path) == before


CRASHING_IMPORT = """
import sqlite3, sys
import playbook.intake.importing

def crash(db, incident_id, position, recipients):
    # A database error that quotes a value, as some do: the guard must not print it.
    address = list(recipients)[-1][0]
    raise sqlite3.IntegrityError(f"UNIQUE constraint failed: recipients.address = {address}")

playbook.intake.importing.add_recipients = crash
from playbook.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_crash_during_an_import_prints_no_personal_data_and_keeps_nothing(
    full_of_people, db_path, subprocess_env
):
    message, personal = full_of_people
    incident_id = open_incident(db_path)
    before = snapshot(db_path)

    completed = subprocess.run(
        [PYTHON, "-c", CRASHING_IMPORT, "import", incident_id, str(message)],
        capture_output=True,
        text=True,
        env=subprocess_env,
        timeout=60,
    )

    assert completed.returncode == 1
    assert "unexpected IntegrityError" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert leaked(completed, personal) == []
    assert snapshot(db_path) == before


def test_a_json_import_report_on_failure_prints_no_one(full_of_people, db_path, subprocess_env):
    message, personal = full_of_people
    completed = run(["import", "PB-2026-0404", str(message), "--json"], subprocess_env)
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert leaked(completed, personal) == []
