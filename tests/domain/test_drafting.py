"""What a message says about one person: their data by category, advice fitted to it, when."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from playbook.domain.drafting import (
    ContactPoint,
    apology_what_happened,
    chase_reason,
    chaser_what_happened,
    day_text,
    describe_data_items,
    greeting_for,
    likely_consequences,
    measures_taken,
    protective_advice,
    received_what_happened,
)
from playbook.domain.incident import Recipient
from playbook.domain.labels import human_join
from tests.conftest import LONDON

S1_ITEMS = ("name", "mobile", "gender", "date_of_birth", "nationality")


def test_a_persons_data_is_named_by_category_in_reading_order():
    assert describe_data_items(("date_of_birth", "mobile", "name")) == (
        "your name, mobile number and date of birth"
    )
    assert describe_data_items(S1_ITEMS) == (
        "your name, mobile number, date of birth, gender and nationality or country of origin"
    )
    assert describe_data_items(("email",)) == "your email address"


def test_unknown_or_no_items_still_make_a_sentence():
    assert describe_data_items(()) == "some of your personal information"
    assert describe_data_items(("something_new",)) == "some of your personal information"


def test_human_join():
    assert human_join([]) == ""
    assert human_join(["a"]) == "a"
    assert human_join(["a", "b"]) == "a and b"
    assert human_join(["a", "b", "c"]) == "a, b and c"


def test_an_address_only_leak_gets_phishing_advice_and_no_fraud_advice():
    advice = " ".join(protective_advice(("email",)))
    assert "click a link" in advice
    assert "never ask for your password" in advice
    assert "credit record" not in advice
    assert "calls or texts" not in advice


def test_fraud_enabling_data_gets_credit_and_action_fraud_advice():
    advice = " ".join(protective_advice(S1_ITEMS))
    assert "calls or texts" in advice
    assert "credit record" in advice
    assert "Action Fraud" in advice
    assert "click a link" not in advice  # their email address was not in the file


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (("name", "bank_account", "sort_code"), "bank and card statements"),
        (("name", "password"), "Change your password"),
        (("name", "health"), "about your safety"),
        (("name", "offence"), "about your safety"),
        (("name", "postal_address"), "unexpected post"),
    ],
    ids=["bank details", "credentials", "health", "offences", "postal address"],
)
def test_advice_follows_what_of_theirs_leaked(items, expected):
    assert expected in " ".join(protective_advice(items))


def test_advice_always_ends_by_pointing_back_to_us():
    for items in [(), ("email",), S1_ITEMS]:
        assert protective_advice(items)[-1].startswith("Do not reply to anyone else")


def test_consequences_follow_the_recorded_fact_when_there_is_one():
    recorded = likely_consequences(("email",), ["distress", "discrimination"])
    assert recorded[0].startswith("You may feel worried")
    assert recorded[1].startswith("Someone could treat you unfairly")
    assert "identity" not in " ".join(recorded)


def test_consequences_without_the_fact_come_from_the_data():
    derived = " ".join(likely_consequences(S1_ITEMS))
    assert "pretend to be you" in derived
    assert "unwanted calls" in derived
    assert "phishing" not in derived
    assert likely_consequences(("name",)) == (
        "People who should not have it now have information about you.",
    )


def recipient(status: str, kind: str = "external_personal") -> Recipient:
    return Recipient(address=f"{status}@example.org", status=status, kind=kind)


def test_measures_say_what_was_asked_and_how_many_confirmed():
    recipients = [recipient("confirmed"), recipient("requested"), recipient("confirmed")]
    measures = measures_taken(recipients, ico_told=True)
    assert measures[0].startswith("We asked everyone who received the email to delete it")
    assert measures[1] == "So far 2 of 3 have confirmed that they have deleted it."
    assert measures[2] == "We have reported this to the Information Commissioner's Office."
    assert measures[-1].startswith("We are looking at how this happened")


def test_measures_before_anyone_was_asked_and_after_all_confirmed():
    waiting = measures_taken([recipient("not_contacted")], ico_told=False)
    assert waiting[0].startswith("We are asking everyone")
    assert "Information Commissioner" not in " ".join(waiting)
    done = measures_taken(
        [recipient("confirmed"), recipient("requested", "internal")], ico_told=False
    )
    assert done[1] == "All 1 have confirmed that they have deleted it."


def test_greeting_uses_the_name_or_a_plain_hello():
    assert greeting_for("  Aisha   Khan ") == "Dear Aisha Khan,"
    assert greeting_for("") == "Hello,"
    assert "\n" not in greeting_for("Mallory\nBcc: everyone@example.org")


def test_day_text_is_local_and_follows_the_clock_change():
    before = datetime(2026, 10, 24, 23, 30, tzinfo=UTC)  # 00:30 BST on the Sunday
    after = datetime(2026, 10, 26, 0, 30, tzinfo=UTC)  # 00:30 GMT on the Monday
    assert day_text(before, LONDON) == "on Sunday 25 October 2026"
    assert day_text(after, LONDON, with_time=True) == "on Monday 26 October 2026 at 00:30"
    assert day_text(None, LONDON) == "recently"


def test_apology_says_how_this_persons_information_got_out():
    shown = apology_what_happened("on Monday 19 October 2026", ["message 1"])
    assert shown.startswith("On Monday 19 October 2026 we sent an email")
    assert "Your email address was visible to everyone who received it." in shown
    attached = apology_what_happened("recently", ["message 1 attachment 1"])
    assert attached.startswith("Recently we sent")
    assert "A file attached to it included information about you." in attached
    assert "visible" not in attached
    unknown = apology_what_happened("recently", [])
    assert unknown.endswith("It included information about you.")


def test_a_recipient_is_told_which_message_to_delete():
    told = received_what_happened(
        "Northfield SU", "on Monday 19 October 2026 at 10:15", "Offers", ["holders.csv"]
    )
    assert told == (
        "On Monday 19 October 2026 at 10:15 Northfield SU sent you an email with the subject "
        '"Offers" by mistake. It had 1 file attached: holders.csv.'
    )
    chased = chaser_what_happened("Northfield SU", "recently", "on Monday 19 October 2026", "", [])
    assert chased == (
        "Recently we asked you to delete an email that Northfield SU sent you by mistake "
        "on Monday 19 October 2026."
    )


def test_chase_reason_follows_the_status():
    assert chase_reason("acknowledged").startswith("Thank you for replying")
    assert chase_reason("requested").startswith("We have not yet had")
    assert chase_reason("no_response").startswith("We have not yet had")


def test_contact_point_lines_and_what_proves_it_is_given():
    contact = ContactPoint("Northfield SU", "Jane Doe", "dpo@su.example", "0161 496 0000")
    assert contact.who == "our data protection officer, Jane Doe"
    assert contact.lines == ("Email: dpo@su.example", "Phone: 0161 496 0000")
    assert contact.markers == ("dpo@su.example", "0161 496 0000")
    team = ContactPoint("Northfield SU", phone="0161 496 0000")
    assert team.who == "our data protection team"
    assert team.markers == ("0161 496 0000",)
