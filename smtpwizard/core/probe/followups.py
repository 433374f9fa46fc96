"""The checks that run beside a probe: sender domain, egress, old TLS, firewall, audit.

The engine tells a :class:`Followups` what happens (the name was resolved, an attempt
finished, a port is still connecting) and asks it, whenever it builds a report, for the
findings and egress results ready *so far*. Nothing here holds the verdict back: a check that
is not done yet is reported as pending (egress) or left out, and the final report waits for
the DNS and TLS follow-ups at most ``ExtraChecks.settle_seconds``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from smtpwizard.core import cert_audit
from smtpwizard.core.discovery.providers import bundled_providers
from smtpwizard.core.egress import references as egress
from smtpwizard.core.models import (
    Attempt,
    EgressCheck,
    Failure,
    Finding,
    Pairing,
    Severity,
    StageName,
)
from smtpwizard.core.probe.events import AttemptFinished, ProbeEvent
from smtpwizard.core.probe.legacy_tls import ACCEPTED, UNTESTED, LegacyResult, check_legacy_tls
from smtpwizard.core.probe.options import ProbeOptions
from smtpwizard.core.probe.recorder import AttemptRecorder
from smtpwizard.core.sender_domain.check import check_sender_domain, sender_domain_of
from smtpwizard.core.sender_domain.lookup import Dns
from smtpwizard.core.wording.codes import FailureCode as C
from smtpwizard.core.wording.codes import FindingCode as F

# a connect still pending after this long (or a quarter of the connect timeout, if shorter)
# starts the egress check, so it is done by the time the attempt itself times out
EGRESS_AFTER = 1.0

T = TypeVar("T")


class Followups:
    def __init__(self, options: ProbeOptions) -> None:
        self.options = options
        self.checks = options.checks
        self._tasks: set[asyncio.Task[Any]] = set()
        self._sender: asyncio.Task[tuple[Finding, ...]] | None = None
        self._legacy: asyncio.Task[tuple[Attempt, LegacyResult]] | None = None
        self._egress: dict[int, asyncio.Task[EgressCheck]] = {}
        self._firewall: dict[int, asyncio.Task[tuple[Finding, ...]]] = {}
        self._addresses: list[str] = []

    def _spawn(self, coro: Coroutine[Any, Any, T], name: str) -> asyncio.Task[T]:
        task = asyncio.ensure_future(coro)
        task.set_name(f"smtpwizard-followup-{name}")
        self._tasks.add(task)
        return task

    # --- what the engine reports -------------------------------------------------------------
    def resolved(self, addresses: Sequence[str]) -> None:
        """The tested server's addresses are known: start the sender-domain look-ups."""
        self._addresses = list(addresses)
        opts = self.options
        domain = sender_domain_of(opts.sender, opts.username)
        if not self.checks.sender_domain or domain is None or self._sender is not None:
            return
        provider = bundled_providers().get(opts.provider) if opts.provider else None
        dns = Dns(self.checks.nameservers, self.checks.dns_timeout)
        self._sender = self._spawn(
            check_sender_domain(
                dns,
                domain,
                self._addresses,
                provider=opts.provider,
                provider_domains=provider.domains if provider else (),
            ),
            "sender",
        )

    def observe(self, event: ProbeEvent) -> None:
        """The first attempt that verified TLS gets one extra handshake offering TLS 1.0/1.1."""
        if not isinstance(event, AttemptFinished) or not self.checks.legacy_tls:
            return
        attempt = event.attempt
        if self._legacy is not None or not attempt.secure or not self._addresses:
            return
        self._legacy = self._spawn(self._legacy_check(attempt), "legacy-tls")

    async def _legacy_check(self, attempt: Attempt) -> tuple[Attempt, LegacyResult]:
        opts = self.options
        result = await check_legacy_tls(
            opts.host,
            self._addresses[0],
            opts.dial_port(attempt.port),
            attempt.security,
            timeout=opts.timeouts.connect,
            local_hostname=opts.local_hostname,
        )
        return attempt, result

    def watch(self, pairing: Pairing, recorder: AttemptRecorder) -> None:
        """Start the egress check for this port if its connect is still pending soon."""
        if self.checks.egress and self.checks.egress_references:
            self._spawn(self._watch(pairing, recorder), f"watch-{pairing}")

    async def _watch(self, pairing: Pairing, recorder: AttemptRecorder) -> None:
        connect = self.options.timeouts.connect
        delay = min(EGRESS_AFTER, connect / 4)
        await asyncio.sleep(delay)
        still_connecting = recorder.current is StageName.CONNECT and not recorder.connected
        port = self.options.dial_port(pairing.port)
        if not still_connecting or recorder.result is not None or port in self._egress:
            return
        timeout = max(0.5, connect - delay - 0.2)
        refs = self.checks.egress_references
        self._egress[port] = self._spawn(egress.check_port(port, refs, timeout), f"egress-{port}")

    async def settle(self) -> None:
        """Give the DNS and TLS follow-ups (never the egress check) a short while to finish."""
        waiting = [t for t in (self._sender, self._legacy) if t is not None and not t.done()]
        if waiting:
            await asyncio.wait(waiting, timeout=self.checks.settle_seconds)
        self._start_firewall_checks()
        fw = [t for t in self._firewall.values() if not t.done()]
        if fw:
            await asyncio.wait(fw, timeout=self.checks.settle_seconds)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    # --- what goes into a report -------------------------------------------------------------
    @staticmethod
    def _result(task: asyncio.Task[T] | None) -> T | None:
        if task is None or not task.done() or task.cancelled():
            return None
        if task.exception() is not None:
            return None
        return task.result()

    def _egress_result(self, port: int) -> EgressCheck | None:
        task = self._egress.get(port)
        if task is None:
            return None
        done = self._result(task)
        if done is not None:
            return done
        return egress.pending(port, self.checks.egress_references)

    def egress_checks(self) -> tuple[EgressCheck, ...]:
        return tuple(check for port in sorted(self._egress) if (check := self._egress_result(port)))

    def adjust(self, attempt: Attempt) -> Attempt:
        """A silent port's code, refined by the egress check: blocked here, or the server."""
        failure = attempt.failure
        if failure is None or failure.code is not C.NET_TIMEOUT:
            return attempt
        check = self._egress_result(self.options.dial_port(attempt.port))
        if check is None or check.verdict not in (egress.BLOCKED_LOCALLY, egress.SERVER_SILENT):
            return attempt
        used = ", ".join(r.host for r in check.references)
        tried = "; ".join(f"{r.host}: {r.result}" for r in check.references)
        detail = f"{failure.detail} — reference servers on port {check.port}: {tried}"
        # the port the person knows (the lab and tests dial another one)
        params = {**failure.params, "references": used, "port": str(attempt.port)}
        if check.verdict == egress.BLOCKED_LOCALLY:
            changed = Failure(C.NET_BLOCKED_LOCALLY, detail, params, failure.reply_code)
        else:
            changed = Failure(C.NET_TIMEOUT, detail, {**params, "egress": "open"})
        return replace(attempt, failure=changed)

    def _start_firewall_checks(self) -> None:
        if not self.checks.firewall:
            return
        # lazy: only on the path that needs it
        from smtpwizard.core.egress.firewall import firewall_findings

        for check in self.egress_checks():
            if check.verdict == egress.BLOCKED_LOCALLY and check.port not in self._firewall:
                logical = self._logical_port(check.port)
                self._firewall[check.port] = self._spawn(
                    asyncio.to_thread(firewall_findings, logical), f"firewall-{logical}"
                )

    def _logical_port(self, dial_port: int) -> int:
        for logical, dialled in self.options.port_map.items():
            if dialled == dial_port:
                return logical
        return dial_port

    def findings(self, attempts: Sequence[Attempt]) -> tuple[Finding, ...]:
        found: list[Finding] = []
        found += self._result(self._sender) or ()
        found += cert_audit.audit(attempts)
        legacy = self._result(self._legacy)
        if legacy is not None:
            found += _legacy_findings(*legacy)
        found += self._egress_findings(attempts)
        for task in self._firewall.values():
            found += self._result(task) or ()
        return tuple(found)

    def _egress_findings(self, attempts: Sequence[Attempt]) -> list[Finding]:
        found: list[Finding] = []
        for check in self.egress_checks():
            if check.verdict not in (egress.BLOCKED_LOCALLY, egress.SERVER_SILENT):
                continue
            blocked = check.verdict == egress.BLOCKED_LOCALLY
            found.append(
                Finding(
                    F.NET_EGRESS_BLOCKED if blocked else F.NET_EGRESS_OPEN,
                    Severity.PROBLEM if blocked else Severity.INFO,
                    {
                        "port": str(self._logical_port(check.port)),
                        "references": ", ".join(r.host for r in check.references),
                    },
                    "; ".join(f"{r.host}: {r.result} ({r.ms:.0f} ms)" for r in check.references),
                )
            )
        return found


def _legacy_findings(attempt: Attempt, result: LegacyResult) -> list[Finding]:
    current = attempt.tls.version if attempt.tls else ""
    params = {"host": attempt.host, "port": str(attempt.port), "tls_version": current}
    where = f"{attempt.pairing}"
    if result.state == ACCEPTED:
        params["legacy_versions"] = result.version or "TLS 1.0/1.1"
        return [Finding(F.TLS_LEGACY_ACCEPTED, Severity.INFO, params, f"{where}: {result.version}")]
    if result.state == UNTESTED:
        params["reason"] = result.reason
        return [Finding(F.TLS_LEGACY_UNTESTED, Severity.INFO, params, f"{where}: {result.reason}")]
    return []
