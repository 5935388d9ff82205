"""The engine against the regulators' own worked cases and enforcement (issue 14).

Each case names its public source (document and case number, or the notice), quotes the
authority's verdict in a few words, gives the facts as the vocabulary says them, and the
outcomes accepted: one outcome where the authority settled it (the engine must reach it, not
borderline), two where the authority leaves the call to the controller (the engine must stay
within them: either one, or borderline between them). Where a source gives no figure the facts
use an illustrative one, marked so; nothing here depends on its exact size.

Sources:
- EDPB Guidelines 01/2021 on examples regarding personal data breach notification (cases 09-16).
- EDPB Guidelines 9/2022 on personal data breach notification, Annex B (the WP250 examples).
- ICO, "Personal data breach examples" (case studies 1 and 2).
- ICO monetary penalty notices (MPN) and reprimands about misdirected email and Bcc failures.
- domain.md §1 (S1-S5, the incidents the playbook exists for) with the outcomes of its §5.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from playbook.domain.facts import check_fact
from playbook.domain.risk import assess_facts
from tests.domain.incident_facts import (
    HUMAN_ERROR,
    S1_SPREADSHEET,
    S2_STRANGER,
    S3_CONTRACTOR,
    S4_TENANTS,
    S5_REPLY_ALL,
)

RECORD = "record_only"
ICO = "notify_ico"
BOTH = "notify_ico_and_individuals"

# A human error that went no further: what most cases change a few facts of.
BASE = {
    **HUMAN_ERROR,
    "forwarded": False,
    "fraud_enabling": False,
    "context_sensitive": [],
}
# A list sent in To/Cc to the people on it (a Bcc failure).
BCC_FAILURE = {
    **BASE,
    "categories": ["basic_identifiers"],
    "recipient_trust": "public",
    "deletion": "unknown",
    "recipients_are_subjects": True,
}
# A theft: a deliberate act by someone the organisation does not know.
THEFT = {**BASE, "recipient_trust": "unknown", "deletion": "none", "malicious": True}


@dataclass(frozen=True)
class Case:
    """A public case: where it is, what the authority said, the facts, the accepted outcomes."""

    source: str
    verdict: str
    facts: dict
    accepted: tuple[str, ...]
    regime: str = "uk_gdpr"
    exemption: str | None = None
    extra: dict = field(default_factory=dict)


CASES = [
    # --- ICO, "Personal data breach examples" ---
    Case(
        "ICO personal data breach examples, case study 1 (failure to redact)",
        "notify the ICO and data subjects: a high risk to the adoptive parents' safety",
        {
            **BASE,
            "categories": ["basic_identifiers"],
            "subjects": ["children", "other"],
            "people": 4,  # the adoptive parents and their children (illustrative)
            "recipients": 2,
            "recipient_trust": "public",
            "deletion": "none",
            "hostile_recipient": True,  # the birth parents
            "consequences": ["physical_harm", "distress"],
        },
        (BOTH,),
    ),
    Case(
        "ICO personal data breach examples, case study 2 (emailing a file in error)",
        "internal breach log only: the colleague deleted it at once",
        {
            **BASE,
            "categories": ["basic_identifiers", "financial", "health"],
            "subjects": ["vulnerable_adults"],
            "people": 1,
            "records": 1,
            "recipients": 1,
            "recipient_trust": "internal",
            "deletion": "confirmed",
            "consequences": ["distress"],
        },
        (RECORD,),
        exemption="b",
    ),
    # --- EDPB Guidelines 01/2021 ---
    Case(
        "EDPB 01/2021 case 09 (accidental transmission to a trusted third party)",
        "no notification: an agent bound by secrecy deleted and confirmed in writing",
        {
            **BASE,
            "categories": ["basic_identifiers", "financial"],
            "subjects": ["customers"],
            "people": 24,  # "two dozen customers"
            "recipients": 1,
            "recipient_trust": "trusted",
            "deletion": "confirmed",
        },
        (RECORD,),
    ),
    Case(
        "EDPB 01/2021 case 10 (stolen material storing encrypted personal data)",
        "no notification: state-of-the-art encryption, the key not compromised",
        {
            **THEFT,
            "categories": ["basic_identifiers", "financial"],
            "subjects": ["customers"],
            "people": 1000,  # illustrative
            "encrypted": True,
            "encryption_key": "withheld",
        },
        (RECORD,),
    ),
    Case(
        "EDPB 01/2021 case 11 (stolen material storing non-encrypted personal data)",
        "notify the SA and the data subjects: names, dates of birth and addresses at scale",
        {
            **THEFT,
            "categories": ["basic_identifiers"],
            "subjects": ["customers"],
            "people": 100_000,
            "fraud_enabling": True,
            "consequences": ["identity_fraud"],
        },
        (BOTH,),
    ),
    Case(
        "EDPB 01/2021 case 12 (stolen paper files with sensitive data)",
        "notify the SA and the data subjects: health data of a rehabilitation centre's patients",
        {
            **THEFT,
            "categories": ["basic_identifiers", "health"],
            "subjects": ["patients"],
            "people": 30,  # illustrative
            "consequences": ["discrimination", "distress"],
        },
        (BOTH,),
    ),
    Case(
        "EDPB 01/2021 case 13 (postal mail mistake: two customers' packing bills swapped)",
        "internal documentation only: no sensitive data, the bills were recalled",
        {
            **BASE,
            "categories": ["basic_identifiers", "other"],  # items bought and their prices
            "subjects": ["customers"],
            "people": 2,
            "recipients": 2,
            "recipient_trust": "public",
            "deletion": "confirmed",
            "consequences": [],
        },
        (RECORD,),
    ),
    Case(
        "EDPB 01/2021 case 14 (highly confidential data sent by mail by mistake)",
        "notify the SA and the data subjects: every jobseeker's social security number, to all",
        {
            **BCC_FAILURE,
            "categories": ["basic_identifiers", "official_documents"],
            "subjects": ["customers"],
            "people": 10_000,  # the whole register (illustrative)
            "recipients": 10_000,
            "fraud_enabling": True,
            "consequences": ["identity_fraud"],
        },
        (BOTH,),
    ),
    Case(
        "EDPB 01/2021 case 15 (personal data sent by mail by mistake: a course list)",
        "not a high risk: two participants' lactose intolerance, nothing that harms them",
        {
            **BASE,
            "categories": ["basic_identifiers", "health"],
            "subjects": ["customers"],
            "people": 15,
            "recipients": 15,
            "recipient_trust": "public",
            "deletion": "unknown",
            "consequences": [],
        },
        (ICO, RECORD),
    ),
    Case(
        "EDPB 01/2021 case 16 (mispostal: one insurance letter to the wrong customer)",
        "notify the SA, not the data subject: name, date of birth and address are not enough",
        {
            **BASE,
            "categories": ["basic_identifiers", "financial"],
            "subjects": ["customers"],
            "people": 1,
            "records": 1,
            "recipients": 1,
            "recipient_trust": "public",
            "deletion": "unknown",
            "consequences": ["distress"],
        },
        (ICO,),
    ),
    # --- EDPB Guidelines 9/2022, Annex B (the examples kept from WP250) ---
    Case(
        "EDPB 9/2022 Annex B example i (encrypted backup on a stolen USB key)",
        "no notification: encrypted with a state-of-the-art algorithm, the key not compromised",
        {
            **THEFT,
            "categories": ["basic_identifiers", "health"],
            "subjects": ["customers"],
            "people": 5000,  # illustrative
            "encrypted": True,
            "encryption_key": "withheld",
        },
        (RECORD,),
        exemption="a",
    ),
    Case(
        "EDPB 9/2022 Annex B example ii (cyber attack exfiltrates an online service's data)",
        "report to the SA; tell the individuals depending on the data and the consequences",
        {
            **THEFT,
            "categories": ["basic_identifiers", "financial"],
            "subjects": ["customers"],
            "people": 10_000,  # illustrative
        },
        (ICO, BOTH),
    ),
    Case(
        "EDPB 9/2022 Annex B example v (a customer receives someone else's bank statement)",
        "report to the SA; the individual only if the risk is high",
        {
            **BASE,
            "categories": ["basic_identifiers", "financial"],
            "subjects": ["customers"],
            "people": 1,
            "recipients": 1,
            "recipient_trust": "public",
            "deletion": "unknown",
            "consequences": ["distress"],
        },
        (ICO,),
    ),
    Case(
        "EDPB 9/2022 Annex B example vi (usernames, passwords and purchases published online)",
        "report to the SA and the individuals: it could lead to high risk",
        {
            **THEFT,
            "categories": ["identification", "other"],
            "subjects": ["customers"],
            "people": 50_000,  # illustrative
            "published": "website",
            "consequences": ["identity_fraud", "financial_loss"],
        },
        (BOTH,),
    ),
    Case(
        "EDPB 9/2022 Annex B example vii (a hosting company, as processor, finds a flaw)",
        "the processor notifies its controllers without undue delay; they assess the risk",
        {
            **BASE,
            "role": "processor",
            "categories": ["basic_identifiers", "identification"],
            "subjects": ["users"],
            "people": 500,  # illustrative
            "recipient_trust": "unknown",
            "deletion": "unknown",
        },
        (ICO, BOTH),
        extra={"role": "processor", "summary": "tell the controller without undue delay"},
    ),
    Case(
        "EDPB 9/2022 Annex B example ix (students' data sent to a 1,000+ mailing list)",
        "report to the SA; the individuals depending on the data and its consequences",
        {
            **BASE,
            "categories": ["basic_identifiers"],
            "subjects": ["students"],
            "people": 2000,  # "a large number" (illustrative)
            "recipients": 1000,
            "recipient_trust": "public",
            "deletion": "unknown",
        },
        (ICO, BOTH),
    ),
    Case(
        "EDPB 9/2022 Annex B example x (a marketing email with every address in To/Cc)",
        "the SA may need telling if many are affected or the list reveals something",
        {
            **BCC_FAILURE,
            "subjects": ["customers"],
            "people": 40,  # a small list (illustrative)
            "recipients": 40,
        },
        (ICO, RECORD),
    ),
    Case(
        "EDPB 9/2022 Annex B example x (the same, a psychotherapist's mailing list)",
        "sensitive data revealed by the list: report, and tell the individuals",
        {
            **BCC_FAILURE,
            "context_sensitive": ["health"],
            "subjects": ["patients"],
            "people": 60,  # illustrative
            "recipients": 60,
            "consequences": ["discrimination", "distress"],
        },
        (BOTH,),
    ),
    # --- ICO enforcement: misdirected email and Bcc failures ---
    Case(
        "ICO MPN, HIV Scotland (October 2021, GBP 10,000)",
        "special category data: HIV status could be inferred from a Cc list",
        {
            **BCC_FAILURE,
            "context_sensitive": ["health"],
            "subjects": ["other"],
            "people": 65,  # of 105 addresses, 65 identified people by name
            "recipients": 105,
            "consequences": ["discrimination", "distress"],
        },
        (BOTH,),
    ),
    Case(
        "ICO MPN, Chelsea and Westminster NHS FT, 56 Dean Street (May 2016, GBP 180,000)",
        "an HIV clinic's newsletter in To revealed 781 patients' status",
        {
            **BCC_FAILURE,
            "context_sensitive": ["health"],
            "subjects": ["patients"],
            "people": 781,
            "recipients": 781,
            "consequences": ["discrimination", "distress"],
        },
        (BOTH,),
    ),
    Case(
        "ICO MPN and reprimand, Central YMCA (April 2024, GBP 7,500)",
        "a Cc email to people on an HIV programme: special category data inferred",
        {
            **BCC_FAILURE,
            "context_sensitive": ["health"],
            "subjects": ["other"],
            "people": 166,
            "recipients": 166,
            "consequences": ["discrimination", "distress"],
        },
        (BOTH,),
    ),
    Case(
        "ICO reprimand, NHS Highland (2024)",
        "37 people likely to be HIV service users visible to each other: health inferred",
        {
            **BCC_FAILURE,
            "context_sensitive": ["health"],
            "subjects": ["patients"],
            "people": 37,
            "recipients": 37,
            "consequences": ["discrimination", "distress"],
        },
        (BOTH,),
    ),
    Case(
        "ICO reprimand, Patient and Client Council (August 2023)",
        "15 people with lived experience of gender dysphoria in Cc: health inferred",
        {
            **BCC_FAILURE,
            "context_sensitive": ["health"],
            "subjects": ["other"],
            "people": 15,
            "recipients": 15,
            "consequences": ["distress", "discrimination"],
        },
        (BOTH,),
    ),
    Case(
        "ICO reprimand, The Executive Office (NI), Interim Advocate's Office (August 2023)",
        "not special category, but survivors identifiable: potential for significant distress",
        {
            **BCC_FAILURE,
            "context_sensitive": ["other"],  # being a survivor of institutional abuse
            "subjects": ["vulnerable_adults"],
            "people": 251,
            "recipients": 251,
            "consequences": ["distress"],
        },
        (BOTH,),
    ),
    Case(
        "ICO MPN, Independent Inquiry into Child Sexual Abuse (July 2018, GBP 200,000)",
        "a To list of 90 participants put vulnerable people at risk",
        {
            **BCC_FAILURE,
            "context_sensitive": ["other"],  # taking part as a victim or survivor
            "subjects": ["vulnerable_adults"],
            "people": 90,
            "recipients": 90,
            "consequences": ["distress"],
        },
        (BOTH,),
    ),
    Case(
        "ICO MPN, Gloucestershire Police (June 2018, GBP 80,000)",
        "victims of historic child abuse identified in a To list: substantial distress",
        {
            **BASE,
            "categories": ["basic_identifiers"],
            "context_sensitive": ["other"],  # being a victim in the investigation
            "subjects": ["vulnerable_adults"],
            "people": 56,
            "recipients": 56,
            "recipient_trust": "public",  # victims, witnesses, lawyers and journalists
            "deletion": "unknown",
            "consequences": ["distress"],
        },
        (BOTH,),
        regime="dpa2018_part3",
    ),
    Case(
        "ICO MPN, Ministry of Defence (December 2023, GBP 350,000)",
        "245 Afghan nationals in To, then replies to all: a risk to their lives",
        {
            **BCC_FAILURE,
            "subjects": ["vulnerable_adults"],
            "people": 245,
            "recipients": 245,
            "forwarded": True,  # recipients replied to all
            "consequences": ["physical_harm", "distress"],
        },
        (BOTH,),
    ),
    Case(
        "ICO MPN, Police Service of Northern Ireland (October 2024, GBP 750,000)",
        "every officer's surname, rank and role published on an FOI portal: a threat to life",
        {
            **BASE,
            "categories": ["basic_identifiers", "other"],
            "subjects": ["employees"],
            "people": 9483,
            "recipient_trust": "unknown",
            "deletion": "unknown",
            "published": "portal",
            "published_hours": 2,  # about two and a half hours
            "consequences": ["physical_harm", "distress"],
        },
        (BOTH,),
    ),
    Case(
        "ICO MPN, Mermaids (July 2021, GBP 25,000)",
        "an email group readable online for years exposed gender identity and health data",
        {
            **BASE,
            "categories": ["basic_identifiers", "health", "gender_reassignment"],
            "subjects": ["children"],
            "people": 550,
            "recipient_trust": "unknown",
            "deletion": "unknown",
            "published": "website",
            "published_hours": 24_000,  # about three years (illustrative)
            "consequences": ["distress", "discrimination"],
        },
        (BOTH,),
    ),
    Case(
        "ICO MPN, Bloomsbury Patient Network (December 2015, GBP 250)",
        "an HIV patients' newsletter in To, twice: the identities of HIV patients revealed",
        {
            **BCC_FAILURE,
            "context_sensitive": ["health"],
            "subjects": ["patients"],
            "people": 200,
            "recipients": 200,
            "consequences": ["discrimination", "distress"],
        },
        (BOTH,),
    ),
    # --- The five incidents of domain.md §1, with the outcomes of its §5 ---
    Case(
        "domain.md S1 (a students' union spreadsheet of 3,396 card holders)",
        "fraud-enabling data, uncontrolled, police called: tell the ICO and the people",
        S1_SPREADSHEET,
        (BOTH,),
    ),
    Case(
        "domain.md S2 (a report of pupils' alleged race-hate incident sent to a stranger)",
        "children and criminal data with a stranger: tell the ICO and the people",
        S2_STRANGER,
        (BOTH,),
    ),
    Case(
        "domain.md S3 (staff files to a contractor under NDA who deleted them)",
        "borderline (§5): contained, but a thousand people; the forces told the regulator",
        S3_CONTRACTOR,
        (ICO, RECORD),
    ),
    Case(
        "domain.md S4 (a tenant survey with every address in Cc)",
        "borderline (§5): the ICO; the context reveals tenancy",
        S4_TENANTS,
        (ICO, BOTH),
    ),
    Case(
        "domain.md S5 (418 residents in To, then a reply-all)",
        "borderline (§5): the ICO; taking part in a police scheme, a second disclosure",
        S5_REPLY_ALL,
        (ICO, BOTH),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.source for case in CASES])
def test_the_engine_reaches_the_authoritys_verdict(case: Case) -> None:
    for key, value in case.facts.items():
        check_fact(key, value)  # every case speaks the facts' vocabulary
    assessment = assess_facts(case.facts, regime=case.regime)
    reached = (assessment.outcome, assessment.alternative)
    if len(case.accepted) == 1:
        assert reached == (case.accepted[0], None), case.verdict
    else:
        assert assessment.outcome in case.accepted, case.verdict
        assert assessment.alternative in (None, *case.accepted), case.verdict
    if case.exemption:
        assert assessment.exemption == case.exemption
    if "role" in case.extra:
        assert assessment.role == case.extra["role"]
        assert case.extra["summary"] in assessment.summary
    assert assessment.summary.count("Decisive:") == 1


def test_the_table_is_at_least_thirty_cases_each_with_its_source() -> None:
    assert len(CASES) >= 30
    assert len({case.source for case in CASES}) == len(CASES)
    assert all(case.verdict and case.accepted for case in CASES)


@pytest.mark.parametrize(
    "case", [case for case in CASES if case.regime == "dpa2018_part3"], ids=lambda case: case.source
)
def test_part_3_cases_cite_sections_67_and_68_never_the_articles(case: Case) -> None:
    assessment = assess_facts(case.facts, regime=case.regime)
    text = " ".join((assessment.summary, *assessment.reasons_for, *assessment.reasons_against))
    assert "s.67(1)" in text and "s.68(1)" in text
    assert "Art." not in text and "Recital" not in text
