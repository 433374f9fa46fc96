"""``smtpwizard probe HOST --incoming IMAPHOST``: a real process against the lab SMTP server and
a real Dovecot; the JSON carries ``incoming`` and ``delivery``, the exit code the worse side."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from smtpwizard.lab.certs import LabCA
from smtpwizard.lab.dovecot import DovecotServer, DovecotSpec
from smtpwizard.lab.server import closed_port
from smtpwizard.lab.spec import Mode, ServerSpec
from smtpwizard.lab.threads import ThreadedLabServer
from tests.fixtures.dovecot import DovecotFactory, incoming_port_map
from tests.test_cli_probe import smtpwizard

USER = "cli-owner@example.test"
PASSWORD = "correct horse battery"


@pytest.fixture
def ca_file(tmp_path: Path) -> str:
    return LabCA.shared().write_ca_pem(str(tmp_path / "ca.pem"))


@pytest.fixture
def mailbox(dovecot: DovecotFactory) -> DovecotServer:
    return dovecot(DovecotSpec(accounts={USER: PASSWORD}))


@pytest.fixture
def smtp(mailbox: DovecotServer) -> Iterator[ThreadedLabServer]:
    spec = ServerSpec(mode=Mode.TLS, accounts={USER: PASSWORD}, deliver=mailbox.deliver)
    server = ThreadedLabServer(spec)
    server.start()
    yield server
    server.stop()


def _args(smtp: ThreadedLabServer, ports: dict[int, int], ca_file: str, *extra: str) -> list[str]:
    port_map = ",".join(f"{k}={v}" for k, v in {465: smtp.port, **ports}.items())
    return [
        "probe",
        "localhost",
        "--pairings",
        "465/tls",
        "--port-map",
        port_map,
        "--ca-file",
        ca_file,
        "--timeout",
        "5",
        "--user",
        USER,
        "--password-stdin",
        *extra,
    ]


def test_json_carries_incoming_and_the_delivery_proof(
    smtp: ThreadedLabServer, mailbox: DovecotServer, ca_file: str
) -> None:
    args = _args(smtp, incoming_port_map(mailbox), ca_file)
    args += ["--incoming", mailbox.host, "--send-test-to", USER, "--json"]
    result = smtpwizard(*args, stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "smtpwizard.probe/1"
    assert data["recommended"]["port"] == 465
    incoming = data["incoming"]
    assert incoming["host"] == mailbox.host
    assert [(a["protocol"], a["port"], a["outcome"]) for a in incoming["attempts"]] == [
        ("imap", 993, "ok"),
        ("imap", 143, "ok"),
        ("pop3", 995, "ok"),
        ("pop3", 110, "ok"),
    ]
    assert incoming["recommended"] == {
        "host": mailbox.host,
        "port": 993,
        "security": "tls",
        "username": USER,
        "protocol": "imap",
    }
    assert data["delivery"]["delivered"] is True
    assert PASSWORD not in result.stdout


def test_text_output_and_a_wrong_password_tried_once(
    smtp: ThreadedLabServer, mailbox: DovecotServer, ca_file: str
) -> None:
    before = mailbox.login_failures
    args = _args(smtp, incoming_port_map(mailbox), ca_file, "--incoming", mailbox.host)
    result = smtpwizard(*args, stdin="wrong\n")
    assert result.returncode == 5, result.stdout + result.stderr
    assert smtp.server.failed_logins + mailbox.login_failures - before == 1
    assert "incoming combinations tested" in result.stdout


def test_exit_code_is_the_worse_side(smtp: ThreadedLabServer, ca_file: str) -> None:
    nothing = {port: closed_port("127.0.0.2") for port in (993, 143, 995, 110)}
    args = _args(smtp, nothing, ca_file, "--incoming", "127.0.0.2", "--json")
    result = smtpwizard(*args, stdin=PASSWORD + "\n")
    data = json.loads(result.stdout)
    assert data["recommended"] is not None  # sending works …
    assert data["incoming"]["recommended"] is None  # … receiving does not: nothing reachable
    assert result.returncode == 3
