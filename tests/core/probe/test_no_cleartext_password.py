"""A recording TCP proxy between the probe and real servers proves that no form of the
password (raw, base64, AUTH PLAIN/LOGIN blobs) ever crosses the wire readable."""

from __future__ import annotations

import pytest

from smtpwizard.core.contract import probe_json
from smtpwizard.core.models import DEFAULT_PAIRINGS, Pairing, Security
from smtpwizard.core.probe.engine import probe_async
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.lab import spec as S
from smtpwizard.lab.certs import CertKind, LabCA
from smtpwizard.lab.server import LabServer
from smtpwizard.lab.spec import AuthOffer, Mode, ServerSpec
from tests.fixtures.proxy import RecordingProxy, secret_forms

pytestmark = pytest.mark.asyncio

USER = "someone@example.com"
PASSWORD = "Tr0ub4dor&3-unique"
ACCOUNTS = {USER: PASSWORD}

SCENARIOS = {
    "plaintext server offering AUTH everywhere": ServerSpec(
        mode=Mode.PLAIN, auth=AuthOffer.ALWAYS, accounts=ACCOUNTS
    ),
    "STARTTLS offered, AUTH before and after": ServerSpec(
        mode=Mode.STARTTLS, auth=AuthOffer.ALWAYS, accounts=ACCOUNTS
    ),
    "STARTTLS with a self-signed certificate": ServerSpec(
        mode=Mode.STARTTLS, auth=AuthOffer.ALWAYS, cert=CertKind.SELF_SIGNED, accounts=ACCOUNTS
    ),
    "STARTTLS refused by the server": ServerSpec(
        mode=Mode.STARTTLS,
        auth=AuthOffer.ALWAYS,
        starttls_reply=S.STARTTLS_REFUSED,
        accounts=ACCOUNTS,
    ),
    "implicit TLS with a wrong-name certificate": ServerSpec(
        mode=Mode.TLS, cert=CertKind.WRONG_NAME, accounts=ACCOUNTS
    ),
    "implicit TLS, working": S.submission_tls(ACCOUNTS),
    "STARTTLS required, working": S.submission_starttls(ACCOUNTS),
}


@pytest.mark.parametrize("password", [PASSWORD, "wrong-" + PASSWORD])
@pytest.mark.parametrize("scenario", list(SCENARIOS))
async def test_password_never_readable_on_the_wire(scenario: str, password: str) -> None:
    spec = SCENARIOS[scenario]
    async with LabServer(spec) as server, RecordingProxy(server.port) as proxy:
        # every default pairing goes through the same proxy to the same server
        options = ProbeOptions(
            "localhost",
            username=USER,
            password=password,
            pairings=DEFAULT_PAIRINGS,
            timeouts=Timeouts(connect=2, command=1.5, attempt=4),
            ca_pem=LabCA.shared().ca_pem,
            port_map={p.port: proxy.port for p in DEFAULT_PAIRINGS},
            wait_all=True,
        )
        report = await probe_async(options)
    assert proxy.connections >= 3
    assert proxy.leaks(secret_forms(USER, password)) == []
    # and nothing the probe keeps mentions it either
    text = str(probe_json(report))
    assert password not in text
    plain_ok = [
        a
        for a in report.attempts
        if a.pairing.security is Security.NONE and a.outcome.value == "ok"
    ]
    assert plain_ok == []


@pytest.mark.parametrize("password", [PASSWORD, "wrong-" + PASSWORD])
async def test_the_added_tls_attempt_keeps_every_rule(password: str) -> None:
    """465 speaks STARTTLS, 587 implicit TLS: the probe adds 587/tls on its own. The password
    still crosses only verified TLS, and is tried at most once across both servers."""
    async with (
        LabServer(S.submission_starttls(ACCOUNTS)) as on465,
        LabServer(S.submission_tls(ACCOUNTS)) as on587,
        RecordingProxy(on465.port) as proxy465,
        RecordingProxy(on587.port) as proxy587,
    ):
        report = await probe_async(
            ProbeOptions(
                "localhost",
                username=USER,
                password=password,
                pairings=DEFAULT_PAIRINGS,
                timeouts=Timeouts(connect=2, command=1.5, attempt=4),
                ca_pem=LabCA.shared().ca_pem,
                port_map={25: proxy465.port, 465: proxy465.port, 587: proxy587.port},
                wait_all=True,
            )
        )
        failed_logins = on465.failed_logins + on587.failed_logins
        logins = len(on465.auth_attempts) + len(on587.auth_attempts)
    added = report.attempt(Pairing.parse("587/tls"))
    assert added is not None  # the probe added it: 587 was silent to plaintext
    for proxy in (proxy465, proxy587):
        assert proxy.leaks(secret_forms(USER, password)) == []
    assert password not in str(probe_json(report))
    if password == PASSWORD:
        assert failed_logins == 0 and added.outcome.value == "ok"
    else:
        assert failed_logins == 1 and logins == 1
        assert added.outcome.value in ("skipped", "failed")
