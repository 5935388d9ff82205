"""Phrasebooks: the words of the sentences `playbook.domain.drafting` builds, one per language.

`playbook.domain.drafting` decides which sentences a message needs (the logic, once); a
`Phrasebook` holds how each of them is worded in one language, by key. English is the default;
Welsh is written as a Welsh public body writes formally, mutations and all.
"""

from __future__ import annotations

from playbook.domain.phrases.book import Phrasebook
from playbook.domain.phrases.english import ENGLISH_PHRASES
from playbook.domain.phrases.welsh import WELSH_PHRASES

__all__ = ["ENGLISH", "PHRASEBOOKS", "WELSH", "Phrasebook", "phrasebook_for"]

ENGLISH = "en"
WELSH = "cy"
PHRASEBOOKS: dict[str, Phrasebook] = {ENGLISH: ENGLISH_PHRASES, WELSH: WELSH_PHRASES}


def phrasebook_for(language: str) -> Phrasebook:
    """The phrasebook of `language` ('en', 'cy')."""
    try:
        return PHRASEBOOKS[language]
    except KeyError:
        raise ValueError(
            f"There is no phrasing in the language {language!r}; use one of "
            f"{', '.join(PHRASEBOOKS)}."
        ) from None
