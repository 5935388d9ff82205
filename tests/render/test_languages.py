"""Which templates a notice is written from, and in what order its languages come."""

from __future__ import annotations

import pytest

from playbook.config import ConfigError, load_config
from playbook.render.languages import join_languages, template_name, writing_order


@pytest.mark.parametrize(
    ("configured", "order"),
    [
        (["en"], ["en"]),
        (["en", "cy"], ["cy", "en"]),
        (["cy", "en", "cy"], ["cy", "en"]),
        (["cy"], ["cy"]),
        ([], ["en"]),
    ],
)
def test_welsh_comes_first(configured, order):
    assert writing_order(configured) == order


def test_a_template_carries_its_language_in_its_name():
    assert template_name("apology.txt.j2", "en") == "apology.txt.j2"
    assert template_name("apology.txt.j2", "cy") == "apology.cy.txt.j2"
    assert template_name("letter.typ", "cy") == "letter.cy.typ"


def test_a_bilingual_notice_holds_both_texts_in_order():
    notice = join_languages(["Annwyl Siân,\n", "Dear Siân,\n"])
    assert notice.index("Annwyl") < notice.index("Dear")
    assert notice.endswith("Dear Siân,\n")


def test_an_unknown_language_in_config_is_refused(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('languages = ["en", "fr"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'languages' must list one or more of en, cy"):
        load_config(path)
    path.write_text('languages = ["cy", "en"]\n', encoding="utf-8")
    assert load_config(path).languages == ["cy", "en"]
