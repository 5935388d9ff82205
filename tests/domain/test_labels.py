"""Counts and fact values read as a person would write them."""

from __future__ import annotations

from playbook.domain.labels import counted, fact_text


def test_a_count_takes_the_noun_in_the_right_number_with_thousands_separated():
    assert counted(1, "recipient") == "1 recipient"
    assert counted(0, "recipient") == "0 recipients"
    assert counted(3396, "external recipient") == "3,396 external recipients"
    assert counted(2, "name or address", "names or addresses") == "2 names or addresses"


def test_fact_values_read_as_words_and_grouped_numbers():
    assert [fact_text(True), fact_text(False), fact_text(100_000), fact_text([])] == [
        "yes",
        "no",
        "100,000",
        "(none)",
    ]
    assert fact_text(["health", "financial"]) == "health, financial"
