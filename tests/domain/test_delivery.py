"""Delivery states: which copies arrived, which state wins, and what the deletion fact counts."""

from __future__ import annotations

from playbook.domain.containment import derive_deletion
from playbook.domain.delivery import (
    DELIVERY_STATES,
    arrived,
    received_of,
    received_sentence,
    seen_by_others,
    stronger,
)
from playbook.domain.incident import Recipient


def person(address: str, delivery: str = "unknown", status: str = "requested") -> Recipient:
    return Recipient(address, kind="external_personal", status=status, delivery=delivery)


def test_only_failed_quarantined_and_list_addresses_hold_no_copy():
    assert [state for state in DELIVERY_STATES if not arrived(state)] == [
        "failed",
        "quarantined",
        "expanded",
    ]


def test_a_surer_state_replaces_an_earlier_one_and_never_the_other_way():
    assert stronger("pending", "delivered") == "delivered"
    assert stronger("delivered", "pending") == "delivered"
    assert stronger("delivered", "recalled") == "recalled"
    assert stronger("unknown", "failed") == "failed"
    assert stronger("failed", "unknown") == "failed"


def test_an_address_is_seen_only_when_another_copy_arrived():
    ann = person("ann@x.example", "delivered")
    bob = person("bob@x.example", "failed")
    assert seen_by_others(bob, arrived_total=1)  # Ann's copy arrived and showed Bob's address
    assert not seen_by_others(ann, arrived_total=1)  # nobody else received it


def test_the_deletion_fact_leaves_out_copies_that_never_arrived_and_counts_recalled_ones():
    confirmed = person("ann@x.example", status="confirmed")
    waiting = person("bob@x.example")
    assert derive_deletion([confirmed, waiting]) == "partial"
    assert derive_deletion([confirmed, person("bob@x.example", "failed")]) == "confirmed"
    assert derive_deletion([confirmed, person("bob@x.example", "quarantined")]) == "confirmed"
    assert derive_deletion([confirmed, person("bob@x.example", "recalled")]) == "confirmed"
    assert derive_deletion([person("bob@x.example", "pending")]) == "unknown"
    assert derive_deletion([person("bob@x.example", "failed")]) is None


def test_the_report_sentence_counts_copies_and_says_nothing_without_evidence():
    recipients = [
        person("a@x.example", "delivered"),
        person("b@x.example", "failed"),
        person("list@x.example", "expanded"),
        person("c@x.example"),
    ]
    assert received_sentence(recipients) == (
        "Delivery evidence (mail trace and bounces) shows 2 of the 3 copies received "
        "(1 delivered, 1 failed, 1 unknown)."
    )
    assert received_sentence([person("a@x.example")]) == ""
    assert received_of({"delivered": 2, "failed": 1, "pending": 1, "expanded": 1}) == 3
