"""The review's smaller findings, each through its real entry point.

Reports respect the umask; ``--accept-certificate`` takes only a fingerprint; the text output
shows the fingerprint beside a certificate failure; an empty ``--preset``/``--result-file`` is
refused; ``--save`` that could not save exits non-zero (tests/core/credentials); an untrusted
certificate where the same server verified on another port is worded as possible interception.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from smtpwizard.cli import main
from smtpwizard.core.models import Pairing, ProbeReport
from smtpwizard.core.probe.engine import probe
from smtpwizard.core.probe.options import ProbeOptions
from smtpwizard.core.report.render import write_report
from smtpwizard.core.wording.codes import FailureCode as C
from smtpwizard.core.wording.messages import describe_attempt
from smtpwizard.exit_codes import GuiExit
from smtpwizard.lab import LabCA, ServerSpec, ThreadedLabServer
from smtpwizard.lab.certs import CertKind
from smtpwizard.lab.spec import Mode
from tests.core.probe.test_probe_scenarios import FAST


def test_a_report_respects_the_umask(tmp_path: Path) -> None:
    report = ProbeReport(host="smtp.example.com", attempts=(), duration_ms=1.0)
    old = os.umask(0o077)
    try:
        path = write_report(tmp_path / "report.txt", report)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # was always 0644
    path = write_report(tmp_path / "report.html", report)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644 & ~old


@pytest.mark.parametrize("value", ["not-hex", "ab" * 31, "zz" * 32, "ab:" * 31 + "a", ""])
def test_accept_certificate_takes_only_a_fingerprint(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["probe", "127.0.0.1", "--accept-certificate", value]) == 2
    assert "--accept-certificate" in capsys.readouterr().err


@pytest.mark.parametrize("flag", ["--preset", "--result-file"])
def test_empty_installer_options_are_refused(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gui", flag, ""]) == GuiExit.USAGE
    assert f"{flag} is empty" in capsys.readouterr().err


@pytest.fixture(scope="module")
def untrusted_tls_port() -> Iterator[int]:
    spec = ServerSpec(mode=Mode.TLS, cert=CertKind.UNTRUSTED_CA, accounts={"u@example.com": "p"})
    with ThreadedLabServer(spec) as server:
        yield server.port


def test_text_output_shows_the_fingerprint_to_pin(untrusted_tls_port: int) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "smtpwizard",
            "probe",
            "localhost",
            "--pairings",
            "465/tls",
            "--port-map",
            f"465={untrusted_tls_port}",
            "--timeout",
            "5",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Certificate SHA-256 fingerprint: " in done.stdout
    line = next(x for x in done.stdout.splitlines() if "--accept-certificate" in x)
    fingerprint = line.rsplit(" ", 1)[1]
    pinned = subprocess.run(
        [
            sys.executable,
            "-m",
            "smtpwizard",
            "probe",
            "localhost",
            "--pairings",
            "465/tls",
            "--port-map",
            f"465={untrusted_tls_port}",
            "--timeout",
            "5",
            "--accept-certificate",
            fingerprint,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert pinned.returncode == 0, pinned.stdout  # the shown fingerprint is the one that pins


def test_untrusted_here_but_trusted_on_another_port_reads_as_interception(
    untrusted_tls_port: int,
) -> None:
    with ThreadedLabServer(ServerSpec(mode=Mode.STARTTLS), ca=LabCA.shared()) as good:
        report = probe(
            ProbeOptions(
                "localhost",
                pairings=(Pairing.parse("587/starttls"), Pairing.parse("465/tls")),
                timeouts=FAST,
                ca_pem=LabCA.shared().ca_pem,
                port_map={587: good.port, 465: untrusted_tls_port},
                wait_all=True,
            )
        )
    attempt = report.attempt(Pairing.parse("465/tls"))
    assert attempt is not None and attempt.failure is not None
    assert attempt.failure.code is C.TLS_CERT_UNTRUSTED  # the stable code stays
    text = describe_attempt(attempt)
    assert text is not None and text.title == "Someone may be intercepting this connection"
    assert "port 587" in text.explanation and "company's certificate authority" not in text.fix
