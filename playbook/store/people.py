"""The affected people in the database: merged as an import finds them, a batch at a time.

`StoredPeople` is the database side of a PeopleIndex during an import. People are merged into
the `people` table (a person already stored, by key, gains what was found; their first name
found stays), and the aliases that find a person without an email go in a temporary table of
the import's own connection. So a 100,000-row file is never held whole in memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache
from typing import Any

from sqlite_utils import Database

from playbook.domain.exposure import PersonRow, merged_sources, ordered_items
from playbook.domain.incident import Person
from playbook.domain.linking import links_by_name
from playbook.store.values import json_list, json_text

_LOOKUP_BATCH = 500  # aliases looked up per query


class StoredPeople:
    """The PeopleSpill of one import into one incident (domain.exposure.PeopleIndex)."""

    def __init__(self, db: Database, incident_id: str) -> None:
        self.db = db
        self.incident_id = incident_id
        # Appended without an index, which is built only once an alias is looked up: a file
        # whose every row has an email never needs one. The first row for a hash wins.
        db.execute("CREATE TEMP TABLE IF NOT EXISTS import_aliases (hash INTEGER, key TEXT)")
        db.execute("DROP INDEX IF EXISTS temp.import_aliases_by_hash")
        db.execute("DELETE FROM temp.import_aliases")  # aliases find people within one import

    def alias_keys(self, alias_hashes: Collection[int]) -> dict[int, str]:
        """The keys that these aliases (by hash) were first recorded for in this import."""
        self.db.execute(
            "CREATE INDEX IF NOT EXISTS temp.import_aliases_by_hash ON import_aliases (hash)"
        )
        hashes = list(alias_hashes)
        found: dict[int, str] = {}
        for start in range(0, len(hashes), _LOOKUP_BATCH):
            batch = hashes[start : start + _LOOKUP_BATCH]
            marks = ", ".join("?" * len(batch))
            found.update(
                (alias_hash, key)
                for alias_hash, key, _ in self.db.execute(
                    "SELECT hash, key, min(rowid) FROM temp.import_aliases "
                    f"WHERE hash IN ({marks}) GROUP BY hash",
                    batch,
                )
            )
        return found

    def person(self, key: str) -> Person | None:
        """The person stored under `key`, if any."""
        return stored_person(self.db, self.incident_id, key)

    def remove(self, key: str) -> None:
        """Delete the person stored under `key` (they have moved to their email)."""
        self.db.execute(
            "DELETE FROM people WHERE incident_id = ? AND key = ?", [self.incident_id, key]
        )

    def keep(self, people: Iterable[PersonRow], aliases: Iterable[tuple[int, str]]) -> None:
        """Merge `people` into those stored and record the aliases."""
        merge_people(self.db, self.incident_id, people)
        self.db.conn.executemany(
            "INSERT INTO temp.import_aliases (hash, key) VALUES (?, ?)", aliases
        )


# A Person's columns, in the order `person_from_row` reads them.
PERSON_COLUMNS = "key, name, email, data_items, sources, postal_address, phone"


def person_from_row(row: Sequence[Any]) -> Person:
    """A Person from a row of PERSON_COLUMNS; what is not stored reads as empty."""
    key, name, email, items, sources, postal_address, phone = row
    return Person(
        key,
        name or "",
        email or "",
        tuple(json_list(items)),
        tuple(json_list(sources)),
        postal_address or "",
        phone or "",
    )


def stored_person(db: Database, incident_id: str, key: str) -> Person | None:
    """The person stored under `key` in the incident, if any."""
    row = db.execute(
        f"SELECT {PERSON_COLUMNS} FROM people WHERE incident_id = ? AND key = ?",
        [incident_id, key],
    ).fetchone()
    return None if row is None else person_from_row(row)


def merge_people(db: Database, incident_id: str, people: Iterable[PersonRow]) -> None:
    """Insert people (as rows of a Person's fields), or merge them into those stored under the
    same key: their data items and sources are added, and an empty name, email, postal address
    or phone is filled. An unknown postal address or phone is stored as NULL."""
    _register_merge_functions(db)
    db.conn.executemany(
        "INSERT INTO people (incident_id, key, name, email, data_items, sources, postal_address, "
        "phone) VALUES (?, ?, ?, ?, ?, ?, nullif(?, ''), nullif(?, '')) "
        "ON CONFLICT (incident_id, key) DO UPDATE SET "
        "name = coalesce(nullif(people.name, ''), excluded.name), "
        "email = coalesce(nullif(people.email, ''), excluded.email), "
        "data_items = playbook_merged_items(people.data_items, excluded.data_items), "
        "sources = playbook_merged_sources(people.sources, excluded.sources), "
        "postal_address = coalesce(nullif(people.postal_address, ''), excluded.postal_address), "
        "phone = coalesce(nullif(people.phone, ''), excluded.phone)",
        (
            (incident_id, key, name, email, _json_list(items), _json_list(sources), postal, phone)
            for key, name, email, items, sources, postal, phone in people
        ),
    )


def _register_merge_functions(db: Database) -> None:
    """Give the connection the two merge functions, once: SQLite refuses to replace a function
    while a query is open, as one is when the import reads the staged recipients as it merges."""
    try:
        db.conn.execute(
            "SELECT playbook_merged_items(NULL, '[]'), playbook_merged_sources(NULL, '[]')"
        )
    except sqlite3.OperationalError:
        db.conn.create_function("playbook_merged_items", 2, _merged_items, deterministic=True)
        db.conn.create_function("playbook_merged_sources", 2, _merged_sources, deterministic=True)


@lru_cache(maxsize=1024)  # a big file has a handful of distinct item and source lists
def _json_list(values: tuple[str, ...]) -> str:
    return json_text(list(values))


@lru_cache(maxsize=1024)
def _merged_items(stored: str | None, found: str) -> str:
    return json_text(list(ordered_items((*json_list(stored), *json_list(found)))))


@lru_cache(maxsize=1024)
def _merged_sources(stored: str | None, found: str) -> str:
    return json_text(list(merged_sources(json_list(stored), json_list(found))))


def link_people_to_recipients(db: Database, incident_id: str) -> int:
    """Give each person found without an email the address of the one recipient of the same
    name (domain.linking), and file them under it, as a person found with an email is; return
    how many were linked. A person already stored under that address absorbs the one found."""
    unreachable = db.execute(
        "SELECT key, name FROM people WHERE incident_id = ? AND coalesce(email, '') = '' "
        "AND coalesce(name, '') != ''",
        [incident_id],
    ).fetchall()
    if not unreachable:
        return 0
    recipients = db.execute(
        "SELECT address, name FROM recipients WHERE incident_id = ? AND name != ''",
        [incident_id],
    )
    links = links_by_name(unreachable, recipients)
    for key, address in links.items():
        found = stored_person(db, incident_id, key)
        if found is None:
            continue
        db.execute("DELETE FROM people WHERE incident_id = ? AND key = ?", [incident_id, key])
        merge_people(
            db,
            incident_id,
            [
                (
                    address,
                    found.name,
                    address,
                    found.data_items,
                    found.sources,
                    found.postal_address,
                    found.phone,
                )
            ],
        )
        db.execute(
            "UPDATE people SET linked = 1 WHERE incident_id = ? AND key = ?", [incident_id, address]
        )
    return len(links)


def linked_people(db: Database, incident_id: str) -> int:
    """How many people are reachable at the address of a recipient of the same name."""
    linked: int = db.execute(
        "SELECT count(*) FROM people WHERE incident_id = ? AND linked = 1", [incident_id]
    ).fetchone()[0]
    return linked
