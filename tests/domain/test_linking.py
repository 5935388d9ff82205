"""Linking a person found in an attachment row to the recipient of the same name."""

from __future__ import annotations

from playbook.domain.linking import comparable_name, links_by_name


def test_a_row_person_is_linked_to_the_one_recipient_of_the_same_name():
    links = links_by_name(
        [("ann abbot|date_of_birth:01/01/1990", "Ann Abbot"), ("bo|x", "Bo Birch")],
        [("ann@homemail.example", "ANN  abbot"), ("cy@isp.example", "Cy Coyle")],
    )

    assert links == {"ann abbot|date_of_birth:01/01/1990": "ann@homemail.example"}


def test_a_name_shared_by_two_addresses_or_two_people_is_never_linked():
    two_addresses = links_by_name(
        [("k1", "Ann Abbot")], [("ann@a.example", "Ann Abbot"), ("ann@b.example", "Ann Abbot")]
    )
    two_people = links_by_name(
        [("k1", "Ann Abbot"), ("k2", "Ann Abbot")], [("ann@a.example", "Ann Abbot")]
    )
    same_address_twice = links_by_name(
        [("k1", "Ann Abbot")], [("ann@a.example", "Ann Abbot"), ("ann@a.example", "Ann Abbot")]
    )

    assert (two_addresses, two_people) == ({}, {})
    assert same_address_twice == {"k1": "ann@a.example"}


def test_names_compare_in_either_order_and_without_an_address_nothing_links():
    assert comparable_name("Abbot, Ann") == comparable_name("ann abbot")
    assert links_by_name([("k1", "Ann Abbot")], [("/o=corp/cn=ann", "Ann Abbot")]) == {}
    assert links_by_name([("k1", "")], [("x@y.example", "")]) == {}
