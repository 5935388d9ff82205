"""ENISA (2013) severity, exactly as domain.md §4: SE = DPC x EI + CB and its bands."""

from __future__ import annotations

import pytest

from playbook.domain.enisa import enisa_score, severity_band
from tests.domain.incident_facts import S1_SPREADSHEET, S3_CONTRACTOR, S4_TENANTS, S5_REPLY_ALL

KNOWN_ONE = {"categories": ["basic_identifiers"], "recipients": 1}


@pytest.mark.parametrize(
    ("facts", "dpc", "ei", "cb", "score", "band"),
    [
        pytest.param(
            KNOWN_ONE, 1, 1.0, 0.25, 1.25, "low", id="simple data, named, one known recipient"
        ),
        pytest.param(
            {**KNOWN_ONE, "categories": ["basic_identifiers", "location"]},
            2,
            1.0,
            0.25,
            2.25,
            "medium",
            id="behavioural (location) starts at 2",
        ),
        pytest.param(
            {**KNOWN_ONE, "categories": ["basic_identifiers", "financial"]},
            3,
            1.0,
            0.25,
            3.25,
            "high",
            id="financial starts at 3",
        ),
        pytest.param(
            {**KNOWN_ONE, "categories": ["basic_identifiers", "health"]},
            4,
            1.0,
            0.25,
            4.25,
            "very high",
            id="sensitive (Art. 9) starts at 4",
        ),
        pytest.param(
            {**KNOWN_ONE, "categories": ["basic_identifiers", "criminal"]},
            4,
            1.0,
            0.25,
            4.25,
            "very high",
            id="criminal (Art. 10) is sensitive",
        ),
        pytest.param(
            {**KNOWN_ONE, "subjects": ["children"]},
            2,
            1.0,
            0.25,
            2.25,
            "medium",
            id="vulnerable people raise DPC a point",
        ),
        pytest.param(
            {
                **KNOWN_ONE,
                "subjects": ["vulnerable_adults"],
                "context_sensitive": True,
                "fraud_enabling": True,
            },
            4,
            1.0,
            0.25,
            4.25,
            "very high",
            id="vulnerable, revealing context, fraud volume: +3",
        ),
        pytest.param(
            {
                **KNOWN_ONE,
                "categories": ["financial"],
                "fraud_enabling": True,
                "context_sensitive": True,
            },
            4,
            0.75,
            0.25,
            3.25,
            "high",
            id="DPC is capped at 4; account numbers identify significantly",
        ),
        pytest.param(
            {**KNOWN_ONE, "categories": ["health"]},
            4,
            0.5,
            0.25,
            2.25,
            "medium",
            id="no names or numbers: identification limited",
        ),
        pytest.param(
            {**KNOWN_ONE, "categories": ["basic_identifiers", "health"], "encrypted": True},
            4,
            0.25,
            0.25,
            1.25,
            "low",
            id="unintelligible data: identification negligible",
        ),
        pytest.param(
            {"categories": ["basic_identifiers"]},
            1,
            1.0,
            0.5,
            1.5,
            "low",
            id="an unknown number of recipients adds 0.5",
        ),
        pytest.param(
            {**KNOWN_ONE, "forwarded": True},
            1,
            1.0,
            0.5,
            1.5,
            "low",
            id="a forward makes the number of recipients unknown",
        ),
        pytest.param(
            {**KNOWN_ONE, "breach_types": ["confidentiality", "integrity", "availability"]},
            1,
            1.0,
            0.75,
            1.75,
            "low",
            id="recoverable integrity and temporary availability add 0.25 each",
        ),
        pytest.param(
            {**KNOWN_ONE, "breach_types": ["availability"]},
            1,
            1.0,
            0.25,
            1.25,
            "low",
            id="no loss of confidentiality adds nothing for recipients",
        ),
        pytest.param(
            {**KNOWN_ONE, "malicious": True},
            1,
            1.0,
            0.75,
            1.75,
            "low",
            id="malicious intent adds 0.5",
        ),
        pytest.param(S1_SPREADSHEET, 4, 1.0, 0.25, 4.25, "very high", id="S1"),
        pytest.param(S3_CONTRACTOR, 1, 1.0, 0.25, 1.25, "low", id="S3"),
        pytest.param(S4_TENANTS, 2, 1.0, 0.25, 2.25, "medium", id="S4 tenancy context"),
        pytest.param(S5_REPLY_ALL, 2, 1.0, 0.5, 2.5, "medium", id="S5 reply-all"),
    ],
)
def test_score(facts: dict, dpc: int, ei: float, cb: float, score: float, band: str) -> None:
    result = enisa_score(facts)
    assert (result.dpc, result.ei, result.cb) == (dpc, ei, cb)
    assert result.score == pytest.approx(score)
    assert result.band == band


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0.25, "low"),
        (1.99, "low"),
        (2.0, "medium"),
        (2.99, "medium"),
        (3.0, "high"),
        (3.99, "high"),
        (4.0, "very high"),
        (5.5, "very high"),
    ],
)
def test_bands(score: float, band: str) -> None:
    assert severity_band(score) == band


def test_no_score_until_the_categories_are_known() -> None:
    result = enisa_score({"recipients": 3})
    assert (result.score, result.band, result.dpc) == (None, None, None)
    assert result.as_dict() == {"score": None, "band": None, "dpc": None, "ei": 1.0, "cb": 0.25}
