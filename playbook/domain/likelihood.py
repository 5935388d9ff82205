"""How likely the consequences are: who holds the data now, can and would they misuse it, and
is it back under control.

Five levels: remote (nobody can read it, or it told them nothing new), unlikely (recipients the
organisation controls, who confirmed deletion), possible (controlled recipients not yet
confirmed, or other recipients who confirmed), likely (recipients it does not control, copies
not known to be gone, or a further disclosure), almost certain (deliberate, hostile, published).
A fact not yet known never counts as the favourable answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from playbook.domain.citations import Citations

REMOTE, UNLIKELY, POSSIBLE, LIKELY, ALMOST_CERTAIN = 0, 1, 2, 3, 4
LIKELIHOOD_WORDS = {
    REMOTE: "remote",
    UNLIKELY: "unlikely",
    POSSIBLE: "possible",
    LIKELY: "likely",
    ALMOST_CERTAIN: "almost certain",
}
CONTROLLED_TRUST = ("internal", "trusted")
PUBLIC_PLACES = {"portal": "a public portal", "website": "a website"}


@dataclass
class Likelihood:
    """The level, the reasons that raise it (for notifying) and lower it (against)."""

    level: int = LIKELY
    raising: list[str] = field(default_factory=list)
    easing: list[str] = field(default_factory=list)
    decisive: list[str] = field(default_factory=list)
    unintelligible: bool = False  # encrypted with the key withheld: Art. 34(3)(a) / s.68(3)(a)

    @property
    def word(self) -> str:
        """The level in words."""
        return LIKELIHOOD_WORDS[self.level]


def weigh_likelihood(known: Mapping[str, object], law: Citations) -> Likelihood:
    """Likelihood from the known facts (values by key; a missing key is not yet known)."""
    likelihood = Likelihood()
    _weigh_holders(known, likelihood)
    _weigh_spread(known, likelihood)
    _weigh_protection(known, likelihood)
    return likelihood


def _weigh_holders(known: Mapping[str, object], likelihood: Likelihood) -> None:
    trust, deletion = known.get("recipient_trust"), known.get("deletion")
    controlled = trust in CONTROLLED_TRUST
    if trust == "internal":
        likelihood.easing.append(
            "The recipients are the organisation's own staff, bound by their duty of "
            "confidentiality: misuse is less likely."
        )
    elif trust == "trusted":
        likelihood.easing.append(
            "The recipient is a third party bound by confidentiality or contract: misuse is "
            "less likely."
        )
    elif trust == "public":
        likelihood.raising.append(
            "The recipients are members of the public, whom the organisation does not control."
        )
    elif trust == "unknown":
        likelihood.raising.append(
            "Who the recipients are, or what they owe the organisation, is unknown."
        )
    if deletion == "confirmed":
        likelihood.easing.append(
            "The recipients confirmed deletion"
            + (
                ": the data is back under control."
                if controlled
                else ", though the word of recipients the organisation does not control "
                "carries less weight."
            )
        )
    elif deletion in ("partial", "none", "unknown"):
        likelihood.raising.append(
            "Not every recipient has confirmed deletion: the other copies cannot be relied on "
            "as gone."
        )
    if controlled and deletion == "confirmed":
        likelihood.level, likelihood.decisive = UNLIKELY, [f"{trust} recipients who deleted it"]
    elif controlled or (trust in ("public", "unknown") and deletion == "confirmed"):
        likelihood.level = POSSIBLE
        likelihood.decisive = [
            f"{trust} recipients who have not confirmed deletion"
            if controlled
            else f"{trust} recipients who say they deleted it"
        ]
    else:
        likelihood.decisive = [
            "recipients the organisation does not control"
            if trust in ("public", "unknown")
            else "recipients not yet known"
        ]
    if known.get("recipients_are_subjects") is True:
        likelihood.easing.append(
            "The recipients are the affected people themselves: a known group the organisation "
            "can reach, each exposed alike."
        )


def _weigh_spread(known: Mapping[str, object], likelihood: Likelihood) -> None:
    if known.get("forwarded") is True:
        _at_least(
            likelihood,
            LIKELY,
            "The message was forwarded or replied to all: a further disclosure that spread it "
            "beyond the first recipients.",
            "a forward or reply-all",
        )
    if known.get("recall_resent") is True:
        _at_least(
            likelihood,
            LIKELY,
            "A recall or correction sent the list to the recipients again: a second disclosure "
            "that draws attention to the first.",
            "a recall that re-sent it",
        )
    if known.get("recipients") == 1 and known.get("forwarded") is False:
        likelihood.easing.append("It reached a single recipient and went no further.")
    if known.get("malicious") is True:
        _at_least(
            likelihood,
            ALMOST_CERTAIN,
            "The disclosure was deliberate: intent makes misuse likely.",
            "a deliberate disclosure",
        )
    elif known.get("malicious") is False:
        likelihood.easing.append("It was a human error, with no intent to misuse the data.")
    if known.get("hostile_recipient") is True:
        _at_least(
            likelihood,
            ALMOST_CERTAIN,
            "A recipient is hostile to the people and has a reason to use what they learnt.",
            "a hostile recipient",
        )
    place = PUBLIC_PLACES.get(str(known.get("published")))
    if place:
        hours = known.get("published_hours")
        how_long = f" for {hours:,} hours" if isinstance(hours, int) else ""
        _at_least(
            likelihood,
            ALMOST_CERTAIN,
            f"It was published on {place}{how_long}: anyone could read or copy it in that time.",
            f"publication on {place}",
        )


def _weigh_protection(known: Mapping[str, object], likelihood: Likelihood) -> None:
    spread = (
        known.get("forwarded") is True
        or known.get("recall_resent") is True
        or str(known.get("published")) in PUBLIC_PLACES
    )
    if known.get("encrypted") is True:
        key = known.get("encryption_key")
        if key == "withheld":
            likelihood.unintelligible = True
            _lower_to_remote(
                likelihood,
                "The data was encrypted and the key was withheld from the recipients: it is "
                "unintelligible to them.",
                "encryption with the key withheld",
            )
            return
        likelihood.raising.append(
            "The data was encrypted, but the key went to the recipients: it protects nothing."
            if key == "with_recipients"
            else "The data was encrypted, but where the key is has not been recorded: the "
            "encryption cannot be relied on until it is."
        )
    if spread or known.get("malicious") is True:
        return
    if known.get("unopened") is True:
        _lower_to_remote(
            likelihood,
            "Every wrong copy was returned or deleted unopened: nobody read it.",
            "copies returned or deleted unopened",
        )
    elif known.get("already_known") is True and known.get("hostile_recipient") is not True:
        _lower_to_remote(
            likelihood,
            "The recipients already knew this data: the disclosure told them nothing new.",
            "data the recipients already knew",
        )


def _at_least(likelihood: Likelihood, level: int, reason: str, factor: str) -> None:
    likelihood.raising.append(reason)
    if level > likelihood.level:
        likelihood.level, likelihood.decisive = level, [factor]
    elif level == likelihood.level:
        likelihood.decisive.append(factor)


def _lower_to_remote(likelihood: Likelihood, reason: str, factor: str) -> None:
    likelihood.easing.append(reason)
    likelihood.level, likelihood.decisive = REMOTE, [factor]
