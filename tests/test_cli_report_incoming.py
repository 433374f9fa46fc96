"""``smtpwizard probe HOST --incoming IMAPHOST --report FILE``: the report (text and HTML) gains
an "Incoming mail" section — every IMAP/POP3 pairing with its outcome, the recommended incoming
server and the delivery proof — against the lab SMTP server and a real Dovecot, never with the
password in it."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from smtpwizard.lab.certs import LabCA
from smtpwizard.lab.dovecot import DovecotServer, DovecotSpec
from smtpwizard.lab.spec import Mode, ServerSpec
from smtpwizard.lab.threads import ThreadedLabServer
from tests.fixtures.dovecot import DovecotFactory, incoming_port_map

USER = "report-owner@example.test"
PASSWORD = "Tr0ub4dor&3 report"
WRONG = "Wr0ng-pass+word/x"


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


def _probe(
    smtp: ThreadedLabServer,
    mailbox: DovecotServer,
    ca_file: str,
    report: Path,
    *extra: str,
    password: str = PASSWORD,
    language: str = "en",
) -> subprocess.CompletedProcess[str]:
    ports = {465: smtp.port, **incoming_port_map(mailbox)}
    args = [
        "probe",
        "localhost",
        "--pairings",
        "465/tls",
        "--port-map",
        ",".join(f"{k}={v}" for k, v in ports.items()),
        "--ca-file",
        ca_file,
        "--timeout",
        "5",
        "--user",
        USER,
        "--password-stdin",
        "--incoming",
        mailbox.host,
        "--report",
        str(report),
        *extra,
    ]
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning", "LANGUAGE": language}
    return subprocess.run(
        [sys.executable, "-m", "smtpwizard", *args],
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
    )


def _secret_forms(password: str) -> list[str]:
    raw = password.encode()
    return [
        password,
        base64.b64encode(raw).decode(),
        base64.b64encode(b"\0" + USER.encode() + b"\0" + raw).decode(),
    ]


def _assert_no_password(document: str, password: str) -> None:
    for form in _secret_forms(password):
        assert form not in document


def test_text_report_lists_incoming_pairings_and_the_delivery(
    smtp: ThreadedLabServer, mailbox: DovecotServer, ca_file: str, tmp_path: Path
) -> None:
    path = tmp_path / "report.txt"
    result = _probe(smtp, mailbox, ca_file, path, "--send-test-to", USER)
    assert result.returncode == 0, result.stdout + result.stderr
    text = path.read_text(encoding="utf-8")
    assert "Sending ✓   Receiving ✓   Delivery ✓" in text.split("INCOMING MAIL")[0]
    section = text.split("\nINCOMING MAIL\n", 1)[1]
    rows = re.findall(r"^(IMAP|POP3) +(\d+) +(\S+) +(✓|✗|…|—) (.+)$", section, re.MULTILINE)
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("IMAP", "993", "SSL/TLS", "✓"),
        ("IMAP", "143", "STARTTLS", "✓"),
        ("POP3", "995", "SSL/TLS", "✓"),
        ("POP3", "110", "STARTTLS", "✓"),
    ]
    assert rows[0][4] == "works: signed in, inbox opened (recommended)"
    assert "(recommended)" not in rows[1][4]
    assert re.search(
        rf"Recommended incoming server +IMAP: {re.escape(mailbox.host)}, port 993, SSL/TLS, "
        rf"user {re.escape(USER)}",
        section,
    )
    assert re.search(r"The test message arrived in your inbox in \d+\.\d s\.", section)
    assert "--- IMAP · port 993 · SSL/TLS: ✓" in section  # each pairing in detail
    _assert_no_password(text, PASSWORD)


def test_html_report_has_the_incoming_section_without_the_password(
    smtp: ThreadedLabServer, mailbox: DovecotServer, ca_file: str, tmp_path: Path
) -> None:
    path = tmp_path / "report.html"
    result = _probe(smtp, mailbox, ca_file, path, "--send-test-to", USER)
    assert result.returncode == 0, result.stdout + result.stderr
    html = path.read_text(encoding="utf-8")
    section = html.split('<section id="incoming">', 1)[1].split("</section>", 1)[0]
    assert "<h2>Incoming mail</h2>" in section
    cells = re.findall(
        r"<tr><td>(IMAP|POP3)</td><td>(\d+)</td><td>[^<]+</td><td class=\"([^\"]+)\"", section
    )
    assert cells == [
        ("IMAP", "993", "ok recommended"),
        ("IMAP", "143", "ok"),
        ("POP3", "995", "ok"),
        ("POP3", "110", "ok"),
    ]
    assert 'id="in-imap993-tls"' in section and 'id="in-pop3110-starttls"' in section
    assert "The test message arrived in your inbox" in section
    _assert_no_password(html, PASSWORD)


def test_a_refused_password_shows_in_the_incoming_matrix_and_is_never_written(
    smtp: ThreadedLabServer, mailbox: DovecotServer, ca_file: str, tmp_path: Path
) -> None:
    path = tmp_path / "report.txt"
    result = _probe(smtp, mailbox, ca_file, path, password=WRONG)
    assert result.returncode == 5, result.stdout + result.stderr
    text = path.read_text(encoding="utf-8")
    section = text.split("\nINCOMING MAIL\n", 1)[1]
    assert re.search(r"Recommended incoming server +none: no incoming server worked", section)
    assert re.search(
        r"Delivery of the test message +not tested \(no test message was sent\)", section
    )
    rows = re.findall(r"^(IMAP|POP3) +(\d+) +\S+ +(✓|✗|…|—) (.+)$", section, re.MULTILINE)
    assert rows and not any(r[2] == "✓" for r in rows)
    _assert_no_password(text, WRONG)


def test_the_incoming_section_is_translated(
    smtp: ThreadedLabServer, mailbox: DovecotServer, ca_file: str, tmp_path: Path
) -> None:
    english = tmp_path / "en.txt"
    german = tmp_path / "de.txt"
    assert _probe(smtp, mailbox, ca_file, english).returncode == 0
    result = _probe(smtp, mailbox, ca_file, german, language="de")
    assert result.returncode == 0, result.stdout + result.stderr
    text = german.read_text(encoding="utf-8")
    assert "INCOMING MAIL" not in text and "Recommended incoming server" not in text
    assert "\nEINGEHENDE E-MAIL\n" in text and "Empfohlener Posteingangsserver" in text
    assert "funktioniert: angemeldet, Posteingang geöffnet (empfohlen)" in text
    assert "IMAP · Port 993 · " in text
    assert "works: signed in, inbox opened" not in text
    assert "not tested (no test message was sent)" not in text
    _assert_no_password(text, PASSWORD)
