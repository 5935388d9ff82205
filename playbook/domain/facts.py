"""The assessment's inputs: each fact's key, the values it takes, and who set it when."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from playbook.domain.errors import Refused
from playbook.domain.vocabulary import TRUSTS

CATEGORIES = (
    "racial_ethnic",
    "political",
    "religious",
    "trade_union",
    "sex_life",
    "sexual_orientation",
    "gender_reassignment",
    "health",
    "basic_identifiers",
    "identification",
    "financial",
    "official_documents",
    "location",
    "genetic_biometric",
    "criminal",
    "other",
)
SPECIAL_CATEGORIES = frozenset(
    {
        "racial_ethnic",
        "political",
        "religious",
        "trade_union",
        "sex_life",
        "sexual_orientation",
        "gender_reassignment",
        "health",
        "genetic_biometric",
    }
)
SUBJECTS = (
    "employees",
    "users",
    "subscribers",
    "students",
    "customers",
    "patients",
    "children",
    "vulnerable_adults",
    "other",
)
BREACH_TYPES = ("confidentiality", "integrity", "availability")
DELETION = ("confirmed", "partial", "none", "unknown")
CONSEQUENCES = (
    "identity_fraud",
    "financial_loss",
    "physical_harm",
    "distress",
    "discrimination",
    "reputational_damage",
    "professional_secrecy",
)
FACT_SOURCES = ("detected", "confirmed")
ROLES = ("controller", "processor")
PUBLISHED = ("no", "portal", "website")
KEY_PLACES = ("withheld", "with_recipients", "unknown")
# What a list's context can reveal about everyone on it: any category but contact details.
CONTEXT_CATEGORIES = tuple(category for category in CATEGORIES if category != "basic_identifiers")
# `context_sensitive` was yes/no before it named the category; a stored yes reads as "other".
_LEGACY_CONTEXT = {True: ["other"], False: []}


@dataclass(frozen=True)
class FactSpec:
    """What one fact holds: a list from `choices`, one of `choices`, a count, or yes/no."""

    key: str
    kind: str  # "list", "choice", "count" or "yes_no"
    choices: tuple[str, ...] = ()
    question: str = ""


FACT_SPECS: dict[str, FactSpec] = {
    spec.key: spec
    for spec in (
        FactSpec("breach_types", "list", BREACH_TYPES, "What kind of breach is it?"),
        FactSpec("categories", "list", CATEGORIES, "Which kinds of personal data were exposed?"),
        FactSpec("subjects", "list", SUBJECTS, "Whose data is it?"),
        FactSpec("people", "count", question="How many people's data was exposed?"),
        FactSpec("records", "count", question="How many records were exposed?"),
        FactSpec("recipients", "count", question="How many people wrongly received it?"),
        FactSpec(
            "recipient_trust",
            "choice",
            TRUSTS,
            "Who received it: internal, trusted, public or unknown?",
        ),
        FactSpec("deletion", "choice", DELETION, "Have the recipients confirmed deletion?"),
        FactSpec(
            "context_sensitive",
            "list",
            CONTEXT_CATEGORIES,
            "What does the context reveal about the people even where only addresses leaked "
            "(health for an HIV clinic's list, other for being a tenant)? Leave empty if nothing.",
        ),
        FactSpec("fraud_enabling", "yes_no", question="Does the data enable identity fraud?"),
        FactSpec("encrypted", "yes_no", question="Was the data encrypted or password-protected?"),
        FactSpec(
            "encryption_key",
            "choice",
            KEY_PLACES,
            "Where is the key or password: withheld from the recipients, with them (sent or in "
            "the same message), or unknown?",
        ),
        FactSpec("malicious", "yes_no", question="Was the disclosure deliberate or malicious?"),
        FactSpec("forwarded", "yes_no", question="Was it forwarded or replied to all?"),
        FactSpec(
            "recall_resent",
            "yes_no",
            question="Did a recall or correction send the list to the recipients again?",
        ),
        FactSpec(
            "role",
            "choice",
            ROLES,
            "Was the organisation the controller, or a processor sending it for a client?",
        ),
        FactSpec(
            "recipients_are_subjects",
            "yes_no",
            question="Are the wrong recipients the affected people themselves?",
        ),
        FactSpec(
            "hostile_recipient",
            "yes_no",
            question="Is any recipient hostile to the people (an abuser, an ex-partner, a birth "
            "family, a group that would harm them)?",
        ),
        FactSpec(
            "published",
            "choice",
            PUBLISHED,
            "Was it published: on a public portal (FOI site, ticket system), on a website, or no?",
        ),
        FactSpec("published_hours", "count", question="For how many hours was it public?"),
        FactSpec(
            "unopened",
            "yes_no",
            question="Was every wrong copy returned or deleted unopened (bounced, quarantined, "
            "recalled unread)?",
        ),
        FactSpec(
            "already_known",
            "yes_no",
            question="Did the recipients already know this data about the people?",
        ),
        FactSpec(
            "consequences",
            "list",
            CONSEQUENCES,
            "What harm could follow (identity fraud, financial loss, physical harm, distress, "
            "discrimination, reputational damage, loss of professional secrecy)?",
        ),
    )
}
FACT_KEYS = tuple(FACT_SPECS)


@dataclass(frozen=True)
class Fact:
    """One input to the assessment, with who set it, when, and whether a person confirmed it."""

    key: str
    value: object
    source: str
    set_by: str
    set_at: datetime

    @property
    def confirmed(self) -> bool:
        """True when a person confirmed the value, not only the importer's detection."""
        return self.source == "confirmed"


def parse_fact(key: str, text: str) -> object:
    """Read `KEY=VALUE` as typed on the command line into the fact's value."""
    spec = _spec(key)
    text = text.strip()
    if key == "context_sensitive" and text.lower() in ("yes", "no"):
        return list(_LEGACY_CONTEXT[text.lower() == "yes"])
    if spec.kind == "list":
        items = [item.strip() for item in text.split(",") if item.strip()]
        return check_fact(key, items)
    if spec.kind == "count":
        if not text.isdecimal():
            raise Refused(f"{key} takes a whole number, e.g. {key}=418.")
        return int(text)
    if spec.kind == "yes_no":
        lowered = text.lower()
        if lowered not in ("yes", "no"):
            raise Refused(f"{key} takes yes or no, e.g. {key}=yes.")
        return lowered == "yes"
    return check_fact(key, text)


def check_fact(key: str, value: object) -> object:
    """Refuse a value a fact cannot hold; return it (a legacy yes/no context as its list)."""
    spec = _spec(key)
    if key == "context_sensitive" and isinstance(value, bool):
        return list(_LEGACY_CONTEXT[value])
    if spec.kind == "list":
        if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
            raise Refused(f"{key} takes a comma list of: {', '.join(spec.choices)}.")
        unknown = [item for item in value if item not in spec.choices]
        if unknown:
            raise Refused(
                f"{key} does not know {', '.join(unknown)}; choose from {', '.join(spec.choices)}."
            )
        return sorted(set(value), key=spec.choices.index)
    if spec.kind == "count":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise Refused(f"{key} takes a whole number, e.g. {key}=418.")
        return value
    if spec.kind == "yes_no":
        if not isinstance(value, bool):
            raise Refused(f"{key} takes yes or no.")
        return value
    if value not in spec.choices:
        raise Refused(f"{key} takes one of: {', '.join(spec.choices)}.")
    return value


def context_categories(value: object) -> list[str]:
    """The categories a list's context reveals, reading a stored yes/no as it was meant."""
    if isinstance(value, bool):
        return list(_LEGACY_CONTEXT[value])
    return fact_words(value)


def fact_words(value: object) -> list[str]:
    """The words a list fact holds (its categories, subjects...); none while it is not known."""
    if not isinstance(value, Iterable) or isinstance(value, str):
        return []
    return [item for item in value if isinstance(item, str)]


def fact_count(value: object) -> int | None:
    """The number a count fact holds; None while it is not known."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _spec(key: str) -> FactSpec:
    try:
        return FACT_SPECS[key]
    except KeyError:
        raise Refused(
            f"There is no fact called {key}; the facts are: {', '.join(FACT_KEYS)}."
        ) from None
