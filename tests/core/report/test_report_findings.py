"""The report carries the findings and the "check it yourself" commands of a real probe."""

from __future__ import annotations

import asyncio
from html.parser import HTMLParser

from smtpwizard.core.models import Pairing, ProbeReport
from smtpwizard.core.probe.engine import probe_async
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.core.report.render import render_html, render_text
from smtpwizard.lab.certs import EXPIRING_DAYS, CertKind, LabCA
from smtpwizard.lab.server import LabServer
from smtpwizard.lab.spec import submission_tls

USER = "someone@example.com"
PASSWORD = "a secret that never shows"


async def _probe() -> ProbeReport:
    server = await LabServer(submission_tls({USER: PASSWORD}, cert=CertKind.EXPIRING_SOON)).start()
    try:
        return await probe_async(
            ProbeOptions(
                "localhost",
                username=USER,
                password=PASSWORD,
                pairings=(Pairing.parse("465/tls"),),
                timeouts=Timeouts(connect=2.0, command=2.0, attempt=5.0),
                ca_pem=LabCA.shared().ca_pem,
                port_map={465: server.port},
            )
        )
    finally:
        await server.stop()


def test_text_and_html_reports_show_findings_and_commands() -> None:
    report = asyncio.run(_probe())
    text = render_text(report, secrets=[PASSWORD])
    assert "WILL YOUR MAIL BE TRUSTED? (AND OTHER FINDINGS)" in text
    assert f"[warning] The server's certificate expires in {EXPIRING_DAYS} day(s)" in text
    assert "Check it yourself (swaks asks for the password):" in text
    assert "openssl s_client -connect localhost:" in text
    assert f"--auth-user {USER}" in text
    assert PASSWORD not in text

    page = render_html(report, secrets=[PASSWORD])
    HTMLParser().feed(page)
    assert '<section id="findings">' in page
    assert 'class="finding warning" id="tls.cert_expiring"' in page
    assert '<pre class="reproduce">openssl s_client -connect localhost:' in page
    assert PASSWORD not in page
