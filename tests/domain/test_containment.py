"""Containment rules: the checklist per kind of incident, the status machine, chasers, `deletion`."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest

from playbook.config import ChasersConfig
from playbook.domain.clock import format_local, zone
from playbook.domain.containment import (
    ITEM_KEYS,
    TRUST_ORDER,
    ItemMark,
    build_checklist,
    change_item,
    change_status,
    change_trust,
    chase_due,
    chase_order,
    derive_deletion,
    derive_recipient_trust,
    status_counts,
)
from playbook.domain.errors import Refused
from playbook.domain.incident import Recipient
from playbook.domain.vocabulary import CONTAINMENT_STATUSES, TRUSTS

LONDON = zone("Europe/London")
NOW = datetime(2026, 10, 25, 12, 0, tzinfo=UTC)
DEFAULTS = ChasersConfig()


def people(
    count: int, *, kind: str, field: str = "to", domain: str = "example.net"
) -> list[Recipient]:
    return [Recipient(address=f"person{n}@{domain}", field=field, kind=kind) for n in range(count)]


# The kinds of incident in domain.md §1, as the recipients an import would find.
ALL_INTERNAL = people(6, kind="internal", domain="council.gov.uk")
ONE_STRANGER = people(1, kind="external_personal", domain="gmail.com")  # S2
HUNDREDS_IN_CC = people(1, kind="internal", domain="council.gov.uk") + people(
    340, kind="external_personal", field="cc", domain="hotmail.co.uk"
)  # S4
CONTRACTOR = people(2, kind="external_org", domain="contractor.co.uk")  # S3
FOUR_HUNDRED_IN_TO = people(418, kind="external_personal")  # S5


@pytest.mark.parametrize(
    ("recipients", "fraud_likely", "keys"),
    [
        pytest.param(
            ALL_INTERNAL,
            False,
            ["recall", "purge", "forwards", "assess"],
            id="all-internal-recall-and-purge-no-deletion-requests",
        ),
        pytest.param(
            ONE_STRANGER,
            False,
            ["deletion_requests", "phone", "forwards", "assess"],
            id="one-stranger-no-recall-no-purge",
        ),
        pytest.param(
            HUNDREDS_IN_CC,
            False,
            ["recall", "purge", "deletion_requests", "phone", "forwards", "assess"],
            id="hundreds-in-cc-with-one-internal-copy",
        ),
        pytest.param(
            CONTRACTOR,
            False,
            ["deletion_requests", "phone", "forwards", "assess"],
            id="contractor-only-external-org",
        ),
        pytest.param(
            FOUR_HUNDRED_IN_TO,
            True,
            ["deletion_requests", "phone", "forwards", "police", "assess"],
            id="fraud-likely-adds-police",
        ),
    ],
)
def test_checklist_is_generated_from_the_recipients(recipients, fraud_likely, keys):
    items = build_checklist(recipients, fraud_likely=fraud_likely)
    assert [item.key for item in items] == keys
    assert all(item.state == "open" and item.at is None for item in items)
    assert all(item.title and item.detail for item in items)


def test_recall_warns_about_outside_recipients_and_portals_only_when_there_are_some():
    mixed = {item.key: item for item in build_checklist(HUNDREDS_IN_CC, fraud_likely=False)}
    assert "1 internal" in mixed["recall"].title
    assert "'Recall:'" in mixed["recall"].detail
    assert "340 outside" in mixed["recall"].detail
    assert "portals" in mixed["recall"].detail
    internal_only = {item.key: item for item in build_checklist(ALL_INTERNAL, fraud_likely=False)}
    assert "'Recall:'" not in internal_only["recall"].detail
    assert "only inside your own mail system" in internal_only["recall"].detail


def test_deletion_requests_are_one_per_recipient_never_reply_all():
    items = {item.key: item for item in build_checklist(FOUR_HUNDRED_IN_TO, fraud_likely=False)}
    assert "each of the 418 external" in items["deletion_requests"].title
    assert "never reply-all" in items["deletion_requests"].detail
    assert "confirm in writing" in items["deletion_requests"].detail


def test_forwards_item_counts_later_messages_already_imported():
    items = {
        item.key: item
        for item in build_checklist(FOUR_HUNDRED_IN_TO, fraud_likely=False, later_messages=1)
    }
    assert "1 later message already imported" in items["forwards"].detail
    plain = {item.key: item for item in build_checklist(ONE_STRANGER, fraud_likely=False)}
    assert "already imported" not in plain["forwards"].detail


def test_marks_are_applied_and_a_marked_police_item_stays_when_fraud_is_no_longer_likely():
    at = NOW - timedelta(hours=1)
    marks = {
        "police": ItemMark("done", at, "Dana", "reported, ref 123"),
        "assess": ItemMark("not_applicable", at, "Dana", "done elsewhere"),
    }
    items = {
        item.key: item for item in build_checklist(ONE_STRANGER, fraud_likely=False, marks=marks)
    }
    assert (items["police"].state, items["police"].by, items["police"].note) == (
        "done",
        "Dana",
        "reported, ref 123",
    )
    assert items["assess"].state == "not_applicable"
    assert items["forwards"].state == "open"
    reopened = {"police": ItemMark("open", at, "Dana", "")}
    keys = [item.key for item in build_checklist(ONE_STRANGER, fraud_likely=False, marks=reopened)]
    assert "police" not in keys


@pytest.mark.parametrize(
    ("before", "after", "note", "refusal"),
    [
        pytest.param("open", "done", "", None, id="open-to-done"),
        pytest.param("open", "not_applicable", "all external", None, id="open-to-na-with-note"),
        pytest.param("done", "open", "", None, id="reopen-done"),
        pytest.param("not_applicable", "open", "", None, id="reopen-na"),
        pytest.param("open", "not_applicable", " ", "does not apply", id="na-needs-a-note"),
        pytest.param("done", "done", "", "already done", id="done-twice"),
        pytest.param("open", "open", "", "already open", id="reopen-open"),
        pytest.param("done", "not_applicable", "x", "reopen it first", id="done-to-na"),
        pytest.param("not_applicable", "done", "", "reopen it first", id="na-to-done"),
        pytest.param("open", "finished", "", "must be one of", id="unknown-state"),
    ],
)
def test_checklist_item_moves(before, after, note, refusal):
    item = replace(build_checklist(ONE_STRANGER, fraud_likely=False)[0], state=before)
    if refusal:
        with pytest.raises(Refused, match=refusal):
            change_item(item, after, at=NOW, by="Dana", note=note)
        return
    changed = change_item(item, after, at=NOW, by="Dana", note=note)
    assert (changed.state, changed.at, changed.by, changed.note) == (after, NOW, "Dana", note)


ALLOWED = {
    ("not_contacted", "requested"),
    ("requested", "acknowledged"),
    ("requested", "confirmed"),
    ("requested", "no_response"),
    ("requested", "refused"),
    ("acknowledged", "confirmed"),
    ("acknowledged", "no_response"),
    ("acknowledged", "refused"),
    ("no_response", "requested"),
    ("no_response", "acknowledged"),
    ("no_response", "confirmed"),
    ("no_response", "refused"),
    ("refused", "requested"),
    ("refused", "confirmed"),
}


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(before, after, id=f"{before}->{after}")
        for before, after in itertools.product(CONTAINMENT_STATUSES, repeat=2)
    ],
)
def test_every_status_move_is_allowed_or_refused_with_a_sentence(before, after):
    recipient = Recipient("stranger@gmail.com", status=before, how=None)
    how = "email" if after == "confirmed" else None
    if (before, after) in ALLOWED:
        changed = change_status(recipient, after, at=NOW, how=how, evidence="inbox and bin")
        assert changed.status == after
        assert changed.status_at == NOW
        assert changed.address == recipient.address
        return
    with pytest.raises(Refused) as refused:
        change_status(recipient, after, at=NOW, how=how)
    sentence = str(refused.value)
    assert sentence.endswith(".")
    assert "gmail" not in sentence and "stranger" not in sentence


def test_confirmed_records_how_and_the_evidence():
    requested = Recipient("a@contractor.co.uk", kind="external_org", status="requested")
    confirmed = change_status(
        requested, "confirmed", at=NOW, how="letter", evidence=" inbox, deleted items, laptop "
    )
    assert (confirmed.how, confirmed.evidence) == ("letter", "inbox, deleted items, laptop")


@pytest.mark.parametrize(
    ("status", "how", "refusal"),
    [
        pytest.param("confirmed", None, "needs how it was confirmed", id="confirmed-without-how"),
        pytest.param("confirmed", "pigeon", "must be one of", id="confirmed-unknown-how"),
        pytest.param("acknowledged", "email", "only with the status confirmed", id="how-too-early"),
        pytest.param("deleted", None, "status must be one of", id="unknown-status"),
    ],
)
def test_confirmation_details_are_checked(status, how, refusal):
    requested = Recipient("a@contractor.co.uk", status="requested")
    with pytest.raises(Refused, match=refusal):
        change_status(requested, status, at=NOW, how=how)


def test_confirmed_is_final_and_says_what_to_do_instead():
    confirmed = Recipient("a@b.org", status="confirmed", how="phone")
    with pytest.raises(Refused, match="final; add a note"):
        change_status(confirmed, "refused", at=NOW)


def test_trust_is_set_from_the_vocabulary_only():
    recipient = Recipient("a@contractor.co.uk", kind="external_org", trust="unknown")
    assert change_trust(recipient, "trusted").trust == "trusted"
    with pytest.raises(Refused, match="already unknown"):
        change_trust(recipient, "unknown")
    with pytest.raises(Refused, match="must be one of"):
        change_trust(recipient, "friendly")


def requested_at(moment: datetime, status: str = "requested") -> Recipient:
    return Recipient("x@gmail.com", status=status, status_at=moment)


@pytest.mark.parametrize(
    ("hours_after", "kind", "due_after", "overdue"),
    [
        pytest.param(0, "email", 4, False, id="just-requested-email-chase-ahead"),
        pytest.param(3.99, "email", 4, False, id="just-before-email-chase"),
        pytest.param(4, "email", 4, True, id="email-chase-due-at-4h"),
        pytest.param(23.99, "email", 4, True, id="email-chase-overdue-until-phone"),
        pytest.param(24, "phone", 24, True, id="phone-chase-due-at-24h"),
        pytest.param(100, "phone", 24, True, id="phone-chase-stays-overdue"),
    ],
)
def test_chase_stages_with_the_default_intervals(hours_after, kind, due_after, overdue):
    sent = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    chase = chase_due(requested_at(sent), DEFAULTS, sent + timedelta(hours=hours_after))
    assert chase is not None
    assert (chase.kind, chase.due_at, chase.overdue) == (
        kind,
        sent + timedelta(hours=due_after),
        overdue,
    )


@pytest.mark.parametrize(
    ("requested_local", "email_local", "phone_local"),
    [
        pytest.param(
            "2026-10-24 22:00",
            "2026-10-25 01:00 GMT",
            "2026-10-25 21:00 GMT",
            id="late-october-clocks-go-back-chases-an-hour-earlier-on-the-wall",
        ),
        pytest.param(
            "2026-03-28 22:00",
            "2026-03-29 03:00 BST",
            "2026-03-29 23:00 BST",
            id="late-march-clocks-go-forward-chases-an-hour-later-on-the-wall",
        ),
    ],
)
def test_chasers_count_elapsed_hours_across_a_clock_change(
    requested_local, email_local, phone_local
):
    sent = datetime.fromisoformat(requested_local).replace(tzinfo=LONDON).astimezone(UTC)
    recipient = requested_at(sent)
    email = chase_due(recipient, DEFAULTS, sent + timedelta(hours=1))
    assert email.kind == "email" and email.due_at - sent == timedelta(hours=4)
    assert format_local(email.due_at, LONDON) == email_local
    phone = chase_due(recipient, DEFAULTS, sent + timedelta(hours=30))
    assert phone.kind == "phone" and phone.due_at - sent == timedelta(hours=24)
    assert format_local(phone.due_at, LONDON) == phone_local


@dataclass(frozen=True)
class Intervals:
    email_after_hours: int
    phone_after_hours: int


def test_configured_intervals_are_used():
    sent = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    chase = chase_due(requested_at(sent), Intervals(1, 2), sent + timedelta(minutes=90))
    assert (chase.kind, chase.due_at) == ("email", sent + timedelta(hours=1))
    chase = chase_due(requested_at(sent), Intervals(1, 2), sent + timedelta(hours=2))
    assert (chase.kind, chase.due_at) == ("phone", sent + timedelta(hours=2))


def test_acknowledged_is_chased_for_the_written_confirmation_from_the_acknowledgement():
    acknowledged = datetime(2026, 7, 1, 15, 0, tzinfo=UTC)
    chase = chase_due(requested_at(acknowledged, "acknowledged"), DEFAULTS, acknowledged)
    assert (chase.kind, chase.due_at, chase.overdue) == (
        "email",
        acknowledged + timedelta(hours=4),
        False,
    )


def test_no_response_means_phone_now_and_settled_statuses_need_no_chase():
    marked = datetime(2026, 7, 1, 15, 0, tzinfo=UTC)
    chase = chase_due(requested_at(marked, "no_response"), DEFAULTS, marked)
    assert (chase.kind, chase.due_at, chase.overdue) == ("phone", marked, True)
    for status in ("not_contacted", "confirmed", "refused"):
        assert chase_due(requested_at(marked, status), DEFAULTS, NOW) is None


def test_overdue_chases_come_first_longest_overdue_first():
    early = Recipient("early@x.com", status="requested", status_at=NOW - timedelta(hours=30))
    recent = Recipient("recent@x.com", status="requested", status_at=NOW - timedelta(hours=5))
    waiting = Recipient("waiting@x.com", status="requested", status_at=NOW - timedelta(hours=1))
    silent = Recipient("silent@x.com", status="no_response", status_at=NOW - timedelta(hours=2))
    done = Recipient("done@x.com", status="confirmed", how="email", status_at=NOW)
    untouched = Recipient("untouched@x.com")
    ordered = chase_order([untouched, done, waiting, recent, silent, early], DEFAULTS, NOW)
    assert [recipient.address.split("@")[0] for recipient, _ in ordered] == [
        "early",
        "silent",
        "recent",
        "waiting",
        "untouched",
        "done",
    ]
    assert [chase.overdue if chase else None for _, chase in ordered] == [
        True,
        True,
        True,
        False,
        None,
        None,
    ]


def with_statuses(*statuses: str, kind: str = "external_personal") -> list[Recipient]:
    return [Recipient(f"r{n}@x.com", kind=kind, status=status) for n, status in enumerate(statuses)]


@pytest.mark.parametrize(
    ("recipients", "deletion"),
    [
        pytest.param(with_statuses("confirmed", "confirmed"), "confirmed", id="all-confirmed"),
        pytest.param(with_statuses("confirmed", "requested"), "partial", id="some-confirmed"),
        pytest.param(with_statuses("confirmed", "refused"), "partial", id="confirmed-and-refused"),
        pytest.param(with_statuses("requested", "not_contacted"), "unknown", id="none-yet"),
        pytest.param(with_statuses("acknowledged", "no_response"), "unknown", id="no-answers"),
        pytest.param(
            with_statuses("refused", "requested"), "none", id="a-refusal-and-no-confirmations"
        ),
        pytest.param(
            with_statuses("not_contacted", kind="internal") + with_statuses("confirmed"),
            "confirmed",
            id="internal-copies-are-purged-not-counted",
        ),
        pytest.param(
            with_statuses("confirmed", "requested", kind="internal"),
            "partial",
            id="all-internal-they-count",
        ),
        pytest.param([], None, id="nobody-imported-no-fact"),
    ],
)
def test_deletion_follows_the_recipients(recipients, deletion):
    assert derive_deletion(recipients) == deletion


@pytest.mark.parametrize(
    ("trusts", "kind", "expected"),
    [
        pytest.param(["trusted", "trusted"], "external_org", "trusted", id="all-trusted"),
        pytest.param(["trusted", "public"], "external_personal", "public", id="least-trusted-wins"),
        pytest.param(
            ["public", "unknown"], "external_personal", "unknown", id="unknown-below-public"
        ),
        pytest.param(["internal"], "internal", "internal", id="all-internal"),
        pytest.param([], "internal", None, id="nobody"),
    ],
)
def test_recipient_trust_is_the_least_trusted_recipient_that_counts(trusts, kind, expected):
    recipients = [Recipient(f"r{n}@x.com", kind=kind, trust=t) for n, t in enumerate(trusts)]
    assert derive_recipient_trust(recipients) == expected


def test_internal_recipients_do_not_lower_trust_when_outsiders_count():
    recipients = [
        Recipient("colleague@org.example", kind="internal", trust="unknown"),
        Recipient("bids@contractor.example", kind="external_org", trust="trusted"),
    ]
    assert derive_recipient_trust(recipients) == "trusted"


def test_every_generated_item_is_listed_in_order():
    marks = {"police": ItemMark("done")}
    everything = people(1, kind="internal") + people(1, kind="external_org")
    items = build_checklist(everything, fraud_likely=True, marks=marks, processor=True)
    assert tuple(item.key for item in items) == ITEM_KEYS


def test_a_processor_is_first_told_to_tell_its_controller():
    recipients = people(2, kind="external_org")
    controller_first = build_checklist(recipients, fraud_likely=False, processor=True)
    assert controller_first[0].key == "controller"
    assert "(Art. 33(2))" in controller_first[0].detail
    under_part_3 = build_checklist(
        recipients, fraud_likely=False, processor=True, regime="dpa2018_part3"
    )
    assert "(s.67(8))" in under_part_3[0].detail
    assert "controller" not in {
        item.key for item in build_checklist(recipients, fraud_likely=False)
    }


def test_trust_order_covers_the_vocabulary():
    assert sorted(TRUST_ORDER) == sorted(TRUSTS)


def test_status_counts_list_every_status():
    counts = status_counts(with_statuses("requested", "requested", "confirmed"))
    assert counts == {
        "not_contacted": 0,
        "requested": 2,
        "acknowledged": 0,
        "confirmed": 1,
        "no_response": 0,
        "refused": 0,
    }
