"""The verdict of a probe in one plain paragraph, and the single problem that matters most."""

from __future__ import annotations

from smtpwizard.core.codes import FailureCode
from smtpwizard.core.messages import describe
from smtpwizard.core.models import Attempt, Outcome, ProbeReport

# Which failure explains the situation best, most telling first: a refused password says more
# than a blocked port, a certificate problem more than a missing greeting.
_FAMILY_WEIGHT = {"send": 0, "auth": 1, "tls": 2, "smtp": 3, "net": 4, "dns": 5}
_WEAK = {
    FailureCode.AUTH_CLEARTEXT_REFUSED: 3,  # expected on plaintext ports: rarely the point
    FailureCode.AUTH_UNAVAILABLE_BEFORE_TLS: 3,
    FailureCode.NET_REFUSED: 2,
    FailureCode.TLS_WRONG_MODE: 2,
    FailureCode.NET_NO_GREETING: 2,
    FailureCode.TLS_STARTTLS_UNAVAILABLE: 1,
    FailureCode.AUTH_UNAVAILABLE: 1,
}


def problem_weight(attempt: Attempt) -> tuple[int, int]:
    assert attempt.failure is not None
    code = attempt.failure.code
    return (_WEAK.get(code, 0), _FAMILY_WEIGHT[code.family])


def main_problem(report: ProbeReport) -> Attempt | None:
    """The failed attempt whose failure a person should hear about first."""
    failed = [a for a in report.attempts if a.failure is not None
              and a.outcome in (Outcome.FAILED, Outcome.UNFINISHED)]
    if not failed:
        return None
    return min(failed, key=problem_weight)


def _where(attempts: list[Attempt], report: ProbeReport) -> str:
    """"port 2525" when every pairing of the port is listed, else "port 465 with STARTTLS"."""
    phrases: list[str] = []
    for port in sorted({a.pairing.port for a in attempts}):
        listed = {a.pairing for a in attempts if a.pairing.port == port}
        all_of_port = {a.pairing for a in report.attempts if a.pairing.port == port}
        if listed == all_of_port:
            phrases.append(f"port {port}")
        else:
            labels = " or ".join(p.security.label for p in sorted(listed))
            phrases.append(f"port {port} with {labels}")
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def summarize(report: ProbeReport) -> str:
    rec = report.recommended
    blocked = [a for a in report.attempts if a.failure is not None
               and a.failure.code is FailureCode.NET_TIMEOUT and a.outcome is Outcome.FAILED]
    unfinished = [a for a in report.attempts if a.outcome is Outcome.UNFINISHED]
    parts: list[str] = []
    if rec is not None:
        working = [a for a in report.attempts if a.outcome is Outcome.OK]
        label = rec.security.label
        if report.credentials_given:
            parts.append(f"Ready: {rec.host} works on port {rec.port} with {label}, and your "
                         "sign-in was accepted.")
        else:
            parts.append(f"{rec.host} accepts sign-ins on port {rec.port} with {label} over a "
                         "verified, encrypted connection. Your user name and password were "
                         "not tested.")
        others = len(working) - 1
        if others > 0:
            parts.append(f"{others} other combination{'s' if others > 1 else ''} also "
                         f"work{'' if others > 1 else 's'}.")
    else:
        problem = main_problem(report)
        if problem is not None and problem.failure is not None:
            text = describe(problem.failure, report.provider)
            parts.append(f"Not working yet: {text.title} (port {problem.pairing.port}, "
                         f"{problem.pairing.security.label}). {text.fix}")
        else:
            parts.append("Not working yet: no combination of port and encryption worked.")
    if blocked:
        parts.append(f"No answer on {_where(blocked, report)}: probably blocked by this network.")
    if unfinished:
        parts.append(f"Still no answer on {_where(unfinished, report)} when the result was ready.")
    skipped = [a for a in report.attempts if a.outcome is Outcome.SKIPPED]
    if skipped and rec is None:
        parts.append("To avoid locking your account, the password was tried only once.")
    return " ".join(parts)
