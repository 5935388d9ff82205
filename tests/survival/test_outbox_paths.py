"""No name or address, however hostile, can make a draft's file land outside the outbox.

File names come from our code (a number and the address made harmless), never from a template;
these tests feed that code hostile addresses directly, and run the real drafts command on an
incident whose people have been given hostile names and addresses.
"""

from __future__ import annotations

from dataclasses import astuple
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.domain.incident import Person
from playbook.notify.outbox import file_name
from playbook.store.database import open_database
from playbook.store.incidents import create_incident
from playbook.store.people import merge_people
from tests.conftest import FIXED_NOW
from tests.survival.conftest import AUTHOR
from tests.survival.test_crash import CONFIG

# Addresses the safety gate lets through, each trying to steer its file out of the folder.
PATH_LIKE_ADDRESSES = [
    "../../escaped@home.example",
    "..@home.example",
    "/etc/cron.d/evil@home.example",
    "a/../../b@home.example",
    ".hidden@home.example",
    "~root@home.example",
    "x" * 300 + "@home.example",
]
# Addresses the gate refuses: the whole batch is refused and nothing is written anywhere.
REFUSED_ADDRESSES = [
    "..\\..\\windows@home.example",
    "nul\x00byte@home.example",
    "new\nline@home.example",
    "$(touch pwned)@home.example",
]
HOSTILE_NAMES = ["../../../etc/passwd", "/tmp/evil", "Robert'); DROP TABLE people;--", "\x1b[2J"]


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=1, max_value=10**6), st.text())
def test_a_file_name_is_always_one_harmless_name_inside_the_folder(number, address):
    name = file_name(number, address)
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".")
    assert len(name.encode()) < 255
    outbox = Path("/outbox")
    assert (outbox / name).parent == outbox
    assert Path(name).name == name


def files_written_by_drafts(cli, db_path: Path, tmp_path: Path, addresses: list[str]):
    """Run `playbook drafts ID apology --out DIR` for people with `addresses`; what it created."""
    (tmp_path / "config.toml").write_text(CONFIG)
    db = open_database(db_path)
    incident = create_incident(
        db, title="Hostile names", aware_at=FIXED_NOW, now=FIXED_NOW, author=AUTHOR
    )
    people = [
        Person(
            key=address,
            name=HOSTILE_NAMES[number % len(HOSTILE_NAMES)],
            email=address,
            data_items=("email", "name"),
            sources=("message 1",),
        )
        for number, address in enumerate(addresses)
    ]
    merge_people(db, incident.id, (astuple(person) for person in people))
    db.conn.commit()
    db.close()
    outbox = tmp_path / "work" / "outbox"
    outbox.mkdir(parents=True)
    before = set(tmp_path.rglob("*"))
    result = cli("drafts", incident.id, "apology", "--out", str(outbox))
    database_files = {db_path.with_name(db_path.name + suffix) for suffix in ("-wal", "-shm")}
    created = set(tmp_path.rglob("*")) - before - database_files
    return result, outbox, created


def test_path_like_addresses_and_names_stay_inside_the_outbox(cli, db_path, tmp_path):
    result, outbox, created = files_written_by_drafts(cli, db_path, tmp_path, PATH_LIKE_ADDRESSES)
    assert result.code == 0, result.err
    files = [path for path in created if path.is_file()]
    assert len(files) == len(PATH_LIKE_ADDRESSES)
    assert all(path.parent.parent == outbox for path in files)
    assert [path for path in created if outbox not in path.parents] == []
    assert not Path("/etc/cron.d/evil@home.example").exists()


def test_addresses_the_gate_refuses_are_skipped_listed_and_never_written(cli, db_path, tmp_path):
    result, outbox, created = files_written_by_drafts(
        cli, db_path, tmp_path, PATH_LIKE_ADDRESSES + REFUSED_ADDRESSES
    )
    assert result.code == 0, result.err
    assert f"{len(REFUSED_ADDRESSES)} addresses cannot be written to" in result.out
    assert "\x00" not in result.out and "new\nline" not in result.out
    files = [path for path in created if path.is_file()]
    assert len(files) == len(PATH_LIKE_ADDRESSES)
    assert [path for path in created if outbox not in path.parents] == []


def test_when_every_address_is_refused_nothing_is_written_anywhere(cli, db_path, tmp_path):
    result, _, created = files_written_by_drafts(cli, db_path, tmp_path, REFUSED_ADDRESSES)
    assert result.code == 1
    assert "nothing was written" in result.err
    assert created == set()
