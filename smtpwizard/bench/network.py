"""Benchmarks 1–3: the engine on loopback, against baselines measured in the same run.

1. ``matrix``: the full default matrix (9 pairings) against the demo-like lab, time until
   ``probe_async(wait_all=False)`` returns, vs the slowest single top-tier pairing (465/tls or
   587/starttls, whichever has the larger median) probed alone the same way.
2. ``blocked``: the same matrix with 25, 587 and 2525 blackholed (connect() hangs) vs the working
   pairing 465/tls probed alone: blocked ports must not delay the answer.
3. ``sequential``: the engine vs :mod:`.sequential` (same client, same timeouts, one pairing
   after another): (a) the whole matrix, engine with ``wait_all=True``; (b) time to the answer,
   engine with ``wait_all=False`` vs the sequential run stopping at its first working pairing.

Every probe authenticates with the lab account (so AUTH, MAIL FROM and RSET are part of the
cost). One untimed warm-up probe precedes the timed runs.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from smtpwizard.bench.sequential import run_sequential
from smtpwizard.bench.stats import Goal, Result, Samples
from smtpwizard.bench.timeouts import BENCH_TIMEOUTS
from smtpwizard.core.models import DEFAULT_PAIRINGS, Outcome, Pairing, ProbeReport, Security
from smtpwizard.core.probe.engine import probe_async
from smtpwizard.core.probe.options import ProbeOptions, Timeouts

TLS_465 = Pairing(465, Security.TLS)
STARTTLS_587 = Pairing(587, Security.STARTTLS)
RATIO_GOAL = Goal("ratio", "<=", 1.3)
FASTER_GOAL = Goal("ratio", "<", 1.0)


def options(
    lab: dict[str, Any],
    pairings: Sequence[Pairing] = DEFAULT_PAIRINGS,
    *,
    wait_all: bool = False,
    timeouts: Timeouts = BENCH_TIMEOUTS,
) -> ProbeOptions:
    return ProbeOptions(
        host=lab["host"],
        username=lab["username"],
        password=lab["password"],
        pairings=tuple(pairings),
        timeouts=timeouts,
        ca_pem=lab["ca_pem"],
        port_map=lab["port_map"],
        wait_all=wait_all,
    )


@dataclass(frozen=True)
class Timed:
    ms: float
    cpu_ms: float  # this process's CPU time during the probe
    report: ProbeReport


async def timed_probe(opts: ProbeOptions) -> Timed:
    cpu = time.process_time()
    started = time.perf_counter()
    report = await probe_async(opts)
    return Timed((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000, report)


async def repeat(opts: ProbeOptions, runs: int) -> list[Timed]:
    await probe_async(opts)  # warm-up: imports, TLS contexts, the first handshake
    return [await timed_probe(opts) for _ in range(runs)]


def outcomes(report: ProbeReport) -> dict[str, str]:
    return {str(a.pairing): a.outcome.value for a in report.attempts}


def _check_ok(timed: Sequence[Timed], pairing: Pairing) -> None:
    for t in timed:
        got = {a.pairing: a.outcome for a in t.report.attempts}
        if got.get(pairing) is not Outcome.OK:
            raise RuntimeError(
                f"benchmark lab broken: {pairing} was {got.get(pairing)}; {t.report.summary}"
            )


def _ms(timed: Sequence[Timed]) -> Samples:
    return Samples.of([t.ms for t in timed], "ms")


def _cpu(timed: Sequence[Timed]) -> dict[str, object]:
    return Samples.of([t.cpu_ms for t in timed], "ms").to_dict()


def _verdict(timed: Sequence[Timed]) -> list[float]:
    return [round(t.report.verdict_ms or t.ms, 1) for t in timed]


def _where(lab: dict[str, Any]) -> tuple[str, str]:
    """(id suffix, words) for a loopback lab or one behind the latency proxy."""
    delay = lab.get("delay_ms")
    if delay:
        return "_wan", f"{2 * delay:g} ms round trip (latency proxy)"
    return "", "loopback, no latency"


async def matrix_vs_single(lab: dict[str, Any], runs: int) -> Result:
    suffix, where = _where(lab)
    matrix = await repeat(options(lab), runs)
    singles = {p: await repeat(options(lab, (p,)), runs) for p in (TLS_465, STARTTLS_587)}
    _check_ok(matrix, TLS_465)
    for p, timed in singles.items():
        _check_ok(timed, p)
    slowest = max(singles, key=lambda p: _ms(singles[p]).median)
    return Result(
        id="matrix_vs_single" + suffix,
        title=f"1. full matrix vs slowest top-tier alone [{where}]",
        value=_ms(matrix),
        baseline=_ms(singles[slowest]),
        baseline_label=f"{slowest} alone",
        goal=RATIO_GOAL,
        notes="time until probe_async(wait_all=False) returns; 9 default pairings against a "
        "demo-like lab (465 TLS, 587 STARTTLS, 25 MX-like, 2525 blackholed), with AUTH "
        "and MAIL FROM + RSET; baseline: 465/tls and 587/starttls each probed alone, the "
        "larger median",
        extra={
            "single_ms": {str(p): _ms(t).to_dict() for p, t in singles.items()},
            "matrix_cpu_ms": _cpu(matrix),
            "single_cpu_ms": {str(p): _cpu(t) for p, t in singles.items()},
            "matrix_verdict_ms": _verdict(matrix),
            "matrix_outcomes": outcomes(matrix[-1].report),
        },
    )


async def blocked_vs_working(lab: dict[str, Any], runs: int) -> Result:
    suffix, where = _where(lab)
    matrix = await repeat(options(lab), runs)
    alone = await repeat(options(lab, (TLS_465,)), runs)
    _check_ok(matrix, TLS_465)
    _check_ok(alone, TLS_465)
    return Result(
        id="blocked_vs_working" + suffix,
        title=f"2. 25+587 blackholed vs 465/tls alone [{where}]",
        value=_ms(matrix),
        baseline=_ms(alone),
        baseline_label="465/tls alone",
        goal=RATIO_GOAL,
        notes="25, 587 and 2525 blackholed (connect() hangs); time until probe_async(wait_all="
        "False) returns with 465/tls proven",
        extra={
            "matrix_verdict_ms": _verdict(matrix),
            "matrix_cpu_ms": _cpu(matrix),
            "single_cpu_ms": _cpu(alone),
            "matrix_outcomes": outcomes(matrix[-1].report),
        },
    )


async def _sequential(lab: dict[str, Any], runs: int) -> list[Any]:
    found = []
    for _ in range(runs):
        found.append(
            await run_sequential(
                lab["host"],
                lab["port_map"],
                DEFAULT_PAIRINGS,
                ca_pem=lab["ca_pem"],
                timeouts=BENCH_TIMEOUTS,
                username=lab["username"],
                password=lab["password"],
            )
        )
    if any(s.first_ok_ms is None for s in found):
        raise RuntimeError(f"the sequential baseline found no working pairing: {found[-1]}")
    return found


def _per_pairing(run: Any) -> dict[str, Any]:
    return {
        str(o.pairing): {"ok": o.ok, "ms": round(o.ms, 1), "error": o.error} for o in run.outcomes
    }


async def engine_vs_sequential(lab: dict[str, Any], runs: int) -> Result:
    """3a: the whole matrix, every pairing to its end."""
    full = await repeat(options(lab, wait_all=True), runs)
    sequential = await _sequential(lab, runs)
    timeouts = (
        f"timeouts connect {BENCH_TIMEOUTS.connect:g} s, command "
        f"{BENCH_TIMEOUTS.command:g} s, attempt {BENCH_TIMEOUTS.attempt:g} s"
    )
    return Result(
        id="engine_vs_sequential_full",
        title="3a. engine full matrix (wait_all) vs sequential [loopback]",
        value=_ms(full),
        baseline=Samples.of([s.total_ms for s in sequential], "ms"),
        baseline_label="sequential, 9 pairings",
        goal=FASTER_GOAL,
        notes=f"every pairing to its end; same client (aiosmtplib) and {timeouts}; blocked "
        "ports cost a connect timeout each in the sequential run",
        extra={
            "sequential_last_run": _per_pairing(sequential[-1]),
            "engine_outcomes": outcomes(full[-1].report),
        },
    )


async def answer_vs_sequential(lab: dict[str, Any], runs: int) -> Result:
    """3b: time to the answer."""
    suffix, where = _where(lab)
    answer = await repeat(options(lab), runs)
    sequential = await _sequential(lab, runs)
    return Result(
        id="engine_vs_sequential_answer" + suffix,
        title=f"3b. engine answer vs sequential to 1st working [{where}]",
        value=_ms(answer),
        baseline=Samples.of([s.first_ok_ms or 0.0 for s in sequential], "ms"),
        baseline_label="sequential, stops at 1st working",
        goal=FASTER_GOAL,
        notes="engine: probe_async(wait_all=False) returns; sequential: in the default order "
        "(25/none, 25/starttls, 587/starttls …) until one pairing works",
        extra={"sequential_last_run": _per_pairing(sequential[-1])},
    )


async def run_all(labs: dict[str, dict[str, Any]], runs: int) -> list[Result]:
    results = [await matrix_vs_single(labs["demo"], runs)]
    if "demo_wan" in labs:
        results.append(await matrix_vs_single(labs["demo_wan"], runs))
    results.append(await blocked_vs_working(labs["blocked"], runs))
    if "blocked_wan" in labs:
        results.append(await blocked_vs_working(labs["blocked_wan"], runs))
    results.append(await engine_vs_sequential(labs["demo"], runs))
    results.append(await answer_vs_sequential(labs["demo"], runs))
    if "demo_wan" in labs:
        results.append(await answer_vs_sequential(labs["demo_wan"], runs))
    return results


def run(labs: dict[str, dict[str, Any]], runs: int) -> list[Result]:
    return asyncio.run(run_all(labs, runs))
