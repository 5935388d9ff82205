"""Addresses: kinds from the sender's domain, configured domains and the webmail list."""

from __future__ import annotations

from email.utils import getaddresses

import pytest

from playbook.mail.addresses import KindClassifier, address_chunks, split_header, webmail_domains


def test_the_webmail_list_is_read_from_its_data_file():
    domains = webmail_domains()
    assert {"gmail.com", "btinternet.com", "homemail.example"} <= domains
    assert not any(domain.startswith("#") or " " in domain for domain in domains)


def test_kinds():
    kind = KindClassifier(["council.example", "@partner.example"]).kind

    assert kind("jo@council.example") == "internal"
    assert kind("jo@housing.council.example") == "internal"  # subdomains count
    assert kind("jo@partner.example") == "internal"
    assert kind("jo@gmail.com") == "external_personal"
    assert kind("jo@mail.yahoo.co.uk") == "external_personal"
    assert kind("jo@charity.example") == "external_org"


def test_a_header_is_split_and_names_kept():
    entries, unreadable = split_header(['"Abbot, Ann" <Ann@X.example>, bob@y.example'], "cc")

    assert [(e.address, e.name, e.field) for e in entries] == [
        ("ann@x.example", "Abbot, Ann", "cc"),
        ("bob@y.example", "", "cc"),
    ]
    assert unreadable == 0


def test_a_display_name_with_a_broken_encoded_word_is_kept_as_written():
    # Found by fuzzing: bad base64 inside =?utf-8?b?...?= raised from the stdlib's decoder.
    entries, unreadable = split_header(["=?utf-8?b?not base64!?= <ann@x.example>"], "to")

    assert (entries[0].address, entries[0].name, unreadable) == (
        "ann@x.example",
        "=?utf-8?b?not base64!?=",
        0,
    )


@pytest.mark.parametrize("size", [1, 2, 3, 1000])
def test_a_long_address_line_split_in_pieces_gives_what_the_whole_line_gives(size):
    line = (
        '"Abbot, Ann" <ann@x.example>, bob@y.example (Bob, the "builder"),\r\n <c,d@z.example>, '
        'Friends: e@f.example, g@h.example;, "Q\\" ,x" <q@r.example>, =?utf-8?q?Ren=C3=A9e?= '
        "<renee@x.example>"
    )

    pieces = list(address_chunks(line, size))

    assert [a for piece in pieces for a in getaddresses([piece]) if a != ("", "")] == [
        a for a in getaddresses([line]) if a != ("", "")
    ]
    assert len(pieces) == 7 // size + 1  # seven entries, and what is left after the last cut
