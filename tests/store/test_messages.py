"""The message store: recipients keep their containment state, people merge, counts add up."""

from __future__ import annotations

from playbook.domain.incident import Attachment, Person
from playbook.store.database import transaction
from playbook.store.incidents import create_incident
from playbook.store.messages import (
    add_attachments,
    add_recipients,
    exposure_summary,
    has_more_recipients_than,
    insert_message,
    load_findings,
    load_messages,
    load_people,
    load_recipients,
    message_positions,
    next_position,
    stage_recipients,
    staged_recipients,
)
from playbook.store.people import merge_people
from tests.conftest import FIXED_NOW


def incident(db) -> str:
    return create_incident(db, title="t", aware_at=FIXED_NOW, now=FIXED_NOW, author="a").id


def message(db, incident_id, position, **extra):
    insert_message(
        db,
        incident_id,
        {
            "position": position,
            "sender": "Jo <jo@council.example>",
            "subject": "Survey",
            "sent_at": FIXED_NOW,
            "message_id": f"<m{position}@council.example>",
            "source_name": "m.eml",
            "body_text": "",
            "imported_at": FIXED_NOW,
            "is_sender_copy": 0,
            "format": "eml",
            "relation": "original" if position == 1 else "reply",
            "warnings": ["The message has no Date line."],
            "suggestions": [{"fact": "subjects", "value": "children", "reason": "r"}],
            **extra,
        },
    )


def test_new_recipients_start_not_contacted_with_trust_from_their_kind(db):
    incident_id = incident(db)
    message(db, incident_id, 1)
    add_recipients(
        db,
        incident_id,
        1,
        [
            ("jo@council.example", "", "to", "internal", False),
            ("bids@firm.example", "Bids", "cc", "external_org", True),
            ("ann@homemail.example", "Ann", "cc", "external_personal", True),
        ],
    )

    recipients = load_recipients(db, incident_id)
    assert [(r.address, r.trust, r.status, r.message_position) for r in recipients] == [
        ("jo@council.example", "internal", "not_contacted", 1),
        ("bids@firm.example", "unknown", "not_contacted", 1),
        ("ann@homemail.example", "unknown", "not_contacted", 1),
    ]
    assert exposure_summary(db, incident_id).exposed_addresses == 1


def test_a_recipient_reached_again_keeps_its_row_and_becomes_exposed_if_shown(db):
    incident_id = incident(db)
    message(db, incident_id, 1)
    message(db, incident_id, 2)
    add_recipients(
        db, incident_id, 1, [("ann@homemail.example", "", "bcc", "external_personal", False)]
    )
    db["recipients"].update((incident_id, "ann@homemail.example"), {"status": "requested"})

    add_recipients(
        db, incident_id, 2, [("ann@homemail.example", "Ann", "to", "external_personal", True)]
    )

    [ann] = load_recipients(db, incident_id)
    assert (ann.field, ann.status, ann.message_position, ann.name) == ("bcc", "requested", 1, "Ann")
    assert (ann.field, db["recipients"].get((incident_id, ann.address))["exposed"]) == ("bcc", 1)
    assert exposure_summary(db, incident_id).exposed_addresses == 1


def test_people_found_again_are_merged_into_those_stored(db):
    incident_id = incident(db)
    merge_people(
        db,
        incident_id,
        [("ann@x.example", "", "ann@x.example", ("mobile",), ("message 1",), "", "")],
    )
    merge_people(
        db,
        incident_id,
        [("ann@x.example", "Ann", "ann@x.example", ("email", "name"), ("m2", "message 1"), "", "")],
    )

    assert load_people(db, incident_id) == [
        Person(
            "ann@x.example",
            "Ann",  # an empty name is filled; items keep the sentence order; sources once each
            "ann@x.example",
            ("name", "email", "mobile"),
            ("message 1", "m2"),
        )
    ]


def test_staged_recipients_keep_each_address_once_with_its_first_field(db):
    reached = stage_recipients(
        db,
        [
            ("ann@x.example", "", "to"),
            ("bob@y.example", "Bob", "cc"),
            ("ann@x.example", "Ann", "bcc"),  # later field loses, but its name fills the gap
            ("bob@y.example", "Robert", "bcc"),  # a name already known stays
        ],
    )

    assert reached == 2
    assert list(staged_recipients(db)) == [
        ("ann@x.example", "Ann", "to"),
        ("bob@y.example", "Bob", "cc"),
    ]
    assert list(staged_recipients(db, ("cc",))) == [("bob@y.example", "Bob", "cc")]


def test_messages_come_back_with_their_attachments_and_findings(db):
    incident_id = incident(db)
    with transaction(db):
        message(db, incident_id, 1)
        add_attachments(
            db,
            incident_id,
            1,
            [
                (
                    1,
                    Attachment(
                        "a.csv",
                        "text/csv",
                        10,
                        "ab" * 32,
                        3,
                        ("Email",),
                        ("basic_identifiers",),
                        False,
                    ),
                )
            ],
        )

    [stored] = load_messages(db, incident_id)
    assert (stored.position, stored.sender, stored.sent_at) == (
        1,
        "Jo <jo@council.example>",
        FIXED_NOW,
    )
    assert stored.attachments[0].columns == ("Email",)
    [findings] = load_findings(db, incident_id)
    assert findings.warnings == ("The message has no Date line.",)
    assert findings.bcc_known is False
    assert message_positions(db, incident_id) == {"<m1@council.example>": 1}
    assert next_position(db, incident_id) == 2
    assert exposure_summary(db, incident_id).records == 3


def test_whether_an_incident_has_more_recipients_than_a_number(db):
    incident_id = incident(db)
    message(db, incident_id, 1)
    add_recipients(
        db,
        incident_id,
        1,
        [(f"p{n}@mail.example", "", "cc", "external_personal", True) for n in range(3)],
    )
    assert has_more_recipients_than(db, incident_id, 2)
    assert not has_more_recipients_than(db, incident_id, 3)
    assert not has_more_recipients_than(db, incident(db), 0)
