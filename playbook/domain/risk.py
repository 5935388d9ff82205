"""The risk engine: facts -> Assessment (outcome, borderline, reasons on each side, ENISA).

It weighs what domain.md §4-5 weigh, in three strengths:
- severe factors, each of which makes a high risk likely on its own (Art. 9 or Art. 10 data,
  children or vulnerable adults, fraud-enabling data, deliberate disclosure, serious harm);
- leaning factors, which push towards high risk (a context that reveals something sensitive, a
  large uncontrolled disclosure, reputational harm): one makes telling the people borderline,
  two make it likely;
- risk factors, which make a risk likely and so the ICO's business (hundreds of people,
  recipients the organisation does not control, unconfirmed deletion, a forward or reply-all,
  data beyond contact details);
against containment (trusted or internal recipients who confirmed deletion), protection
(encryption) and scale (few people). Unknown facts never count in favour of "record only":
the engine asks for them instead, and Art. 33(1) makes notifying the default meanwhile.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from playbook.domain.enisa import EnisaScore, enisa_score
from playbook.domain.facts import FACT_SPECS, SPECIAL_CATEGORIES
from playbook.domain.labels import CATEGORY_LABELS, CONSEQUENCE_LABELS, human_join, labelled

OUTCOMES = ("record_only", "notify_ico", "notify_ico_and_individuals")
EXEMPTIONS = ("a", "b", "c")

FEW_PEOPLE = 10  # "few people": a record alone can do when contained
MANY_PEOPLE = 100  # "hundreds of people or more" makes a risk likely
LARGE_SCALE = 1000  # an uncontrolled disclosure this large leans towards high risk

SERIOUS_HARM = ("identity_fraud", "financial_loss", "physical_harm", "discrimination")
MODERATE_HARM = ("reputational_damage", "professional_secrecy")
BEYOND_CONTACT = ("identification", "financial", "official_documents", "location", "other")
CONTROLLED_TRUST = ("internal", "trusted")
# The facts without which a risk cannot be called unlikely.
NEEDED_FOR_UNLIKELY = (
    "categories",
    "subjects",
    "people",
    "recipient_trust",
    "deletion",
    "context_sensitive",
    "fraud_enabling",
    "malicious",
    "forwarded",
)


@dataclass(frozen=True)
class Assessment:
    """What the engine recommends and why.

    `alternative` is the other outcome a borderline case could reasonably reach (None when not
    borderline); `exemption` is the Art. 34(3) ground that may apply (a, b or c) or None.
    """

    outcome: str
    borderline: bool
    reasons_for: tuple[str, ...]
    reasons_against: tuple[str, ...]
    missing: tuple[str, ...]
    exemption: str | None
    enisa: EnisaScore
    alternative: str | None = None

    @property
    def summary(self) -> str:
        """The recommendation in one sentence, saying when it is borderline."""
        return _SUMMARIES[(self.outcome, self.alternative)]

    def as_dict(self) -> dict[str, object]:
        """The stable JSON keys of an assessment."""
        return {
            "outcome": self.outcome,
            "borderline": self.borderline,
            "alternative": self.alternative,
            "summary": self.summary,
            "reasons_for": list(self.reasons_for),
            "reasons_against": list(self.reasons_against),
            "missing": list(self.missing),
            "exemption": self.exemption,
            "enisa": self.enisa.as_dict(),
        }

    def supports(self, outcome: str) -> bool:
        """True when `outcome` is the recommendation, or the alternative of a borderline case."""
        return outcome in (self.outcome, self.alternative)


@dataclass(frozen=True)
class StoredAssessment:
    """An assessment as saved: its number within the incident, when, by whom, from which facts."""

    number: int
    at: datetime
    by: str
    assessment: Assessment
    facts: dict[str, object] = field(default_factory=dict)


@dataclass
class _Weighing:
    severe: list[str] = field(default_factory=list)
    leaning: list[str] = field(default_factory=list)
    risk: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)


def assess_facts(facts: Mapping[str, object]) -> Assessment:
    """Assess the facts (values by key; a missing key or None is not yet known)."""
    known = {key: value for key, value in facts.items() if value is not None}
    weighing = _weigh(known)
    outcome, borderline, alternative, exemption = _decide(known, weighing)
    reasons_for = weighing.severe + weighing.leaning + weighing.risk
    unknown = [key for key in NEEDED_FOR_UNLIKELY if key not in known]
    if unknown and outcome != "notify_ico_and_individuals":
        reasons_for.append(
            f"Not yet known: {human_join(key.replace('_', ' ') for key in unknown)}; until they are, the risk cannot be called "
            "unlikely, and Art. 33(1) makes notifying the ICO the default."
        )
    return Assessment(
        outcome=outcome,
        borderline=borderline,
        reasons_for=tuple(reasons_for),
        reasons_against=tuple(weighing.against),
        missing=tuple(spec.question for key, spec in FACT_SPECS.items() if key not in known),
        exemption=exemption,
        enisa=enisa_score(known),
        alternative=alternative,
    )


def _decide(
    known: Mapping[str, object], weighing: _Weighing
) -> tuple[str, bool, str | None, str | None]:
    """(outcome, borderline, alternative, exemption) from the weighed factors."""
    if known.get("encrypted") is True:
        return "record_only", False, None, "a"
    people = known.get("people")
    many = people is not None and people >= MANY_PEOPLE
    contained = _contained(known)
    high = bool(weighing.severe) or len(weighing.leaning) >= 2
    # High severity held by trusted recipients who deleted: Art. 34(3)(b) may spare the people.
    if high and contained:
        if people is not None and people <= FEW_PEOPLE:
            return _settled(known, "record_only", "notify_ico", "b")
        return "notify_ico", True, "notify_ico_and_individuals", "b"
    # High risk: borderline when it rests on leaning factors only, or on one severe factor
    # that trust or a confirmed deletion partly answers.
    if high:
        partly_contained = (
            known.get("recipient_trust") in CONTROLLED_TRUST or known.get("deletion") == "confirmed"
        )
        single_severe = len(weighing.severe) == 1 and not weighing.leaning
        if not weighing.severe or (single_severe and partly_contained):
            return "notify_ico_and_individuals", True, "notify_ico", None
        return "notify_ico_and_individuals", False, None, None
    # Contained: a record can do, unless hundreds of people make telling the ICO prudent (S3).
    if contained:
        if many:
            return "notify_ico", True, "record_only", None
        if weighing.leaning:
            return _settled(known, "record_only", "notify_ico", None)
        return _settled(known, "record_only", None, None)
    # Uncontrolled with one leaning factor: the ICO, and the people are borderline (S4, S5).
    if weighing.leaning:
        return "notify_ico", True, "notify_ico_and_individuals", None
    # A few people's contact details, not passed on: either way can be defended.
    if _small_and_plain(known):
        if people <= FEW_PEOPLE and known.get("deletion") == "confirmed":
            return _settled(known, "record_only", "notify_ico", None)
        return "notify_ico", True, "record_only", None
    return "notify_ico", False, None, None


def _settled(
    known: Mapping[str, object], outcome: str, alternative: str | None, exemption: str | None
) -> tuple[str, bool, str | None, str | None]:
    """Keep `outcome`, unless it is "record only" while facts it rests on are still unknown."""
    if outcome == "record_only" and any(key not in known for key in NEEDED_FOR_UNLIKELY):
        return "notify_ico", True, "record_only", exemption
    return outcome, alternative is not None, alternative, exemption


def _contained(known: Mapping[str, object]) -> bool:
    """Trusted or internal recipients confirmed deletion, and nobody passed it on."""
    return (
        known.get("recipient_trust") in CONTROLLED_TRUST
        and known.get("deletion") == "confirmed"
        and known.get("forwarded") is False
    )


def _small_and_plain(known: Mapping[str, object]) -> bool:
    """Fewer than a hundred people, contact details only, not passed on."""
    people = known.get("people")
    categories = known.get("categories")
    return (
        people is not None
        and people < MANY_PEOPLE
        and categories is not None
        and set(categories) <= {"basic_identifiers"}
        and known.get("forwarded") is False
    )


def _weigh(known: Mapping[str, object]) -> _Weighing:
    weighing = _Weighing()
    _weigh_data(known, weighing)
    _weigh_people(known, weighing)
    _weigh_recipients(known, weighing)
    _weigh_intent_and_harm(known, weighing)
    return weighing


def _weigh_data(known: Mapping[str, object], weighing: _Weighing) -> None:
    categories = list(known.get("categories") or ())
    special = [category for category in categories if category in SPECIAL_CATEGORIES]
    if special:
        weighing.severe.append(
            f"Special category data ({human_join(labelled(special, CATEGORY_LABELS))}) was "
            "exposed: Art. 9 data makes a high risk to the people likely (Art. 34(1))."
        )
    if "criminal" in categories:
        weighing.severe.append(
            "Criminal offence data (allegations, offences or convictions) was exposed: Art. 10 "
            "data makes a high risk likely (Art. 34(1))."
        )
    if known.get("fraud_enabling") is True:
        weighing.severe.append(
            "The data combines details that enable identity fraud (such as name with date of "
            "birth and phone or address, or national or bank identifiers): a high risk is likely."
        )
    beyond = [category for category in categories if category in BEYOND_CONTACT]
    if beyond:
        weighing.risk.append(
            f"Data beyond contact details ({human_join(labelled(beyond, CATEGORY_LABELS))}) was "
            "exposed: a risk to the people is likely (Art. 33(1))."
        )
    if known.get("context_sensitive") is True:
        weighing.leaning.append(
            "The context reveals something sensitive about the people even where only contact "
            "details leaked (such as being a tenant, a patient or a victim): this leans towards "
            "a high risk (Art. 34(1))."
        )
    if known.get("encrypted") is True:
        weighing.against.append(
            "The data was unintelligible to the recipients (encrypted, password withheld): a "
            "risk is unlikely, and Art. 34(3)(a) removes the duty to tell the people."
        )
    if categories and set(categories) <= {"basic_identifiers"}:
        weighing.against.append(
            "Only basic identifiers (names and contact details) were exposed: no special "
            "category or criminal offence data."
        )


def _weigh_people(known: Mapping[str, object], weighing: _Weighing) -> None:
    subjects = set(known.get("subjects") or ())
    if "children" in subjects:
        weighing.severe.append(
            "The data is about children, who merit specific protection (Recital 38): a high "
            "risk is likely."
        )
    if "vulnerable_adults" in subjects:
        weighing.severe.append(
            "The data is about vulnerable adults, who merit specific protection: a high risk "
            "is likely."
        )
    people = known.get("people")
    if people is None:
        return
    if people >= MANY_PEOPLE:
        weighing.risk.append(
            f"{people:,} people are affected: a disclosure of hundreds or more makes a risk "
            "likely, so the ICO must be told (Art. 33(1))."
        )
    if people >= LARGE_SCALE and not _contained(known):
        weighing.leaning.append(
            f"{people:,} people's data reached recipients whose deletion is not assured: a "
            "large uncontrolled disclosure leans towards a high risk (Art. 34(1))."
        )
    if people <= FEW_PEOPLE:
        noun = "person is" if people == 1 else "people are"
        weighing.against.append(
            f"Only {people} {noun} affected: a small number weighs against a likely risk."
        )


def _weigh_recipients(known: Mapping[str, object], weighing: _Weighing) -> None:
    trust = known.get("recipient_trust")
    deletion = known.get("deletion")
    if trust == "internal":
        weighing.against.append(
            "The recipients are the organisation's own staff, bound by their duty of "
            "confidentiality."
        )
    elif trust == "trusted":
        weighing.against.append(
            "The recipient is a trusted third party bound by confidentiality or contract."
        )
    elif trust == "public":
        weighing.risk.append(
            "The recipients are members of the public, whom the organisation does not control: "
            "a risk is likely (Art. 33(1))."
        )
    elif trust == "unknown":
        weighing.risk.append(
            "Who the recipients are, or what they owe the organisation, is unknown: a risk "
            "is likely (Art. 33(1))."
        )
    if deletion == "confirmed":
        if trust in CONTROLLED_TRUST:
            weighing.against.append(
                "Deletion was confirmed by a trusted recipient: this is what makes a risk "
                "unlikely (and would meet Art. 34(3)(b))."
            )
        else:
            weighing.against.append(
                "The recipients confirmed deletion, though the word of recipients the "
                "organisation does not control carries less weight."
            )
    elif deletion == "partial":
        weighing.risk.append(
            "Only some recipients have confirmed deletion: the other copies cannot be relied "
            "on as gone."
        )
    elif deletion in ("none", "unknown"):
        weighing.risk.append(
            "Deletion has not been confirmed: the copies cannot be relied on as gone."
        )
    recipients = known.get("recipients")
    if recipients == 1:
        weighing.against.append("It reached a single recipient.")
    if known.get("forwarded") is True:
        weighing.risk.append(
            "The message was forwarded or replied to all: a further disclosure that spread it "
            "beyond the first recipients."
        )


def _weigh_intent_and_harm(known: Mapping[str, object], weighing: _Weighing) -> None:
    if known.get("malicious") is True:
        weighing.severe.append(
            "The disclosure was deliberate: intent makes misuse, and so a high risk, likely."
        )
    elif known.get("malicious") is False:
        weighing.against.append("It was a human error, with no intent to misuse the data.")
    consequences = list(known.get("consequences") or ())
    serious = [harm for harm in consequences if harm in SERIOUS_HARM]
    if serious:
        weighing.severe.append(
            f"The likely consequences include {human_join(labelled(serious, CONSEQUENCE_LABELS))}"
            ": harm this serious makes the risk high (Recital 75)."
        )
    moderate = [harm for harm in consequences if harm in MODERATE_HARM]
    if moderate:
        weighing.leaning.append(
            f"The likely consequences include "
            f"{human_join(labelled(moderate, CONSEQUENCE_LABELS))}: this leans towards a high "
            "risk (Recital 75)."
        )


_SUMMARIES = {
    ("record_only", None): "Record it in the breach log: a risk is unlikely, so the ICO need "
    "not be told (Art. 33(1)).",
    ("record_only", "notify_ico"): "Record it in the breach log; whether the ICO should be told "
    "is borderline: decide, and write down why.",
    ("notify_ico", None): "Tell the ICO within 72 hours of becoming aware; telling the people is "
    "not required.",
    ("notify_ico", "record_only"): "Telling the ICO is borderline (a record alone may do): "
    "decide, and write down why.",
    ("notify_ico", "notify_ico_and_individuals"): "Tell the ICO within 72 hours; whether to tell "
    "the people is borderline: decide, and write down why.",
    ("notify_ico_and_individuals", None): "Tell the ICO within 72 hours and tell the people "
    "without undue delay (Art. 34(1)).",
    ("notify_ico_and_individuals", "notify_ico"): "Tell the ICO within 72 hours; telling the "
    "people is recommended but borderline: decide, and write down why.",
}
