"""The incoming probe: IMAP 993/143 and POP3 995/110 of a host at once, safely.

The same shape as the outgoing probe (:mod:`smtpwizard.core.probe.engine`): the name is looked
up once, every pairing runs concurrently on its own connection, the answer is final as soon as
it cannot improve (a blocked port does not hold it hostage), and the rest is cancelled and
reported ``unfinished``. Recommendation: IMAP before POP3 (IMAP keeps mail on the server for
every device), implicit TLS before STARTTLS (RFC 8314), never plaintext.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from smtpwizard.core.incoming.session import run_incoming_session
from smtpwizard.core.models import (
    DEFAULT_INCOMING_PAIRINGS,
    Attempt,
    Failure,
    IncomingPairing,
    IncomingProtocol,
    IncomingSettings,
    Outcome,
    Pairing,
    ProbeReport,
    Security,
    StageName,
)
from smtpwizard.core.probe import diagnosis
from smtpwizard.core.probe.auth_gate import AuthGate
from smtpwizard.core.probe.deadline import attempt_within_deadline
from smtpwizard.core.probe.engine import FINISH_GRACE, blocking, resolve
from smtpwizard.core.probe.events import EventSink, ProbeEvent
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.core.probe.recorder import AttemptRecorder
from smtpwizard.core.probe.session import Shared
from smtpwizard.core.probe.tls_config import prepare_contexts
from smtpwizard.core.redaction import Redactor
from smtpwizard.core.validation import InputError
from smtpwizard.core.wording import notes
from smtpwizard.core.wording.summary import summarize_incoming

TOP_TIER_INCOMING: frozenset[IncomingPairing] = frozenset(DEFAULT_INCOMING_PAIRINGS[:2])
# ranks of incoming pairings start here when they share a sign-in gate with the SMTP probe
GATE_OFFSET = 1_000_000


def rank_incoming(pairing: Pairing, preferred: Sequence[Pairing] = ()) -> int:
    """Lower is better: the provider's order, then IMAP before POP3, TLS before STARTTLS."""
    if pairing in preferred:
        return list(preferred).index(pairing)
    protocol = pairing.protocol if isinstance(pairing, IncomingPairing) else IncomingProtocol.IMAP
    security = {Security.TLS: 0, Security.STARTTLS: 1, Security.NONE: 50}[pairing.security]
    known = 0 if pairing in DEFAULT_INCOMING_PAIRINGS else 1
    return (
        len(preferred)
        + security * 10_000
        + (0 if protocol is IncomingProtocol.IMAP else 1_000)
        + known * 100
        + pairing.port % 100
    )


def recommend_incoming(
    attempts: Iterable[Attempt],
    *,
    username: str | None,
    provider: str | None = None,
    preferred: Sequence[Pairing] = (),
) -> IncomingSettings | None:
    """The best working incoming pairing, never a plaintext one."""
    usable = [
        a
        for a in attempts
        if a.outcome is Outcome.OK
        and a.pairing.security is not Security.NONE
        and isinstance(a.pairing, IncomingPairing)
    ]
    if not usable:
        return None
    best = min(usable, key=lambda a: rank_incoming(a.pairing, preferred))
    assert isinstance(best.pairing, IncomingPairing)
    return IncomingSettings(
        host=best.host,
        port=best.pairing.port,
        security=best.pairing.security,
        username=username,
        provider=provider,
        protocol=best.pairing.protocol,
    )


def incoming_options(
    options: ProbeOptions,
    host: str,
    *,
    pairings: Sequence[IncomingPairing] = DEFAULT_INCOMING_PAIRINGS,
    port_map: dict[int, int] | None = None,
) -> ProbeOptions:
    """The outgoing probe's options turned into the incoming probe's (same user, same secret)."""
    return replace(
        options,
        host=host,
        pairings=tuple(pairings),
        preferred=(),
        send_test_to=None,
        sender=None,
        pinned_sha256=frozenset(),
        port_map=options.port_map if port_map is None else port_map,
    )


class _IncomingProbe:
    def __init__(
        self, options: ProbeOptions, on_event: EventSink | None, gate: AuthGate | None
    ) -> None:
        for pairing in options.pairings:
            if not isinstance(pairing, IncomingPairing):
                raise InputError(f"{pairing} is not an incoming-mail (IMAP/POP3) pairing.")
        self.options = options
        self.on_event = on_event
        self.started = time.perf_counter()
        self.recorders = {p: AttemptRecorder(options.host, p, self._emit) for p in options.pairings}
        self.results: dict[Pairing, Attempt] = {}
        self.verdict_ms: float | None = None
        candidates = {
            p
            for p in options.pairings
            if p.security is not Security.NONE or options.allow_plaintext_auth
        }
        self._owns_gate = gate is None
        if gate is None:
            self.gate = AuthGate(candidates, self.rank)
        else:
            gate.expect(candidates, self.rank, offset=GATE_OFFSET)
            self.gate = gate
        self.redactor = Redactor(options.secrets)

    def rank(self, pairing: Pairing) -> int:
        return rank_incoming(pairing, self.options.preferred)

    def _emit(self, event: ProbeEvent) -> None:
        if self.on_event is not None:
            self.on_event(event)

    def elapsed_ms(self) -> float:
        return (time.perf_counter() - self.started) * 1000

    async def _attempt(self, shared: Shared, pairing: Pairing) -> Attempt:
        try:
            return await attempt_within_deadline(
                run_incoming_session, shared, self.recorders[pairing], self.options
            )
        finally:
            self.gate.finished(pairing)

    def _unfinished(self, pairing: Pairing) -> Attempt:
        rec = self.recorders[pairing]
        if rec.result is not None:
            return rec.result
        stage = rec.current or StageName.CONNECT
        seconds = self.elapsed_ms() / 1000
        likely = diagnosis.classify_timeout(stage, self.options.host, pairing.port, seconds)
        snapshot = AttemptRecorder(rec.host, pairing, None)
        snapshot.stages = list(rec.stages)
        snapshot.tls = rec.tls
        snapshot.transcript = list(rec.transcript)
        failure: Failure | None = None
        if stage in (StageName.RESOLVE, StageName.CONNECT, StageName.GREETING, StageName.TLS):
            failure = Failure(
                likely.code,
                detail=notes.STILL_WAITING.format(seconds=f"{seconds:.1f}", stage=stage.value),
                params=likely.params,
            )
        else:
            snapshot.auth_note = (
                f"stopped waiting at the {stage.value} step: the answer was already clear"
            )
        return snapshot.finish(Outcome.UNFINISHED, failure)

    def _report(self) -> ProbeReport:
        opts = self.options
        attempts = [
            self.results[p] if p in self.results else self._unfinished(p) for p in opts.pairings
        ]
        if self.redactor:
            attempts = [
                replace(a, transcript=tuple(self.redactor(line) for line in a.transcript))
                for a in attempts
            ]
        recommended = recommend_incoming(
            attempts, username=opts.username, provider=opts.provider, preferred=opts.preferred
        )
        report = ProbeReport(
            host=opts.host,
            attempts=tuple(attempts),
            duration_ms=self.elapsed_ms(),
            recommended=recommended,
            username=opts.username,
            provider=opts.provider,
            verdict_ms=self.verdict_ms,
            credentials_given=opts.password is not None,
        )
        return replace(report, summary=summarize_incoming(report))

    def _final(self, pending: set[Pairing]) -> bool:
        """True when the answer cannot improve: a top-tier pairing works, nothing better is on
        its way (a pending pairing that already connected could still win)."""
        if not pending:
            return True
        best = recommend_incoming(
            self.results.values(), username=None, preferred=self.options.preferred
        )
        if best is None:
            return False
        pairing = IncomingPairing(best.port, best.security, best.protocol)
        best_rank = self.rank(pairing)
        if any(self.rank(p) < best_rank and self.recorders[p].connected for p in pending):
            return False
        return pairing in TOP_TIER_INCOMING or pairing in self.options.preferred[:1]

    async def run(self) -> ProbeReport:
        opts = self.options
        addresses, resolve_ms, failure = await resolve(opts.host, opts.timeouts.connect)
        for rec in self.recorders.values():
            rec.add_stage(
                StageName.RESOLVE,
                failure is None,
                resolve_ms,
                failure.detail if failure else ", ".join(str(a[1][0]) for a in addresses),
            )
        if failure is not None:
            for p, rec in self.recorders.items():
                self.results[p] = rec.finish(Outcome.FAILED, failure)
                self.gate.finished(p)
            self.verdict_ms = self.elapsed_ms()
            return self._report()
        try:
            await prepare_contexts(opts)
        except (OSError, ssl.SSLError) as exc:
            raise InputError(f"The certificate authority file cannot be used: {exc}") from None
        shared = Shared(options=opts, addresses=addresses, gate=self.gate)
        tasks = {
            asyncio.create_task(self._attempt(shared, p), name=f"smtpwizard-incoming-{p}"): p
            for p in opts.pairings
        }
        pending_tasks = set(tasks)
        try:
            while pending_tasks:
                done, pending_tasks = await asyncio.wait(
                    pending_tasks, return_when=asyncio.FIRST_COMPLETED
                )
                for task in done:
                    self.results[tasks[task]] = task.result()
                if self._final({tasks[t] for t in pending_tasks}):
                    self.verdict_ms = self.elapsed_ms()
                    if opts.wait_all:
                        continue
                    talking = [t for t in pending_tasks if self.recorders[tasks[t]].greeted]
                    if talking:
                        finished, _ = await asyncio.wait(talking, timeout=FINISH_GRACE)
                        for task in finished:
                            self.results[tasks[task]] = task.result()
                    pending_tasks = {t for t in pending_tasks if not t.done()}
                    break
        finally:
            for task in pending_tasks:
                task.cancel()
            if pending_tasks:
                await asyncio.gather(*pending_tasks, return_exceptions=True)
            if self._owns_gate:
                self.gate.close()
        if self.verdict_ms is None:
            self.verdict_ms = self.elapsed_ms()
        return self._report()


def _incoming_target(
    target: ProbeOptions | str,
    pairings: Iterable[IncomingPairing | str] | None,
    changes: dict[str, Any],
) -> ProbeOptions:
    if pairings is not None:
        changes["pairings"] = tuple(
            p if isinstance(p, IncomingPairing) else IncomingPairing.parse(p) for p in pairings
        )
    if isinstance(target, ProbeOptions):
        return replace(target, **changes) if changes else target
    changes.setdefault("pairings", DEFAULT_INCOMING_PAIRINGS)
    return ProbeOptions(target, **changes)


async def probe_incoming_async(
    target: ProbeOptions | str,
    on_event: EventSink | None = None,
    *,
    user: str | None = None,
    username: str | None = None,
    password: str | None = None,
    pairings: Iterable[IncomingPairing | str] | None = None,
    timeouts: Timeouts | None = None,
    ca_file: str | None = None,
    wait_all: bool | None = None,
    provider: str | None = None,
    oauth_token: str | None = None,
    auth_gate: AuthGate | None = None,
) -> ProbeReport:
    """Probe incoming mail (IMAP and POP3) on a host; never raises for network or server
    problems (the report says what happened).

    ``target`` is a :class:`ProbeOptions` (its pairings :class:`IncomingPairing` values) or a
    host name, probed on IMAP 993/143 and POP3 995/110 unless ``pairings`` says otherwise
    (``IncomingPairing`` values or strings like ``"imap/993/tls"``). The keyword arguments set
    (or replace) the :class:`ProbeOptions` fields of the same name, as for
    :func:`~smtpwizard.core.probe.engine.probe_async` (``user`` is the friendlier spelling of
    ``username``). The password is tried once at most, on the best verified pairing; the inbox
    is only opened read-only. Raises :class:`~smtpwizard.core.validation.InputError` for
    unusable input. ``auth_gate``: shared with the SMTP probe of the same account.
    """
    if user is not None and username is not None and user != username:
        raise InputError("Give the user name once (user= or username=), not two different ones.")
    given: dict[str, Any] = {
        "username": username if username is not None else user,
        "password": password,
        "timeouts": timeouts,
        "ca_file": ca_file,
        "wait_all": wait_all,
        "provider": provider,
        "oauth_token": oauth_token,
    }
    changes = {name: value for name, value in given.items() if value is not None}
    try:
        options = _incoming_target(target, pairings, changes)
    except ValueError as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(str(exc)) from None
    return await _IncomingProbe(options, on_event, auth_gate).run()


#: Blocking variant of :func:`probe_incoming_async`, with the same arguments::
#:
#:     report = smtpwizard.probe_incoming("imap.example.com", user="me@example.com",
#:                                        password="...")
#:     print(report.summary, report.recommended)  # an IncomingSettings (protocol, host, port …)
probe_incoming = blocking(probe_incoming_async)
