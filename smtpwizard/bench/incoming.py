"""Benchmark 9: the incoming matrix (IMAP 993/143, POP3 995/110 against a private Dovecot) next to
the SMTP matrix (the demo lab), each timed until its probe returns with the answer, with a
sign-in; plus both together as one account (one sign-in gate). Skipped without Dovecot."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from smtpwizard.bench.network import options as smtp_options
from smtpwizard.bench.network import repeat
from smtpwizard.bench.stats import Result, Samples, skipped
from smtpwizard.bench.timeouts import BENCH_TIMEOUTS
from smtpwizard.core.incoming import incoming_options, probe_incoming_async
from smtpwizard.core.incoming.account import probe_account_async
from smtpwizard.core.models import Outcome
from smtpwizard.core.probe.options import ProbeOptions
from smtpwizard.lab.certs import LabCA
from smtpwizard.lab.dovecot import DovecotServer, DovecotSpec, dovecot_binary

TITLE = "9. incoming matrix (IMAP+POP3) next to the SMTP matrix"
LOGICAL = {993: "imaps", 143: "imap", 995: "pop3s", 110: "pop3"}


async def _timed_incoming(opts: ProbeOptions, runs: int) -> tuple[list[float], list[float]]:
    await probe_incoming_async(opts)  # warm-up
    total: list[float] = []
    verdict: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        report = await probe_incoming_async(opts)
        total.append((time.perf_counter() - started) * 1000)
        verdict.append(report.verdict_ms or total[-1])
        if report.recommended is None or report.attempts[0].outcome is not Outcome.OK:
            raise RuntimeError(f"benchmark Dovecot broken: {report.summary}")
    return total, verdict


async def _timed_account(smtp: ProbeOptions, incoming: ProbeOptions, runs: int) -> list[float]:
    found: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        await probe_account_async(smtp, incoming)
        found.append((time.perf_counter() - started) * 1000)
    return found


async def incoming_vs_smtp(lab: dict[str, Any], runs: int) -> Result:
    if dovecot_binary() is None:
        return skipped("incoming_vs_smtp", TITLE, "dovecot is not installed")
    smtp = smtp_options(lab)
    assert smtp.username is not None and smtp.password is not None
    spec = DovecotSpec(accounts={smtp.username: smtp.password})
    with DovecotServer(spec, ca=LabCA.shared()) as dovecot:
        port_map = {port: dovecot.ports[name] for port, name in LOGICAL.items()}
        incoming = replace(
            incoming_options(smtp, dovecot.host, port_map=port_map),
            ca_pem=LabCA.shared().ca_pem,
            timeouts=BENCH_TIMEOUTS,
        )
        smtp_runs = await repeat(smtp, runs)
        incoming_ms, incoming_verdict = await _timed_incoming(incoming, runs)
        account_ms = await _timed_account(smtp, incoming, runs)
    return Result(
        id="incoming_vs_smtp",
        title=TITLE,
        value=Samples.of(incoming_ms, "ms"),
        baseline=Samples.of([t.ms for t in smtp_runs], "ms"),
        baseline_label="SMTP matrix (9 pairings)",
        notes="time until probe_incoming_async(wait_all=False) returns: 4 pairings (IMAP 993/tls, "
        "143/starttls, POP3 995/tls, 110/starttls) against a private Dovecot on loopback, with "
        "LOGIN/USER+PASS and EXAMINE/STAT; baseline: the SMTP matrix against the demo lab, the "
        "same way; extra: both as one account (probe_account_async, one sign-in gate)",
        extra={
            "incoming_verdict_ms": [round(v, 1) for v in incoming_verdict],
            "smtp_verdict_ms": [round(t.report.verdict_ms or t.ms, 1) for t in smtp_runs],
            "account_ms": Samples.of(account_ms, "ms").to_dict(),
        },
    )
