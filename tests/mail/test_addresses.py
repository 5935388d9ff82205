"""Addresses: kinds from the sender's domain, configured domains and the webmail list."""

from __future__ import annotations

from email import policy

from hypothesis import assume, given
from hypothesis import strategies as st

from playbook.mail.addresses import (
    HeaderAddress,
    HeaderSplitter,
    KindClassifier,
    decode_name,
    webmail_domains,
)


def split_header(lines: list[str], field: str) -> tuple[list[HeaderAddress], int]:
    """The addresses in a field's lines, and how many entries were not addresses."""
    splitter = HeaderSplitter(field)
    found = [entry for line in lines for entry in splitter.addresses(line)]
    return found, splitter.unreadable


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


def split_by_the_stdlib(line: str, field: str) -> list[HeaderAddress]:
    """What split_header finds, worked out by `email.policy.default` on the whole line."""
    found = []
    for address in policy.default.header_factory(field, line.replace("\r\n", "")).addresses:
        spec = address.addr_spec.strip().lower()
        local, at, domain = spec.rpartition("@")
        if at and local and domain:
            found.append(HeaderAddress(spec, decode_name(address.display_name), field))
    return found


NAMES = st.sampled_from(
    [
        "",
        "Ann",
        "Ann  Abbot",
        "J. Smith",
        "Dr. A. B.",
        "O'Neil",
        "\u00c9lodie Birch",
        "=?utf-8?q?Ren=C3=A9e?=",
        '"Abbot, Ann"',
        '"Q\\" x"',
        "{a}",
        "A-B_C",
    ]
)
LOCALS = st.sampled_from(["ann", "a.b", "a..b", ".b", "b.", "a_b-c+d", "\u00e9l", "x=y"])
DOMAINS = st.sampled_from(["x.example", "homemail.example", "c.", ".c", "c..d", "localhost"])
ENTRY = st.one_of(
    st.builds(lambda name, local, domain: f"{name} <{local}@{domain}>", NAMES, LOCALS, DOMAINS),
    st.builds(lambda local, domain: f"{local}@{domain}", LOCALS, DOMAINS),
    st.builds(lambda local, domain: f"{local}@{domain} (Ann, A)", LOCALS, DOMAINS),
    st.builds(lambda local, domain: f"Team: {local}@{domain};", LOCALS, DOMAINS),
    st.sampled_from(["finance", "sales-team", "<>", '""']),
)


@given(st.lists(ENTRY, max_size=8), st.sampled_from([", ", ",\r\n ", " , "]))
def test_split_header_finds_what_the_stdlib_finds_on_the_whole_line(entries, separator):
    # An entry read entry by entry, and a plain one by a pattern, must read as the standard
    # library's modern parser (policy.default) reads the whole line.
    line = separator.join(entries)
    try:
        expected = split_by_the_stdlib(line, "cc")
    except Exception:  # the stdlib's parser itself fails on some lines (TypeError on `.b@x`)
        assume(False)

    assert split_header([line], "cc")[0] == expected
