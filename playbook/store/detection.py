"""What an incident's imports stored that the detected facts are read from."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from playbook.domain.incident import Recipient
from playbook.store.values import json_value


@dataclass(frozen=True)
class DetectionInputs:
    """The stored findings of every import of one incident."""

    item_sets: list[frozenset[str]]  # each distinct set of data items a person holds
    attachment_categories: set[str]
    relations: set[str]  # each message's relation to the first (original, reply, forward)
    all_read: bool  # no message has a warning about what could not be read
    kinds_and_trusts: list[Recipient]  # one recipient per distinct (kind, trust)
    outside_recipients: int


def detection_inputs(db: Database, incident_id: str) -> DetectionInputs:
    """Read the findings the detected facts are made from."""
    item_sets = [
        frozenset(_json_list(items))
        for (items,) in db.execute(
            "SELECT DISTINCT data_items FROM people WHERE incident_id = ?", [incident_id]
        )
    ]
    categories: set[str] = set()
    for (stored,) in db.execute(
        "SELECT categories FROM attachments WHERE incident_id = ?", [incident_id]
    ):
        categories.update(_json_list(stored))
    relations, all_read = set(), True
    for relation, warnings in db.execute(
        "SELECT relation, warnings FROM messages WHERE incident_id = ?", [incident_id]
    ):
        relations.add(relation)
        all_read = all_read and not _json_list(warnings)
    kinds_and_trusts = [
        Recipient(address="", kind=kind, trust=trust)
        for kind, trust in db.execute(
            "SELECT DISTINCT kind, trust FROM recipients WHERE incident_id = ?", [incident_id]
        )
    ]
    (outside,) = db.execute(
        "SELECT count(*) FROM recipients WHERE incident_id = ? AND kind != 'internal'",
        [incident_id],
    ).fetchone()
    return DetectionInputs(item_sets, categories, relations, all_read, kinds_and_trusts, outside)


def _json_list(text: str | None) -> list[str]:
    value = json_value(text, [])
    return value if isinstance(value, list) else []
