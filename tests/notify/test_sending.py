"""Sending through a real SMTP server on loopback (aiosmtpd, started here): TLS, login, resume."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
from email import message_from_bytes, policy
from email.utils import getaddresses
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from playbook.store.database import open_database
from playbook.store.events import list_events, verify_timelines
from tests.builders import council_tenant_survey

USERNAME = "drafts@council.example"
PASSWORD = "correct horse battery staple"
TENANTS = 5
AT_WORK = 2  # the survey also reached two tenants at their employers' addresses
EXTERNAL = TENANTS + AT_WORK


class Relay:
    """What the SMTP server received, and a way to make it refuse the n-th message once."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []
        self.refuse_number: int | None = None
        self.offered = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.offered += 1
        if self.offered == self.refuse_number:
            return "451 4.3.0 Mailbox busy, try again later"
        self.received.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 OK"


def authenticate(server, session, envelope, mechanism, auth_data):
    accepted = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == USERNAME
        and auth_data.password.decode() == PASSWORD
    )
    return AuthResult(success=accepted, handled=False)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made here (no files shipped)."""
    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(__import__("ipaddress").ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "relay.pem", folder / "relay.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_relay(certificate, security: str, monkeypatch) -> tuple[Relay, Controller]:
    cert_path, key_path = certificate
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert_path, key_path)
    relay = Relay()
    options = {"authenticator": authenticate, "auth_require_tls": True}
    if security == "starttls":
        options.update(tls_context=server_tls, require_starttls=True)
    elif security == "tls":
        # aiosmtpd offers AUTH on implicit TLS only without its STARTTLS-based check.
        options.update(ssl_context=server_tls, auth_require_tls=False)
    controller = Controller(relay, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    # The client trusts the test's certificate through OpenSSL's standard variable.
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_path))
    return relay, controller


@pytest.fixture
def incident(cli, tmp_path) -> str:
    """A council survey with every tenant in Cc, imported; its id."""
    survey = council_tenant_survey(tmp_path / "mail", personal=TENANTS, at_work=AT_WORK)
    created = cli("new", "--title", "Tenant survey in Cc", "--from", str(survey), "--json")
    assert created.code == 0, created.err
    return created.json()["id"]


def configure(tmp_path: Path, port: int, security: str) -> None:
    (tmp_path / "config.toml").write_text(
        'organisation = "Eastbrook Council"\n'
        "[dpo]\n"
        'name = "Priya Shah"\nemail = "dpo@council.example"\nphone = "01632 960000"\n'
        "[drafts]\n"
        'from_address = "dpo@council.example"\n'
        "[smtp]\n"
        f'host = "127.0.0.1"\nport = {port}\nsecurity = "{security}"\n'
        f'username = "{USERNAME}"\npassword_env = "TEST_RELAY_PASSWORD"\n'
    )


def sent_to(relay: Relay) -> list[str]:
    addresses = []
    for rcpt_tos, content in relay.received:
        parsed = message_from_bytes(content, policy=policy.default)
        assert rcpt_tos == [address for _, address in getaddresses(parsed.get_all("To"))]
        assert parsed["Cc"] is None and parsed["Bcc"] is None
        addresses.extend(rcpt_tos)
    return addresses


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_each_request_is_sent_once_over_tls_with_the_password_from_the_environment(
    cli, tmp_path, db_path, certificate, monkeypatch, incident, security
):
    relay, controller = start_relay(certificate, security, monkeypatch)
    try:
        configure(tmp_path, controller.port, security)
        monkeypatch.setenv("TEST_RELAY_PASSWORD", PASSWORD)
        result = cli(
            "drafts", incident, "deletion-request", "--out", str(tmp_path / "out"), "--send"
        )
    finally:
        controller.stop()
    assert result.code == 0, result.err
    assert f"Sent {EXTERNAL}; 0 had been sent before" in result.out
    addresses = sent_to(relay)
    assert len(addresses) == EXTERNAL == len(set(addresses))
    assert PASSWORD not in (tmp_path / "config.toml").read_text()
    db = open_database(db_path)
    states = {row["address"]: row["state"] for row in db["deliveries"].rows}
    assert sorted(states) == sorted(addresses)
    assert set(states.values()) == {"sent"}
    kinds = [event.kind for event in list_events(db, incident)]
    assert kinds.count("delivery.sent") == EXTERNAL
    assert kinds[-1] == "drafts.sent"


def test_a_failure_half_way_then_a_rerun_sends_the_rest_without_duplicates(
    cli, tmp_path, db_path, certificate, monkeypatch, incident
):
    relay, controller = start_relay(certificate, "starttls", monkeypatch)
    relay.refuse_number = 3
    try:
        configure(tmp_path, controller.port, "starttls")
        monkeypatch.setenv("TEST_RELAY_PASSWORD", PASSWORD)
        out = str(tmp_path / "out")
        first = cli("drafts", incident, "deletion-request", "--out", out, "--send")
        after_first = sent_to(relay)
        second = cli("drafts", incident, "deletion-request", "--out", out, "--send")
        third = cli("drafts", incident, "deletion-request", "--out", out, "--send")
    finally:
        controller.stop()
    assert first.code == 1
    assert (
        f"Sent 2 of {EXTERNAL}; the relay refused the next message (SMTPDataError 451)" in first.err
    )
    assert "@" not in first.err
    assert len(after_first) == 2
    assert second.code == 0, second.err
    assert f"Sent {EXTERNAL - 2}; 2 had been sent before and were skipped." in second.out
    assert third.code == 0 and f"Sent 0; {EXTERNAL} had been sent before" in third.out
    addresses = sent_to(relay)
    assert len(addresses) == EXTERNAL == len(set(addresses))
    db = open_database(db_path)
    assert {row["state"] for row in db["deliveries"].rows} == {"sent"}
    kinds = [event.kind for event in list_events(db, incident)]
    assert kinds.count("delivery.failed") == 1
    assert kinds.count("delivery.sent") == EXTERNAL
    failed = next(event for event in list_events(db, incident) if event.kind == "delivery.failed")
    assert failed.data["reason"] == "SMTPDataError 451"
    assert "@" in failed.personal["address"] and "address" not in failed.data
    assert verify_timelines(db)[1] is None


def test_without_send_nothing_leaves_the_machine(cli, tmp_path, certificate, monkeypatch, incident):
    relay, controller = start_relay(certificate, "starttls", monkeypatch)
    try:
        configure(tmp_path, controller.port, "starttls")
        result = cli("drafts", incident, "deletion-request", "--out", str(tmp_path / "out"))
    finally:
        controller.stop()
    assert result.code == 0, result.err
    assert relay.offered == 0 and relay.received == []


def test_a_missing_password_stops_before_anything_is_written(cli, tmp_path, monkeypatch, incident):
    configure(tmp_path, free_port(), "starttls")
    monkeypatch.delenv("TEST_RELAY_PASSWORD", raising=False)
    result = cli("drafts", incident, "deletion-request", "--out", str(tmp_path / "out"), "--send")
    assert result.code == 1
    assert "Set the environment variable TEST_RELAY_PASSWORD" in result.err
    assert not (tmp_path / "out").exists()


def test_a_wrong_password_sends_nothing(cli, tmp_path, db_path, certificate, monkeypatch, incident):
    relay, controller = start_relay(certificate, "starttls", monkeypatch)
    try:
        configure(tmp_path, controller.port, "starttls")
        monkeypatch.setenv("TEST_RELAY_PASSWORD", "wrong")
        result = cli(
            "drafts", incident, "deletion-request", "--out", str(tmp_path / "out"), "--send"
        )
    finally:
        controller.stop()
    assert result.code == 1
    assert "refused the username or password; nothing was sent" in result.err
    assert relay.received == []
    assert open_database(db_path)["deliveries"].count == 0


def test_a_relay_without_starttls_is_refused_rather_than_used_in_clear(
    cli, tmp_path, certificate, monkeypatch, incident
):
    relay, controller = start_relay(certificate, "none", monkeypatch)
    try:
        configure(tmp_path, controller.port, "starttls")
        monkeypatch.setenv("TEST_RELAY_PASSWORD", PASSWORD)
        result = cli(
            "drafts", incident, "deletion-request", "--out", str(tmp_path / "out"), "--send"
        )
    finally:
        controller.stop()
    assert result.code == 1
    assert "does not offer STARTTLS" in result.err
    assert relay.received == []


def test_an_untrusted_certificate_is_refused(cli, tmp_path, certificate, monkeypatch, incident):
    relay, controller = start_relay(certificate, "starttls", monkeypatch)
    monkeypatch.delenv("SSL_CERT_FILE")
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "no-certificates"))
    try:
        configure(tmp_path, controller.port, "starttls")
        monkeypatch.setenv("TEST_RELAY_PASSWORD", PASSWORD)
        result = cli(
            "drafts", incident, "deletion-request", "--out", str(tmp_path / "out"), "--send"
        )
    finally:
        controller.stop()
    assert result.code == 1
    assert "TLS failed" in result.err and "Nothing was sent" in result.err
    assert relay.received == []


def test_each_apology_sent_records_its_person_emailed(
    cli, tmp_path, db_path, certificate, monkeypatch, incident
):
    decided = cli("decide", incident, "individuals", "yes", "--why", "High risk", "--by", "DPO")
    assert decided.code == 0, decided.err
    relay, controller = start_relay(certificate, "starttls", monkeypatch)
    relay.refuse_number = 4
    try:
        configure(tmp_path, controller.port, "starttls")
        monkeypatch.setenv("TEST_RELAY_PASSWORD", PASSWORD)
        out = str(tmp_path / "out")
        first = cli("drafts", incident, "apology", "--out", out, "--send")
        db = open_database(db_path)
        emailed_after_failure = db["notices"].count
        second = cli("drafts", incident, "apology", "--out", out, "--send")
    finally:
        controller.stop()
    assert first.code == 1 and second.code == 0, second.err
    assert emailed_after_failure == 3  # the refused message told nobody
    notices = list(db["notices"].rows)
    assert sorted(row["person_key"] for row in notices) == sorted(sent_to(relay))
    assert {row["state"] for row in notices} == {"emailed"}
    listed = cli("notice", incident, "--list", "--json").json()
    assert (listed["told"], listed["counts"]["emailed"]) == (TENANTS, TENANTS)
    recorded = [event for event in list_events(db, incident) if event.kind == "notice.recorded"]
    assert all("@" not in str(event.data) for event in recorded)
    assert verify_timelines(db)[1] is None
