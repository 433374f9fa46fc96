"""The incoming probe (IMAP 993/143, POP3 995/110) against a real Dovecot on loopback.

Every scenario checks the stable code, the outcome and what reached the server (Dovecot's own
log says how many sign-ins it refused and whether any login happened at all).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from smtpwizard.core.contract import attempt_json
from smtpwizard.core.incoming import probe_incoming_async
from smtpwizard.core.models import (
    DEFAULT_INCOMING_PAIRINGS,
    AuthState,
    IncomingPairing,
    IncomingProtocol,
    IncomingSettings,
    Outcome,
    ProbeReport,
    Security,
    StageName,
)
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.core.wording.codes import FailureCode as C
from smtpwizard.lab.certs import CertKind, LabCA
from smtpwizard.lab.dovecot import DovecotServer, DovecotSpec
from smtpwizard.lab.server import LabServer
from smtpwizard.lab.spec import Behaviour, ServerSpec
from tests.fixtures.dovecot import DovecotFactory, incoming_port_map

pytestmark = pytest.mark.asyncio

USER = "reader@example.test"
PASSWORD = "correct horse battery"
FAST = Timeouts(connect=2.0, command=2.0, attempt=5.0)
IMAPS, IMAP, POP3S, POP3 = DEFAULT_INCOMING_PAIRINGS


def _options(
    server: DovecotServer,
    port_map: dict[int, int],
    *,
    password: str | None = PASSWORD,
    pairings: tuple[IncomingPairing, ...] = DEFAULT_INCOMING_PAIRINGS,
    **extra: object,
) -> ProbeOptions:
    return ProbeOptions(
        server.host,
        username=USER if password is not None else None,
        password=password,
        pairings=pairings,
        ca_pem=LabCA.shared().ca_pem,
        port_map=port_map,
        timeouts=FAST,
        wait_all=True,
        **extra,  # type: ignore[arg-type]
    )


def _by_pairing(report: ProbeReport) -> dict[IncomingPairing, object]:
    return {a.pairing: a for a in report.attempts}  # type: ignore[misc]


async def test_all_four_pairings_sign_in_and_open_the_inbox(dovecot: DovecotFactory) -> None:
    server = dovecot(DovecotSpec(accounts={USER: PASSWORD}))
    report = await probe_incoming_async(_options(server, incoming_port_map(server)))
    assert [a.outcome for a in report.attempts] == [Outcome.OK] * 4
    assert all(a.auth is AuthState.OK and a.secure for a in report.attempts)
    assert report.recommended == IncomingSettings(
        host=server.host,
        port=993,
        security=Security.TLS,
        username=USER,
        protocol=IncomingProtocol.IMAP,
    )
    imap_starttls = report.attempt(IMAP)
    assert imap_starttls is not None
    names = [s.name for s in imap_starttls.stages]
    assert names == [
        StageName.RESOLVE,
        StageName.CONNECT,
        StageName.GREETING,
        StageName.CAPABILITY,
        StageName.STARTTLS,
        StageName.CAPABILITY_TLS,
        StageName.AUTH,
        StageName.INBOX,
    ]
    # before TLS Dovecot refuses passwords; after TLS it offers them
    assert "LOGINDISABLED" in " ".join(imap_starttls.transcript[:3])
    assert "EXAMINE INBOX" in "\n".join(imap_starttls.transcript)
    assert all(PASSWORD not in line for a in report.attempts for line in a.transcript)
    pop = report.attempt(POP3)
    assert pop is not None and pop.auth_mechanisms == ("PLAIN", "LOGIN")
    assert attempt_json(report.attempts[2])["protocol"] == "pop3"


async def test_wrong_password_is_tried_once_across_imap_and_pop3(dovecot: DovecotFactory) -> None:
    server = dovecot(DovecotSpec(accounts={USER: PASSWORD}))
    before = server.login_failures
    report = await probe_incoming_async(
        _options(server, incoming_port_map(server), password="wrong password")
    )
    assert server.login_failures - before == 1
    failed = [a for a in report.attempts if a.auth is AuthState.FAILED]
    assert len(failed) == 1 and failed[0].failure is not None
    assert failed[0].failure.code is C.AUTH_REJECTED
    skipped = [a for a in report.attempts if a.outcome is Outcome.SKIPPED]
    assert len(skipped) == 3
    assert all(a.auth_note.startswith("not tried: rejected on") for a in skipped)
    assert report.recommended is None
    assert "only once" in report.summary


async def test_without_credentials_the_channel_is_proven_and_nothing_is_sent(
    dovecot: DovecotFactory,
) -> None:
    server = dovecot(DovecotSpec(accounts={USER: PASSWORD}))
    logins = server.log().count("Login: user=")
    report = await probe_incoming_async(_options(server, incoming_port_map(server), password=None))
    assert [a.outcome for a in report.attempts] == [Outcome.OK] * 4
    assert all(a.auth is AuthState.NOT_TRIED for a in report.attempts)
    assert server.log().count("Login: user=") == logins
    assert "were not tested" in report.summary


async def test_starttls_not_offered_means_no_password_is_sent(dovecot: DovecotFactory) -> None:
    server = dovecot(DovecotSpec(accounts={USER: PASSWORD}, cert=None, plaintext_login=True))
    assert set(server.ports) == {"imap", "pop3"}
    logins = server.log().count("Login: user=")
    report = await probe_incoming_async(
        _options(server, incoming_port_map(server), pairings=(IMAP, POP3))
    )
    for attempt in report.attempts:
        assert attempt.outcome is Outcome.FAILED
        assert attempt.failure is not None
        assert attempt.failure.code is C.TLS_STARTTLS_UNAVAILABLE
        # the server would take the password in the clear: the words warn about exactly that
        assert attempt.failure.params.get("auth_offered") == "yes"
    assert server.log().count("Login: user=") == logins
    assert server.login_failures == 0


async def test_plaintext_login_disabled_is_its_own_failure(dovecot: DovecotFactory) -> None:
    # no TLS at all and no password without TLS: even a person who allows plaintext cannot
    # sign in; the probe says so instead of trying
    server = dovecot(DovecotSpec(accounts={USER: PASSWORD}, cert=None, plaintext_login=False))
    plain = (
        IncomingPairing(143, Security.NONE, IncomingProtocol.IMAP),
        IncomingPairing(110, Security.NONE, IncomingProtocol.POP3),
    )
    report = await probe_incoming_async(
        _options(server, incoming_port_map(server), pairings=plain, allow_plaintext_auth=True)
    )
    codes = [a.failure.code if a.failure else None for a in report.attempts]
    assert codes == [C.IMAP_LOGIN_DISABLED, C.IMAP_LOGIN_DISABLED]
    assert all(a.auth is AuthState.NOT_TRIED for a in report.attempts)
    assert server.login_failures == 0
    imap, pop = report.attempts
    assert "LOGINDISABLED" in (imap.failure.detail if imap.failure else "")
    # POP3 without TLS: Dovecot lists neither USER nor a SASL mechanism
    assert "USER" in (pop.failure.detail if pop.failure else "")


async def test_self_signed_certificate_gets_no_password(dovecot: DovecotFactory) -> None:
    server = dovecot(DovecotSpec(accounts={USER: PASSWORD}, cert=CertKind.SELF_SIGNED))
    logins = server.log().count("Login: user=")
    report = await probe_incoming_async(_options(server, incoming_port_map(server)))
    for attempt in report.attempts:
        assert attempt.outcome is Outcome.FAILED
        assert attempt.failure is not None and attempt.failure.code is C.TLS_CERT_SELF_SIGNED
        # the certificate was read afterwards (without a password) so it can be shown
        assert attempt.tls is not None and not attempt.tls.verified
        assert attempt.auth is AuthState.NOT_TRIED
    assert server.log().count("Login: user=") == logins
    assert server.login_failures == 0


async def test_a_pinned_self_signed_certificate_is_accepted(dovecot: DovecotFactory) -> None:
    server = dovecot(DovecotSpec(accounts={USER: PASSWORD}, cert=CertKind.SELF_SIGNED))
    first = await probe_incoming_async(
        _options(server, incoming_port_map(server), pairings=(IMAPS,), password=None)
    )
    assert first.attempts[0].tls is not None
    pin = first.attempts[0].tls.sha256
    report = await probe_incoming_async(
        _options(server, incoming_port_map(server), pairings=(IMAPS,), pinned_sha256={pin})
    )
    assert report.attempts[0].outcome is Outcome.OK
    assert report.attempts[0].auth is AuthState.OK


async def test_swapped_modes_are_told_apart(dovecot: DovecotFactory) -> None:
    server = dovecot(DovecotSpec(accounts={USER: PASSWORD}))
    crossed = incoming_port_map(server, **{"993": "imap", "143": "imaps"})
    report = await probe_incoming_async(
        _options(server, crossed, pairings=(IMAPS, IMAP), password=None)
    )
    implicit, starttls = report.attempts
    # TLS spoken to a plaintext server: the handshake meets a greeting instead
    assert implicit.failure is not None and implicit.failure.code is C.TLS_WRONG_MODE
    # plaintext to an implicit-TLS port: the server waits silently for a handshake
    assert starttls.failure is not None and starttls.failure.code is C.NET_NO_GREETING


async def test_a_dropped_port_does_not_hold_the_answer(dovecot: DovecotFactory) -> None:
    server = dovecot(DovecotSpec(accounts={USER: PASSWORD}))
    silent = await LabServer(ServerSpec(behaviour=Behaviour.SILENT), hosts=(server.host,)).start()
    try:
        port_map = incoming_port_map(server)
        port_map[143] = silent.port
        report = await probe_incoming_async(replace(_options(server, port_map), wait_all=False))
    finally:
        await silent.stop()
    dropped = report.attempt(IMAP)
    assert dropped is not None
    assert dropped.outcome in (Outcome.UNFINISHED, Outcome.FAILED)
    assert dropped.failure is not None and dropped.failure.code is C.NET_NO_GREETING
    assert report.recommended is not None and report.recommended.port == 993
    assert report.verdict_ms is not None and report.verdict_ms < FAST.command * 1000


async def test_smtp_on_an_imap_port_is_named(dovecot: DovecotFactory) -> None:
    server = dovecot(DovecotSpec(accounts={USER: PASSWORD}))
    smtp = await LabServer(ServerSpec(), hosts=(server.host,)).start()
    try:
        port_map = {143: smtp.port}
        report = await probe_incoming_async(
            _options(server, port_map, pairings=(IMAP,), password=None)
        )
    finally:
        await smtp.stop()
    failure = report.attempts[0].failure
    assert failure is not None and failure.code is C.IMAP_WRONG_PROTOCOL
    assert failure.params.get("speaks") == "SMTP"


async def test_a_password_with_accents_signs_in_on_imap_and_pop3(dovecot: DovecotFactory) -> None:
    # IMAP LOGIN carries ASCII only: the probe uses AUTHENTICATE PLAIN (UTF-8) instead
    password = "pässwörd-ß"
    server = dovecot(DovecotSpec(accounts={USER: password}))
    report = await probe_incoming_async(
        _options(server, incoming_port_map(server), password=password)
    )
    assert [a.outcome for a in report.attempts] == [Outcome.OK] * 4
    imaps = report.attempts[0]
    assert any("AUTHENTICATE PLAIN" in line for line in imaps.transcript)
    assert all(password not in line for a in report.attempts for line in a.transcript)
