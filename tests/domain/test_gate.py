"""The safety gate: one recipient, nobody else's address or name, no file, the contact point."""

from __future__ import annotations

import dataclasses

import pytest

from playbook.domain.drafting import ContactPoint
from playbook.domain.gate import Audience, Draft, check_drafts, tokens_of

CONTACT = ContactPoint("Northfield SU", "Jane Doe", "dpo@su.example", "0161 496 0000")
HAPPENED = "On Monday 19 October 2026 we sent an email to people who should not have had it."
PEOPLE = [
    ("kit.heath@homemail.example", "Kit Heath"),
    ("sam.jory@webmail.example", "Sam Jory"),
    ("ray.marsh@isp.example", "Ray Marsh"),
    ("", "Will Sharpe"),  # a row of a file, no address
]


def audience(entries=PEOPLE, public=("dpo@su.example", "Jane Doe", "Northfield SU")) -> Audience:
    return Audience(entries, public)


def draft(
    body: str = "", address: str = "kit.heath@homemail.example", name: str = "Kit Heath", **changes
) -> Draft:
    text = (
        f"Dear {name},\n\n{HAPPENED}\n{body}\n\nPlease contact Jane Doe:\nEmail: dpo@su.example\n"
    )
    base = Draft(
        kind="apology",
        key=address,
        to=(address,),
        subject="We are sorry",
        text=text,
        to_name=name,
        must_say=HAPPENED,
    )
    return dataclasses.replace(base, **changes)


def reasons(*drafts: Draft, everyone: Audience | None = None) -> list[tuple[str, tuple[str, ...]]]:
    failures = check_drafts(drafts, everyone or audience(), CONTACT)
    return [(failure.key, failure.reasons) for failure in failures]


def test_a_draft_to_one_person_about_themselves_passes():
    assert reasons(draft("Your name, kit.heath@homemail.example, was visible.")) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"to": ("kit.heath@homemail.example", "sam.jory@webmail.example")},
            "it has 2 addresses in To; exactly one is allowed",
        ),
        ({"to": ()}, "it has 0 addresses in To; exactly one is allowed"),
        ({"to": ("kit heath at homemail",)}, "its address is not a usable email address"),
        (
            {"cc": ("boss@su.example",)},
            "its template adds Cc or Bcc; a draft goes to one person only",
        ),
        (
            {"bcc": ("boss@su.example",)},
            "its template adds Cc or Bcc; a draft goes to one person only",
        ),
        ({"attachments": ("holders.csv",)}, "it has an attachment; drafts must not carry files"),
    ],
    ids=["two in To", "none in To", "not an address", "Cc", "Bcc", "attachment"],
)
def test_the_envelope_rules(changes, expected):
    failures = reasons(draft(**changes))
    assert len(failures) == 1
    assert expected in failures[0][1]


@pytest.mark.parametrize(
    "body",
    [
        "Also affected: sam.jory@webmail.example",
        "Also affected: SAM.JORY@WEBMAIL.EXAMPLE.",
        "Also affected: 'sam.jory@webmail.example'",
        "Also affected: <sam.jory@webmail.example>",
    ],
    ids=["plain", "other case", "quoted", "in angle brackets"],
)
def test_another_persons_address_in_the_text_is_caught(body):
    (failure,) = reasons(draft(body))
    assert failure[0] == "kit.heath@homemail.example"
    # The address spells the name too, and the gate says so.
    assert failure[1] == (
        "it contains 1 other person's email address",
        "it contains 1 other person's name",
    )


@pytest.mark.parametrize(
    "body",
    [
        "Sam Jory and Ray Marsh were also affected.",
        "sam jory",
        "Also affected: Sam\nJory",
        "Also affected: Will Sharpe",  # a person known only from a file row
    ],
    ids=["two names", "lower case", "across a line break", "a person without an address"],
)
def test_another_persons_name_in_the_text_is_caught(body):
    (failure,) = reasons(draft(body))
    assert failure[1][0].endswith(("other person's name", "other people's names"))


def test_the_number_of_strangers_is_counted_not_named():
    (failure,) = reasons(draft("Sam Jory, Ray Marsh, ray.marsh@isp.example"))
    assert failure[1] == (
        "it contains 1 other person's email address",
        "it contains 2 other people's names",
    )
    assert "Sam" not in " ".join(failure[1])


@pytest.mark.parametrize(
    "markup",
    [
        '<a href="mailto:sam.jory@webmail.example">write to them</a>',
        "<p>sam.jory&#64;webmail.example</p>",
        "<p><b>Sam</b> Jory</p>",
        "<p>Sam<br>Jory</p>",
        "<p>Sam\n    Jory</p>",
        "<!-- Sam Jory -->",
        '<img alt="Sam Jory" src="cid:x">',
        "<p>&lt;Sam Jory&gt;</p>",
    ],
    ids=[
        "mailto link",
        "escaped @",
        "split by tags",
        "line break tag",
        "split by lines",
        "comment",
        "attribute",
        "escaped brackets",
    ],
)
def test_the_html_alternative_is_checked_too(markup):
    html = f"<p>Dear Kit Heath,</p>\n{markup}\n<p>dpo@su.example</p>"
    (failure,) = reasons(draft(html=html))
    assert "other person's" in failure[1][0] or "other people's" in failure[1][0]


def test_the_subject_is_checked():
    (failure,) = reasons(draft(subject="About Sam Jory"))
    assert failure[1] == ("it contains 1 other person's name",)


def test_a_lone_first_name_or_a_common_word_is_not_a_name():
    body = "We will write again. Sam, Ray and Kit: this is not a list of anyone."
    assert reasons(draft(body)) == []


def test_the_addressees_own_names_are_theirs():
    everyone = audience(
        [
            *PEOPLE,
            ("kit.heath@homemail.example", "Christopher Heath"),
            ("k.h@isp.example", "Kit Heath"),
        ]
    )
    own = draft("Your file row says Christopher Heath.")
    assert reasons(own, everyone=everyone) == []


def test_the_contact_point_may_be_an_affected_person():
    staff = audience([*PEOPLE, ("dpo@su.example", "Jane Doe")])
    assert reasons(draft(), everyone=staff) == []


def test_a_line_seen_for_one_person_is_still_checked_for_the_next():
    everyone = audience()
    kit = draft()
    sam_with_kits_greeting = draft(address="sam.jory@webmail.example", name="Kit Heath")
    sam_with_kits_greeting = dataclasses.replace(sam_with_kits_greeting, to_name="Sam Jory")
    assert reasons(kit, sam_with_kits_greeting, everyone=everyone) == [
        ("sam.jory@webmail.example", ("it contains 1 other person's name",))
    ]


def test_a_draft_must_give_the_contact_point():
    without = draft(text=f"Dear Kit Heath,\n\n{HAPPENED}\n")
    assert reasons(without) == [
        (
            "kit.heath@homemail.example",
            ("it does not give the contact point (the DPO's email or phone)",),
        )
    ]
    by_phone = draft(text=f"Dear Kit Heath,\n\n{HAPPENED}\nCall 0161 496 0000.\n")
    assert reasons(by_phone) == []


def test_a_draft_must_say_what_happened_even_if_wrapped():
    missing = draft(text="Dear Kit Heath,\n\nSorry.\nEmail: dpo@su.example\n")
    assert reasons(missing) == [("kit.heath@homemail.example", ("it does not say what happened",))]
    wrapped = HAPPENED.replace(" we sent ", "\nwe sent ")
    assert reasons(draft(text=f"Dear Kit Heath,\n{wrapped}\nEmail: dpo@su.example\n")) == []


def test_every_failing_draft_is_listed_and_passing_ones_are_not():
    drafts = [
        draft(),
        draft("Ray Marsh", address="sam.jory@webmail.example", name="Sam Jory"),
        draft("kit.heath@homemail.example", address="ray.marsh@isp.example", name="Ray Marsh"),
    ]
    assert [key for key, _ in reasons(*drafts)] == [
        "sam.jory@webmail.example",
        "ray.marsh@isp.example",
    ]


def test_tokens_fold_case_and_drop_punctuation_and_digits():
    assert tokens_of("O’Brien-Smith, Zoë 2nd") == (b"o", b"brien", b"smith", "zoë".encode(), b"nd")


@pytest.mark.parametrize(
    "changes",
    [
        {"subject": "We are sorry\x1b]0;pwned\x07"},
        {"to_name": "Kit\x9b2J Heath"},
        {"text": f"Dear Kit Heath,\n\n{HAPPENED}\n\x1b]52;c;eA==\x1b\\\nEmail: dpo@su.example\n"},
        {"html": "<p>\u202egnp.exe</p>"},
    ],
    ids=["subject", "name", "text", "html"],
)
def test_a_draft_holding_control_characters_is_refused(changes):
    [(_, why)] = reasons(draft(**changes))
    assert "it holds control characters (escape sequences) a mail reader could act on" in why


def test_a_name_with_control_characters_is_still_found_in_someone_else_s_draft():
    """Drafts show such a name as text (Sam\\x1bJory); the gate knows it in that form."""
    everyone = audience([*PEOPLE, ("odd@homemail.example", "Odd\x1b]0;x\x07 Person")])
    found = reasons(draft("Also affected: Odd\\x1b]0;x\\x07 Person."), everyone=everyone)
    assert found == [("kit.heath@homemail.example", ("it contains 1 other person's name",))]


WELSH_HAPPENED = (
    "Ar ddydd Llun 19 Hydref 2026, gwnaethom anfon e-bost at bobl na ddylai fod wedi'i gael."
)


def bilingual(welsh: str = WELSH_HAPPENED, english: str = HAPPENED) -> Draft:
    text = (
        f"Annwyl Kit Heath,\n\n{welsh}\n\nE-bost: dpo@su.example\n\n----\n\n"
        f"Dear Kit Heath,\n\n{english}\n\nEmail: dpo@su.example\n"
    )
    return draft(text=text, must_say=(WELSH_HAPPENED, HAPPENED))


def test_a_bilingual_draft_that_says_what_happened_in_both_languages_passes() -> None:
    assert reasons(bilingual()) == []


@pytest.mark.parametrize(
    "omitted", [{"welsh": "Mae'n ddrwg gennym."}, {"english": "We are sorry."}]
)
def test_a_bilingual_draft_must_say_what_happened_in_each_language(
    omitted: dict[str, str],
) -> None:
    assert reasons(bilingual(**omitted)) == [
        ("kit.heath@homemail.example", ("it does not say what happened",))
    ]


def test_a_bilingual_draft_is_read_whole_for_other_peoples_data() -> None:
    leaky = bilingual(english=HAPPENED + " Sam Jory, sam.jory@webmail.example")
    assert reasons(leaky) == [
        (
            "kit.heath@homemail.example",
            ("it contains 1 other person's email address", "it contains 1 other person's name"),
        )
    ]
