"""The Welsh part of every message is Welsh throughout: the computed sentences too.

Drafts for the incident of test_draft_templates.py (S4, a council's tenant survey), Welsh and
English; and its public notice, the one fixed sentence that used to read "On on Monday".
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from playbook import paths
from playbook.config import Config
from playbook.domain.gate import check_drafts
from playbook.domain.notice_plan import NoticePlan, PeopleNotice
from playbook.notify.public_notice import public_notice_text
from playbook.render.environment import Renderer
from playbook.render.languages import LANGUAGE_SEPARATOR
from tests.domain.test_phrases import english_in
from tests.render.test_draft_templates import CONTEXT
from tests.render.test_welsh_drafts import LONDON, WELSH, batch_of

REASON = "no contact details are held for most of the tenants"
NOTICE_PLAN = NoticePlan(PeopleNotice.PUBLIC_NOTICE, "A public notice is to be published.", REASON)
_WELSH_HTML = re.compile(r'<div lang="cy">(.*?)</div>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


@pytest.mark.parametrize("kind", ["apology", "deletion_request", "chaser"])
def test_no_welsh_section_of_any_draft_holds_english(kind: str) -> None:
    batch = batch_of(kind)
    assert batch.drafts
    for draft in batch.drafts:
        welsh, _ = draft.text.split(LANGUAGE_SEPARATOR)
        assert english_in(welsh) == [], draft.to
        if draft.html is not None:
            (section,) = _WELSH_HTML.findall(draft.html)
            assert english_in(_TAG.sub(" ", section).replace("&#39;", "'")) == [], draft.to


def test_a_welsh_draft_alone_holds_no_english_either() -> None:
    for kind in ("apology", "deletion_request", "chaser"):
        for draft in batch_of(kind, WELSH).drafts:
            assert english_in(draft.text) == [], (kind, draft.to)


def test_the_gate_refuses_a_bilingual_draft_whose_welsh_omits_what_happened(
    tmp_path: Path,
) -> None:
    shipped = (paths.shipped_dir("templates") / "apology.cy.txt.j2").read_text()
    assert "{{ what_happened }}" in shipped
    (tmp_path / "apology.cy.txt.j2").write_text(shipped.replace("{{ what_happened }}", ""))
    batch = batch_of("apology", config=Config(templates_dir=str(tmp_path)))
    failures = check_drafts(batch.drafts, batch.audience, batch.context.contact)
    assert {failure.key: failure.reasons for failure in failures} == {
        "amy.lowe@homemail.example": ("it does not say what happened",),
        "zoe.brennan@isp.example": ("it does not say what happened",),
    }


def test_the_gate_refuses_a_bilingual_draft_whose_english_omits_what_happened(
    tmp_path: Path,
) -> None:
    shipped = (paths.shipped_dir("templates") / "chaser.txt.j2").read_text()
    (tmp_path / "chaser.txt.j2").write_text(shipped.replace("{{ what_happened }}", ""))
    batch = batch_of("chaser", config=Config(templates_dir=str(tmp_path)))
    failures = check_drafts(batch.drafts, batch.audience, batch.context.contact)
    assert [failure.reasons for failure in failures] == [("it does not say what happened",)] * 2


def notice(languages: tuple[str, ...]) -> str:
    context = replace(CONTEXT, notice_plan=NOTICE_PLAN, languages=languages)
    return public_notice_text(context, Renderer(Config(), LONDON))


def test_the_public_notice_says_when_once() -> None:
    text = notice(("en",))
    assert "On on" not in text and "on on" not in text
    assert (
        "Eastbrook Council sent an email to the wrong people by mistake on Monday 19 October "
        f"2026. We are writing here, rather than to each person, because {REASON}."
    ) in text


def test_the_welsh_public_notice_says_when_in_welsh_and_holds_no_english() -> None:
    welsh, english = notice(("cy", "en")).split(LANGUAGE_SEPARATOR)
    assert english.strip("\n") == notice(("en",)).strip("\n")
    assert (
        "Anfonodd Eastbrook Council e-bost at y bobl anghywir drwy gamgymeriad ar ddydd Llun "
        "19 Hydref 2026."
    ) in welsh
    assert "Ar ddydd Llun 19 Hydref 2026, gwnaethom anfon e-bost" in welsh
    assert (
        "Yr wybodaeth dan sylw oedd eich enw, eich cyfeiriad e-bost a'ch cyfeiriad post." in welsh
    )
    # The reason is the responder's own words, quoted as recorded.
    assert english_in(welsh.replace(REASON, "")) == []
