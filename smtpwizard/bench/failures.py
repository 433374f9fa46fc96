"""Benchmark 8: time to the final answer on failing hosts, relative to a healthy one.

One lab host per scenario, all built like the demo provider (465 implicit TLS, 587 STARTTLS, 25
MX-like, 2525 closed) with one thing wrong: the password, the certificate, the TLS version, a
temporary failure after the sign-in, swapped TLS modes (465 speaks STARTTLS, 587 implicit TLS), no
encryption at all, or nothing listening. Each is probed like ``smtpwizard probe`` does by default
(the full default matrix, the product's default timeouts, ``wait_all=False``) and its time until
``probe_async`` returns is divided by the healthy host's, measured in the same run, on loopback
and behind the latency proxy (20 ms round trip).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smtpwizard.bench.stats import Goal, Result, Samples
from smtpwizard.core.models import DEFAULT_PAIRINGS
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.core.probe.verdict import verdict_of
from smtpwizard.lab import spec as S
from smtpwizard.lab.certs import CertKind, old_tls_available
from smtpwizard.lab.demo import demo_specs
from smtpwizard.lab.spec import AuthOffer, Mode, ServerSpec

RATIO_GOAL = Goal("ratio", "<=", 1.5)
WRONG_PASSWORD = "not-the-demo-password"

Specs = dict[int, ServerSpec]  # logical port -> server; a missing port is closed (refused)


def _certs(kind: CertKind) -> Callable[[], Specs]:
    def make() -> Specs:
        return {port: spec.with_(cert=kind) for port, spec in demo_specs().items()}

    return make


def _temporary() -> Specs:
    specs = demo_specs()
    for port in (465, 587):
        specs[port] = specs[port].with_(mail_reply=S.MAIL_TEMPORARY)
    return specs


def _swapped() -> Specs:
    specs = demo_specs()
    specs[465], specs[587] = (
        specs[587].with_(mode=Mode.STARTTLS_REQUIRED),
        specs[465].with_(mode=Mode.TLS),
    )
    return specs


def _plaintext() -> Specs:
    return {
        port: spec.with_(mode=Mode.PLAIN, auth=AuthOffer.ALWAYS if port != 25 else AuthOffer.NONE)
        for port, spec in demo_specs().items()
    }


@dataclass(frozen=True)
class Scenario:
    id: str
    words: str
    specs: Callable[[], Specs]
    wrong_password: bool = False

    @property
    def available(self) -> bool:
        return self.id != "tls10_only" or old_tls_available()


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("healthy", "healthy host (the baseline)", demo_specs),
    Scenario("wrong_password", "wrong password", demo_specs, wrong_password=True),
    Scenario("self_signed", "self-signed certificate", _certs(CertKind.SELF_SIGNED)),
    Scenario("expired", "expired certificate", _certs(CertKind.EXPIRED)),
    Scenario("wrong_name", "certificate for another name", _certs(CertKind.WRONG_NAME)),
    Scenario("tls10_only", "TLS 1.0/1.1 only", _certs(CertKind.OLD_PROTOCOL)),
    Scenario("temporary", "451 after the sign-in", _temporary),
    Scenario("swapped", "465 STARTTLS, 587 implicit TLS", _swapped),
    Scenario("no_encryption", "no encryption anywhere", _plaintext),
    Scenario("nothing", "nothing listening", dict),
)


def options(lab: dict[str, Any], scenario: str) -> ProbeOptions:
    wrong = next(s for s in SCENARIOS if s.id == scenario).wrong_password
    return ProbeOptions(
        host=lab["host"],
        username=lab["username"],
        password=WRONG_PASSWORD if wrong else lab["password"],
        pairings=DEFAULT_PAIRINGS,
        timeouts=Timeouts(),  # the product's defaults, as `smtpwizard probe` uses them
        ca_pem=lab["ca_pem"],
        port_map=lab["port_map"],
    )


async def measure(labs: dict[str, dict[str, Any]], runs: int, suffix: str) -> list[Result]:
    """One row per failure scenario; ``labs`` by scenario id (``suffix``: "" or "_wan")."""
    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.bench.network import repeat  # the same warm-up and timing as rows 1-3

    healthy = await repeat(options(labs["healthy"], "healthy"), runs)
    base = Samples.of([t.ms for t in healthy], "ms")
    where = "loopback" if not suffix else "20 ms round trip (latency proxy)"
    results: list[Result] = []
    for scenario in SCENARIOS[1:]:
        if scenario.id not in labs:
            continue
        timed = await repeat(options(labs[scenario.id], scenario.id), runs)
        last = timed[-1].report
        results.append(
            Result(
                id=f"failure_{scenario.id}{suffix}",
                title=f"8. {scenario.words} vs healthy [{where}]",
                value=Samples.of([t.ms for t in timed], "ms"),
                baseline=base,
                baseline_label="healthy host",
                goal=RATIO_GOAL,
                notes="time until probe_async(wait_all=False) returns (the CLI's final "
                "answer), default matrix and default timeouts, with AUTH",
                extra={
                    "exit": int(verdict_of(last)),
                    "recommended": str(last.recommended.port) + "/" + last.recommended.security
                    if last.recommended
                    else None,
                    "headline": last.summary[:160],
                    "outcomes": {str(a.pairing): a.outcome.value for a in last.attempts},
                },
            )
        )
    return results


GUI_SCENARIOS = ("wrong_password", "self_signed", "swapped")


def cli_process_ms(lab: dict[str, Any], scenario: str, runs: int) -> list[float]:
    """Wall time of whole ``smtpwizard probe`` processes (default options), as a person waits."""
    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.bench.children import PYTHON, run_child

    wrong = scenario == "wrong_password"
    with tempfile.NamedTemporaryFile("w", suffix=".pem", delete=False) as ca:
        ca.write(lab["ca_pem"])
    ports = ",".join(f"{k}={v}" for k, v in lab["port_map"].items())
    argv = [PYTHON, "-m", "smtpwizard", "probe", lab["host"], "--port-map", ports]
    argv += ["--ca-file", ca.name, "--user", lab["username"], "--password-stdin", "--json"]
    walls: list[float] = []
    try:
        for _ in range(runs):
            run = run_child(argv, stdin=(WRONG_PASSWORD if wrong else lab["password"]) + "\n")
            if run.returncode not in range(7) or "Traceback" in run.stderr:
                raise RuntimeError(f"smtpwizard probe failed ({scenario}): {run.stderr[-2000:]}")
            walls.append(run.wall_s * 1000)
    finally:
        Path(ca.name).unlink(missing_ok=True)
    return walls


def measure_gui(labs: dict[str, dict[str, Any]], cli: list[Result], runs: int) -> list[Result]:
    """The wizard (offscreen, its own process): from Next on the sign-in page until the runner
    reports the final answer, vs a whole ``smtpwizard probe`` process on the same host (what a
    person waits for in each); the warm in-process time of row 8 is kept alongside."""
    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.bench.gui import run_wizard  # Qt only when this row runs

    by_id = {r.id: r for r in cli}
    results: list[Result] = []
    for scenario in GUI_SCENARIOS:
        row = by_id.get(f"failure_{scenario}")
        if scenario not in labs:
            continue
        lab = {**labs[scenario], "timeouts": "default"}
        if scenario == "wrong_password":
            lab["password"] = WRONG_PASSWORD
        outputs = [output for output, _memory in run_wizard(lab, runs)]
        process = cli_process_ms(labs[scenario], scenario, runs)
        results.append(
            Result(
                id=f"gui_final_{scenario}",
                title=f"8g. wizard final answer vs CLI, {scenario.replace('_', ' ')} [loopback]",
                value=Samples.of([float(o["final_ms"]) for o in outputs], "ms"),
                baseline=Samples.of(process, "ms"),
                baseline_label="smtpwizard probe",
                goal=RATIO_GOAL,
                notes="offscreen wizard, a fresh process per run: Next on the sign-in page until "
                "the runner's final signal (the answer shown, Next enabled); baseline: a whole "
                "`smtpwizard probe --json` process (start to exit); default timeouts",
                extra={
                    "cells_last_run": outputs[-1]["cells"],
                    "cli_in_process_ms": (
                        row.value.to_dict() if row is not None and row.value is not None else None
                    ),
                },
            )
        )
    return results
