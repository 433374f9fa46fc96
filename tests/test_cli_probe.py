"""``smtpwizard probe`` as installers and support staff call it: a real process, real servers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from smtpwizard.lab import spec as S
from smtpwizard.lab.certs import LabCA
from smtpwizard.lab.spec import ServerSpec
from smtpwizard.lab.threads import ThreadedLabServer

USER = "someone@example.com"
PASSWORD = "correct horse battery"


def smtpwizard(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    return subprocess.run(
        [sys.executable, "-m", "smtpwizard", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


@pytest.fixture
def ca_file(tmp_path: Path) -> str:
    return LabCA.shared().write_ca_pem(str(tmp_path / "ca.pem"))


@pytest.fixture
def server465() -> Iterator[ThreadedLabServer]:
    server = ThreadedLabServer(S.submission_tls({USER: PASSWORD}))
    server.start()
    yield server
    server.stop()


def probe_args(server: ThreadedLabServer, ca_file: str, *extra: str) -> list[str]:
    return [
        "probe",
        "localhost",
        "--pairings",
        "465/tls",
        "--port-map",
        f"465={server.port}",
        "--ca-file",
        ca_file,
        "--timeout",
        "5",
        *extra,
    ]


def test_demo_probe_prints_the_matrix_and_succeeds() -> None:
    result = smtpwizard("probe", "--demo")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Ready: localhost works on port 465 with SSL/TLS")
    assert "✓   465  SSL/TLS" in out
    assert "Traceback" not in out + result.stderr


def test_json_contract_and_exit_code_0(server465: ThreadedLabServer, ca_file: str) -> None:
    result = smtpwizard(
        *probe_args(server465, ca_file, "--user", USER, "--password-stdin", "--json"),
        stdin=PASSWORD + "\n",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "smtpwizard.probe/1"
    assert data["recommended"] == {
        "host": "localhost",
        "port": 465,
        "security": "tls",
        "username": USER,
    }
    attempt = data["attempts"][0]
    assert set(attempt) >= {
        "port",
        "security",
        "outcome",
        "failure",
        "stages",
        "tls",
        "auth_mechanisms",
        "auth",
        "transcript",
    }
    assert attempt["outcome"] == "ok" and attempt["auth"] == "ok"
    assert set(attempt["tls"]) >= {"version", "cipher", "subject", "issuer", "not_after", "sha256"}
    assert PASSWORD not in result.stdout


def test_wrong_password_exits_5_with_words(server465: ThreadedLabServer, ca_file: str) -> None:
    result = smtpwizard(
        *probe_args(server465, ca_file, "--user", USER, "--password-stdin"), stdin="nope\n"
    )
    assert result.returncode == 5
    assert "Not working yet" in result.stdout
    assert server465.server.failed_logins == 1


def test_untrusted_certificate_exits_4(server465: ThreadedLabServer) -> None:
    # without --ca-file the lab CA is not trusted: no secure channel, no password sent
    result = smtpwizard(
        "probe",
        "localhost",
        "--pairings",
        "465/tls",
        "--port-map",
        f"465={server465.port}",
        "--user",
        USER,
        "--password-stdin",
        "--json",
        stdin=PASSWORD + "\n",
    )
    assert result.returncode == 4
    failure = json.loads(result.stdout)["attempts"][0]["failure"]
    assert failure["code"] == "tls.cert_untrusted"
    assert failure["fix"] and failure["explanation"]
    assert server465.server.auth_attempts == []


def test_sender_refused_exits_6(ca_file: str) -> None:
    server = ThreadedLabServer(S.submission_tls({USER: PASSWORD}, mail_reply=S.SENDER_REJECTED))
    server.start()
    try:
        result = smtpwizard(
            *probe_args(server, ca_file, "--user", USER, "--password-stdin"), stdin=PASSWORD + "\n"
        )
    finally:
        server.stop()
    assert result.returncode == 6


def test_nothing_reachable_exits_3() -> None:
    result = smtpwizard("probe", "no-such-host.invalid", "--pairings", "587/starttls")
    assert result.returncode == 3


def test_report_file_has_no_password(
    server465: ThreadedLabServer, ca_file: str, tmp_path: Path
) -> None:
    report = tmp_path / "report.html"
    result = smtpwizard(
        *probe_args(
            server465, ca_file, "--user", USER, "--password-stdin", "--report", str(report)
        ),
        stdin="wrong-" + PASSWORD + "\n",
    )
    assert result.returncode == 5
    text = report.read_text()
    assert "<html" in text.lower() and "wrong-" + PASSWORD not in text


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["probe", "smtp example.com"], "space"),
        (["probe", "smtp.example.com\r\nQUIT"], "line break"),
        (["probe", "smtp.example.com", "--pairings", "70000/tls"], "65535"),
        (["probe", "smtp.example.com", "--pairings", "587/foo"], "security mode"),
        (["probe", "smtp.example.com", "--user", "a\rb", "--password-stdin"], "line break"),
        (["probe", "smtp.example.com", "--password-stdin"], "needs --user"),
        (["probe", "smtp.example.com", "--report", "out.pdf"], ".html or .txt"),
        (["probe", "smtp.example.com", "--timeout", "0"], "between"),
        (["probe", "smtp.example.com", "--sender", "nope"], "not an email address"),
        (["probe"], "give the server"),
        (["probe", "localhost", "--ca-file", "/nonexistent/ca.pem"], "cannot be read"),
    ],
)
def test_bad_input_is_a_clear_usage_error(args: list[str], words: str) -> None:
    result = smtpwizard(*args, stdin="")
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_a_certificate_authority(tmp_path: Path) -> None:
    bad = tmp_path / "ca.pem"
    bad.write_text("not a certificate")
    result = smtpwizard("probe", "localhost", "--pairings", "465/tls", "--ca-file", str(bad))
    assert result.returncode == 2
    assert "certificate authority file cannot be used" in result.stderr


def test_empty_password_on_stdin_is_a_usage_error() -> None:
    result = smtpwizard("probe", "smtp.example.com", "--user", USER, "--password-stdin", stdin="\n")
    assert result.returncode == 2
    assert "no password" in result.stderr


def test_lab_spec_is_importable_for_installers() -> None:
    assert ServerSpec().mode.value == "plain"
