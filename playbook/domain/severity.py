"""How severe the consequences could be: what the data and its context reveal, about whom.

Four levels (the EDPB's and ENISA's scale): limited, significant, high, very high. The level is
the highest any factor reaches; children or vulnerable adults raise it one level. Severity says nothing about whether harm will happen: that is
likelihood (likelihood.py). How many people are affected is weighed with both (risk.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from playbook.domain.citations import Citations
from playbook.domain.facts import SPECIAL_CATEGORIES, context_categories, fact_words
from playbook.domain.labels import CATEGORY_LABELS, CONSEQUENCE_LABELS, human_join, labelled

LIMITED, SIGNIFICANT, HIGH, VERY_HIGH = 1, 2, 3, 4
SEVERITY_WORDS = {
    LIMITED: "limited",
    SIGNIFICANT: "significant",
    HIGH: "high",
    VERY_HIGH: "very high",
}

BEYOND_CONTACT = ("identification", "financial", "official_documents", "location")
SERIOUS_HARM = ("identity_fraud", "financial_loss", "discrimination")
MODERATE_HARM = ("reputational_damage", "professional_secrecy")
VULNERABLE = ("children", "vulnerable_adults")

# The words for a context that reveals "other": something the ICO's list has no box for.
CONTEXT_OTHER = (
    "something sensitive the ICO's list has no box for (such as tenancy or victim status)"
)


@dataclass
class Severity:
    """The level, the reasons that raise it (for notifying) and ease it (against)."""

    level: int = LIMITED
    raising: list[str] = field(default_factory=list)
    easing: list[str] = field(default_factory=list)
    decisive: list[str] = field(default_factory=list)

    def at_least(self, level: int, reason: str, factor: str) -> None:
        """Raise to `level` (never lower), recording the reason and the factor behind it."""
        self.raising.append(reason)
        if level > self.level:
            self.level = level
            self.decisive = [factor]
        elif level == self.level:
            self.decisive.append(factor)

    @property
    def word(self) -> str:
        """The level in words."""
        return SEVERITY_WORDS[self.level]


def weigh_severity(known: Mapping[str, object], law: Citations) -> Severity:
    """Severity from the known facts (values by key; a missing key is not yet known)."""
    severity = Severity()
    _weigh_data(known, law, severity)
    _weigh_context(known, law, severity)
    _weigh_harm(known, law, severity)
    if "categories" not in known:
        severity.at_least(
            SIGNIFICANT,
            "What kinds of data were exposed is not yet known: until it is, the consequences "
            "are taken as significant at least.",
            "data not yet known",
        )
    _weigh_people(known, law, severity)
    return severity


def _weigh_data(known: Mapping[str, object], law: Citations, severity: Severity) -> None:
    categories = fact_words(known.get("categories"))
    special = [category for category in categories if category in SPECIAL_CATEGORIES]
    if special:
        _weigh_special(known, law, severity, special, "was exposed")
    if "criminal" in categories:
        severity.at_least(
            HIGH,
            "Criminal offence data (allegations, offences or convictions) was exposed"
            f"{law.cite(law.criminal)}: its disclosure can do serious harm.",
            "criminal offence data",
        )
    beyond = [category for category in categories if category in BEYOND_CONTACT]
    if beyond:
        severity.at_least(
            SIGNIFICANT,
            f"Data beyond contact details ({human_join(labelled(beyond, CATEGORY_LABELS))}) "
            "was exposed.",
            human_join(labelled(beyond, CATEGORY_LABELS)),
        )
    if "other" in categories:
        severity.raising.append(
            f"Data of a kind {law.authority.name}'s list has no box for was exposed; say what "
            "it is in the breach log."
        )
    if known.get("fraud_enabling") is True:
        severity.at_least(
            HIGH,
            "The data combines details that enable identity fraud (national or bank "
            "identifiers, or name with date of birth and address at scale).",
            "data that enables identity fraud",
        )
    if (
        categories
        and set(categories) <= {"basic_identifiers"}
        and not context_categories(known.get("context_sensitive"))
    ):
        severity.easing.append(
            "Only names and contact details were exposed, and the context reveals nothing "
            "more about the people."
        )


def _weigh_special(
    known: Mapping[str, object],
    law: Citations,
    severity: Severity,
    special: list[str],
    how: str,
) -> None:
    names = human_join(labelled(special, CATEGORY_LABELS))
    recorded = known.get("consequences")
    consequences = fact_words(recorded)
    minor = recorded is not None and not set(consequences) & set(SERIOUS_HARM)
    minor = minor and "distress" not in consequences and not known.get("hostile_recipient")
    if minor:
        severity.at_least(
            SIGNIFICANT,
            f"Special category data ({names}) {how}{law.cite(law.special)}.",
            f"{names} data",
        )
        severity.easing.append(
            f"The {names} detail is one whose disclosure is not expected to harm the people: "
            "the likely consequences recorded name no discrimination, distress or loss (as with "
            "a food intolerance on a course list, EDPB 01/2021 case 15)."
        )
        return
    severity.at_least(
        HIGH,
        f"Special category data ({names}) {how}{law.cite(law.special)}: its disclosure can "
        "lead to discrimination and distress.",
        f"{names} data",
    )


def _weigh_context(known: Mapping[str, object], law: Citations, severity: Severity) -> None:
    revealed = context_categories(known.get("context_sensitive"))
    special = [category for category in revealed if category in SPECIAL_CATEGORIES]
    if special:
        _weigh_special(
            known, law, severity, special, "is revealed by the context (being on this list says it)"
        )
    if "criminal" in revealed:
        severity.at_least(
            HIGH,
            "The context reveals involvement in offences (being on this list says it)"
            f"{law.cite(law.criminal)}.",
            "a context that reveals offences",
        )
    plain = [
        category
        for category in revealed
        if category not in SPECIAL_CATEGORIES and category != "criminal"
    ]
    if plain:
        words = [
            CONTEXT_OTHER if category == "other" else CATEGORY_LABELS[category]
            for category in plain
        ]
        severity.at_least(
            SIGNIFICANT,
            f"The context reveals {human_join(words)} about everyone on the list, even where "
            "only addresses leaked.",
            "what the context reveals",
        )


def _weigh_harm(known: Mapping[str, object], law: Citations, severity: Severity) -> None:
    consequences = fact_words(known.get("consequences"))
    if "physical_harm" in consequences:
        severity.at_least(
            VERY_HIGH,
            f"Physical harm could follow{law.cite(law.harm)}.",
            "a risk of physical harm",
        )
    serious = [harm for harm in consequences if harm in SERIOUS_HARM]
    if serious:
        words = human_join(labelled(serious, CONSEQUENCE_LABELS))
        severity.at_least(HIGH, f"{words.capitalize()} could follow{law.cite(law.harm)}.", words)
    if "distress" in consequences:
        # Distress follows most disclosures: it keeps a special category's severity high
        # (see _weigh_special) but does not on its own make contact details more severe.
        severity.raising.append(f"Distress could follow{law.cite(law.harm)}.")
    moderate = [harm for harm in consequences if harm in MODERATE_HARM]
    if moderate:
        words = human_join(labelled(moderate, CONSEQUENCE_LABELS))
        severity.at_least(
            SIGNIFICANT, f"{words.capitalize()} could follow{law.cite(law.harm)}.", words
        )
    if known.get("hostile_recipient") is True:
        severity.at_least(
            HIGH,
            "A recipient is hostile to the people: in such hands even an address can lead to "
            "harassment or harm.",
            "a hostile recipient",
        )


def _weigh_people(known: Mapping[str, object], law: Citations, severity: Severity) -> None:
    subjects = [subject for subject in VULNERABLE if subject in fact_words(known.get("subjects"))]
    if subjects:
        words = human_join(subject.replace("_", " ") for subject in subjects)
        reason = f"The data is about {words}, who merit specific protection{law.cite(law.children)}"
        _raise_one_level(severity, f"{reason}: this raises the severity a level.", words)


def _raise_one_level(severity: Severity, reason: str, factor: str) -> None:
    severity.raising.append(reason)
    if severity.level < VERY_HIGH:
        severity.level += 1
        severity.decisive.append(factor)
