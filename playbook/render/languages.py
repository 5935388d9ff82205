"""The languages a notice is written in, and which template holds each language.

A template carries its language in its name: `apology.txt.j2` is English, `apology.cy.txt.j2`
Welsh, `letter.cy.typ`-style names work the same way. With Welsh and English configured, a
notice to a person holds both, Welsh first, as the Welsh Language Standards expect.
"""

from __future__ import annotations

from collections.abc import Sequence

ENGLISH = "en"
WELSH = "cy"
KNOWN_LANGUAGES = (ENGLISH, WELSH)
# What stands between the two languages of one bilingual notice.
LANGUAGE_SEPARATOR = "\n\n" + "-" * 40 + "\n\n"


def writing_order(languages: Sequence[str]) -> list[str]:
    """The configured languages in the order a notice gives them: Welsh first, then the rest
    in the configured order, each once; English when none is configured."""
    ordered = [WELSH] if WELSH in languages else []
    ordered += [code for code in dict.fromkeys(languages) if code != WELSH]
    return ordered or [ENGLISH]


def template_name(name: str, language: str) -> str:
    """The template holding `name` (the English template's name) in `language`."""
    if language == ENGLISH:
        return name
    stem, dot, rest = name.partition(".")
    return f"{stem}.{language}{dot}{rest}"


def language_of(name: str) -> str:
    """The language the template `name` is written in (`template_name` the other way round):
    `apology.cy.txt.j2` is Welsh, a name without a language English."""
    parts = name.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in KNOWN_LANGUAGES else ENGLISH


def join_languages(texts: Sequence[str]) -> str:
    """One notice from its texts in writing order."""
    return LANGUAGE_SEPARATOR.join(text.strip("\n") for text in texts) + "\n"
