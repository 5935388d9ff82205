"""`playbook report`: which report, which format, and what it says before anything is known."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def incident_id(cli) -> str:
    result = cli("new", "--title", "Tenant survey in Cc", "--aware", "2026-10-22 09:30", "--json")
    assert result.code == 0, result.err
    return result.json()["id"]


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (["register", "ico"], "`report register` takes no ico or log"),
        (["PB-2026-0001"], "Say which report"),
        (["PB-2026-0001", "log", "--format", "csv"], "The log report comes as md"),
        (["PB-2026-0001", "ico", "--format", "csv"], "The ico report comes as md or txt or json"),
        (["register", "--format", "json"], "The register report comes as md or csv"),
        (["PB-2026-0099", "ico"], "There is no incident PB-2026-0099"),
    ],
)
def test_a_wrong_request_is_one_sentence(cli, incident_id, args, sentence) -> None:
    result = cli("report", *args)
    assert result.code == 1
    assert sentence in result.err
    assert result.out == ""


def test_before_any_fact_the_ico_report_says_not_yet_known(cli, incident_id) -> None:
    form = json.loads(cli("report", incident_id, "ico", "--format", "json").out)
    assert form["records"] == "not yet known"
    assert form["data_subjects"] == "not yet known"
    assert {"label": "not yet known", "ticked": True} in form["data_categories"]
    assert form["why_reporting"] == "Unsure: the risk assessment is not complete."
    # Aware on 22 October, now 25 October: late, and no reasons given yet.
    assert form["late"] is True
    assert form["late_reason"].startswith("Not yet given: the 72 hours ended at")


def test_the_reasons_for_delay_reach_the_ico_report(cli, incident_id) -> None:
    cli("assess", incident_id, "--set", "people=350", "--by", "Dana")
    decided = cli(
        "decide",
        incident_id,
        "ico",
        "yes",
        "--why",
        "Risk.",
        "--by",
        "Dana",
        "--late-reason",
        "The survey team told the DPO after the weekend.",
    )
    assert decided.code == 0, decided.err
    text = cli("report", incident_id, "ico", "--format", "txt").out
    assert "If later than 72 hours after becoming aware, why? The survey team told" in text
    assert "Number of data subjects affected: 350" in text
    assert "Initial report or follow-up: initial" in text
    followed = cli(
        "decide",
        incident_id,
        "ico",
        "yes",
        "--why",
        "Update.",
        "--by",
        "Dana",
        "--phase",
        "follow-up",
        "--reference",
        "IC-000001-XY",
        "--late-reason",
        "Phased.",
    )
    assert followed.code == 0, followed.err
    text = cli("report", incident_id, "ico", "--format", "txt").out
    assert "Initial report or follow-up: follow-up" in text
    assert "ICO case reference: IC-000001-XY" in text
    assert "why? The survey team told" in text  # the initial report's lateness stands
