"""How a probe ended, as one stable category: the CLI's exit code and the installers' contract."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from smtpwizard.core.models import Attempt, AuthState, Outcome, ProbeReport, StageName
from smtpwizard.core.wording.codes import FailureCode


class Verdict(IntEnum):
    """Exit codes of ``smtpwizard probe`` (docs/contracts.md)."""

    WORKING = 0
    OTHER = 1
    USAGE = 2
    UNREACHABLE = 3  # nothing reachable (name lookup or network)
    NO_SECURE_CHANNEL = 4  # a server answered, but no verified encrypted connection
    AUTH_FAILED = 5  # encrypted and verified, but the sign-in failed
    SENDER_REFUSED = 6  # signed in, but the sender or the test message was refused


# what a server that answered may still fail with that is not about encryption: it closed the
# connection, fell silent, was busy or spoke something else (exit 1, not 4)
SERVER_TROUBLE: frozenset[FailureCode] = frozenset(
    {
        FailureCode.NET_CLOSED,
        FailureCode.NET_NO_GREETING,
        FailureCode.NET_TIMEOUT,
        FailureCode.SMTP_TEMPORARY,
        FailureCode.SMTP_NOT_SMTP,
        FailureCode.SMTP_GREETING_REJECTED,
        FailureCode.IMAP_WRONG_PROTOCOL,
        FailureCode.IMAP_GREETING_REJECTED,
    }
)


@dataclass(frozen=True)
class Facts:
    """What the exit category needs to know about one attempt (finished, or only imagined)."""

    code: FailureCode | None = None
    auth: AuthState = AuthState.NOT_TRIED
    skipped: bool = False
    secure: bool = False
    answered: bool = False  # the server said something: a greeting, or a TLS reply


def answered(attempt: Attempt) -> bool:
    """A server answered on this pairing: an SMTP greeting, or TLS (a certificate, an alert)."""
    greeting = attempt.stage(StageName.GREETING)
    failure = attempt.failure
    return (
        (greeting is not None and greeting.ok)
        or attempt.tls is not None
        or (failure is not None and failure.params.get("answered") == "yes")
    )


def facts_of(attempt: Attempt) -> Facts:
    return Facts(
        code=attempt.failure.code if attempt.failure is not None else None,
        auth=attempt.auth,
        skipped=attempt.outcome is Outcome.SKIPPED,
        secure=attempt.secure,
        answered=answered(attempt),
    )


def verdict_from(working: bool, facts: Iterable[Facts]) -> Verdict:
    """The category, from whether a pairing is recommended and each attempt's facts."""
    if working:
        return Verdict.WORKING
    every = list(facts)
    if any(f.auth is AuthState.OK for f in every):
        return Verdict.SENDER_REFUSED
    if any(f.auth is AuthState.FAILED or f.skipped for f in every):
        return Verdict.AUTH_FAILED
    if any(f.secure and f.code is not None and f.code.family == "auth" for f in every):
        return Verdict.AUTH_FAILED
    if any(f.answered and f.code not in SERVER_TROUBLE for f in every):
        return Verdict.NO_SECURE_CHANNEL
    if not any(f.answered for f in every) and all(
        f.code is not None and f.code.family in ("dns", "net") for f in every
    ):
        return Verdict.UNREACHABLE
    return Verdict.OTHER


def verdict_of(report: ProbeReport) -> Verdict:
    return verdict_from(report.recommended is not None, (facts_of(a) for a in report.attempts))


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
