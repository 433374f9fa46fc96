"""How a probe ended, as one stable category: the CLI's exit code and the installers' contract."""

from __future__ import annotations

from enum import IntEnum

from smtpwizard.core.models import AuthState, Outcome, ProbeReport, StageName


class Verdict(IntEnum):
    """Exit codes of ``smtpwizard probe`` (docs/contracts.md)."""

    WORKING = 0
    OTHER = 1
    USAGE = 2
    UNREACHABLE = 3  # nothing reachable (name lookup or network)
    NO_SECURE_CHANNEL = 4  # a server answered, but no verified encrypted connection
    AUTH_FAILED = 5  # encrypted and verified, but the sign-in failed
    SENDER_REFUSED = 6  # signed in, but the sender or the test message was refused


def verdict_of(report: ProbeReport) -> Verdict:
    if report.recommended is not None:
        return Verdict.WORKING
    attempts = report.attempts
    if any(a.auth is AuthState.OK for a in attempts):
        return Verdict.SENDER_REFUSED
    if any(a.auth is AuthState.FAILED or a.outcome is Outcome.SKIPPED for a in attempts):
        return Verdict.AUTH_FAILED
    if any(
        a.secure and a.failure is not None and a.failure.code.family == "auth" for a in attempts
    ):
        return Verdict.AUTH_FAILED
    answered = any(
        ((s := a.stage(StageName.GREETING)) is not None and s.ok) or a.tls is not None
        for a in attempts
    )
    if answered:
        return Verdict.NO_SECURE_CHANNEL
    if all(a.failure is not None and a.failure.code.family in ("dns", "net") for a in attempts):
        return Verdict.UNREACHABLE
    return Verdict.OTHER


# how far from working each verdict is (a side that got less far is worse)
_BADNESS = {
    Verdict.WORKING: 0,
    Verdict.SENDER_REFUSED: 1,
    Verdict.AUTH_FAILED: 2,
    Verdict.OTHER: 3,
    Verdict.NO_SECURE_CHANNEL: 4,
    Verdict.UNREACHABLE: 5,
    Verdict.USAGE: 6,
}


def worse(first: Verdict, second: Verdict) -> Verdict:
    """The verdict of two probes run together (outgoing and incoming): the one that got less
    far — nothing reachable, then no secure channel, then other, then sign-in, then sender."""
    return first if _BADNESS[first] >= _BADNESS[second] else second
