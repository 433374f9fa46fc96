"""The final-answer rule and the port inferences, against real servers on loopback.

Each inference has a test here; some servers sit behind a latency proxy so that the attempt
that could change the answer is still running when the others are done — showing both that the
rule answers early when nothing can change, and that it waits when something could.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import pytest

from smtpwizard.bench.latency import LatencyProxy
from smtpwizard.core.models import DEFAULT_PAIRINGS, Outcome, Pairing, Security
from smtpwizard.core.probe.engine import probe_async
from smtpwizard.core.probe.events import ProbeEvent, StageFinished, VerdictReached
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.core.probe.verdict import Verdict, verdict_of
from smtpwizard.core.wording.codes import FailureCode as C
from smtpwizard.lab import spec as S
from smtpwizard.lab.blackhole import Blackhole
from smtpwizard.lab.certs import CertKind, LabCA
from smtpwizard.lab.server import LabServer, closed_port
from smtpwizard.lab.spec import Behaviour, Mode, ServerSpec
from tests.core.probe.test_probe_scenarios import ACCOUNTS, PASSWORD, USER, code_of, outcome_of

pytestmark = pytest.mark.asyncio

# long enough that waiting for any of them would be obvious in the report
PATIENT = Timeouts(connect=5.0, command=6.0, attempt=10.0)


@contextlib.asynccontextmanager
async def slowed(port: int, delay: float) -> AsyncIterator[int]:
    """A latency proxy in front of ``port`` (``delay`` seconds each way)."""
    proxy = await LatencyProxy(port, delay, ("127.0.0.1",)).start()
    try:
        yield proxy.port
    finally:
        await proxy.stop()


def options(port_map: dict[int, int], pairings: str | None = None, **kw: object) -> ProbeOptions:
    chosen = tuple(Pairing.parse(p) for p in pairings.split(",")) if pairings else DEFAULT_PAIRINGS
    return ProbeOptions(
        "localhost",
        username=USER,
        password=kw.pop("password", PASSWORD),  # type: ignore[arg-type]
        pairings=chosen,
        timeouts=kw.pop("timeouts", PATIENT),  # type: ignore[arg-type]
        ca_pem=LabCA.shared().ca_pem,
        port_map={25: closed_port(), 2525: closed_port(), **port_map},
        **kw,  # type: ignore[arg-type]
    )


def detail(report: object, pairing: str) -> str:
    attempt = report.attempt(Pairing.parse(pairing))  # type: ignore[attr-defined]
    assert attempt is not None and attempt.failure is not None
    return str(attempt.failure.detail)


# --- port inference -------------------------------------------------------------------------------


async def test_a_port_that_answered_tls_ends_the_greeting_waiters_on_it() -> None:
    async with LabServer(S.submission_tls(ACCOUNTS)) as tls:
        report = await probe_async(
            options({465: tls.port}, "465/tls,465/starttls,465/none", wait_all=True)
        )
    assert outcome_of(report, "465/tls") is Outcome.OK
    for pairing in ("465/starttls", "465/none"):
        assert code_of(report, pairing) is C.NET_NO_GREETING
        assert "speaks SSL/TLS from the first byte" in detail(report, pairing)
    assert verdict_of(report) is Verdict.WORKING


async def test_a_certificate_failure_also_proves_the_port_speaks_tls() -> None:
    spec = S.submission_tls(ACCOUNTS, cert=CertKind.SELF_SIGNED)
    async with LabServer(spec) as tls:
        report = await probe_async(options({465: tls.port}, "465/tls,465/starttls"))
    assert code_of(report, "465/tls") is C.TLS_CERT_SELF_SIGNED
    assert "speaks SSL/TLS" in detail(report, "465/starttls")
    assert verdict_of(report) is Verdict.NO_SECURE_CHANNEL


async def test_a_plaintext_greeting_ends_the_tls_handshake_waiting_on_that_port() -> None:
    """The reverse: a server with a greet pause that stays silent to clients who talk first
    (a pregreet test) never answers the ClientHello; the plaintext greeting settles it."""
    late = ServerSpec(
        behaviour=Behaviour.GREET_LATE, banner=b"220 mx.example.com ESMTP\r\n", greeting_delay=0.2
    )
    async with LabServer(late) as server:
        report = await probe_async(options({587: server.port}, "587/none,587/tls"))
    assert code_of(report, "587/tls") is C.TLS_WRONG_MODE
    assert "greets in plaintext" in detail(report, "587/tls")


async def test_swapped_modes_are_found_with_an_added_tls_attempt() -> None:
    """465 speaks STARTTLS and 587 implicit TLS; 587/tls is not in the default set."""
    async with (
        LabServer(S.submission_starttls(ACCOUNTS)) as on465,
        LabServer(S.submission_tls(ACCOUNTS)) as on587,
    ):
        report = await probe_async(options({465: on465.port, 587: on587.port}))
        logins = on465.failed_logins + on587.failed_logins
    assert outcome_of(report, "587/tls") is Outcome.OK
    assert outcome_of(report, "465/starttls") is Outcome.OK
    assert code_of(report, "465/tls") is C.TLS_WRONG_MODE
    assert "speaks SSL/TLS" in detail(report, "587/starttls")
    assert report.recommended is not None
    assert (report.recommended.port, report.recommended.security) == (465, Security.STARTTLS)
    assert logins == 0
    assert report.attempt(Pairing.parse("25/tls")) is None  # never talk first on port 25


async def test_the_recommendation_names_the_pairing_that_really_works() -> None:
    async with LabServer(S.submission_tls(ACCOUNTS)) as on587:
        report = await probe_async(options({587: on587.port, 465: closed_port()}))
    assert report.recommended is not None
    assert (report.recommended.port, report.recommended.security) == (587, Security.TLS)
    assert "587" in report.summary and "SSL/TLS" in report.summary


# --- the final-answer rule ------------------------------------------------------------------------


async def test_a_refused_password_is_final_at_once() -> None:
    events: list[ProbeEvent] = []
    async with LabServer(S.submission_tls(ACCOUNTS)) as on465, Blackhole() as hole:
        report = await probe_async(
            options({465: on465.port, 2525: hole.port}, password="wrong"), on_event=events.append
        )
        failed_logins = on465.failed_logins
    assert failed_logins == 1
    assert code_of(report, "465/tls") is C.AUTH_REJECTED
    assert verdict_of(report) is Verdict.AUTH_FAILED
    # the blackholed port could not change the answer: it was not waited for
    assert outcome_of(report, "2525/starttls") is Outcome.UNFINISHED
    finals = [e for e in events if isinstance(e, VerdictReached) and e.final]
    assert len(finals) == 1 and verdict_of(finals[0].report) is Verdict.AUTH_FAILED


async def test_a_temporary_failure_after_the_sign_in_is_final() -> None:
    async with (
        LabServer(S.submission_tls(ACCOUNTS, mail_reply=S.MAIL_TEMPORARY)) as on465,
        LabServer(S.submission_starttls(ACCOUNTS)) as on587,
        slowed(on587.port, 0.4) as slow587,
    ):
        report = await probe_async(options({465: on465.port, 587: slow587}, "465/tls,587/starttls"))
    assert code_of(report, "465/tls") is C.SEND_TEMPORARY
    assert verdict_of(report) is Verdict.SENDER_REFUSED
    assert outcome_of(report, "587/starttls") is Outcome.UNFINISHED


async def test_it_waits_when_a_running_attempt_could_still_work() -> None:
    """465 fails on its certificate at once; 587 (slowed down) has a good one. Waiting changes
    the answer from "certificate problem" to "works on 587": the rule must not cut early."""
    async with (
        LabServer(S.submission_tls(ACCOUNTS, cert=CertKind.EXPIRED)) as on465,
        LabServer(S.submission_starttls(ACCOUNTS)) as on587,
        slowed(on587.port, 0.15) as slow587,
    ):
        report = await probe_async(options({465: on465.port, 587: slow587}, "465/tls,587/starttls"))
    assert code_of(report, "465/tls") is C.TLS_CERT_EXPIRED
    assert outcome_of(report, "587/starttls") is Outcome.OK
    assert report.recommended is not None and report.recommended.port == 587
    assert verdict_of(report) is Verdict.WORKING


async def test_it_waits_for_a_leader_still_signing_in() -> None:
    """The same password on a slower, better pairing: its refusal would change the answer."""
    async with (
        LabServer(S.submission_tls(ACCOUNTS)) as on465,
        slowed(on465.port, 0.15) as slow465,
        LabServer(ServerSpec(mode=Mode.STARTTLS, auth=S.AuthOffer.NONE)) as mx,
    ):
        report = await probe_async(
            options({465: slow465, 587: mx.port}, "465/tls,587/starttls", password="wrong")
        )
    assert code_of(report, "587/starttls") is C.AUTH_UNAVAILABLE
    assert code_of(report, "465/tls") is C.AUTH_REJECTED
    assert verdict_of(report) is Verdict.AUTH_FAILED


async def test_an_added_attempt_on_a_slow_greeter_is_left_out() -> None:
    """587 greets late (a slow server behind 0.1 s of latency): the probe adds 587/tls while it
    waits, learns from the greeting that 587 speaks plaintext, and leaves the guess out."""
    events: list[ProbeEvent] = []
    async with (
        LabServer(S.submission_starttls(ACCOUNTS)) as on587,
        slowed(on587.port, 0.1) as slow587,
    ):
        report = await probe_async(
            options({587: slow587, 465: closed_port()}, "587/starttls"), on_event=events.append
        )
    tried = {e.pairing for e in events if isinstance(e, StageFinished)}
    added = tried - {Pairing.parse("587/starttls")}
    assert added == {Pairing.parse("587/tls")}  # it was tried …
    assert report.attempt(Pairing.parse("587/tls")) is None  # … and left out of the answer
    assert outcome_of(report, "587/starttls") is Outcome.OK
    assert report.recommended is not None and report.recommended.security is Security.STARTTLS
