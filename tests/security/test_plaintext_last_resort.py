"""``--allow-plaintext`` is a last resort: the password goes out unencrypted only when no
verified pairing can sign in, and the answer then says so loudly.

Real lab servers on loopback: an SMTP server offering AUTH without encryption on "port 25"
and, beside it, a STARTTLS server with a certificate from the lab CA on "port 587".
"""

from __future__ import annotations

import pytest

from smtpwizard.core.contract import probe_json
from smtpwizard.core.models import Outcome, Pairing
from smtpwizard.core.probe.engine import probe_async
from smtpwizard.core.probe.events import ProbeEvent, VerdictReached
from smtpwizard.core.probe.options import ProbeOptions
from smtpwizard.lab.certs import LabCA
from smtpwizard.lab.spec import AuthOffer, Mode, ServerSpec
from tests.core.probe.test_probe_scenarios import ACCOUNTS, FAST, PASSWORD, USER, servers

pytestmark = pytest.mark.asyncio

PLAIN = ServerSpec(mode=Mode.PLAIN, auth=AuthOffer.ALWAYS, accounts=ACCOUNTS)
STARTTLS = ServerSpec(mode=Mode.STARTTLS_REQUIRED, accounts=ACCOUNTS)
PAIRINGS = (Pairing.parse("587/starttls"), Pairing.parse("25/none"))


def _options(ports: dict[int, int], password: str = PASSWORD) -> ProbeOptions:
    return ProbeOptions(
        "localhost",
        username=USER,
        password=password,
        pairings=PAIRINGS,
        timeouts=FAST,
        ca_pem=LabCA.shared().ca_pem,
        port_map=ports,
        allow_plaintext_auth=True,
        wait_all=True,
    )


async def test_no_cleartext_password_when_a_verified_pairing_signs_in() -> None:
    async with servers({587: STARTTLS, 25: PLAIN}) as started:
        ports = {port: server.port for port, server in started.items()}
        report = await probe_async(_options(ports))
        assert report.recommended is not None and report.recommended.port == 587
        assert started[25].auth_attempts == []  # the review: it got the password in cleartext
        assert not any(a.password_sent_unencrypted for a in report.attempts)
        assert "WITHOUT ENCRYPTION" not in report.summary


async def test_no_cleartext_retry_after_the_password_was_refused_encrypted() -> None:
    async with servers({587: STARTTLS, 25: PLAIN}) as started:
        ports = {port: server.port for port, server in started.items()}
        report = await probe_async(_options(ports, password="wrong password"))
        assert report.recommended is None
        assert started[25].auth_attempts == []


async def test_last_resort_signs_in_once_and_says_so_loudly() -> None:
    events: list[ProbeEvent] = []
    async with servers({587: None, 25: PLAIN}) as started:  # 587 blackholed: nothing verified
        ports = {port: server.port for port, server in started.items()}
        report = await probe_async(_options(ports), events.append)
        assert len(started[25].auth_attempts) == 1
    plain = report.attempt(Pairing.parse("25/none"))
    assert plain is not None and plain.outcome is Outcome.OK and plain.password_sent_unencrypted
    assert report.summary.startswith(
        "WARNING: YOUR PASSWORD WAS SENT WITHOUT ENCRYPTION on port 25"
    )
    [json_attempt] = [a for a in probe_json(report)["attempts"] if a["port"] == 25]
    assert json_attempt["password_sent_unencrypted"] is True
    verdicts = [e for e in events if isinstance(e, VerdictReached)]
    assert verdicts[-1].report.summary == report.summary
