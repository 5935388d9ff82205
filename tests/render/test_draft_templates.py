"""The message templates, rendered for a fixed incident and compared with reviewed files.

The incident is shaped like S4 (a council's tenant survey sent with every address in Cc).
Set PLAYBOOK_UPDATE_EXPECTED=1 to rewrite the expected files after a reviewed change.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from playbook.config import Config
from playbook.domain.drafting import ContactPoint
from playbook.domain.incident import Attachment, Incident, Message, Person, Recipient
from playbook.notify.drafts import DraftContext, build_drafts
from playbook.render.environment import Renderer, TemplateProblem
from tests.conftest import LONDON

EXPECTED = Path(__file__).parent / "expected"
SENT = datetime(2026, 10, 19, 9, 15, tzinfo=UTC)
INCIDENT = Incident(
    id="PB-2026-0004",
    title="Tenant survey sent with every address in Cc",
    status="open",
    aware_at=SENT + timedelta(hours=3),
    created_at=SENT + timedelta(hours=3),
    occurred_at=SENT,
)
CONTACT = ContactPoint("Eastbrook Council", "Priya Shah", "dpo@eastbrook.example", "01632 960000")
TENANTS = (
    Recipient("amy.lowe@homemail.example", "Amy Lowe", "cc", status="confirmed", how="email"),
    Recipient(
        "ben.okafor@webmail.example",
        "Ben Okafor",
        "cc",
        status="acknowledged",
        status_at=SENT + timedelta(hours=6),
    ),
    Recipient("zoe.brennan@isp.example", "Zoë Brennan", "cc", status="requested"),
    Recipient("housing@eastbrook.example", "Housing", "to", kind="internal", trust="internal"),
)
PEOPLE = (
    Person(
        "amy.lowe@homemail.example",
        "Amy Lowe",
        "amy.lowe@homemail.example",
        ("email", "name"),
        ("message 1",),
    ),
    Person(
        "zoe.brennan@isp.example",
        "Zoë Brennan",
        "zoe.brennan@isp.example",
        ("name", "email", "postal_address"),
        ("message 1", "message 1 attachment 1"),
    ),
)
CONTEXT = DraftContext(
    incident=INCIDENT,
    contact=CONTACT,
    local_zone=LONDON,
    people=PEOPLE,
    recipients=TENANTS,
    messages=(
        Message(
            1,
            "housing@eastbrook.example",
            "Tenant survey 2026",
            SENT,
            "<survey@eastbrook.example>",
            (Attachment("survey_addresses.csv", "text/csv", 2048, "0" * 64),),
        ),
    ),
    consequences=("distress",),
    ico_told=True,
    requested_at={"ben.okafor@webmail.example": SENT + timedelta(hours=4)},
    signed_by="Priya Shah",
)


def matches_expected(name: str, text: str) -> None:
    path = EXPECTED / name
    if os.environ.get("PLAYBOOK_UPDATE_EXPECTED"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the reviewed file"


def rendered(kind: str, address: str, config: Config | None = None):
    renderer = Renderer(config or Config(), LONDON)
    batch = build_drafts(CONTEXT, kind, renderer, only=address)
    (draft,) = batch.drafts
    return draft


def test_the_apology_text_and_html_match_the_reviewed_files():
    draft = rendered("apology", "zoe.brennan@isp.example")
    assert draft.subject == "We are sorry: we shared your personal information by mistake"
    assert draft.to == ("zoe.brennan@isp.example",)
    matches_expected("apology.txt", draft.text)
    matches_expected("apology.html", draft.html)


def test_the_deletion_request_matches_the_reviewed_file():
    draft = rendered("deletion_request", "ben.okafor@webmail.example")
    assert draft.subject == "Please delete an email we sent you by mistake"
    assert draft.html is None
    matches_expected("deletion_request.txt", draft.text)


def test_the_chaser_matches_the_reviewed_file():
    draft = rendered("chaser", "ben.okafor@webmail.example")
    assert draft.subject == "Reminder: please delete the email we sent you by mistake"
    matches_expected("chaser.txt", draft.text)


def test_the_apology_carries_what_article_34_requires():
    text = rendered("apology", "amy.lowe@homemail.example").text
    assert "On Monday 19 October 2026 we sent an email" in text  # what happened and when
    assert "your name and email address" in text  # only their own data, by category
    assert "postal address" not in text  # Zoë's file row, not Amy's
    assert "You may feel worried or upset" in text  # likely consequences
    assert "So far 1 of 3 have confirmed" in text  # measures taken
    assert "reported this to the Information Commissioner's Office" in text
    assert "click a link" in text  # what they can do, fitted to an address leak
    assert "Email: dpo@eastbrook.example" in text  # the contact point
    assert "We are sorry" in text


def test_the_html_escapes_what_it_is_given():
    person = Person("o@homemail.example", "Olly <b>O'Neil</b>", "o@homemail.example", ("email",))
    context = DraftContext(INCIDENT, CONTACT, LONDON, people=(person,))
    batch = build_drafts(context, "apology", Renderer(Config(), LONDON))
    assert "Dear Olly &lt;b&gt;O&#39;Neil&lt;/b&gt;," in batch.drafts[0].html
    assert "Dear Olly <b>O'Neil</b>," in batch.drafts[0].text


def test_only_those_owing_a_confirmation_get_a_chaser():
    batch = build_drafts(CONTEXT, "chaser", Renderer(Config(), LONDON))
    assert [draft.to for draft in batch.drafts] == [
        ("ben.okafor@webmail.example",),
        ("zoe.brennan@isp.example",),
    ]


def test_a_deletion_request_goes_to_outside_recipients_who_have_not_confirmed():
    batch = build_drafts(CONTEXT, "deletion_request", Renderer(Config(), LONDON))
    assert [draft.to[0] for draft in batch.drafts] == [
        "ben.okafor@webmail.example",
        "zoe.brennan@isp.example",
    ]


@pytest.fixture
def my_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "my-templates"
    folder.mkdir()
    return folder


def test_a_users_template_overrides_the_shipped_one(my_templates):
    (my_templates / "chaser.txt.j2").write_text(
        "Subject: A gentle reminder\n\n{{ greeting }}\n{{ what_happened }}\n{{ contact.lines | join(', ') }}\n"
    )
    draft = rendered(
        "chaser", "ben.okafor@webmail.example", Config(templates_dir=str(my_templates))
    )
    assert draft.subject == "A gentle reminder"
    assert draft.text.startswith("Dear Ben Okafor,\nOn Monday 19 October 2026 we asked you")


def problem_with(folder: Path, source: str) -> str:
    (folder / "apology.txt.j2").write_text(source)
    with pytest.raises(TemplateProblem) as problem:
        rendered("apology", "amy.lowe@homemail.example", Config(templates_dir=str(folder)))
    return str(problem.value)


def test_a_missing_variable_names_the_file_the_line_and_the_variable(my_templates):
    message = problem_with(
        my_templates, "Subject: Sorry\n\n{{ greeting }}\n\n{{ refund_amount }}\n"
    )
    assert str(my_templates / "apology.txt.j2") in message
    assert "line 5" in message
    assert "'refund_amount' is undefined" in message


def test_a_syntax_error_names_the_file_and_the_line(my_templates):
    message = problem_with(my_templates, "Subject: Sorry\n\n{% for x in advice %}\n{{ x }}\n")
    assert str(my_templates / "apology.txt.j2") in message
    assert "line 4" in message


def test_reaching_python_internals_is_refused(my_templates):
    message = problem_with(
        my_templates, "Subject: Sorry\n\n{{ person.__class__.__init__.__globals__ }}\n"
    )
    assert "may not do" in message
    assert "line 3" in message


def test_a_template_cannot_call_methods_of_what_it_was_not_meant_to_have(my_templates):
    message = problem_with(my_templates, "Subject: Sorry\n\n{{ lipsum.__globals__ }}\n")
    assert "may not do" in message


def test_a_template_without_a_subject_line_is_refused(my_templates):
    message = problem_with(my_templates, "Dear {{ person.name }},\n\nSorry.\n")
    assert "must start with a 'Subject:' line" in message


def test_a_template_setting_other_headers_is_refused(my_templates):
    message = problem_with(my_templates, "Subject: Sorry\nX-Priority: 1\n\nSorry.\n")
    assert "only Subject may be set there" in message
