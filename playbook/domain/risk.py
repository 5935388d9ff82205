"""The risk engine: facts -> Assessment (outcome, borderline, reasons on each side, ENISA).

Risk is severity and likelihood together (Recital 76; EDPB 9/2022). severity.py says how
severe the consequences could be (what the data and its context reveal, about whom);
likelihood.py says how likely they are (who holds the data now, whether they can and would
misuse it, whether it is back under control). The two place the breach on a ladder of seven
rungs, from "record only" through the borderline bands to "tell the ICO and the people";
hundreds and thousands of people (or records) each climb one rung, so no single person added
moves the outcome more than one rung. A fact not yet known never counts towards "record only":
the engine asks for it, and notifying stays the default meanwhile (Art. 33(1)).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from playbook.domain.citations import Citations, citations_for
from playbook.domain.enisa import EnisaScore, enisa_score
from playbook.domain.facts import FACT_SPECS, fact_count
from playbook.domain.labels import human_join, label
from playbook.domain.likelihood import REMOTE, UNLIKELY, Likelihood, weigh_likelihood
from playbook.domain.severity import HIGH, Severity, weigh_severity

OUTCOMES = ("record_only", "notify_ico", "notify_ico_and_individuals")
EXEMPTIONS = ("a", "b", "c")

RECORD, ICO, BOTH = OUTCOMES
# The ladder: each rung an outcome and, on the borderline rungs, the alternative.
RUNGS = (
    (RECORD, None),
    (RECORD, ICO),
    (ICO, RECORD),
    (ICO, None),
    (ICO, BOTH),
    (BOTH, ICO),
    (BOTH, None),
)
# The rung for each likelihood (rows, remote .. almost certain) and severity (limited .. very
# high). Rows and columns never decrease: more severe or more likely never lowers the outcome.
LADDER = (
    (0, 0, 0, 0),  # remote: nobody can read it, or it told them nothing new
    (0, 0, 0, 0),  # unlikely: controlled recipients who deleted it (the ICO's own example)
    (0, 2, 4, 5),  # possible
    (2, 3, 6, 6),  # likely
    (3, 4, 6, 6),  # almost certain
)
HUNDREDS = 100  # "hundreds of people or more" climbs one rung
THOUSANDS = 1000  # and thousands another
CONTAINED_CEILING = 2  # held only by controlled recipients who deleted it: never past "ICO?"
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
    "hostile_recipient",
    "published",
)


@dataclass(frozen=True)
class Assessment:
    """What the engine recommends and why.

    `alternative` is the other outcome a borderline case could reasonably reach (None when not
    borderline); `exemption` is the ground for not telling the people that may apply (a, b or
    c of Art. 34(3), or s.68(3) under Part 3) or None. `severity` and `likelihood` are the
    levels in words; `summary` names the decisive factors.
    """

    outcome: str
    borderline: bool
    reasons_for: tuple[str, ...]
    reasons_against: tuple[str, ...]
    missing: tuple[str, ...]
    exemption: str | None
    enisa: EnisaScore
    alternative: str | None = None
    summary: str = ""
    severity: str = ""
    likelihood: str = ""
    regime: str = "uk_gdpr"
    role: str = "controller"

    def as_dict(self) -> dict[str, object]:
        """The stable JSON keys of an assessment."""
        return {
            "outcome": self.outcome,
            "borderline": self.borderline,
            "alternative": self.alternative,
            "summary": self.summary,
            "severity": self.severity,
            "likelihood": self.likelihood,
            "regime": self.regime,
            "role": self.role,
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


def assess_facts(facts: Mapping[str, object], regime: str | None = "uk_gdpr") -> Assessment:
    """Assess the facts (values by key; a missing key or None is not yet known)."""
    known = {key: value for key, value in facts.items() if value is not None}
    law = citations_for(regime)
    severity = weigh_severity(known, law)
    likelihood = weigh_likelihood(known, law)
    rung, scale_for, scale_against = _rung(known, severity, likelihood)
    unknown = [key for key in NEEDED_FOR_UNLIKELY if key not in known]
    reasons_for = severity.raising + likelihood.raising + scale_for
    if unknown and rung < 2:
        rung = 2
    if unknown and rung < 5:
        reasons_for.append(
            f"Not yet known: {human_join(label(key) for key in unknown)}; until they are, the risk cannot be called "
            f"unlikely, and notifying {law.authority.name} stays the default{law.cite(law.notify)}."
        )
    outcome, alternative = RUNGS[rung]
    role = str(known.get("role") or "controller")
    return Assessment(
        outcome=outcome,
        borderline=alternative is not None,
        reasons_for=tuple(reasons_for),
        reasons_against=tuple(severity.easing + likelihood.easing + scale_against),
        missing=tuple(spec.question for key, spec in FACT_SPECS.items() if key not in known),
        exemption=_exemption(severity, likelihood),
        enisa=enisa_score(known),
        alternative=alternative,
        summary=summary_for(
            outcome, alternative, law, role, _decisive(known, severity, likelihood)
        ),
        severity=severity.word,
        likelihood=likelihood.word,
        regime=law.regime,
        role=role,
    )


def _rung(
    known: Mapping[str, object], severity: Severity, likelihood: Likelihood
) -> tuple[int, list[str], list[str]]:
    """The ladder's rung, with the reasons the number of people (or records) adds."""
    rung = LADDER[likelihood.level][severity.level - 1]
    if likelihood.level == REMOTE:
        return rung, [], []
    people, records = fact_count(known.get("people")), fact_count(known.get("records"))
    volume = max(people or 0, records or 0)
    climbs = (volume >= HUNDREDS) + (volume >= THOUSANDS)
    reasons_for, reasons_against = [], []
    if climbs:
        counted = f"{people:,} people are" if people == volume else f"{records:,} records are"
        reasons_for.append(
            f"{counted} affected: the more there are, the more likely some come to harm."
        )
    elif people is not None:
        noun = "person is" if people == 1 else "people are"
        reasons_against.append(f"{people:,} {noun} affected: a small group.")
    rung = min(rung + climbs, len(RUNGS) - 1)
    if likelihood.level == UNLIKELY:
        rung = min(rung, CONTAINED_CEILING)
    return rung, reasons_for, reasons_against


def _exemption(severity: Severity, likelihood: Likelihood) -> str | None:
    """The ground for not telling the people, where the consequences would otherwise be high."""
    if severity.level < HIGH:
        return None
    if likelihood.unintelligible:
        return "a"
    if likelihood.level == UNLIKELY:
        return "b"
    return None


def _decisive(known: Mapping[str, object], severity: Severity, likelihood: Likelihood) -> str:
    people = known.get("people")
    count = f"; {people:,} people" if isinstance(people, int) and people >= HUNDREDS else ""
    return (
        f"Decisive: the consequences could be {severity.word} ({human_join(severity.decisive)})"
        f", and harm is {likelihood.word} ({human_join(likelihood.decisive)}){count}."
    )


def summary_for(
    outcome: str,
    alternative: str | None,
    law: Citations,
    role: str = "controller",
    decisive: str = "",
) -> str:
    """The recommendation in words a DPO would paste into the log, citing the regime's law."""
    notify, tell, record = law.cite(law.notify), law.cite(law.tell), law.cite(law.record)
    authority = law.authority.name
    sentences = {
        (RECORD, None): f"Record it in the breach log{record}: a risk to the people is unlikely, "
        f"so {authority} need not be told{notify}.",
        (RECORD, ICO): f"Record it in the breach log{record}; whether {authority} should be told "
        "is borderline: decide, and write down why.",
        (ICO, RECORD): f"Telling {authority} is borderline (a record alone may do){notify}: "
        "decide, and write down why.",
        (ICO, None): f"Tell {authority} within 72 hours of becoming aware{notify}; the risk to the "
        f"people is not high, so telling them is not required{tell}.",
        (ICO, BOTH): f"Tell {authority} within 72 hours{notify}; whether the risk is high "
        f"enough to tell the people is borderline{tell}: decide, and write down why.",
        (BOTH, ICO): f"Tell {authority} within 72 hours{notify}; telling the people is recommended "
        f"but borderline{tell}: decide, and write down why.",
        (BOTH, None): f"Tell {authority} within 72 hours{notify} and tell the people without undue "
        f"delay{tell}.",
    }
    text = sentences[(outcome, alternative)]
    if role == "processor":
        text = (
            f"As the processor, tell the controller without undue delay"
            f"{law.cite(law.processor)}: the controller reports to {authority} and decides about "
            f"the people. For the controller: {text}"
        )
    return f"{text} {decisive}".strip()
