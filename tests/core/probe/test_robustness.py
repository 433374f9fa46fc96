"""Odd servers on loopback: the answer stays right and the output stays valid.

Each server here is real (the lab, on loopback): replies that are not UTF-8, ``421`` at every
stage, a 554 greeting with an odd text, a server that greets and then hangs up or falls silent,
and a TLS alert during the handshake of an implicit-TLS port.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smtpwizard.cli.render import render_probe
from smtpwizard.core.contract import probe_json
from smtpwizard.core.models import Pairing, ProbeReport
from smtpwizard.core.probe.engine import probe_async
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.core.probe.verdict import Verdict, verdict_of
from smtpwizard.core.report.render import render_html, render_text
from smtpwizard.core.wording.codes import FailureCode as C
from smtpwizard.lab import spec as S
from smtpwizard.lab.certs import CertKind, LabCA
from smtpwizard.lab.server import LabServer
from smtpwizard.lab.spec import Behaviour, Mode, ServerSpec
from smtpwizard.lab.threads import ThreadedLabServer
from tests.core.probe.test_probe_scenarios import ACCOUNTS, USER, code_of, run

NOT_UTF8 = b"554 5.7.1 Zugriff f\xfcr Sie verweigert \xff\xfe (caf\xe9)\r\n"
QUICK = Timeouts(connect=2.0, command=1.0, attempt=4.0)


def _strict_utf8(text: str) -> None:
    text.encode("utf-8")  # raises UnicodeEncodeError on a lone surrogate


def _all_outputs_valid(report: ProbeReport) -> None:
    _strict_utf8(json.dumps(probe_json(report), ensure_ascii=False))
    _strict_utf8(render_probe(report))
    _strict_utf8(render_text(report))
    _strict_utf8(render_html(report))
    _strict_utf8(report.summary)


@pytest.mark.asyncio
async def test_a_reply_that_is_not_utf8_keeps_json_and_reports_valid() -> None:
    report, _ = await run(
        {587: ServerSpec(behaviour=Behaviour.GARBAGE, banner=NOT_UTF8)}, "587/starttls"
    )
    assert code_of(report, "587/starttls") is C.SMTP_GREETING_REJECTED
    attempt = report.attempt(Pairing.parse("587/starttls"))
    assert attempt is not None and attempt.failure is not None
    assert "\ufffd" in attempt.failure.detail  # the bad bytes, shown as replacement characters
    _all_outputs_valid(report)


def test_a_reply_that_is_not_utf8_keeps_the_cli_output_valid(tmp_path: Path) -> None:
    with ThreadedLabServer(ServerSpec(behaviour=Behaviour.GARBAGE, banner=NOT_UTF8)) as server:
        report_file = tmp_path / "report.txt"
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "smtpwizard",
                "probe",
                "localhost",
                "--pairings",
                "587/starttls",
                "--port-map",
                f"587={server.port}",
                "--timeout",
                "3",
                "--json",
                "--report",
                str(report_file),
            ],
            capture_output=True,
            timeout=60,
            env={**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"},
        )
    stdout = result.stdout.decode("utf-8")  # strict: invalid UTF-8 raises
    data = json.loads(stdout)
    assert data["attempts"][0]["failure"]["code"] == "smtp.greeting_rejected"
    report_file.read_bytes().decode("utf-8")
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize(
    "spec",
    [
        ServerSpec(greeting="421 4.7.0 Too many connections, try again later"),
        ServerSpec(ehlo_reply="421 4.3.2 System not accepting network messages"),
        ServerSpec(mode=Mode.STARTTLS, starttls_reply="421 4.3.2 Shutting down"),
        S.submission_starttls(ACCOUNTS, auth_reply="421 4.7.0 Try again later"),
        S.submission_starttls(ACCOUNTS, mail_reply="421 4.7.0 Service shutting down"),
    ],
    ids=["greeting", "ehlo", "starttls", "auth", "mail_from"],
)
@pytest.mark.asyncio
async def test_421_at_any_stage_is_a_temporary_service_failure(spec: ServerSpec) -> None:
    report, _ = await run({587: spec}, "587/starttls")
    assert code_of(report, "587/starttls") is C.SMTP_TEMPORARY


@pytest.mark.parametrize(
    "banner",
    [
        b"554 " + b"x" * 20_000 + b"\r\n",  # longer than any line limit
        b"554-5.7.1 first line\r\n554-\xff\xfe\r\n554 5.7.1 go away\r\n",  # multi-line, odd bytes
        b"554\r\n",  # no text at all
    ],
    ids=["huge", "multi_line_odd_bytes", "bare_code"],
)
@pytest.mark.asyncio
async def test_a_554_greeting_with_an_odd_text_is_still_greeting_rejected(banner: bytes) -> None:
    report, _ = await run(
        {587: ServerSpec(behaviour=Behaviour.GARBAGE, banner=banner)}, "587/starttls"
    )
    assert code_of(report, "587/starttls") is C.SMTP_GREETING_REJECTED
    _all_outputs_valid(report)


@pytest.mark.parametrize(
    "behaviour", [Behaviour.BANNER_THEN_CLOSE, Behaviour.GARBAGE], ids=["closes", "silent"]
)
@pytest.mark.asyncio
async def test_greeting_then_hanging_up_during_ehlo_is_not_a_tls_problem(
    behaviour: Behaviour,
) -> None:
    spec = ServerSpec(behaviour=behaviour, banner=b"220 mail.example.com ESMTP\r\n")
    report, _ = await run(
        {587: spec, 25: spec}, "587/starttls,25/starttls,587/none", timeouts=QUICK
    )
    for pairing in ("587/starttls", "25/starttls", "587/none"):
        assert code_of(report, pairing) is C.NET_CLOSED, pairing
    assert verdict_of(report) is not Verdict.NO_SECURE_CHANNEL
    assert verdict_of(report) is Verdict.OTHER


@pytest.mark.asyncio
async def test_a_tls_alert_during_the_implicit_tls_handshake_gives_exit_4() -> None:
    report, _ = await run(
        {465: ServerSpec(mode=Mode.TLS, cert=CertKind.NO_SHARED_CIPHER, accounts=ACCOUNTS)},
        "465/tls",
    )
    attempt = report.attempt(Pairing.parse("465/tls"))
    assert attempt is not None and attempt.failure is not None
    assert attempt.failure.code.family == "tls"
    assert verdict_of(report) is Verdict.NO_SECURE_CHANNEL


@pytest.mark.asyncio
async def test_a_silent_port_during_the_handshake_is_still_unreachable() -> None:
    """The other side of the rule above: no TLS reply at all is not "a server answered"."""
    async with LabServer(ServerSpec(behaviour=Behaviour.SILENT)) as silent:
        report = await probe_async(
            ProbeOptions(
                "localhost",
                username=USER,
                password="x",
                pairings=(Pairing.parse("465/tls"),),
                timeouts=Timeouts(connect=1.0, command=0.5, attempt=1.0),
                ca_pem=LabCA.shared().ca_pem,
                port_map={465: silent.port},
            )
        )
    assert verdict_of(report) is not Verdict.NO_SECURE_CHANNEL
