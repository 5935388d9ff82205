"""Welsh and bilingual drafts (Welsh Language Standards): Welsh first, the gate over all of it.

The incident and the reviewed-file check are those of test_draft_templates.py (S4, a council's
tenant survey). Set PLAYBOOK_UPDATE_EXPECTED=1 to rewrite the expected files after a review.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from playbook import paths
from playbook.config import Config
from playbook.domain.clock import zone
from playbook.domain.errors import NotFound
from playbook.domain.gate import Draft, check_drafts
from playbook.notify.drafts import DraftBatch, DraftContext, build_drafts
from playbook.render.environment import Renderer, TemplateProblem
from playbook.render.languages import LANGUAGE_SEPARATOR
from tests.render.test_draft_templates import CONTEXT, matches_expected

LONDON = zone("Europe/London")

WELSH = replace(CONTEXT, languages=("cy",))
BILINGUAL = replace(CONTEXT, languages=("en", "cy"))
ZOE = "zoe.brennan@isp.example"
BEN = "ben.okafor@webmail.example"


def batch_of(
    kind: str,
    context: DraftContext = BILINGUAL,
    config: Config | None = None,
    only: str | None = None,
) -> DraftBatch:
    return build_drafts(context, kind, Renderer(config or Config(), LONDON), only=only)


def draft_of(
    kind: str, address: str, context: DraftContext = BILINGUAL, config: Config | None = None
) -> Draft:
    (draft,) = batch_of(kind, context, config, only=address).drafts
    return draft


def html_of(draft: Draft) -> str:
    assert draft.html is not None, "the draft has no HTML part"
    return draft.html


def test_the_welsh_apology_matches_the_reviewed_files_and_holds_no_english_prose() -> None:
    draft = draft_of("apology", ZOE, WELSH)
    assert draft.subject == (
        "Mae'n ddrwg gennym: gwnaethom rannu eich gwybodaeth bersonol drwy gamgymeriad"
    )
    assert draft.text.startswith("Annwyl Zoë Brennan,\n")
    assert "Dear " not in draft.text and "Who to contact" not in draft.text
    assert '<html lang="cy">' in html_of(draft) and 'lang="en"' not in html_of(draft)
    matches_expected("apology.cy.txt", draft.text)
    matches_expected("apology.cy.html", html_of(draft))


def test_the_welsh_deletion_request_and_chaser_match_the_reviewed_files() -> None:
    request = draft_of("deletion_request", BEN, WELSH)
    assert request.subject == "Cais i ddileu e-bost a anfonwyd atoch drwy gamgymeriad"
    assert request.html is None
    matches_expected("deletion_request.cy.txt", request.text)
    chaser = draft_of("chaser", BEN, WELSH)
    assert chaser.subject == ("Nodyn atgoffa: dilëwch yr e-bost a anfonwyd atoch drwy gamgymeriad")
    matches_expected("chaser.cy.txt", chaser.text)


def test_the_bilingual_drafts_match_the_reviewed_files() -> None:
    apology = draft_of("apology", ZOE)
    matches_expected("apology.cy-en.txt", apology.text)
    matches_expected("apology.cy-en.html", html_of(apology))
    matches_expected("deletion_request.cy-en.txt", draft_of("deletion_request", BEN).text)
    matches_expected("chaser.cy-en.txt", draft_of("chaser", BEN).text)


@pytest.mark.parametrize(
    "kind, address", [("apology", ZOE), ("deletion_request", BEN), ("chaser", BEN)]
)
def test_every_bilingual_draft_gives_the_welsh_first_then_the_english(
    kind: str, address: str
) -> None:
    draft = draft_of(kind, address)
    welsh, english = draft.text.split(LANGUAGE_SEPARATOR)
    assert welsh.startswith("Annwyl ") and "Yn gywir," in welsh and "Dear " not in welsh
    assert english.startswith("Dear ") and "Annwyl" not in english
    welsh_subject, english_subject = draft.subject.split(" / ")
    assert welsh_subject == draft_of(kind, address, WELSH).subject
    assert english_subject == draft_of(kind, address, CONTEXT).subject
    assert english == draft_of(kind, address, CONTEXT).text  # the English exactly as alone


def test_the_bilingual_html_has_a_welsh_section_then_an_english_one() -> None:
    html = html_of(draft_of("apology", ZOE))
    assert html.startswith('<!DOCTYPE html>\n<html lang="cy">')
    assert html.count("<body>") == 1 and html.count("</html>") == 1
    welsh, english = html.index('<div lang="cy">'), html.index('<div lang="en">')
    assert welsh < html.index("<p>Annwyl Zoë Brennan,</p>") < english
    assert english < html.index("<p>Dear Zoë Brennan,</p>")
    assert "<title>Mae'n ddrwg gennym" in html and " / We are sorry" in html


def test_welsh_first_whichever_order_the_config_lists_them() -> None:
    reversed_order = replace(CONTEXT, languages=("cy", "en"))
    assert draft_of("apology", ZOE, reversed_order) == draft_of("apology", ZOE)


def test_english_alone_is_what_it_was_before_languages_existed() -> None:
    english = replace(CONTEXT, languages=("en",))
    assert draft_of("apology", ZOE, english) == draft_of("apology", ZOE, CONTEXT)
    assert draft_of("apology", ZOE, CONTEXT).text.startswith("Dear Zoë Brennan,")


def test_a_welsh_draft_to_someone_without_a_name_is_formal() -> None:
    nameless = replace(WELSH, recipients=(replace(CONTEXT.recipients[1], name=""),))
    assert draft_of("deletion_request", BEN, nameless).text.startswith("Annwyl Syr neu Fadam,\n")


def test_a_welsh_contact_point_without_a_name_is_the_team() -> None:
    team = replace(WELSH, contact=replace(CONTEXT.contact, name="", phone=""))
    text = draft_of("chaser", BEN, team).text
    assert "cysylltwch â'n tîm diogelu data:\nE-bost: dpo@eastbrook.example\n\n" in text


def test_a_bilingual_batch_passes_the_gate() -> None:
    for kind in ("apology", "deletion_request", "chaser"):
        batch = batch_of(kind)
        assert batch.drafts
        assert check_drafts(batch.drafts, batch.audience, batch.context.contact) == []


@pytest.fixture
def my_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "my-templates"
    folder.mkdir()
    return folder


def gate_reasons(config: Config, kind: str = "apology") -> dict[str, tuple[str, ...]]:
    batch = batch_of(kind, config=config)
    failures = check_drafts(batch.drafts, batch.audience, batch.context.contact)
    return {failure.key: failure.reasons for failure in failures}


def test_the_gate_reads_the_welsh_text_of_a_bilingual_draft(my_templates: Path) -> None:
    shipped = (paths.shipped_dir("templates") / "apology.cy.txt.j2").read_text()
    (my_templates / "apology.cy.txt.j2").write_text(
        shipped.replace("Yn gywir,", "Yn gywir, Amy Lowe ac amy.lowe@homemail.example")
    )
    reasons = gate_reasons(Config(templates_dir=str(my_templates)))
    assert reasons == {
        ZOE: (
            "it contains 1 other person's email address",
            "it contains 1 other person's name",
        )
    }


def test_the_gate_reads_the_welsh_html_of_a_bilingual_draft(my_templates: Path) -> None:
    shipped = (paths.shipped_dir("templates") / "apology.cy.html.j2").read_text()
    (my_templates / "apology.cy.html.j2").write_text(
        shipped.replace("<body>", "<body>\n<!-- ben.okafor@webmail.example -->")
    )
    reasons = gate_reasons(Config(templates_dir=str(my_templates)))
    assert set(reasons) == {"amy.lowe@homemail.example", ZOE}
    # Ben's address also spells his name, so the gate counts both.
    assert all("it contains 1 other person's email address" in found for found in reasons.values())


def test_a_welsh_template_cannot_add_a_cc(my_templates: Path) -> None:
    shipped = (paths.shipped_dir("templates") / "chaser.cy.txt.j2").read_text()
    (my_templates / "chaser.cy.txt.j2").write_text(
        shipped.replace("Subject:", "Cc: amy.lowe@homemail.example\nSubject:")
    )
    reasons = gate_reasons(Config(templates_dir=str(my_templates)), "chaser")
    assert set(reasons) == {BEN, ZOE}
    assert "its template adds Cc or Bcc; a draft goes to one person only" in reasons[BEN]


@pytest.fixture
def shipped_without(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """The shipped templates as an install that lacks some of them would have them."""

    def without(*names: str) -> None:
        folder = tmp_path / "installed-templates"
        shutil.copytree(paths.shipped_dir("templates"), folder)
        for name in names:
            (folder / name).unlink()
        monkeypatch.setattr(paths, "shipped_dir", lambda _: folder)

    return without


def test_a_missing_welsh_template_is_refused_naming_it(
    shipped_without: Callable[..., None],
) -> None:
    shipped_without("deletion_request.cy.txt.j2")
    with pytest.raises(NotFound) as refused:
        batch_of("deletion_request")
    assert str(refused.value) == (
        "The config file's 'languages' includes cy, but there is no template "
        "deletion_request.cy.txt.j2; add it to your templates folder or take cy out of "
        "'languages'."
    )
    assert batch_of("deletion_request", CONTEXT).drafts  # English alone does not need it


def test_a_missing_welsh_html_template_is_refused_when_the_english_has_one(
    shipped_without: Callable[..., None],
) -> None:
    shipped_without("apology.cy.html.j2")
    with pytest.raises(NotFound, match=r"no template apology\.cy\.html\.j2;"):
        batch_of("apology")


def test_a_welsh_html_template_without_a_body_names_itself(my_templates: Path) -> None:
    (my_templates / "apology.cy.html.j2").write_text("<p>Annwyl {{ person.name }},</p>\n")
    with pytest.raises(TemplateProblem) as problem:
        batch_of("apology", config=Config(templates_dir=str(my_templates)))
    assert str(my_templates / "apology.cy.html.j2") in str(problem.value)
    assert "<body>" in str(problem.value)
