"""How the vocabulary reads to people: the ICO form's wording for categories and outcomes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from playbook.domain.citations import authority_for

# In the order and wording of the ICO online form's tick boxes.
CATEGORY_LABELS = {
    "racial_ethnic": "racial or ethnic origin",
    "political": "political opinions",
    "religious": "religious or philosophical beliefs",
    "trade_union": "trade union membership",
    "sex_life": "sex life",
    "sexual_orientation": "sexual orientation",
    "gender_reassignment": "gender reassignment",
    "health": "health",
    "basic_identifiers": "basic personal identifiers (name, contact details)",
    "identification": "identification data (usernames, passwords)",
    "financial": "economic and financial data",
    "official_documents": "official documents",
    "location": "location data",
    "genetic_biometric": "genetic or biometric data",
    "criminal": "criminal convictions and offences",
    "other": "other",
}
SUBJECT_LABELS = {
    "employees": "employees",
    "users": "users",
    "subscribers": "subscribers",
    "students": "students",
    "customers": "customers or prospective customers",
    "patients": "patients",
    "children": "children",
    "vulnerable_adults": "vulnerable adults",
    "other": "other",
}
CONSEQUENCE_LABELS = {
    "identity_fraud": "identity theft or fraud",
    "financial_loss": "financial loss",
    "physical_harm": "physical harm",
    "distress": "distress",
    "discrimination": "discrimination",
    "reputational_damage": "reputational damage",
    "professional_secrecy": "loss of confidentiality of professional secrets",
}


def outcome_labels(authority: str = "the ICO") -> dict[str, str]:
    """How each outcome reads when the reports go to `authority` ("the ICO", "the CNIL")."""
    return {
        "record_only": "Record only",
        "notify_ico": f"Notify {authority}",
        "notify_ico_and_individuals": f"Notify {authority} and tell the individuals",
    }


OUTCOME_LABELS = outcome_labels()


def outcome_label(outcome: str, regime: str | None) -> str:
    """How an outcome reads under `regime`: "Notify the ICO", "Notify the supervisory
    authority"."""
    return outcome_labels(authority_for(regime).name)[outcome]


EXEMPTION_LABELS = {
    "a": "Art. 34(3)(a): the data was unintelligible to the recipients",
    "b": "Art. 34(3)(b): later measures mean the high risk is no longer likely",
    "c": "Art. 34(3)(c): telling each person would take disproportionate effort",
}


# Each kind of draft: one of them as a sentence names it, several, and who gets one.
DRAFT_KIND_ONE = {
    "apology": "an apology",
    "deletion_request": "a deletion request",
    "chaser": "a chaser",
}
DRAFT_KIND_LABELS = {
    "apology": "Apologies",
    "deletion_request": "Deletion requests",
    "chaser": "Chasers",
}
DRAFT_KIND_AUDIENCE = {
    "apology": "each affected person",
    "deletion_request": "each outside recipient who has not confirmed deletion",
    "chaser": "each outside recipient still owing a written confirmation",
}
# Each notice state as a list shows it, and how a person was told ("40 by email").
NOTICE_STATE_LABELS = {
    "emailed": "emailed",
    "posted": "posted",
    "phoned": "phoned",
    "not_reachable": "not reachable",
    "not_told": "not told",
}
NOTICE_MEANS = {"emailed": "by email", "posted": "by letter", "phoned": "by phone"}
# The one table a vocabulary word is read from when it has a wording of its own; any other
# word reads as itself with spaces ('not_contacted' -> 'not contacted').
LABELS: dict[str, str] = {
    **CATEGORY_LABELS,
    **OUTCOME_LABELS,
    "in_person": "in person",
    "external_org": "outside organisation",
    "external_personal": "outside person",
    "recipient_trust": "recipient trust",
}


def label(word: str) -> str:
    """How a vocabulary word reads to people: its label, else the word with spaces."""
    return LABELS.get(word) or spaced(word)


def spaced(text: str) -> str:
    """Vocabulary words in a text read with spaces: 'basic_identifiers' -> 'basic identifiers'."""
    return text.replace("_", " ")


def labelled(keys: Iterable[str], labels: Mapping[str, str]) -> list[str]:
    """The people's words for `keys`, in the order given; an unknown key reads as itself."""
    return [labels.get(key) or label(key) for key in keys]


def human_join(items: Iterable[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def fact_text(value: object) -> str:
    """A fact's value as a person reads it: yes/no, a comma list, a number or a word."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(value) or "(none)"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def counted(number: int, noun: str, plural: str = "") -> str:
    """A count with its noun: '1 recipient', '3,396 recipients' ('address', 'addresses')."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
