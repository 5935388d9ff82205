"""The ENISA (2013) severity of a breach: SE = DPC x EI + CB, as supporting evidence only.

ENISA scores severity, not likelihood, and ignores how many people are affected, so the
playbook shows it beside the outcome and never decides with it alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from playbook.domain.facts import SPECIAL_CATEGORIES, context_categories, fact_words

# The data processing context (DPC) each ICO category starts from: simple 1, behavioural 2,
# financial 3, sensitive 4. With several categories the highest counts.
_SIMPLE, _BEHAVIOURAL, _FINANCIAL, _SENSITIVE = 1, 2, 3, 4
_CATEGORY_DPC = {
    **{category: _SENSITIVE for category in SPECIAL_CATEGORIES},
    "criminal": _SENSITIVE,
    "financial": _FINANCIAL,
    "location": _BEHAVIOURAL,
}
_VULNERABLE_SUBJECTS = frozenset({"children", "vulnerable_adults"})
_HARMFUL = frozenset(
    {"identity_fraud", "financial_loss", "physical_harm", "discrimination", "distress"}
)

# Ease of identification (EI).
EI_NEGLIGIBLE, EI_LIMITED, EI_SIGNIFICANT, EI_MAXIMUM = 0.25, 0.5, 0.75, 1.0
# Identifiers that point at one person without a name.
_IDENTIFYING_NUMBERS = frozenset({"identification", "official_documents", "financial"})

# Circumstances of the breach (CB), summed.
CB_KNOWN_RECIPIENTS = 0.25
CB_UNKNOWN_RECIPIENTS = 0.5
# A misdirected email leaves the original in place, so integrity and availability losses
# are taken as recoverable / temporary unless the responder records otherwise in a note.
CB_INTEGRITY_RECOVERABLE = 0.25
CB_AVAILABILITY_TEMPORARY = 0.25
CB_MALICIOUS = 0.5

BANDS = ("low", "medium", "high", "very high")


@dataclass(frozen=True)
class EnisaScore:
    """The ENISA severity: its parts, the score and its band.

    `dpc`, `score` and `band` are None while the data categories are not yet known.
    """

    score: float | None
    band: str | None
    dpc: int | None
    ei: float
    cb: float

    def as_dict(self) -> dict[str, object]:
        """The stable JSON keys: score, band, dpc, ei, cb."""
        return {
            "score": self.score,
            "band": self.band,
            "dpc": self.dpc,
            "ei": self.ei,
            "cb": self.cb,
        }


def enisa_score(facts: Mapping[str, object]) -> EnisaScore:
    """Score the facts (values by key; a missing key or None is unknown)."""
    dpc = data_processing_context(facts)
    ei = ease_of_identification(facts)
    cb = circumstances(facts)
    if dpc is None:
        return EnisaScore(score=None, band=None, dpc=None, ei=ei, cb=cb)
    score = round(dpc * ei + cb, 2)
    return EnisaScore(score=score, band=severity_band(score), dpc=dpc, ei=ei, cb=cb)


def severity_band(score: float) -> str:
    """< 2 low, 2 to < 3 medium, 3 to < 4 high, >= 4 very high."""
    return BANDS[min(int(score) - 1, len(BANDS) - 1)] if score >= 2 else BANDS[0]


def data_processing_context(facts: Mapping[str, object]) -> int | None:
    """DPC: the highest category's level, raised a whole point for each aggravating context.

    What the context reveals counts as that category; a context that reveals something the
    list has no box for raises a point, as do vulnerable people (children, vulnerable adults)
    and a volume of data per person that enables identity fraud. A sensitive category whose
    recorded consequences name no harm is lowered a point. Kept within 1-4.
    """
    if facts.get("categories") is None:
        return None
    categories = fact_words(facts["categories"])
    revealed = context_categories(facts.get("context_sensitive"))
    # What the context reveals counts as that category (an HIV clinic's list is health data).
    levels = [_CATEGORY_DPC.get(category, _SIMPLE) for category in [*categories, *revealed]]
    base = max(levels, default=_SIMPLE)
    if (
        base == _SENSITIVE
        and facts.get("consequences") is not None
        and not set(fact_words(facts["consequences"])) & _HARMFUL
        and facts.get("hostile_recipient") is not True
    ):
        base -= 1  # ENISA's downward adjustment: a detail whose disclosure harms nobody
    subjects = set(fact_words(facts.get("subjects")))
    raises = sum(
        (
            bool(subjects & _VULNERABLE_SUBJECTS),
            "other" in revealed,
            facts.get("fraud_enabling") is True,
        )
    )
    return min(_SENSITIVE, base + raises)


def ease_of_identification(facts: Mapping[str, object]) -> float:
    """EI: maximum when names or contact details were exposed, less without them.

    Unintelligible (encrypted) data is negligible; while the categories are unknown the
    playbook takes the maximum, since a misdirected email always carries an address.
    """
    if facts.get("encrypted") is True:
        return EI_NEGLIGIBLE
    if facts.get("categories") is None:
        return EI_MAXIMUM
    categories = fact_words(facts["categories"])
    if "basic_identifiers" in categories:
        return EI_MAXIMUM
    if _IDENTIFYING_NUMBERS & set(categories):
        return EI_SIGNIFICANT
    return EI_LIMITED


def circumstances(facts: Mapping[str, object]) -> float:
    """CB: loss of confidentiality (known or unknown recipients), integrity, availability, intent."""
    breach_types = fact_words(facts.get("breach_types")) or ["confidentiality"]
    total = 0.0
    if "confidentiality" in breach_types:
        spread_unknown = facts.get("forwarded") is True or facts.get("recipients") is None
        total += CB_UNKNOWN_RECIPIENTS if spread_unknown else CB_KNOWN_RECIPIENTS
    if "integrity" in breach_types:
        total += CB_INTEGRITY_RECOVERABLE
    if "availability" in breach_types:
        total += CB_AVAILABILITY_TEMPORARY
    if facts.get("malicious") is True:
        total += CB_MALICIOUS
    return total
