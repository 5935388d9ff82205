"""Each person's postal address and phone, kept from the attachment's rows and read back."""

from __future__ import annotations

from pathlib import Path

from playbook.store.messages import load_people
from playbook.store.schema import MIGRATIONS
from tests import builders
from tests.mail.conftest import import_into, incident_id

__all__ = ["import_into", "incident_id"]

# The postcode column comes first and the town before the second line: the address is still
# put together as the lines, then the town, then the postcode.
HEADER = ("Name", "Postcode", "Address line 1", "Town", "Address line 2", "Mobile", "Tel")
ROWS = [
    ("Ann Abbot", "EX4 3AB", "Flat 2", "Exampleton", "12 Oak Road", "07700 900123", ""),
    ("Ben Birch", "ex5 1bd", "3 Mill Lane\nThe Rise", "Sampleford", "", "", "01632 960123"),
    ("Cal Coyle", "", "", "", "", "", ""),
]


def sent_with_addresses(folder: Path, rows=ROWS) -> Path:
    message = builders.build_message(
        sender="Housing <housing@council.example>",
        to=["contractor@repairs.example"],
        subject="Tenants for the repairs round",
        body="The list is attached.\r\n",
        attachments=[
            builders.Attached(
                "tenants.csv", "text/csv", builders.csv_bytes(HEADER, [list(r) for r in rows])
            )
        ],
        message_id="<repairs-round@council.example>",
    )
    return builders.write_eml(message, folder / "repairs.eml")


def test_each_persons_address_and_phone_are_kept_in_order(db, incident_id, import_into, tmp_path):
    import_into(sent_with_addresses(tmp_path))

    people = {person.name: person for person in load_people(db, incident_id)}

    assert people["Ann Abbot"].postal_address == "Flat 2\n12 Oak Road\nExampleton\nEX4 3AB"
    assert people["Ann Abbot"].phone == "07700 900123"
    # a cell's own lines are lines of the address; an empty column adds none
    assert people["Ben Birch"].postal_address == "3 Mill Lane\nThe Rise\nSampleford\nex5 1bd"
    assert people["Ben Birch"].phone == "01632 960123"
    assert (people["Cal Coyle"].postal_address, people["Cal Coyle"].phone) == ("", "")


def test_an_unknown_address_is_stored_as_null_so_older_rows_keep_their_seal(
    db, incident_id, import_into, tmp_path
):
    import_into(sent_with_addresses(tmp_path))

    stored = dict(
        db.execute(
            "SELECT name, postal_address IS NULL AND phone IS NULL FROM people "
            "WHERE incident_id = ?",
            [incident_id],
        ).fetchall()
    )

    assert stored == {"Ann Abbot": 0, "Ben Birch": 0, "Cal Coyle": 1}
    assert "m008_people_contacts" in [migration.name for migration in MIGRATIONS._migrations]


def test_a_person_found_again_keeps_the_address_first_found(db, incident_id, import_into, tmp_path):
    import_into(sent_with_addresses(tmp_path))
    again = [("Ann Abbot", "EX4 3AB", "Elsewhere", "", "", "07700 900123", "")]
    later = builders.build_message(
        sender="Housing <housing@council.example>",
        to=["contractor@repairs.example"],
        subject="Tenants for the repairs round, again",
        body="Again.\r\n",
        attachments=[builders.Attached("t.csv", "text/csv", builders.csv_bytes(HEADER, again))],
        message_id="<repairs-round-2@council.example>",
    )
    import_into(builders.write_eml(later, tmp_path / "again.eml"))

    ann = next(person for person in load_people(db, incident_id) if person.name == "Ann Abbot")

    assert ann.postal_address == "Flat 2\n12 Oak Road\nExampleton\nEX4 3AB"
    assert "message 2 attachment 1" in ann.sources
