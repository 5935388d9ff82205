"""`playbook assess` and `playbook decide` as a responder or a script runs them."""

from __future__ import annotations

import sqlite3

import pytest

from playbook.domain.facts import FACT_SPECS

S4_SETTINGS = [
    "people=350",
    "records=350",
    "recipients=350",
    "categories=basic_identifiers",
    "subjects=customers",
    "recipient_trust=public",
    "deletion=unknown",
    "context_sensitive=yes",  # a yes from before it named the category reads as "other"
    "fraud_enabling=no",
    "encrypted=no",
    "malicious=no",
    "forwarded=no",
]
ASSESSMENT_KEYS = {
    "outcome",
    "borderline",
    "reasons_for",
    "reasons_against",
    "missing",
    "exemption",
    "enisa",
}


@pytest.fixture
def incident_id(cli) -> str:
    result = cli("new", "--title", "Tenant survey in Cc", "--aware", "2026-10-24 09:30", "--json")
    assert result.code == 0, result.err
    return result.json()["id"]


def counts(db_path) -> tuple[int, int, int, int]:
    with sqlite3.connect(db_path) as connection:
        return tuple(
            connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("facts", "assessments", "decisions", "events")
        )


def test_set_confirms_facts_and_assesses(cli, incident_id) -> None:
    result = cli("assess", incident_id, "--set", *S4_SETTINGS, "--by", "alice", "--json")
    assert result.code == 0, result.err
    shown = result.json()
    assert set(shown) >= ASSESSMENT_KEYS
    assert shown["number"] == 1
    assert shown["outcome"] == "notify_ico"
    assert shown["borderline"] is True
    assert shown["enisa"] == {"score": 2.25, "band": "medium", "dpc": 2, "ei": 1.0, "cb": 0.25}
    assert shown["facts"]["people"] == {
        "value": 350,
        "source": "confirmed",
        "set_by": "alice",
        "set_at": "2026-10-25T12:00:00+00:00",
    }
    assert shown["facts"]["context_sensitive"]["value"] == ["other"]
    settled = {setting.partition("=")[0] for setting in S4_SETTINGS}
    assert shown["missing"] == [
        spec.question for key, spec in FACT_SPECS.items() if key not in settled
    ]
    assert "What kind of breach is it?" in shown["missing"]
    assert shown["severity"] == "significant" and shown["likelihood"] == "likely"


def test_text_output_shows_outcome_reasons_enisa_and_questions(cli, incident_id) -> None:
    result = cli("assess", incident_id, "--set", *S4_SETTINGS, "--by", "alice")
    assert result.code == 0, result.err
    assert (
        "Outcome    Notify the ICO  (borderline: or Notify the ICO and tell the individuals)"
        in (result.out)
    )
    assert "ENISA      2.25 (medium): DPC 2 x EI 1.0 + CB 0.25" in result.out
    assert "  + The context reveals something sensitive" in result.out
    assert "  - It was a human error" in result.out
    assert "  ? What kind of breach is it?" in result.out
    assert "people             350" in result.out


def test_reassessing_adds_an_assessment_only_when_something_changed(cli, incident_id) -> None:
    cli("assess", incident_id, "--set", *S4_SETTINGS, "--by", "alice")
    assert cli("assess", incident_id, "--json").json()["number"] == 1  # nothing changed
    changed = cli("assess", incident_id, "--set", "categories=basic_identifiers,health", "--json")
    assert changed.json()["number"] == 2
    assert changed.json()["outcome"] == "notify_ico_and_individuals"
    history = cli("assess", incident_id, "--history", "--json").json()
    assert [item["number"] for item in history] == [1, 2]
    assert [item["outcome"] for item in history] == ["notify_ico", "notify_ico_and_individuals"]
    assert history[0]["facts"]["categories"] == ["basic_identifiers"]
    text = cli("assess", incident_id, "--history").out.splitlines()
    assert len(text) == 2
    assert "Notify the ICO  borderline  (medium)" in text[0]
    assert "Notify the ICO and tell the individuals  (very high)" in text[1]


def test_history_of_a_fresh_incident_says_how_to_start(cli, incident_id) -> None:
    result = cli("assess", incident_id, "--history")
    assert result.code == 0
    assert f"run `playbook assess {incident_id}`" in result.out


@pytest.mark.parametrize(
    ("setting", "sentence"),
    [
        ("people=many", "people takes a whole number, e.g. people=418."),
        ("people=\u00b2", "people takes a whole number, e.g. people=418."),  # isdigit, not int
        ("colour=blue", "There is no fact called colour; the facts are:"),
        ("categories=health,gossip", "categories does not know gossip"),
        ("forwarded=perhaps", "forwarded takes yes or no"),
        ("people", "Write each fact as KEY=VALUE"),
    ],
)
def test_a_bad_fact_is_refused_and_nothing_is_written(
    cli, db_path, incident_id, setting, sentence
) -> None:
    before = counts(db_path)
    result = cli("assess", incident_id, "--set", "people=3", setting, "--by", "alice")
    assert result.code == 1
    assert sentence in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert counts(db_path) == before


def test_history_with_set_is_refused(cli, incident_id) -> None:
    result = cli("assess", incident_id, "--history", "--set", "people=3")
    assert result.code == 1
    assert "--history only lists" in result.err


def test_an_unknown_incident_is_one_sentence(cli) -> None:
    result = cli("assess", "PB-2026-0099")
    assert result.code == 1
    assert "There is no incident PB-2026-0099" in result.err


def test_decide_records_and_marks_a_decision_against_the_recommendation(cli, incident_id) -> None:
    cli("assess", incident_id, "--set", *S4_SETTINGS, "--by", "alice")
    against = cli("decide", incident_id, "ico", "no", "--why", "Addresses only.", "--by", "Dana")
    assert against.code == 0, against.err
    assert "Decision 1 recorded" in against.out
    assert "goes against the latest recommendation (Notify the ICO)" in against.out
    follows = cli(
        "decide", incident_id, "individuals", "no", "--why", "Borderline.", "--by", "Dana", "--json"
    )
    assert follows.json()["against_recommendation"] is False
    assert follows.json()["number"] == 2
    timeline = cli("export", incident_id).json()["tables"]["events"]
    recorded = [event for event in timeline if event["kind"] == "decision.recorded"]
    assert len(recorded) == 2
    assert '"against_recommendation":true' in recorded[0]["data"]


def test_decide_before_assessing_says_so(cli, incident_id) -> None:
    result = cli("decide", incident_id, "ico", "yes", "--why", "Default.", "--by", "Dana")
    assert result.code == 0
    assert f"run `playbook assess {incident_id}`" in result.out


def test_notifying_late_needs_the_reasons_for_delay(cli, db_path) -> None:
    late_id = cli("new", "--title", "Old", "--aware", "2026-10-22 09:00", "--json").json()["id"]
    before = counts(db_path)
    refused = cli("decide", late_id, "ico", "yes", "--why", "Risk.", "--by", "Dana")
    assert refused.code == 1
    assert "--late-reason" in refused.err
    assert counts(db_path) == before
    accepted = cli(
        "decide",
        late_id,
        "ico",
        "yes",
        "--why",
        "Risk.",
        "--by",
        "Dana",
        "--late-reason",
        "The report reached the DPO after the weekend.",
        "--reference",
        "IC-123456-A1B2",
        "--json",
    )
    assert accepted.code == 0, accepted.err
    assert accepted.json()["late_reason"] == "The report reached the DPO after the weekend."
    assert accepted.json()["phase"] == "initial"
    assert accepted.json()["reference"] == "IC-123456-A1B2"


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (["individuals", "yes", "--exemption", "a"], "decide `individuals no`"),
        (["ico", "no", "--exemption", "b"], "use it with `decide ID individuals no`"),
        (["ico", "yes", "--phase", "follow-up"], "give it with --reference"),
        (["individuals", "no", "--reference", "IC-1"], "belong to the ICO decision"),
    ],
)
def test_decision_rules_refuse_with_a_sentence(cli, db_path, incident_id, args, sentence) -> None:
    before = counts(db_path)
    result = cli("decide", incident_id, *args, "--why", "Because.", "--by", "Dana")
    assert result.code == 1
    assert sentence in result.err
    assert counts(db_path) == before


def test_why_and_by_are_required(cli, incident_id) -> None:
    assert cli("decide", incident_id, "ico", "yes", "--by", "Dana").code == 2
    assert cli("decide", incident_id, "ico", "yes", "--why", "Risk.").code == 2


def test_a_part_3_incident_cites_s67_and_s68_and_records_a_s68_7_restriction(cli, db_path) -> None:
    created = cli(
        "new",
        "--title",
        "Victims' addresses in To",
        "--aware",
        "2026-10-24 09:30",
        "--regime",
        "dpa2018_part3",
        "--json",
    )
    incident_id = created.json()["id"]
    settings = [*S4_SETTINGS, "context_sensitive=other", "subjects=vulnerable_adults"]
    assessed = cli("assess", incident_id, "--set", *settings, "--json").json()
    assert assessed["regime"] == "dpa2018_part3"
    assert "(s.67(1))" in assessed["summary"] and "(s.68(1))" in assessed["summary"]
    refused = cli(
        "decide",
        incident_id,
        "individuals",
        "yes",
        "--why",
        "High.",
        "--by",
        "Dana",
        "--restrict",
        "b",
    )
    assert refused.code == 1 and "--review YYYY-MM-DD" in refused.err
    decided = cli(
        "decide",
        incident_id,
        "individuals",
        "yes",
        "--why",
        "Suspects must not be alerted.",
        "--by",
        "Dana",
        "--restrict",
        "b",
        "--review",
        "2026-11-30",
        "--json",
    )
    assert decided.code == 0, decided.err
    assert decided.json()["restriction"] == "b"
    assert decided.json()["restriction_review"] == "2026-11-30"
    log = cli("report", incident_id, "log").out
    assert "Record kept under s.67(6)" in log and "Art. 33" not in log
    assert "Restricted under s.68(7)(b)" in log and "reviewed by 2026-11-30" in log


def test_a_restriction_is_refused_under_the_uk_gdpr(cli, db_path, incident_id) -> None:
    before = counts(db_path)
    refused = cli(
        "decide",
        incident_id,
        "individuals",
        "no",
        "--why",
        "No.",
        "--by",
        "Dana",
        "--restrict",
        "a",
        "--review",
        "2026-11-30",
    )
    assert refused.code == 1
    assert "only to law-enforcement processing" in refused.err
    assert counts(db_path) == before


def test_a_processor_gets_a_notice_to_its_controller_instead_of_the_ico_form(
    cli, incident_id
) -> None:
    assessed = cli("assess", incident_id, "--set", *S4_SETTINGS, "role=processor", "--json")
    assert assessed.json()["role"] == "processor"
    assert assessed.json()["summary"].startswith("As the processor, tell the controller")
    report = cli("report", incident_id, "ico")
    assert report.code == 0, report.err
    assert report.out.startswith("NOTICE OF A PERSONAL DATA BREACH TO THE CONTROLLER")
    assert "acting as your processor (Art. 33(2))" in report.out
    assert "Approximate number of people: 350" in report.out
    assert "REPORT TO THE ICO" not in report.out
    contain = cli("contain", incident_id)
    assert "Tell the controller (your client) without undue delay" in contain.out
    shown = cli("show", incident_id).out
    assert "as processor: tell the controller without undue delay" in shown
    controller = cli("assess", incident_id, "--set", "role=controller")
    assert controller.code == 0
    assert "REPORT TO THE ICO" in cli("report", incident_id, "ico", "--format", "txt").out
