"""Hostile recipients through the command line: never written to, and never a batch stopper."""

from __future__ import annotations

from pathlib import Path

from tests import builders

CONFIG = (
    'organisation = "Northfield Council"\n'
    "[dpo]\n"
    'name = "Jane Doe"\nemail = "dpo@council.example"\nphone = "0161 496 0000"\n'
    "[drafts]\n"
    'from_address = "dpo@council.example"\n'
)


def survey_with(tmp_path: Path, cc: list[str]) -> Path:
    message = builders.build_message(
        sender="Survey Team <survey@council.example>",
        to=["survey@council.example"],
        cc=cc,
        subject="Tenant survey",
        body="Please fill in the survey.",
        message_id="<survey-hostile@council.example>",
    )
    return builders.write_eml(message, tmp_path / "survey.eml")


def test_an_entry_that_reads_as_two_addresses_is_left_out_with_a_warning(cli, tmp_path):
    path = survey_with(tmp_path, ["frank@gmail.com)<evil7@evil.example>", "ann@gmail.com"])

    result = cli("new", "--title", "Survey", "--from", str(path), "--json")

    assert result.code == 0, result.err
    shown = cli("show", result.json()["id"], "--json").json()
    addresses = {recipient["address"] for recipient in shown["recipients"]}
    assert addresses == {"survey@council.example", "ann@gmail.com"}
    assert (
        "1 entry in the Cc line reads as two different addresses, so which was meant is "
        "unknown and it was left out; check that line in the message and add the right "
        "recipient by hand."
    ) in result.out


def test_one_unusable_address_is_skipped_and_listed_not_a_batch_stopper(cli, tmp_path):
    (tmp_path / "config.toml").write_text(CONFIG)
    path = survey_with(tmp_path, ['"john smith"@gmail.com', "ann@gmail.com", "bob@gmail.com"])
    incident = cli("new", "--title", "Survey", "--from", str(path), "--json").json()["id"]
    out = tmp_path / "out"

    result = cli("drafts", incident, "deletion-request", "--out", str(out))

    assert result.code == 0, result.err
    assert "Wrote 2 deletion-request drafts" in result.out
    assert (
        "1 addresses cannot be written to (not one plain email address each), so they were "
        'skipped; reach them another way:\n  "john smith"@gmail.com\n'
    ) in result.out
    (batch,) = out.iterdir()
    written = sorted(path.read_text() for path in batch.glob("*.eml"))
    assert len(written) == 2 and not any("john smith" in text for text in written)
