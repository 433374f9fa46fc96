"""The probe: test every port × security pairing of a host at once, safely.

All pairings run concurrently, one connection each. The name is looked up once and shared,
and so is what the attempts learn about each port (:mod:`.port_modes`): a port silent to
plaintext gets an added SSL/TLS attempt. After every step the engine asks
:func:`.finality.is_final` whether any attempt still running could change the answer; once
none can, the answer is reported (``VerdictReached(final=True)``) and the remaining attempts
either keep running (``wait_all``) or are cancelled and reported as ``unfinished``. Cancelling
the probe cancels every attempt and closes every socket.
"""

from __future__ import annotations

import asyncio
import functools
import socket
import ssl
import time
from collections.abc import Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, ParamSpec, TypeVar

from smtpwizard.core.discovery.providers import bundled_providers
from smtpwizard.core.models import (
    Attempt,
    AuthState,
    Failure,
    Outcome,
    Pairing,
    ProbeReport,
    Security,
    Settings,
    StageName,
)
from smtpwizard.core.probe import diagnosis
from smtpwizard.core.probe.aiosmtplib_compat import check_compatible
from smtpwizard.core.probe.auth_gate import AuthGate, Turn
from smtpwizard.core.probe.deadline import attempt_within_deadline
from smtpwizard.core.probe.events import AttemptFinished, EventSink, ProbeEvent, VerdictReached
from smtpwizard.core.probe.finality import Finished, Knowledge, Login, Phase, Running, is_final
from smtpwizard.core.probe.followups import Followups
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.core.probe.port_modes import PortModes
from smtpwizard.core.probe.ranking import rank, recommend
from smtpwizard.core.probe.recorder import AttemptRecorder
from smtpwizard.core.probe.reproduce import reproduce
from smtpwizard.core.probe.session import Shared, run_session
from smtpwizard.core.probe.tls_config import prepare_contexts
from smtpwizard.core.probe.verdict import Facts, facts_of
from smtpwizard.core.redaction import Redactor
from smtpwizard.core.validation import InputError
from smtpwizard.core.wording import notes
from smtpwizard.core.wording.codes import CERTIFICATE_CODES, FailureCode
from smtpwizard.core.wording.summary import summarize

Address = tuple[int, tuple[Any, ...]]

# seconds an attempt that is already connected may take to finish once the verdict is final
FINISH_GRACE = 0.75
# an attempt still waiting at one of these steps is reported with the likely cause of silence
_SILENT_STAGES = (StageName.RESOLVE, StageName.CONNECT, StageName.GREETING, StageName.TLS)

P = ParamSpec("P")
R = TypeVar("R")


async def resolve(host: str, timeout: float) -> tuple[list[Address], float, Failure | None]:
    started = time.perf_counter()
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.getaddrinfo(host, None, type=socket.SOCK_STREAM), timeout
        )
    except (OSError, TimeoutError) as exc:
        ms = (time.perf_counter() - started) * 1000
        if isinstance(exc, TimeoutError):
            failure = Failure(
                diagnosis.C.DNS_FAILED,
                detail=notes.NAME_SERVER_SILENT.format(seconds=f"{timeout:.0f}"),
                params={"host": host},
            )
        else:
            failure = diagnosis.classify_os_error(exc, StageName.RESOLVE, host, 0)
        return [], ms, failure
    seen: set[Any] = set()
    addresses: list[Address] = []
    for family, _type, _proto, _canon, sockaddr in infos:
        if sockaddr[0] not in seen:
            seen.add(sockaddr[0])
            addresses.append((family, sockaddr))
    return addresses, (time.perf_counter() - started) * 1000, None


def _with_provider_facts(options: ProbeOptions) -> ProbeOptions:
    """Fill in the provider (for its wording) and its documented port order, when known."""
    if options.provider is not None and options.preferred:
        return options
    found = bundled_providers().for_smtp_host(options.host)
    if found is None:
        return options
    preferred = options.preferred or tuple(
        Pairing(server.port, server.security)
        for server in found.smtp
        if server.host == options.host
    )
    return replace(options, provider=options.provider or found.id, preferred=preferred)


class _Probe:
    def __init__(
        self, options: ProbeOptions, on_event: EventSink | None, gate: AuthGate | None = None
    ) -> None:
        options = _with_provider_facts(options)
        self.options = options
        self.on_event = on_event
        self.started = time.perf_counter()
        self.recorders = {p: AttemptRecorder(options.host, p, self._emit) for p in options.pairings}
        # the requested pairings, then any SSL/TLS attempt the probe added (modes swapped)
        self.pairings: list[Pairing] = list(options.pairings)
        self.results: dict[Pairing, Attempt] = {}
        self.verdict_ms: float | None = None
        self._last_verdict: Settings | None = None
        self._progress = asyncio.Event()
        self._tasks: dict[asyncio.Task[Attempt], Pairing] = {}
        self._shared: Shared | None = None
        self._closing = False
        preferred = options.preferred
        self.preferred = preferred
        candidates = {
            p
            for p in options.pairings
            if p.security is not Security.NONE or options.allow_plaintext_auth
        }
        self._owns_gate = gate is None
        if gate is None:
            self.gate = AuthGate(candidates, self.rank)
        else:  # shared with the incoming-mail probe of the same account
            gate.expect(candidates, self.rank, offset=0)
            self.gate = gate
        self.redactor = Redactor(options.secrets)
        # sender domain, egress, old TLS, firewall, certificate audit: beside the probe
        self.followups = Followups(options)

    def rank(self, pairing: Pairing) -> int:
        return rank(pairing, self.preferred)

    def _emit(self, event: ProbeEvent) -> None:
        self.followups.observe(event)
        self._progress.set()
        if self.on_event is not None:
            self.on_event(event)

    def elapsed_ms(self) -> float:
        return (time.perf_counter() - self.started) * 1000

    async def _attempt(self, shared: Shared, pairing: Pairing) -> Attempt:
        try:
            return await attempt_within_deadline(
                run_session,
                shared,
                self.recorders[pairing],
                self.options,
                on_second_look=lambda attempt: self._emit(AttemptFinished(attempt)),
            )
        finally:
            self.gate.finished(pairing)

    def _report(self, pending: Sequence[Pairing] = ()) -> ProbeReport:
        opts = self.options
        attempts: list[Attempt] = []
        for p in self.pairings:
            if self._guessed_wrong(p):
                continue
            if p in self.results:
                attempts.append(self.results[p])
            else:
                attempts.append(self._unfinished(p))
        attempts = _mark_interception(
            [
                replace(
                    self.followups.adjust(_scrub(a, self.redactor)), reproduce=reproduce(a, opts)
                )
                for a in attempts
            ]
        )
        recommended = recommend(
            attempts,
            username=opts.username,
            sender=opts.sender,
            provider=opts.provider,
            preferred=opts.preferred,
            pinned=opts.pinned_sha256,
        )
        if recommended is not None and opts.oauth_token is not None:
            recommended = replace(recommended, oauth=True)
        report = ProbeReport(
            host=opts.host,
            attempts=tuple(attempts),
            duration_ms=self.elapsed_ms(),
            recommended=recommended,
            username=opts.username,
            provider=opts.provider,
            verdict_ms=self.verdict_ms,
            credentials_given=opts.credentials,
            findings=self.followups.findings(attempts),
            egress=self.followups.egress_checks(),
        )
        return replace(report, summary=summarize(report))

    def _unfinished(self, pairing: Pairing) -> Attempt:
        rec = self.recorders[pairing]
        if rec.result is not None:
            return rec.result
        stage = rec.current or StageName.CONNECT
        seconds = self.elapsed_ms() / 1000
        failure: Failure | None = None
        if stage in _SILENT_STAGES:
            # silence this early usually means a blocked port or the wrong encryption mode
            likely = diagnosis.classify_timeout(stage, self.options.host, pairing.port, seconds)
            failure = Failure(
                likely.code,
                detail=notes.STILL_WAITING.format(seconds=f"{seconds:.1f}", stage=stage.value),
                params=likely.params,
            )
        # a snapshot: the recorder itself stays live if the attempt keeps running
        snapshot = AttemptRecorder(rec.host, pairing, None)
        snapshot.stages = list(rec.stages)
        snapshot.tls = rec.tls
        snapshot.transcript = list(rec.transcript)
        snapshot.auth_mechanisms = rec.auth_mechanisms
        if failure is None:
            snapshot.auth_note = (
                f"stopped waiting at the {stage.value} step: the answer was already clear"
            )
        return snapshot.finish(Outcome.UNFINISHED, failure)

    def _pending_blocks_verdict(self, best: Settings, pending: set[Pairing]) -> bool:
        """A preferable pairing that is connected (so not blocked) may still win."""
        best_rank = self.rank(Pairing(best.port, best.security))
        return any(self.rank(p) < best_rank and self.recorders[p].connected for p in pending)

    async def run(self) -> ProbeReport:
        check_compatible()  # a different aiosmtplib fails here, loudly, not mid-session
        try:
            return await self._run()
        finally:
            await self.followups.close()

    async def _run(self) -> ProbeReport:
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
            report = self._report()
            self.verdict_ms = self.elapsed_ms()
            self._emit(VerdictReached(report))
            return report

        try:
            await prepare_contexts(opts)
        except (OSError, ssl.SSLError) as exc:  # e.g. an unreadable --ca-file
            raise InputError(f"The certificate authority file cannot be used: {exc}") from None
        ports = PortModes()
        ports.on_silent = self._add_tls_attempt
        shared = Shared(options=opts, addresses=addresses, gate=self.gate, ports=ports)
        self._shared = shared
        self.followups.resolved([str(a[1][0]) for a in addresses])
        for p in opts.pairings:
            self._start(p)
        final = False
        try:
            final = await self._until_answered()
        finally:
            self._closing = True
            pending_tasks = {t for t in self._tasks if not t.done()}
            for task in pending_tasks:
                task.cancel()
            if pending_tasks:
                await asyncio.gather(*pending_tasks, return_exceptions=True)
            if self._owns_gate:
                self.gate.close()
        await self.followups.settle()
        report = self._report()
        if not final:
            if self.verdict_ms is None:
                self.verdict_ms = self.elapsed_ms()
                report = self._report()
            self._emit(VerdictReached(report))
        return report

    async def _until_answered(self) -> bool:
        """Follow the attempts until the answer is final (and, with ``wait_all``, until every
        attempt ended); True if the answer became final."""
        final = False
        while pending_tasks := {t for t in self._tasks if not t.done()}:
            progress = asyncio.ensure_future(self._progress.wait())
            try:
                await asyncio.wait(pending_tasks | {progress}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                progress.cancel()
            self._progress.clear()
            self._collect()
            pending = self._pending()
            if not final:
                final = self._is_final(pending)
                if final:  # one report, one event: the answer, final
                    self._announce_final(pending)
                else:
                    self._maybe_verdict(pending)
            if final and not self.options.wait_all:
                await self._let_connected_finish()
                break
        return final

    def _start(self, pairing: Pairing) -> None:
        assert self._shared is not None
        task = asyncio.create_task(
            self._attempt(self._shared, pairing), name=f"smtpwizard-probe-{pairing}"
        )
        self._tasks[task] = pairing
        self.followups.watch(pairing, self.recorders[pairing])

    def _add_tls_attempt(self, port: int) -> None:
        """A plaintext attempt on ``port`` hears no greeting: try SSL/TLS there too (465 and
        587 swapped). Not on port 25, where talking before the greeting is punished."""
        pairing = Pairing(port, Security.TLS)
        if port == 25 or pairing in self.recorders or self._closing:
            return
        self.recorders[pairing] = AttemptRecorder(self.options.host, pairing, self._emit)
        self.pairings.append(pairing)
        self.gate.add(pairing)
        self._start(pairing)

    def _guessed_wrong(self, pairing: Pairing) -> bool:
        """An SSL/TLS attempt the probe added on a silent port whose greeting came after all
        (a slow server): it proves nothing the requested attempts do not, so it is left out."""
        added = pairing not in self.options.pairings
        return added and self._shared is not None and self._shared.ports.greeted(pairing.port)

    def _announce_final(self, pending: set[Pairing]) -> None:
        self.verdict_ms = self.elapsed_ms()
        self._emit(VerdictReached(self._report(tuple(pending)), final=True))

    def _is_final(self, pending: set[Pairing]) -> bool:
        if not pending:
            return True
        if not self.results:
            return False  # nothing has finished: every attempt may still change everything
        done = [
            Finished(a.pairing, a.outcome is Outcome.OK, facts_of(a), a.failure is not None)
            for a in self.results.values()
        ]
        running = [self._running(p) for p in pending]
        return is_final(done, running, self._knowledge(), self.rank)

    def _running(self, pairing: Pairing) -> Running:
        rec = self.recorders[pairing]
        answered = rec.greeted or rec.tls is not None
        secure = rec.tls is not None and rec.tls.verified
        stage = rec.current or StageName.CONNECT
        code = None  # what _unfinished would report for it now
        if rec.result is None and stage in _SILENT_STAGES:
            code = diagnosis.classify_timeout(stage, self.options.host, pairing.port, 0).code
        now = Facts(code=code, auth=rec.auth, secure=secure, answered=answered)
        return Running(pairing, _phase(rec), now, answered=answered, secure=secure)

    def _knowledge(self) -> Knowledge:
        opts = self.options
        login = Login.NONE
        if opts.credentials:
            login = {Turn.DENIED: Login.REFUSED, Turn.FOLLOW: Login.ACCEPTED}.get(
                self.gate.outcome or Turn.LEAD, Login.OPEN
            )
        temporary = any(
            a.auth is AuthState.OK
            and a.failure is not None
            and a.failure.code in (FailureCode.SEND_TEMPORARY, FailureCode.SMTP_TEMPORARY)
            for a in self.results.values()
        )
        # with a gate shared with the incoming probe the leader may be an IMAP/POP3 pairing
        leader = self.gate.leader
        return Knowledge(
            login=login,
            leader=leader if isinstance(leader, Pairing) else None,
            allow_plaintext_auth=opts.allow_plaintext_auth,
            temporary_after_signin=temporary,
        )

    async def _let_connected_finish(self) -> None:
        """Attempts that already talk to the server usually finish in moments: give them a
        short grace so the matrix is complete; blocked ones (still connecting) get none."""
        talking = [
            t
            for t, p in self._tasks.items()
            if p not in self.results and not t.done() and self.recorders[p].greeted
        ]
        if not talking:
            return
        await asyncio.wait(talking, timeout=FINISH_GRACE)
        self._collect()

    def _collect(self) -> None:
        """Take in every result known: finished tasks, and attempts whose outcome is recorded
        while their connection still says goodbye (QUIT costs a round trip, not an answer)."""
        for task, pairing in self._tasks.items():
            if pairing in self.results:
                continue
            if task.done():
                self.results[pairing] = task.result()
                continue
            known = self.recorders[pairing].result
            inspecting = (
                known is not None
                and known.failure is not None
                and (known.failure.code in CERTIFICATE_CODES)
            )
            if known is not None and not inspecting:
                self.results[pairing] = known
                self.gate.finished(pairing)  # it will not ask for the sign-in any more

    def _pending(self) -> set[Pairing]:
        return {p for t, p in self._tasks.items() if not t.done() and p not in self.results}

    def _maybe_verdict(self, pending: set[Pairing]) -> None:
        """Emit VerdictReached (not yet final) when a recommendation appears or improves."""
        opts = self.options
        # only finished attempts can be recommended: no need to build the whole report yet
        best = recommend(
            self.results.values(),
            username=opts.username,
            sender=opts.sender,
            provider=opts.provider,
            preferred=opts.preferred,
        )
        if best is None or best == self._last_verdict:
            return
        if self._pending_blocks_verdict(best, pending):
            return
        self._last_verdict = best
        self._emit(VerdictReached(self._report(tuple(pending)), final=False))


def _phase(rec: AttemptRecorder) -> Phase:
    """How far a running attempt got, from its recorded stages."""
    if rec.result is not None:
        return Phase.SETTLED  # finished once; its certificate is being read
    if not rec.connected:
        return Phase.CONNECTING
    if rec.auth is AuthState.OK:
        return Phase.SIGNED_IN
    if not rec.greeted:
        return Phase.OPENING
    last_ehlo = StageName.EHLO_TLS if rec.pairing.security is Security.STARTTLS else StageName.EHLO
    if any(s.name is last_ehlo and s.ok for s in rec.stages):
        return Phase.CHANNEL
    return Phase.TALKING


def _mark_interception(attempts: list[Attempt]) -> list[Attempt]:
    """An untrusted certificate where the same server verified on another port points at
    someone in the middle: the failure names that port (``trusted_on_port``) for the words."""
    trusted = sorted(
        {a.pairing.port for a in attempts if a.tls is not None and a.tls.verified}
        - {a.pairing.port for a in attempts if a.tls is not None and not a.tls.verified}
    )
    if not trusted:
        return attempts
    marked: list[Attempt] = []
    for a in attempts:
        failure = a.failure
        if failure is not None and failure.code is FailureCode.TLS_CERT_UNTRUSTED:
            failure = replace(
                failure, params={**failure.params, "trusted_on_port": str(trusted[0])}
            )
            a = replace(a, failure=failure)
        marked.append(a)
    return marked


def _scrub(attempt: Attempt, redactor: Redactor) -> Attempt:
    """Second line of defence: no form of the password (or token) survives in a transcript."""
    if not redactor:
        return attempt
    transcript = tuple(redactor(line) for line in attempt.transcript)
    if transcript == attempt.transcript:
        return attempt
    return replace(attempt, transcript=transcript)


@dataclass(frozen=True)
class _Given:
    """The keyword arguments of :func:`probe` that were given (``None``: not given)."""

    username: str | None = None
    password: str | None = None
    pairings: Iterable[Pairing | str] | None = None
    timeouts: Timeouts | None = None
    ca_file: str | None = None
    sender: str | None = None
    send_test_to: str | None = None
    wait_all: bool | None = None
    provider: str | None = None
    oauth_token: str | None = None

    def changes(self) -> dict[str, Any]:
        given = {f.name: getattr(self, f.name) for f in fields(self)}
        changes = {name: value for name, value in given.items() if value is not None}
        if "pairings" in changes:
            changes["pairings"] = tuple(
                p if isinstance(p, Pairing) else Pairing.parse(p) for p in changes["pairings"]
            )
        return changes


def _options(target: ProbeOptions | str, given: _Given) -> ProbeOptions:
    changes = given.changes()
    if isinstance(target, ProbeOptions):
        return replace(target, **changes) if changes else target
    return ProbeOptions(target, **changes)


async def probe_async(
    target: ProbeOptions | str,
    on_event: EventSink | None = None,
    *,
    user: str | None = None,
    username: str | None = None,
    password: str | None = None,
    pairings: Iterable[Pairing | str] | None = None,
    timeouts: Timeouts | None = None,
    ca_file: str | None = None,
    sender: str | None = None,
    send_test_to: str | None = None,
    wait_all: bool | None = None,
    provider: str | None = None,
    oauth_token: str | None = None,
    auth_gate: AuthGate | None = None,
) -> ProbeReport:
    """Probe a host; never raises for network or server problems (the report says what happened).

    ``target`` is a :class:`ProbeOptions` or a host name; the keyword arguments set (or, with a
    :class:`ProbeOptions`, replace) the fields of the same name (``user`` is the friendlier
    spelling of ``username``; pairings may be strings like ``"465/tls"``). Every other option
    (pinned certificates, a CA in memory, the port map of the demo lab …) is set on
    :class:`ProbeOptions`. ``on_event`` receives progress events as they happen. Raises
    :class:`~smtpwizard.core.validation.InputError` for unusable input. ``auth_gate``: a gate
    shared with an incoming-mail probe of the same account (one failed sign-in at most, overall).
    """
    if user is not None and username is not None and user != username:
        raise InputError("Give the user name once (user= or username=), not two different ones.")
    given = _Given(
        username=username if username is not None else user,
        password=password,
        pairings=pairings,
        timeouts=timeouts,
        ca_file=ca_file,
        sender=sender,
        send_test_to=send_test_to,
        wait_all=wait_all,
        provider=provider,
        oauth_token=oauth_token,
    )
    return await _probe_with_last_resort(_options(target, given), on_event, auth_gate)


def _plaintext_last_resort(options: ProbeOptions, first: ProbeReport) -> tuple[Pairing, ...]:
    """The plaintext pairings to sign in on after the encrypted ones: only when the user
    allowed it, nothing verified could sign in, and the credentials were not refused."""
    if not (options.allow_plaintext_auth and options.credentials) or first.recommended:
        return ()
    if any(a.auth is not AuthState.NOT_TRIED for a in first.attempts):
        return ()  # an encrypted pairing already judged the credentials
    return tuple(p for p in options.pairings if p.security is Security.NONE)


async def _probe_with_last_resort(
    options: ProbeOptions, on_event: EventSink | None, auth_gate: AuthGate | None
) -> ProbeReport:
    """Plaintext sign-in is a last resort (docs/design.md): the probe first runs with it
    forbidden; only when no verified pairing could sign in are the plaintext pairings tried
    again with the user's permission, and the report says the password crossed unencrypted."""
    if not options.allow_plaintext_auth:
        return await _Probe(options, on_event, auth_gate).run()
    # the second run only happens when nothing judged the credentials (see above), so each run
    # may have its own gate; a gate shared with the incoming-mail probe is passed to both
    first = await _Probe(replace(options, allow_plaintext_auth=False), on_event, auth_gate).run()
    plain = _plaintext_last_resort(options, first)
    if auth_gate is not None and auth_gate.outcome is Turn.DENIED:
        plain = ()  # the shared credentials were refused on the incoming side
    if not plain:
        return first

    def relay(event: ProbeEvent) -> None:  # the merged verdict is announced below
        if on_event is not None and not isinstance(event, VerdictReached):
            on_event(event)

    second = await _Probe(replace(options, pairings=plain), relay, auth_gate).run()
    again = {a.pairing: a for a in second.attempts}
    attempts = tuple(again.get(a.pairing, a) for a in first.attempts)
    merged = replace(
        first,
        attempts=attempts,
        duration_ms=first.duration_ms + second.duration_ms,
        recommended=first.recommended or second.recommended,
    )
    merged = replace(merged, summary=summarize(merged))
    if on_event is not None:
        on_event(VerdictReached(merged, final=True))
    return merged


def blocking(coroutine_function: Callable[P, Coroutine[Any, Any, R]]) -> Callable[P, R]:
    """The same function, run to completion on a fresh event loop (for scripts and the CLI)."""

    @functools.wraps(coroutine_function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return asyncio.run(coroutine_function(*args, **kwargs))

    return run


#: Blocking variant of :func:`probe_async`, with the same arguments::
#:
#:     report = smtpwizard.probe("smtp.example.com", user="me@example.com", password="...")
#:     print(report.summary)
#:     print(smtpwizard.probe_json(report))  # the smtpwizard.probe/1 JSON contract
probe = blocking(probe_async)
