"""The probe against real servers on loopback: every failure code that can be made locally.

Each scenario starts real lab servers (aiosmtpd, certificates from a throwaway CA), maps the
logical ports (25/465/587/2525) onto them, probes, and checks the stable code, the outcome and
what reached the server (how many logins were tried, whether a password was ever sent).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping
from typing import Any

import pytest

from smtpwizard.core.contract import probe_json
from smtpwizard.core.models import Outcome, Pairing, ProbeReport, Security
from smtpwizard.core.probe.engine import probe_async
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.core.probe.verdict import Verdict, verdict_of
from smtpwizard.core.wording.codes import FailureCode as C
from smtpwizard.lab import spec as S
from smtpwizard.lab.blackhole import Blackhole
from smtpwizard.lab.certs import CertKind, LabCA, old_tls_available
from smtpwizard.lab.server import LabServer
from smtpwizard.lab.spec import AuthOffer, Behaviour, Mode, ServerSpec

pytestmark = pytest.mark.asyncio

USER = "someone@example.com"
PASSWORD = "correct horse battery"
ACCOUNTS = {USER: PASSWORD}
FAST = Timeouts(connect=2.0, command=2.0, attempt=5.0)


@contextlib.asynccontextmanager
async def servers(specs: Mapping[int, ServerSpec | None]) -> AsyncIterator[dict[int, Any]]:
    """Start one server per logical port (``None`` = a blackholed port)."""
    started: dict[int, Any] = {}
    try:
        for port, spec in specs.items():
            if spec is None:
                started[port] = Blackhole().start()
            else:
                started[port] = await LabServer(spec).start()
        yield started
    finally:
        for server in started.values():
            if isinstance(server, Blackhole):
                server.stop()
            else:
                await server.stop()


async def run(
    specs: Mapping[int, ServerSpec | None],
    pairings: str,
    *,
    password: str | None = PASSWORD,
    user: str | None = USER,
    **options: Any,
) -> tuple[ProbeReport, dict[int, Any]]:
    async with servers(specs) as started:
        opts = ProbeOptions(
            "localhost",
            username=user if password is not None else options.pop("username", None),
            password=password,
            pairings=tuple(Pairing.parse(p) for p in pairings.split(",")),
            timeouts=options.pop("timeouts", FAST),
            ca_pem=LabCA.shared().ca_pem,
            port_map={port: server.port for port, server in started.items()},
            **options,
        )
        report = await probe_async(opts)
        return report, started


def code_of(report: ProbeReport, pairing: str) -> C | None:
    attempt = report.attempt(Pairing.parse(pairing))
    assert attempt is not None
    return attempt.failure.code if attempt.failure else None


def outcome_of(report: ProbeReport, pairing: str) -> Outcome:
    attempt = report.attempt(Pairing.parse(pairing))
    assert attempt is not None
    return attempt.outcome


# --- the happy path -----------------------------------------------------------------------------


async def test_a_realistic_provider_works_and_465_is_recommended() -> None:
    report, started = await run(
        {465: S.submission_tls(ACCOUNTS), 587: S.submission_starttls(ACCOUNTS), 25: S.mx_like()},
        "25/none,25/starttls,587/starttls,587/none,465/tls,465/starttls",
        wait_all=True,
    )
    assert outcome_of(report, "465/tls") is Outcome.OK
    assert outcome_of(report, "587/starttls") is Outcome.OK
    assert code_of(report, "25/starttls") is C.AUTH_UNAVAILABLE
    assert code_of(report, "25/none") is C.AUTH_UNAVAILABLE_BEFORE_TLS
    assert code_of(report, "587/none") in (C.AUTH_UNAVAILABLE_BEFORE_TLS, C.AUTH_CLEARTEXT_REFUSED)
    assert code_of(report, "465/starttls") is C.NET_NO_GREETING
    assert report.recommended is not None
    assert (report.recommended.port, report.recommended.security) == (465, Security.TLS)
    assert report.recommended.username == USER
    assert verdict_of(report) is Verdict.WORKING
    assert started[465].failed_logins == 0 and started[587].failed_logins == 0
    tls = report.attempt(Pairing.parse("465/tls")).tls  # type: ignore[union-attr]
    assert tls is not None and tls.verified and tls.version.startswith("TLS")
    assert len(tls.sha256) == 64 and "localhost" in tls.names
    attempt = report.attempt(Pairing.parse("587/starttls"))
    assert attempt is not None
    names = [s.name.value for s in attempt.stages]
    assert names == [
        "resolve",
        "connect",
        "greeting",
        "ehlo",
        "starttls",
        "ehlo_tls",
        "auth",
        "sender",
    ]
    assert all(s.ok and s.ms >= 0 for s in attempt.stages)
    assert attempt.auth_mechanisms_before_tls == ()
    assert "PLAIN" in attempt.auth_mechanisms
    assert "Ready" in report.summary
    data = probe_json(report)
    assert data["schema"] == "smtpwizard.probe/1"
    assert data["recommended"]["port"] == 465


async def test_without_credentials_ok_means_a_secure_endpoint_with_auth() -> None:
    report, started = await run({465: S.submission_tls(ACCOUNTS)}, "465/tls", password=None)
    assert outcome_of(report, "465/tls") is Outcome.OK
    assert started[465].auth_attempts == []
    assert "not tested" in report.summary


async def test_test_message_is_really_sent_once() -> None:
    report, started = await run(
        {465: S.submission_tls(ACCOUNTS), 587: S.submission_starttls(ACCOUNTS)},
        "465/tls,587/starttls",
        send_test_to="friend@example.org",
        wait_all=True,
    )
    assert report.ok
    received = started[465].received + started[587].received
    assert len(received) == 1
    assert list(received[0].rcpt_tos) == ["friend@example.org"]


# --- sign-in ------------------------------------------------------------------------------------


async def test_wrong_password_is_tried_exactly_once() -> None:
    report, started = await run(
        {
            465: S.submission_tls(ACCOUNTS),
            587: S.submission_starttls(ACCOUNTS),
            2525: S.submission_starttls(ACCOUNTS),
        },
        "465/tls,587/starttls,2525/starttls",
        password="wrong password",
    )
    assert code_of(report, "465/tls") is C.AUTH_REJECTED
    total_failed = sum(s.failed_logins for s in started.values())
    assert total_failed == 1
    for other in ("587/starttls", "2525/starttls"):
        attempt = report.attempt(Pairing.parse(other))
        assert attempt is not None
        assert attempt.outcome is Outcome.SKIPPED
        assert "465/tls" in attempt.auth_note
    assert verdict_of(report) is Verdict.AUTH_FAILED
    assert "only once" in report.summary


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (S.GMAIL_APP_PASSWORD, C.AUTH_APP_PASSWORD_REQUIRED),
        (S.GMAIL_WEB_LOGIN, C.AUTH_WEB_LOGIN_REQUIRED),
        (S.GMAIL_BAD_CREDENTIALS, C.AUTH_REJECTED),
        (S.MICROSOFT_BASIC_AUTH_DISABLED, C.AUTH_BASIC_AUTH_DISABLED),
        (S.AUTH_RATE_LIMITED, C.AUTH_RATE_LIMITED),
        ("535 Authentication credentials invalid", C.AUTH_REJECTED),
    ],
)
async def test_provider_auth_replies(reply: str, expected: C) -> None:
    report, _ = await run({465: S.submission_tls(ACCOUNTS, auth_reply=reply)}, "465/tls")
    assert code_of(report, "465/tls") is expected
    assert verdict_of(report) is Verdict.AUTH_FAILED


async def test_encryption_required_before_auth() -> None:
    spec = S.submission_tls(ACCOUNTS, auth_reply=S.ENCRYPTION_REQUIRED, auth_reply_immediately=True)
    report, _ = await run({465: spec}, "465/tls")
    assert code_of(report, "465/tls") is C.AUTH_ENCRYPTION_REQUIRED


async def test_only_oauth_offered_means_no_common_mechanism() -> None:
    report, started = await run(
        {465: S.submission_tls(ACCOUNTS, mechanisms=("XOAUTH2",))}, "465/tls"
    )
    assert code_of(report, "465/tls") is C.AUTH_NO_COMMON_MECHANISM
    assert started[465].auth_attempts == []


async def test_no_auth_on_a_secure_port() -> None:
    report, _ = await run({465: ServerSpec(mode=Mode.TLS, auth=AuthOffer.NONE)}, "465/tls")
    assert code_of(report, "465/tls") is C.AUTH_UNAVAILABLE


async def test_password_is_never_sent_in_cleartext() -> None:
    spec = ServerSpec(mode=Mode.PLAIN, auth=AuthOffer.ALWAYS, accounts=ACCOUNTS)
    report, started = await run({25: spec}, "25/none")
    assert code_of(report, "25/none") is C.AUTH_CLEARTEXT_REFUSED
    assert started[25].auth_attempts == []
    assert verdict_of(report) is not Verdict.WORKING


async def test_plaintext_login_only_with_explicit_consent_and_never_recommended() -> None:
    spec = ServerSpec(mode=Mode.PLAIN, auth=AuthOffer.ALWAYS, accounts=ACCOUNTS)
    report, started = await run({25: spec}, "25/none", allow_plaintext_auth=True)
    assert outcome_of(report, "25/none") is Outcome.OK
    assert len(started[25].auth_attempts) == 1
    assert report.recommended is None


async def test_auth_only_after_tls() -> None:
    report, _ = await run(
        {587: ServerSpec(mode=Mode.STARTTLS, accounts=ACCOUNTS)},
        "587/none,587/starttls",
        wait_all=True,
    )
    assert code_of(report, "587/none") is C.AUTH_UNAVAILABLE_BEFORE_TLS
    assert outcome_of(report, "587/starttls") is Outcome.OK


# --- sending ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"mail_reply": S.SENDER_REJECTED}, C.SEND_SENDER_REJECTED),
        ({"mail_reply": S.MAIL_TEMPORARY}, C.SEND_TEMPORARY),
        ({"mail_reply": S.MAIL_UNAUTHENTICATED}, C.SEND_UNAUTHENTICATED),
        ({"mail_reply": S.QUOTA_PERMANENT}, C.SEND_QUOTA_EXCEEDED),
        ({"allowed_senders": frozenset({"other@example.com"})}, C.SEND_SENDER_REJECTED),
    ],
)
async def test_sender_check(changes: dict[str, Any], expected: C) -> None:
    report, started = await run({465: S.submission_tls(ACCOUNTS, **changes)}, "465/tls")
    assert code_of(report, "465/tls") is expected
    assert verdict_of(report) is Verdict.SENDER_REFUSED
    assert started[465].received == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"rcpt_reply": S.RELAY_DENIED}, C.SEND_RELAY_DENIED),
        ({"rcpt_reply": S.UNKNOWN_USER}, C.SEND_RECIPIENT_REJECTED),
        ({"rcpt_reply": "450 4.2.0 Greylisted, try again"}, C.SEND_TEMPORARY),
        ({"data_reply": S.QUOTA_TEMPORARY}, C.SEND_QUOTA_EXCEEDED),
    ],
)
async def test_test_message_refusals(changes: dict[str, Any], expected: C) -> None:
    report, _ = await run(
        {465: S.submission_tls(ACCOUNTS, **changes)}, "465/tls", send_test_to="nobody@example.com"
    )
    assert code_of(report, "465/tls") is expected


# --- TLS ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cert", "expected"),
    [
        (CertKind.SELF_SIGNED, C.TLS_CERT_SELF_SIGNED),
        (CertKind.EXPIRED, C.TLS_CERT_EXPIRED),
        (CertKind.NOT_YET_VALID, C.TLS_CERT_EXPIRED),
        (CertKind.WRONG_NAME, C.TLS_CERT_HOSTNAME_MISMATCH),
        (CertKind.UNTRUSTED_CA, C.TLS_CERT_UNTRUSTED),
        (CertKind.MISSING_INTERMEDIATE, C.TLS_CERT_UNTRUSTED),
    ],
)
@pytest.mark.parametrize("mode", [Mode.TLS, Mode.STARTTLS_REQUIRED])
async def test_certificate_problems_never_get_the_password(
    cert: CertKind, expected: C, mode: Mode
) -> None:
    port, pairing = (465, "465/tls") if mode is Mode.TLS else (587, "587/starttls")
    report, started = await run(
        {port: ServerSpec(mode=mode, cert=cert, accounts=ACCOUNTS)}, pairing
    )
    assert code_of(report, pairing) is expected
    assert started[port].auth_attempts == []
    attempt = report.attempt(Pairing.parse(pairing))
    assert attempt is not None and attempt.tls is not None
    assert not attempt.tls.verified
    assert len(attempt.tls.sha256) == 64  # shown so the person can compare it
    assert verdict_of(report) is Verdict.NO_SECURE_CHANNEL


async def test_a_pinned_certificate_is_trusted_for_exactly_that_fingerprint() -> None:
    spec = ServerSpec(mode=Mode.TLS, cert=CertKind.SELF_SIGNED, accounts=ACCOUNTS)
    first, _ = await run({465: spec}, "465/tls")
    attempt = first.attempt(Pairing.parse("465/tls"))
    assert attempt is not None and attempt.tls is not None
    pinned, started = await run(
        {465: spec}, "465/tls", pinned_sha256=frozenset({attempt.tls.sha256})
    )
    assert outcome_of(pinned, "465/tls") is Outcome.OK
    assert len(started[465].auth_attempts) == 1
    wrong, started = await run({465: spec}, "465/tls", pinned_sha256=frozenset({"00" * 32}))
    assert code_of(wrong, "465/tls") is C.TLS_CERT_SELF_SIGNED
    assert started[465].auth_attempts == []


@pytest.mark.skipif(not old_tls_available(), reason="this OpenSSL cannot serve TLS 1.0/1.1")
async def test_old_tls_only() -> None:
    report, _ = await run(
        {465: ServerSpec(mode=Mode.TLS, cert=CertKind.OLD_PROTOCOL)}, "465/tls", password=None
    )
    assert code_of(report, "465/tls") is C.TLS_PROTOCOL_TOO_OLD


async def test_client_certificate_required() -> None:
    report, _ = await run(
        {465: ServerSpec(mode=Mode.TLS, cert=CertKind.CLIENT_CERT_REQUIRED, accounts=ACCOUNTS)},
        "465/tls",
    )
    assert code_of(report, "465/tls") is C.TLS_CLIENT_CERT_REQUIRED


@pytest.mark.parametrize("mode", [Mode.TLS, Mode.STARTTLS_REQUIRED])
async def test_no_cipher_in_common_fails_the_handshake_and_keeps_the_password(mode: Mode) -> None:
    pairing = "465/tls" if mode is Mode.TLS else "587/starttls"
    port = 465 if mode is Mode.TLS else 587
    report, started = await run(
        {port: ServerSpec(mode=mode, cert=CertKind.NO_SHARED_CIPHER, accounts=ACCOUNTS)}, pairing
    )
    assert code_of(report, pairing) is C.TLS_HANDSHAKE_FAILED
    attempt = report.attempt(Pairing.parse(pairing))
    assert attempt is not None and attempt.failure is not None
    assert "handshake failure" in attempt.failure.detail.lower()
    assert started[port].auth_attempts == []


async def test_implicit_tls_on_a_plaintext_port_is_the_wrong_mode() -> None:
    report, _ = await run({587: S.submission_starttls(ACCOUNTS)}, "587/tls")
    assert code_of(report, "587/tls") is C.TLS_WRONG_MODE


async def test_plaintext_on_an_implicit_tls_port_gets_no_greeting() -> None:
    report, _ = await run({465: S.submission_tls(ACCOUNTS)}, "465/starttls")
    assert code_of(report, "465/starttls") is C.NET_NO_GREETING


async def test_starttls_missing_or_refused() -> None:
    report, _ = await run(
        {
            25: ServerSpec(mode=Mode.PLAIN, auth=AuthOffer.ALWAYS, accounts=ACCOUNTS),
            587: ServerSpec(
                mode=Mode.STARTTLS, starttls_reply=S.STARTTLS_REFUSED, accounts=ACCOUNTS
            ),
        },
        "25/starttls,587/starttls",
        wait_all=True,
    )
    assert code_of(report, "25/starttls") is C.TLS_STARTTLS_UNAVAILABLE
    assert code_of(report, "587/starttls") is C.TLS_STARTTLS_REFUSED


# --- network and greeting -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (ServerSpec(behaviour=Behaviour.SILENT), C.NET_NO_GREETING),
        (ServerSpec(behaviour=Behaviour.GARBAGE), C.SMTP_NOT_SMTP),
        (ServerSpec(behaviour=Behaviour.GARBAGE, banner=S.SSH_BANNER), C.SMTP_NOT_SMTP),
        (ServerSpec(behaviour=Behaviour.CLOSE), C.NET_CLOSED),
        (ServerSpec(greeting=S.GREETING_BUSY), C.SMTP_TEMPORARY),  # 421: busy, for now
        (ServerSpec(greeting=S.GREETING_BLOCKED), C.SMTP_GREETING_REJECTED),
        (
            ServerSpec(ehlo_reply="421 4.3.2 System not accepting network messages"),
            C.SMTP_TEMPORARY,
        ),
    ],
)
async def test_what_answers_is_not_a_working_smtp_server(spec: ServerSpec, expected: C) -> None:
    report, _ = await run({587: spec}, "587/starttls")
    assert code_of(report, "587/starttls") is expected


async def test_refused_and_blocked_ports() -> None:
    async with servers({2525: None}) as started:
        opts = ProbeOptions(
            "localhost",
            pairings=(Pairing.parse("2525/starttls"), Pairing.parse("587/starttls")),
            timeouts=Timeouts(connect=0.5, command=1.0, attempt=2.0),
            port_map={2525: started[2525].port, 587: _closed_port()},
        )
        report = await probe_async(opts)
    assert code_of(report, "2525/starttls") is C.NET_TIMEOUT
    assert code_of(report, "587/starttls") is C.NET_REFUSED
    assert verdict_of(report) is Verdict.UNREACHABLE


async def test_unknown_host_name() -> None:
    report = await probe_async(
        ProbeOptions("no-such-host.invalid", pairings=(Pairing.parse("587/starttls"),))
    )
    assert code_of(report, "587/starttls") in (C.DNS_NOT_FOUND, C.DNS_FAILED)
    assert verdict_of(report) is Verdict.UNREACHABLE


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- timing and cancellation --------------------------------------------------------------------


async def test_blocked_ports_do_not_delay_the_verdict() -> None:
    slow = Timeouts(connect=5.0, command=5.0, attempt=8.0)
    report, _ = await run(
        {465: S.submission_tls(ACCOUNTS), 587: None, 25: None},
        "465/tls,587/starttls,25/starttls",
        timeouts=slow,
    )
    assert report.ok
    assert report.duration_ms < 2500, report.duration_ms
    assert outcome_of(report, "587/starttls") is Outcome.UNFINISHED
    assert code_of(report, "587/starttls") is C.NET_TIMEOUT
    assert "Still no answer" in report.summary


async def test_cancelling_a_probe_leaves_nothing_running() -> None:
    async with servers({587: None, 25: ServerSpec(behaviour=Behaviour.SILENT)}) as started:
        opts = ProbeOptions(
            "localhost",
            pairings=(Pairing.parse("587/starttls"), Pairing.parse("25/starttls")),
            timeouts=Timeouts(connect=30, command=30, attempt=60),
            port_map={p: s.port for p, s in started.items()},
        )
        task = asyncio.ensure_future(probe_async(opts))
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.sleep(0)
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        assert others == []
