"""The provisions each regime's duties come from, so every reason and record cites the right law.

UK GDPR (Art. 33, 34) for ordinary processing; the Data Protection Act 2018 Part 3 (s.67, s.68)
for law-enforcement processing (domain.md §8); the EU GDPR (the same article numbers) beyond the
UK. A regime without a counterpart (the GDPR's recitals under Part 3) cites nothing rather than
the wrong law. `authority_for` names who a regime's reports go to: the ICO in the UK, the
configured supervisory authority under the EU GDPR.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Citations:
    """Where each duty and rule of one regime is found."""

    regime: str
    law: str
    notify: str  # tell the regulator unless a risk is unlikely, within 72 hours
    late: str  # reasons for a notification later than 72 hours
    phases: str  # information given in phases, quoting the case reference
    processor: str  # a processor tells its controller
    record: str  # the record of every breach
    tell: str  # tell the people when the risk is high
    exemption: str  # the grounds for not telling them, (a) (b) (c) follow
    restriction: str  # delaying or restricting what the people are told ("" where none)
    special: str  # special category data / sensitive processing
    criminal: str  # criminal offence data ("" where the processing itself is about crime)
    children: str  # children merit specific protection
    harm: str  # the kinds of harm a breach can cause
    risk: str  # risk is severity and likelihood together

    @property
    def authority(self) -> Authority:
        """Who this regime's reports go to, as reasons name it: the ICO, or under the EU GDPR
        "the supervisory authority" (reports name the configured one, `authority_for`)."""
        return authority_for(self.regime)

    def cite(self, provision: str) -> str:
        """' (provision)' to end a sentence's clause with, or '' when the regime has none."""
        return f" ({provision})" if provision else ""


UK_GDPR = Citations(
    regime="uk_gdpr",
    law="UK GDPR",
    notify="Art. 33(1)",
    late="Art. 33(1)",
    phases="Art. 33(4)",
    processor="Art. 33(2)",
    record="Art. 33(5)",
    tell="Art. 34(1)",
    exemption="Art. 34(3)",
    restriction="",
    special="Art. 9",
    criminal="Art. 10",
    children="Recital 38",
    harm="Recital 75",
    risk="Recital 76",
)
PART_3 = Citations(
    regime="dpa2018_part3",
    law="Data Protection Act 2018 Part 3",
    notify="s.67(1)",
    late="s.67(3)",
    phases="s.67(5)",
    processor="s.67(8)",
    record="s.67(6)",
    tell="s.68(1)",
    exemption="s.68(3)",
    restriction="s.68(7)",
    special="sensitive processing, s.35(8)",
    criminal="",
    children="",
    harm="",
    risk="",
)
# The EU GDPR has the UK GDPR's article numbers (the UK kept them); only its name differs.
EU_GDPR = replace(UK_GDPR, regime="eu_gdpr", law="GDPR")
CITATIONS = {citations.regime: citations for citations in (UK_GDPR, PART_3, EU_GDPR)}
_ICO = "ICO"
_SUPERVISORY_AUTHORITY = "supervisory authority"


@dataclass(frozen=True)
class Authority:
    """Who the regime's reports go to, in the words the reports and screens use.

    `name` fits a sentence ("Tell the ICO", "Tell the CNIL"); `short` fits before a noun ("ICO
    case reference"); `unnamed` is true under the EU GDPR when the config names no authority.
    """

    name: str
    short: str
    unnamed: bool = False

    @property
    def title(self) -> str:
        """The name to start a sentence with: 'The ICO', 'The supervisory authority'."""
        return self.name[:1].upper() + self.name[1:]

    @property
    def heading(self) -> str:
        """The short name to head a column with: 'ICO', 'Supervisory authority'."""
        return self.short[:1].upper() + self.short[1:]

    @property
    def brief(self) -> str:
        """The name for a key hint or a narrow column: the short name when it is one word or
        two ('ICO', 'CNIL'), else 'authority' (for 'the supervisory authority', 'Data
        Protection Commission (Ireland)')."""
        return self.short if len(self.short) <= _BRIEF_LENGTH else "authority"


_BRIEF_LENGTH = 12


def authority_for(regime: str | None, configured: str = "") -> Authority:
    """The ICO under UK law; under the EU GDPR the configured authority (config
    `supervisory_authority`), else "the supervisory authority"."""
    if regime != "eu_gdpr":
        return Authority(f"the {_ICO}", _ICO)
    named = configured.strip()
    if not named:
        return Authority(f"the {_SUPERVISORY_AUTHORITY}", _SUPERVISORY_AUTHORITY, unnamed=True)
    article = "" if named.casefold().startswith("the ") else "the "
    return Authority(f"{article}{named}", named)


# The s.68(7) grounds for delaying, restricting or omitting what the people are told.
RESTRICTION_GROUNDS = {
    "a": "s.68(7)(a): to avoid obstructing an official or legal inquiry, investigation or procedure",
    "b": "s.68(7)(b): to avoid prejudicing the prevention, detection, investigation or prosecution "
    "of criminal offences or the execution of criminal penalties",
    "c": "s.68(7)(c): to protect public security",
    "d": "s.68(7)(d): to protect national security",
    "e": "s.68(7)(e): to protect the rights and freedoms of others",
}
_EXEMPTION_WORDS = {
    "a": "the data was unintelligible to the recipients",
    "b": "later measures mean the high risk is no longer likely",
    "c": "telling each person would take disproportionate effort",
}


def citations_for(regime: str | None) -> Citations:
    """The regime's citations; UK GDPR when the regime is unknown (the default regime)."""
    return CITATIONS.get(regime or "uk_gdpr", UK_GDPR)


def exemption_label(ground: str, regime: str | None = None) -> str:
    """'Art. 34(3)(b): later measures ...' (or s.68(3)(b) under Part 3)."""
    return f"{citations_for(regime).exemption}({ground}): {_EXEMPTION_WORDS[ground]}"
