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

from collections.abc import Callable
from dataclasses import dataclass
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
