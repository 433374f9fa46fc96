"""A real probe against a real loopback SMTP server (implicit TLS + AUTH), rendered as a report."""

from __future__ import annotations

import asyncio
import base64
import socket
import ssl
from collections.abc import Iterator
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from smtpwizard.core.models import Outcome, Pairing
from smtpwizard.core.probe.engine import probe_async
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.core.report.render import render_html, render_text

USER = "demo@example.test"
PASSWORD = "correct horse battery staple"
WRONG = "Wr0ng-pass+word/"


class _Handler:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "250 OK"


def _authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == USER
        and auth_data.password.decode() == PASSWORD
    )
    return AuthResult(success=ok, handled=False)


class _Server(Controller):
    """aiosmtpd on an ephemeral loopback port (its readiness check needs the real port)."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens there afterwards: refused


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[int, str]]:
    ca = trustme.CA()
    cert = ca.issue_cert("localhost", "127.0.0.1")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    controller = _Server(
        _Handler(),
        hostname="127.0.0.1",
        port=0,
        ssl_context=context,
        authenticator=_authenticator,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield controller.port, ca.cert_pem.bytes().decode()
    finally:
        controller.stop()


def _options(port: int, ca_pem: str, password: str) -> ProbeOptions:
    return ProbeOptions(
        "localhost",
        username=USER,
        password=password,
        pairings=(Pairing.parse("465/tls"), Pairing.parse("587/starttls")),
        port_map={465: port, 587: _free_port()},
        ca_pem=ca_pem,
        wait_all=True,
        timeouts=Timeouts(connect=2, command=2, attempt=4, greeting_sniff=0.5),
    )


def _forms(secret: str) -> list[str]:
    return [
        secret,
        base64.b64encode(secret.encode()).decode(),
        base64.b64encode(f"\0{USER}\0{secret}".encode()).decode(),
    ]


def test_report_of_a_real_probe_with_a_wrong_password(server: tuple[int, str]) -> None:
    port, ca_pem = server
    report = asyncio.run(probe_async(_options(port, ca_pem, WRONG)))
    tls_attempt = report.attempt(Pairing.parse("465/tls"))
    assert tls_attempt is not None and tls_attempt.outcome is Outcome.FAILED
    for render in (render_text, render_html):
        document = render(report, secrets=[WRONG])
        for form in _forms(WRONG):
            assert form not in document
        assert "NOT WORKING" in document
    text = render_text(report)  # even without secrets= the probe's own redaction holds
    for form in _forms(WRONG):
        assert form not in text
    assert text.splitlines()[4].startswith("VERDICT: NOT WORKING")
    assert "localhost" in text and "SHA-256 fingerprint" in text


def test_report_of_a_real_working_probe(server: tuple[int, str]) -> None:
    port, ca_pem = server
    report = asyncio.run(probe_async(_options(port, ca_pem, PASSWORD)))
    assert report.ok, report.summary
    text = render_text(report, secrets=[PASSWORD])
    assert text.splitlines()[4] == "VERDICT: WORKS: localhost, port 465, SSL/TLS"
    assert "Nothing answers on this port" in text  # 587 maps to a closed port
    for form in _forms(PASSWORD):
        assert form not in text
        assert form not in render_html(report, secrets=[PASSWORD])
