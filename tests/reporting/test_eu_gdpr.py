"""Beyond the UK: under the EU GDPR the reports go to the configured supervisory authority, and
say so wherever they would say "the ICO"."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from playbook.domain.citations import authority_for, citations_for
from playbook.domain.reporting import register_authority

REMINDER = (
    "playbook: the config names no supervisory authority, so the report says "
    '"the supervisory authority"; set `supervisory_authority` (e.g. "CNIL") in the config '
    "to name it.\n"
)


@pytest.mark.parametrize(
    ("regime", "configured", "name", "heading"),
    [
        ("uk_gdpr", "CNIL", "the ICO", "ICO"),
        ("dpa2018_part3", "", "the ICO", "ICO"),
        ("eu_gdpr", "", "the supervisory authority", "Supervisory authority"),
        ("eu_gdpr", "  CNIL ", "the CNIL", "CNIL"),
        (
            "eu_gdpr",
            "Data Protection Commission (Ireland)",
            "the Data Protection Commission (Ireland)",
            "Data Protection Commission (Ireland)",
        ),
    ],
)
def test_who_the_reports_go_to(regime, configured, name, heading) -> None:
    authority = authority_for(regime, configured)
    assert (authority.name, authority.heading) == (name, heading)
    assert authority.unnamed is (regime == "eu_gdpr" and not configured.strip())


def test_the_eu_gdpr_cites_the_gdpr_articles() -> None:
    law = citations_for("eu_gdpr")
    assert (law.law, law.notify, law.record, law.tell, law.exemption) == (
        "GDPR",
        "Art. 33(1)",
        "Art. 33(5)",
        "Art. 34(1)",
        "Art. 34(3)",
    )


def test_a_register_of_several_laws_names_the_regulator() -> None:
    assert register_authority(["uk_gdpr", "dpa2018_part3"]).heading == "ICO"
    assert register_authority(["eu_gdpr"], "CNIL").heading == "CNIL"
    assert register_authority(["uk_gdpr", "eu_gdpr"], "CNIL").heading == "Regulator"


@pytest.fixture
def eu_incident(cli) -> str:
    opened = cli(
        "new",
        "--title",
        "Newsletter sent in Cc",
        "--aware",
        "2026-10-24 08:30",
        "--regime",
        "eu_gdpr",
        "--json",
    )
    assert opened.code == 0, opened.err
    found = opened.json()["id"]
    assert opened.json()["regime"] == "eu_gdpr"
    assessed = cli("assess", found, "--set", "people=300", "categories=basic_identifiers")
    assert assessed.code == 0, assessed.err
    decided = cli(
        "decide", found, "ico", "yes", "--why", "Risk.", "--by", "Dana", "--reference", "DPC-77"
    )
    assert decided.code == 0, decided.err
    return found


def test_the_report_names_the_configured_authority_and_never_the_ico(
    cli, tmp_path, eu_incident
) -> None:
    (tmp_path / "config.toml").write_text(
        'supervisory_authority = "Data Protection Commission (Ireland)"\n', encoding="utf-8"
    )

    pack = cli("report", eu_incident, "ico")
    text = cli("report", eu_incident, "ico", "--format", "txt")
    log = cli("report", eu_incident, "log")

    assert pack.out.startswith(
        f"# Personal data breach report to the Data Protection Commission (Ireland): {eu_incident}"
    )
    assert "Have every answer below ready before you start the report to the Data Protection" in (
        pack.out
    )
    assert "Data Protection Commission (Ireland) case reference:** DPC-77" in pack.out
    assert text.out.startswith("PERSONAL DATA BREACH REPORT TO THE DATA PROTECTION COMMISSION")
    assert "Law: GDPR (Arts. 33 and 34)." in log.out
    assert "### Decision 1: notify the Data Protection Commission (Ireland): yes" in log.out
    assert "Notify the Data Protection Commission (Ireland)" in log.out
    # The assessments quote the risk model's own reasons (domain/risk.py), worded elsewhere.
    before, _, rest = log.out.partition("## Assessments")
    decisions = rest.partition("## Decisions")[2]
    for report, words in ((pack, pack.out), (text, text.out), (log, before + decisions)):
        assert report.code == 0 and report.err == ""
        assert "ICO" not in words


def test_without_a_configured_authority_the_report_says_supervisory_authority_and_reminds(
    cli, tmp_path, eu_incident
) -> None:
    pack = cli("report", eu_incident, "ico")
    register = cli("report", "register")
    uk = cli("new", "--title", "A UK one", "--aware", "1 hour ago", "--json").json()["id"]
    uk_pack = cli("report", uk, "ico")

    assert pack.code == 0
    assert pack.out.startswith(
        f"# Personal data breach report to the supervisory authority: {eu_incident}"
    )
    assert "**Supervisory authority case reference:** DPC-77" in pack.out
    assert pack.err == REMINDER
    assert register.err == REMINDER and "| Supervisory authority |" in register.out
    assert uk_pack.err == "" and "report to the ICO" in uk_pack.out
    both = cli("report", "register").out
    assert "| Regulator |" in both and "| Regulator reference |" in both
    assert "Notify the supervisory authority" in both


def test_the_pdf_pack_is_titled_for_the_supervisory_authority(cli, tmp_path, eu_incident) -> None:
    (tmp_path / "config.toml").write_text('supervisory_authority = "CNIL"\n', encoding="utf-8")
    out = tmp_path / "pack.pdf"

    result = cli("report", eu_incident, "ico", "--format", "pdf", "--out", str(out))

    assert result.code == 0, result.err
    reader = PdfReader(out)
    assert reader.outline[0].title == f"Personal data breach report to the CNIL: {eu_incident}"
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "CNIL case reference DPC-77" in text
    assert "ICO" not in text


def test_under_the_eu_gdpr_the_reasons_and_refusals_say_supervisory_authority() -> None:
    from datetime import UTC, datetime, timedelta

    from playbook.domain.closing import outstanding
    from playbook.domain.decisions import Decision, check_decision
    from playbook.domain.errors import Refused
    from playbook.domain.risk import assess_facts
    from tests.domain.incident_facts import S4_TENANTS

    unknown = assess_facts({"people": 418, "categories": ["other"]}, regime="eu_gdpr")
    known = assess_facts(S4_TENANTS, regime="eu_gdpr")
    uk = assess_facts(S4_TENANTS, regime="uk_gdpr")
    words = " ".join([*unknown.reasons_for, unknown.summary, known.summary])
    assert "the supervisory authority" in words and "ICO" not in words
    assert "the ICO" in uk.summary
    from playbook.domain.labels import outcome_label

    assert outcome_label(known.outcome, "eu_gdpr").startswith("Notify the supervisory authority")
    assert outcome_label(uk.outcome, "uk_gdpr").startswith("Notify the ICO")

    now = datetime(2026, 10, 20, 12, tzinfo=UTC)
    with pytest.raises(Refused) as late:
        check_decision(
            Decision(about="ico", notify=True, why="High risk.", by="Dana"),
            aware_at=now - timedelta(hours=80),
            now=now,
            assessment=known,
            regime="eu_gdpr",
        )
    assert "notifying the supervisory authority must give the reasons" in str(late.value)
    undecided = outstanding([], [], [], regime="eu_gdpr").undecided
    assert "whether to tell the supervisory authority" in undecided
