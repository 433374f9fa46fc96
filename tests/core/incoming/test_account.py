"""A whole account in one run: SMTP (aiosmtpd lab) and IMAP/POP3 (Dovecot) with the same
credentials — one sign-in attempt overall — and the delivery proof: the lab SMTP server hands
the test message to a delivery agent that writes it into the Maildir Dovecot serves, and the
probe finds it over IMAP by its Message-ID."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from smtpwizard.core.incoming import incoming_options
from smtpwizard.core.incoming.account import AccountReport, probe_account_async
from smtpwizard.core.incoming.delivery import verdicts
from smtpwizard.core.models import AuthState, Outcome, Pairing
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.lab.certs import LabCA
from smtpwizard.lab.dovecot import DovecotServer, DovecotSpec
from smtpwizard.lab.server import LabServer
from smtpwizard.lab.spec import Mode, ServerSpec
from tests.fixtures.dovecot import DovecotFactory, incoming_port_map

USER = "owner@example.test"
PASSWORD = "one password for both"
FAST = Timeouts(connect=2.0, command=2.0, attempt=5.0)
VERDICT_HEADER = (
    "Authentication-Results: mx.lab.smtpwizard.test; spf=pass smtp.mailfrom=example.test; "
    "dkim=none; dmarc=fail header.from=example.test\r\n"
)


def _agent(server: DovecotServer, delay: float) -> object:
    """A delivery agent like a real MTA's: adds its verdict header, delivers a moment later."""

    def deliver(recipient: str, message: bytes) -> None:
        stamped = VERDICT_HEADER.encode() + message
        threading.Timer(delay, server.deliver, (recipient, stamped)).start()

    return deliver


@pytest_asyncio.fixture
async def account(dovecot: DovecotFactory) -> AsyncIterator[tuple[DovecotServer, LabServer]]:
    mailbox = dovecot(DovecotSpec(accounts={USER: PASSWORD}))
    smtp = await LabServer(
        ServerSpec(mode=Mode.TLS, accounts={USER: PASSWORD}, deliver=_agent(mailbox, 0.4))
    ).start()
    try:
        yield mailbox, smtp
    finally:
        await smtp.stop()


def _options(
    mailbox: DovecotServer, smtp: LabServer, password: str, **extra: object
) -> tuple[ProbeOptions, ProbeOptions]:
    outgoing = ProbeOptions(
        smtp.host,
        username=USER,
        password=password,
        pairings=(Pairing.parse("465/tls"),),
        ca_pem=LabCA.shared().ca_pem,
        port_map={465: smtp.port},
        timeouts=FAST,
        **extra,  # type: ignore[arg-type]
    )
    incoming = incoming_options(outgoing, mailbox.host, port_map=incoming_port_map(mailbox))
    return outgoing, incoming


@pytest.mark.asyncio
async def test_wrong_password_is_tried_once_across_smtp_imap_and_pop3(
    account: tuple[DovecotServer, LabServer],
) -> None:
    mailbox, smtp = account
    before = mailbox.login_failures
    report = await probe_account_async(*_options(mailbox, smtp, "not the password"))
    assert report.incoming is not None
    refused = smtp.failed_logins + (mailbox.login_failures - before)
    assert refused == 1
    everything = report.outgoing.attempts + report.incoming.attempts
    assert sum(a.auth is AuthState.FAILED for a in everything) == 1
    # the outgoing side leads (ranked first); every incoming pairing is held back
    assert all(a.outcome is Outcome.SKIPPED for a in report.incoming.attempts)
    assert report.delivery is None


@pytest.mark.asyncio
async def test_the_test_message_is_found_in_the_inbox(
    account: tuple[DovecotServer, LabServer],
) -> None:
    mailbox, smtp = account
    before = set(mailbox.messages(USER))
    report: AccountReport = await probe_account_async(
        *_options(mailbox, smtp, PASSWORD, send_test_to=USER), delivery_wait=10.0
    )
    assert report.outgoing.recommended is not None
    assert report.incoming is not None and report.incoming.recommended is not None
    proof = report.delivery
    assert proof is not None and proof.delivered, proof
    # the agent delivers 0.4 s after the SMTP server accepted it: found by polling
    assert 0.3 < proof.seconds < 10.0
    assert proof.verdicts == {"spf": "pass", "dkim": "none", "dmarc": "fail"}
    assert not proof.dkim_signed
    delivered = [p for p in mailbox.messages(USER) if p not in before]
    assert len(delivered) == 1
    assert proof.message_id.encode() in delivered[0].read_bytes()
    # read-only: the message is still new (EXAMINE and BODY.PEEK mark nothing as read)
    assert delivered[0].parent.name == "new"


@pytest.mark.asyncio
async def test_a_message_that_never_arrives_is_reported_as_missing(
    dovecot: DovecotFactory,
) -> None:
    mailbox = dovecot(DovecotSpec(accounts={USER: PASSWORD}))
    smtp = await LabServer(ServerSpec(mode=Mode.TLS, accounts={USER: PASSWORD})).start()
    try:
        report = await probe_account_async(
            *_options(mailbox, smtp, PASSWORD, send_test_to=USER), delivery_wait=1.5
        )
    finally:
        await smtp.stop()
    proof = report.delivery
    assert proof is not None and not proof.delivered
    assert 1.0 < proof.seconds < 5.0
    assert len(smtp.received) == 1


def test_verdicts_are_read_from_authentication_results() -> None:
    found, signed = verdicts(
        "Authentication-Results: mx.google.com;\r\n dkim=pass header.i=@example.com;\r\n"
        " spf=softfail (google.com: domain of transitioning x) smtp.mailfrom=x;\r\n"
        " dmarc=pass (p=NONE) header.from=example.com\r\n"
        "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s1; b=abc\r\n\r\n"
    )
    assert found == {"dkim": "pass", "spf": "softfail", "dmarc": "pass"}
    assert signed
