"""Certificate and identity audit against lab servers: expiry soon, TLS versions, old TLS
accepted or not (one extra handshake), and a port that answers as another machine."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import pytest

from smtpwizard.core import cert_audit
from smtpwizard.core.contract import probe_json
from smtpwizard.core.models import Attempt, Outcome, Pairing, ProbeReport, Security, TlsInfo
from smtpwizard.core.probe.checks import ExtraChecks
from smtpwizard.core.probe.engine import probe_async
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.core.wording.codes import FindingCode as F
from smtpwizard.lab.certs import (
    EXPIRING_DAYS,
    OTHER_IDENTITY_NAME,
    CertKind,
    LabCA,
    old_tls_available,
)
from smtpwizard.lab.server import LabServer
from smtpwizard.lab.spec import ServerSpec, mx_like, submission_starttls, submission_tls

USER = "someone@example.com"
PASSWORD = "correct horse battery"
ACCOUNTS = {USER: PASSWORD}
FAST = Timeouts(connect=2.0, command=2.0, attempt=5.0)


async def probe(
    specs: Mapping[int, ServerSpec], pairings: str, *, legacy: bool = False
) -> ProbeReport:
    servers = {port: await LabServer(spec).start() for port, spec in specs.items()}
    try:
        return await probe_async(
            ProbeOptions(
                "localhost",
                username=USER,
                password=PASSWORD,
                pairings=tuple(Pairing.parse(p) for p in pairings.split(",")),
                timeouts=FAST,
                ca_pem=LabCA.shared().ca_pem,
                port_map={port: server.port for port, server in servers.items()},
                wait_all=True,
                checks=ExtraChecks(legacy_tls=legacy),
            )
        )
    finally:
        for server in servers.values():
            await server.stop()


def findings(report: ProbeReport) -> dict[str, dict[str, str]]:
    return {f["code"]: f for f in probe_json(report)["findings"]}


@pytest.mark.asyncio
async def test_a_certificate_that_expires_soon() -> None:
    report = await probe({465: submission_tls(ACCOUNTS, cert=CertKind.EXPIRING_SOON)}, "465/tls")
    assert report.ok  # it still works: a warning, not a failure
    found = findings(report)["tls.cert_expiring"]
    assert found["severity"] == "warning"
    assert found["title"] == f"The server's certificate expires in {EXPIRING_DAYS} day(s)"
    assert "port 465" in found["explanation"]


@pytest.mark.asyncio
async def test_a_healthy_certificate_gives_no_expiry_warning_but_names_the_version() -> None:
    report = await probe({465: submission_tls(ACCOUNTS)}, "465/tls")
    found = findings(report)
    assert "tls.cert_expiring" not in found
    assert found["tls.version"]["title"] == "Encryption: TLSv1.3"
    assert found["tls.version"]["severity"] == "info"


@pytest.mark.asyncio
@pytest.mark.skipif(not old_tls_available(), reason="this OpenSSL cannot speak TLS 1.0/1.1")
@pytest.mark.parametrize("security", ["465/tls", "587/starttls"])
async def test_a_server_that_still_accepts_old_tls(security: str) -> None:
    make = submission_tls if security == "465/tls" else submission_starttls
    port = int(security.split("/")[0])
    report = await probe(
        {port: make(ACCOUNTS, cert=CertKind.LEGACY_ALLOWED)}, security, legacy=True
    )
    found = findings(report)["tls.legacy_accepted"]
    assert found["severity"] == "info"
    assert "still accepts TLSv1.1" in found["explanation"]


@pytest.mark.asyncio
async def test_a_modern_server_refuses_old_tls_quietly() -> None:
    report = await probe({465: submission_tls(ACCOUNTS)}, "465/tls", legacy=True)
    codes = set(findings(report))
    assert "tls.legacy_accepted" not in codes
    # refused is the good case and says nothing; "untested" would mean this OpenSSL refused
    assert ("tls.legacy_untested" in codes) is (not old_tls_available())


@pytest.mark.asyncio
async def test_port_25_answered_by_another_machine() -> None:
    """465 and 587 greet as the provider; port 25 greets as the ISP's mail filter."""
    report = await probe(
        {
            465: submission_tls(ACCOUNTS),
            587: submission_starttls(ACCOUNTS),
            25: mx_like(hostname="mailfilter.isp.example"),
        },
        "465/tls,587/starttls,25/starttls",
    )
    found = findings(report)["smtp.identity_differs"]
    assert found["severity"] == "warning"
    assert (
        "On port 25 the answer came from mailfilter.isp.example (greeting)" in found["explanation"]
    )
    assert "smtp.lab.smtpwizard.test (greeting)" in found["explanation"]


@pytest.mark.asyncio
async def test_a_certificate_naming_another_machine_on_one_port() -> None:
    report = await probe(
        {
            465: submission_tls(ACCOUNTS),
            587: submission_starttls(ACCOUNTS),
            2525: submission_starttls(ACCOUNTS, cert=CertKind.OTHER_IDENTITY),
        },
        "465/tls,587/starttls,2525/starttls",
    )
    found = findings(report)["smtp.identity_differs"]
    assert "On port 2525" in found["explanation"]
    assert OTHER_IDENTITY_NAME in found["explanation"]


@pytest.mark.asyncio
async def test_the_same_machine_everywhere_is_not_flagged() -> None:
    report = await probe(
        {465: submission_tls(ACCOUNTS), 587: submission_starttls(ACCOUNTS)},
        "465/tls,587/starttls",
    )
    assert "smtp.identity_differs" not in findings(report)


def _attempt(port: int, greeting: str) -> Attempt:
    return Attempt(
        host="smtp.office365.com",
        pairing=Pairing(port, Security.STARTTLS),
        outcome=Outcome.OK,
        tls=TlsInfo("TLSv1.3", "x", names=("smtp.office365.com",), verified=True),
        transcript=(f"S: 220 {greeting} Microsoft ESMTP MAIL Service ready",),
    )


def test_machines_of_one_provider_are_one_identity() -> None:
    """Microsoft greets with the front-end machine's name, different on every connection."""
    attempts = [
        _attempt(25, "AM0PR01CA0001.outlook.office365.com"),
        _attempt(587, "DB9PR02CA0002.outlook.office365.com"),
        _attempt(2525, "VI1PR03CA0003.outlook.office365.com"),
    ]
    assert cert_audit.identity_differs(attempts) == []


def test_expiry_counts_days_and_ignores_unverified_certificates() -> None:
    now = datetime(2026, 12, 6, tzinfo=UTC)
    soon = (now + timedelta(days=3, hours=1)).isoformat()
    verified = TlsInfo("TLSv1.3", "x", not_after=soon, sha256="aa", verified=True)
    unverified = TlsInfo("TLSv1.3", "x", not_after=soon, sha256="bb", verified=False)
    attempts = [
        Attempt("h", Pairing(465, Security.TLS), Outcome.OK, tls=verified),
        Attempt("h", Pairing(587, Security.STARTTLS), Outcome.FAILED, tls=unverified),
    ]
    (found,) = cert_audit.expiring(attempts, now)
    assert (found.code, found.params["days"]) == (F.TLS_CERT_EXPIRING, "3")
