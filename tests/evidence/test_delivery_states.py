"""Each delivery state, read from its format, and what it changes: exposure, people, the
`deletion` fact and the ICO report."""

from __future__ import annotations

from email.mime.text import MIMEText

from playbook.store.database import open_database
from playbook.store.events import list_events
from tests.builders import write_eml
from tests.evidence.conftest import (
    ANN,
    BOB,
    CAT,
    COLLEAGUE,
    EXO_HEADER,
    MESSAGE_ID,
    SENDER,
    SUBJECT,
    csv_text,
    dsn,
    exchange_online_trace,
)


def states(cli, incident) -> dict[str, str]:
    shown = cli("contain", incident, "--json").json()
    return {r["address"]: r["delivery"] for r in shown["recipients"]}


def exposure(cli, incident) -> tuple[int, int]:
    shown = cli("show", incident, "--json").json()
    return shown["exposed_addresses"], shown["people"]


def test_before_any_evidence_every_copy_is_unknown_and_counts_as_received(cli, incident):
    assert set(states(cli, incident).values()) == {"unknown"}
    assert exposure(cli, incident) == (3, 3)


def test_an_exchange_online_trace_gives_delivered_failed_quarantined(cli, incident, tmp_path):
    trace = exchange_online_trace(
        tmp_path / "trace.csv",
        {COLLEAGUE: "Delivered", ANN: "FilteredAsSpam", BOB: "Failed", CAT: "Quarantined"},
    )
    result = cli("evidence", incident, str(trace), "--json")
    assert result.code == 0, result.err
    assert result.json()["formats"] == ["exchange_online"]
    assert states(cli, incident) == {
        COLLEAGUE: "delivered",
        ANN: "delivered",
        BOB: "failed",
        CAT: "quarantined",
    }
    # Bob's and Cat's addresses were still shown to Ann and the colleague, whose copies arrived.
    assert exposure(cli, incident) == (3, 3)
    assert result.json()["received"] == 2


def test_an_address_only_the_failed_copies_showed_was_exposed_to_nobody(cli, incident, tmp_path):
    trace = exchange_online_trace(
        tmp_path / "trace.csv",
        {COLLEAGUE: "Failed", ANN: "Delivered", BOB: "Failed", CAT: "Failed"},
    )
    result = cli("evidence", incident, str(trace), "--json")
    assert result.code == 0, result.err
    # Ann alone received it: her address reached nobody else; Bob's and Cat's reached Ann.
    assert exposure(cli, incident) == (2, 2)
    assert result.json()["facts"]["people"] == 2


def test_when_no_copy_arrived_nothing_was_exposed(cli, incident, tmp_path):
    trace = exchange_online_trace(
        tmp_path / "trace.csv", {COLLEAGUE: "Failed", ANN: "Failed", BOB: "Failed", CAT: "Failed"}
    )
    assert cli("evidence", incident, str(trace)).code == 0
    assert exposure(cli, incident) == (0, 0)


def test_the_deletion_fact_counts_only_copies_that_arrived(cli, incident, tmp_path):
    assert cli("recipient", incident, "--all-external", "--status", "requested").code == 0
    confirmed = cli(
        "recipient", incident, ANN, "--status", "confirmed", "--how", "email", "--note", "deleted"
    )
    assert confirmed.code == 0, confirmed.err
    assert cli("contain", incident, "--json").json()["deletion"] == "partial"
    trace = exchange_online_trace(
        tmp_path / "trace.csv", {ANN: "Delivered", BOB: "Failed", CAT: "Quarantined"}
    )
    result = cli("evidence", incident, str(trace), "--json")
    assert result.json()["facts"]["deletion"] == "confirmed"
    assert cli("contain", incident, "--json").json()["deletion"] == "confirmed"


def test_a_dsn_marks_the_copy_failed(cli, incident, tmp_path):
    result = cli("evidence", incident, str(dsn(tmp_path / "bounce.eml", BOB)), "--json")
    assert result.code == 0, result.err
    assert result.json()["formats"] == ["dsn"]
    assert states(cli, incident)[BOB] == "failed"


def test_postfix_lines_give_pending_and_delivered(cli, incident, tmp_path):
    log = tmp_path / "maillog"
    log.write_text(
        "Oct 19 10:15:01 mx postfix/cleanup[2101]: 4F1A2B3C: message-id=<survey-1@council.example>\n"
        f"Oct 19 10:15:01 mx postfix/qmgr[812]: 4F1A2B3C: from=<{SENDER}>, size=20431, nrcpt=4\n"
        f"Oct 19 10:15:02 mx postfix/smtp[2110]: 4F1A2B3C: to=<{ANN}>, relay=mx.homemail.example"
        "[192.0.2.10]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 OK)\n"
        f"Oct 19 10:15:03 mx postfix/smtp[2111]: 4F1A2B3C: to=<{BOB}>, relay=none, delay=2, "
        "delays=0.1/0/2/0, dsn=4.4.1, status=deferred (connect to mx.webmail.example timed out)\n"
        "Oct 19 10:15:04 mx postfix/smtp[2112]: 9C8D7E6F: to=<someone@else.example>, relay=x"
        "[192.0.2.1]:25, delay=1, dsn=2.0.0, status=sent (250 OK)\n"
        "Oct 19 10:15:00 mx postfix/cleanup[2101]: 9C8D7E6F: message-id=<other@council.example>\n"
    )
    result = cli("evidence", incident, str(log), "--json")
    assert result.code == 0, result.err
    assert result.json()["formats"] == ["mail_log"]
    found = states(cli, incident)
    assert (found[ANN], found[BOB], found[CAT]) == ("delivered", "pending", "unknown")


def test_exim_lines_give_delivered_and_failed(cli, incident, tmp_path):
    log = tmp_path / "mainlog"
    log.write_text(
        f"2026-10-19 10:15:01 1tXyZa-000Abc-1Q <= {SENDER} H=localhost [127.0.0.1] P=esmtp "
        "S=20431 id=survey-1@council.example\n"
        f"2026-10-19 10:15:02 1tXyZa-000Abc-1Q => {ANN} R=dnslookup T=remote_smtp "
        'H=mx.homemail.example [192.0.2.10] C="250 OK"\n'
        f"2026-10-19 10:15:03 1tXyZa-000Abc-1Q ** {CAT} R=dnslookup T=remote_smtp: "
        "SMTP error from remote mail server after RCPT TO: 550 5.1.1 No such user\n"
        "2026-10-19 10:15:04 1tXyZa-000Abc-1Q Completed\n"
    )
    assert cli("evidence", incident, str(log)).code == 0
    found = states(cli, incident)
    assert (found[ANN], found[CAT]) == ("delivered", "failed")


def test_a_tracking_log_expand_makes_the_list_members_recipients_under_it(cli, tmp_path):
    from tests.builders import build_message

    message = build_message(
        sender=f"Tenant Participation <{SENDER}>",
        to=["residents-panel@partner.example"],
        cc=[f"Ann Archer <{ANN}>"],
        subject=SUBJECT,
        body="Dear panel,\r\n",
        message_id=MESSAGE_ID,
    )
    path = write_eml(message, tmp_path / "mail" / "panel.eml")
    incident = cli("new", "--title", "Panel", "--from", str(path), "--json").json()["id"]
    header = [
        "Timestamp",
        "ClientIp",
        "ClientHostname",
        "ServerIp",
        "ServerHostname",
        "SourceContext",
        "ConnectorId",
        "Source",
        "EventId",
        "InternalMessageId",
        "MessageId",
        "NetworkMessageId",
        "Recipients",
        "RecipientStatus",
        "TotalBytes",
        "RecipientCount",
        "RelatedRecipientAddress",
        "Reference",
        "MessageSubject",
        "Sender",
        "ReturnPath",
        "Directionality",
    ]
    row = dict.fromkeys(header, "")
    common = {
        "Timestamp": "19/10/2026 10:15:01",
        "MessageId": MESSAGE_ID,
        "MessageSubject": SUBJECT,
        "Sender": SENDER,
        "Directionality": "Originating",
    }
    rows = [
        {
            **row,
            **common,
            "EventId": "RECEIVE",
            "Source": "SMTP",
            "Recipients": f"residents-panel@partner.example;{ANN}",
        },
        {
            **row,
            **common,
            "EventId": "EXPAND",
            "Source": "ROUTING",
            "Recipients": "dee@homemail.example;eve@webmail.example",
            "RelatedRecipientAddress": "residents-panel@partner.example",
        },
        {
            **row,
            **common,
            "EventId": "SEND",
            "Source": "SMTP",
            "Recipients": f"dee@homemail.example;eve@webmail.example;{ANN}",
        },
    ]
    trace = tmp_path / "tracking.csv"
    trace.write_bytes(csv_text(header, [[r[h] for h in header] for r in rows]))
    result = cli("evidence", incident, str(trace), "--json")
    assert result.code == 0, result.err
    assert result.json()["added"] == 2
    shown = cli("contain", incident, "--json").json()["recipients"]
    by_address = {r["address"]: r for r in shown}
    assert by_address["residents-panel@partner.example"]["delivery"] == "expanded"
    assert by_address["dee@homemail.example"]["under"] == "residents-panel@partner.example"
    assert by_address["dee@homemail.example"]["delivery"] == "delivered"
    assert by_address["eve@webmail.example"]["field"] == "to"


def test_a_recall_success_marks_the_copy_recalled_and_counts_as_deleted(cli, incident, tmp_path):
    recall = MIMEText(
        f"Your message\n\n To: {COLLEAGUE}\n Subject: {SUBJECT}\n\n"
        "was recalled on 19/10/2026 10:40.\n"
    )
    recall["From"] = f"Housing Officer <{COLLEAGUE}>"
    recall["To"] = SENDER
    recall["Subject"] = f"Message Recall Success: {SUBJECT}"
    recall["Date"] = "Mon, 19 Oct 2026 10:40:00 +0100"
    path = write_eml(recall, tmp_path / "recall.eml")
    result = cli("evidence", incident, str(path), "--json")
    assert result.code == 0, result.err
    assert states(cli, incident)[COLLEAGUE] == "recalled"
    assert any("matched by sender, subject and time" in w for w in result.json()["warnings"])


def test_a_google_workspace_export_and_the_ico_report_says_how_many_received(
    cli, incident, tmp_path
):
    header = [
        "Message ID",
        "Start date",
        "End date",
        "Sender",
        "Message size",
        "Subject",
        "Direction",
        "Attachments",
        "Recipient address",
        "Event target",
        "Event status",
    ]
    rows = [
        [
            MESSAGE_ID.strip("<>"),
            "2026-10-19T09:15:01Z",
            "2026-10-19T09:15:02Z",
            SENDER,
            "20431",
            SUBJECT,
            "Sent",
            "0",
            ANN,
            "SMTP_OUT",
            "Delivered",
        ],
        [
            MESSAGE_ID.strip("<>"),
            "2026-10-19T09:15:01Z",
            "2026-10-19T09:15:03Z",
            SENDER,
            "20431",
            SUBJECT,
            "Sent",
            "0",
            BOB,
            "SMTP_OUT",
            "Bounced",
        ],
        [
            MESSAGE_ID.strip("<>"),
            "2026-10-19T09:15:01Z",
            "2026-10-19T09:15:02Z",
            SENDER,
            "20431",
            SUBJECT,
            "Mixed",
            "0",
            COLLEAGUE,
            "GMAIL_INBOX",
            "Delivered",
        ],
    ]
    trace = tmp_path / "els.csv"
    trace.write_bytes(csv_text(header, rows))
    result = cli("evidence", incident, str(trace), "--json")
    assert result.code == 0, result.err
    found = states(cli, incident)
    assert (found[ANN], found[BOB], found[COLLEAGUE], found[CAT]) == (
        "delivered",
        "failed",
        "delivered",
        "unknown",
    )
    report = cli("report", incident, "ico")
    assert "shows 3 of the 4 copies received (2 delivered, 1 failed, 1 unknown)" in report.out


def test_a_column_mapping_in_config_reads_another_shape(cli, incident, tmp_path):
    (tmp_path / "config.toml").write_text(
        '[trace]\nrecipient = "To address"\nstatus = "Outcome"\nmessage_id = "Internet ID"\n'
        '[trace.states]\nOK = "delivered"\nHeld = "quarantined"\n'
    )
    trace = tmp_path / "gateway.csv"
    trace.write_bytes(
        csv_text(
            ["Internet ID", "To address", "Outcome"],
            [[MESSAGE_ID, ANN, "OK"], [MESSAGE_ID, CAT, "Held"]],
        )
    )
    result = cli("evidence", incident, str(trace), "--json")
    assert result.code == 0, result.err
    assert result.json()["formats"] == ["mapped"]
    found = states(cli, incident)
    assert (found[ANN], found[CAT]) == ("delivered", "quarantined")


def test_a_trace_for_another_message_is_one_sentence_and_nothing_is_written(
    cli, incident, tmp_path, db_path
):
    events_before = len(list_events(open_database(db_path), incident))
    trace = exchange_online_trace(
        tmp_path / "trace.csv", {ANN: "Failed"}, message_id="<another@council.example>"
    )
    result = cli("evidence", incident, str(trace))
    assert result.code == 1
    assert result.err.count(".") == 1 and "other messages" in result.err
    assert "@" not in result.err
    assert len(list_events(open_database(db_path), incident)) == events_before
    assert set(states(cli, incident).values()) == {"unknown"}


def test_a_csv_of_unknown_shape_is_one_sentence(cli, incident, tmp_path):
    trace = tmp_path / "odd.csv"
    trace.write_bytes(csv_text(["Who", "What"], [[ANN, "fine"]]))
    result = cli("evidence", incident, str(trace))
    assert result.code == 1
    assert "not a trace playbook can read" in result.err and "[trace]" in result.err
    assert set(states(cli, incident).values()) == {"unknown"}


def test_a_bounce_for_an_address_never_written_to_is_a_warning(cli, incident, tmp_path):
    files = [
        str(dsn(tmp_path / "one.eml", BOB)),
        str(dsn(tmp_path / "two.eml", "stranger@else.example")),
    ]
    result = cli("evidence", incident, *files, "--json")
    assert result.code == 0, result.err
    assert any("never sent to" in warning for warning in result.json()["warnings"])
    assert "stranger@else.example" not in states(cli, incident)


def test_the_exchange_online_summary_report_reads_each_recipients_last_event(
    cli, incident, tmp_path
):
    header = ["origin_timestamp_utc", "sender_address", "recipient_status", "message_subject",
              "total_bytes", "message_id", "network_message_id", "original_client_ip",
              "directionality", "connector_id", "delivery_priority"]  # fmt: skip
    status = f"{ANN}##Receive, Deliver;{BOB}##Receive, Fail;{CAT}##Receive, Send"
    row = ["2026-10-19T09:15:00.0000000Z", SENDER, status, SUBJECT, "20431", MESSAGE_ID,
           "1341ac7b13fb42ab4d4408cf7f55890f", "10.0.0.1", "Originating", "", "Normal"]  # fmt: skip
    trace = tmp_path / "summary.csv"
    trace.write_bytes(csv_text(header, [row]))
    result = cli("evidence", incident, str(trace), "--json")
    assert result.code == 0, result.err
    assert result.json()["formats"] == ["exchange_online_summary"]
    found = states(cli, incident)
    assert (found[ANN], found[BOB], found[CAT]) == ("delivered", "failed", "delivered")


def test_a_trace_without_message_ids_matches_by_sender_and_time_with_a_warning(
    cli, incident, tmp_path
):
    trace = exchange_online_trace(tmp_path / "trace.csv", {CAT: "Pending"}, message_id="")
    result = cli("evidence", incident, str(trace), "--json")
    assert result.code == 0, result.err
    assert any("matched by sender, subject and time" in w for w in result.json()["warnings"])
    assert states(cli, incident)[CAT] == "pending"
    # A pending copy may still arrive: it counts as received, and nothing changes.
    assert exposure(cli, incident) == (3, 3)


def test_an_address_only_the_trace_shows_is_added_as_bcc(cli, incident, tmp_path):
    trace = exchange_online_trace(
        tmp_path / "trace.csv", {ANN: "Delivered", "hidden@homemail.example": "Delivered"}
    )
    result = cli("evidence", incident, str(trace), "--json")
    assert result.code == 0, result.err
    assert any("added as Bcc" in warning for warning in result.json()["warnings"])
    hidden = next(
        r for r in cli("contain", incident, "--json").json()["recipients"]
        if r["address"] == "hidden@homemail.example"
    )  # fmt: skip
    assert (hidden["field"], hidden["delivery"]) == ("bcc", "delivered")
    assert exposure(cli, incident) == (3, 3)  # a Bcc address was shown to nobody


def test_a_cloud_recall_report_lists_each_recipients_result(cli, incident, tmp_path):
    report = MIMEText(
        "Message Recall Report\n\n"
        f"Recipient                 Recall status\n{ANN}      Recalled successfully\n"
        f"{BOB}       Failed: the message was already read\n"
    )
    report["From"] = f"Microsoft Outlook <{SENDER}>"
    report["To"] = SENDER
    report["Subject"] = f"Message Recall Report for message: {SUBJECT}"
    report["Date"] = "Mon, 19 Oct 2026 10:45:00 +0100"
    result = cli("evidence", incident, str(write_eml(report, tmp_path / "r.eml")), "--json")
    assert result.code == 0, result.err
    assert result.json()["formats"] == ["recall"]
    found = states(cli, incident)
    assert (found[ANN], found[BOB]) == ("recalled", "delivered")


def test_a_trace_saved_by_excel_with_semicolons_reads_the_same(cli, incident, tmp_path):
    lines = [";".join(EXO_HEADER)]
    lines.append(
        f"19/10/2026 09:15;{SENDER};{BOB};{SUBJECT};Failed;;10.0.0.1;20431;{MESSAGE_ID};"
        "5b1c5a8e-0d6f-4f7e-8c1d-08de0f8e7a11"
    )
    trace = tmp_path / "excel.csv"
    trace.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    assert cli("evidence", incident, str(trace)).code == 0
    assert states(cli, incident)[BOB] == "failed"
