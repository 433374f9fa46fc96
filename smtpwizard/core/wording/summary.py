"""The verdict of a probe in one plain paragraph, and the single problem that matters most."""

from __future__ import annotations

from smtpwizard.core.models import Attempt, AuthState, DeliveryProof, Outcome, ProbeReport
from smtpwizard.core.wording.codes import FailureCode
from smtpwizard.core.wording.messages import describe_attempt, importance


def main_problem(report: ProbeReport) -> Attempt | None:
    """The failed attempt whose failure a person should hear about first."""
    failed = [
        a
        for a in report.attempts
        if a.failure is not None and a.outcome in (Outcome.FAILED, Outcome.UNFINISHED)
    ]
    if not failed:
        return None
    # once a pairing signed in, what went wrong after the sign-in is the problem to tell
    signed_in = [a for a in failed if a.auth is AuthState.OK]
    return max(signed_in or failed, key=lambda a: importance(a.failure.code) if a.failure else 0)


def _where(attempts: list[Attempt], report: ProbeReport) -> str:
    """ "port 2525" when every pairing of the port is listed, else "port 465 with STARTTLS"."""
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
    blocked = [
        a
        for a in report.attempts
        if a.failure is not None
        and a.failure.code is FailureCode.NET_TIMEOUT
        and a.outcome is Outcome.FAILED
    ]
    unfinished = [a for a in report.attempts if a.outcome is Outcome.UNFINISHED]
    parts: list[str] = []
    if rec is not None:
        working = [a for a in report.attempts if a.outcome is Outcome.OK]
        label = rec.security.label
        if report.credentials_given:
            parts.append(
                f"Ready: {rec.host} works on port {rec.port} with {label}, and your "
                "sign-in was accepted."
            )
        else:
            parts.append(
                f"{rec.host} accepts sign-ins on port {rec.port} with {label} over a "
                "verified, encrypted connection. Your user name and password were "
                "not tested."
            )
        others = len(working) - 1
        if others > 0:
            parts.append(
                f"{others} other combination{'s' if others > 1 else ''} also "
                f"work{'' if others > 1 else 's'}."
            )
    else:
        problem = main_problem(report)
        text = describe_attempt(problem, report.provider) if problem is not None else None
        if problem is not None and text is not None:
            parts.append(
                f"Not working yet: {text.title} (port {problem.pairing.port}, "
                f"{problem.pairing.security.label}). {text.fix}"
            )
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


def summarize_incoming(report: ProbeReport) -> str:
    """The incoming-mail verdict (IMAP/POP3) in one plain paragraph."""
    rec = report.recommended
    parts: list[str] = []
    if rec is not None:
        protocol = getattr(rec, "protocol", None)
        name = protocol.label if protocol is not None else "IMAP"
        if report.credentials_given:
            parts.append(
                f"Receiving works: {name} on {rec.host}, port {rec.port} with "
                f"{rec.security.label}; your sign-in was accepted and the inbox opened "
                "(read-only, nothing was changed)."
            )
        else:
            parts.append(
                f"{rec.host} offers {name} on port {rec.port} with {rec.security.label} over a "
                "verified, encrypted connection. Your user name and password were not tested."
            )
    else:
        problem = main_problem(report)
        text = describe_attempt(problem, report.provider) if problem is not None else None
        if problem is not None and text is not None:
            parts.append(
                f"Receiving does not work yet: {text.title} ({problem.pairing}). {text.fix}"
            )
        else:
            parts.append("Receiving does not work yet: no incoming server answered.")
    skipped = [a for a in report.attempts if a.outcome is Outcome.SKIPPED]
    if skipped and rec is None:
        parts.append("To avoid locking your account, the password was tried only once.")
    return " ".join(parts)


def account_line(
    outgoing: ProbeReport | None,
    incoming: ProbeReport | None,
    delivery: DeliveryProof | None = None,
) -> str:
    """One line for the whole account: "Sending ✓   Receiving ✓   Delivery ✓ (1.3 s)"."""

    def mark(report: ProbeReport | None) -> str:
        if report is None:
            return "not tested"
        return "✓" if report.recommended is not None else "✗"

    parts = [f"Sending {mark(outgoing)}", f"Receiving {mark(incoming)}"]
    if delivery is not None:
        if delivery.delivered:
            parts.append(f"Delivery ✓ ({delivery.seconds:.1f} s)")
        else:
            parts.append(
                f"Delivery ✗ (not in the inbox after {delivery.seconds:.0f} s; check spam)"
            )
    return "   ".join(parts)


def delivery_sentence(delivery: DeliveryProof) -> str:
    """The delivery proof in one or two plain sentences (CLI, wizard)."""
    if not delivery.delivered:
        return (
            f"The test message was sent, but it is not in your inbox after "
            f"{delivery.seconds:.0f} s (check the spam folder)."
        )
    text = f"The test message arrived in your inbox in {delivery.seconds:.1f} s."
    if delivery.verdicts:
        judged = ", ".join(f"{k.upper()} {v}" for k, v in sorted(delivery.verdicts.items()))
        text += f" The receiving server judged: {judged}."
    if delivery.dkim_signed:
        text += " It carries a DKIM signature."
    return text
