"""The verdict of a probe in one plain paragraph, and the single problem that matters most."""

from __future__ import annotations

from smtpwizard.core.models import Attempt, AuthState, DeliveryProof, Outcome, ProbeReport
from smtpwizard.core.wording.base import _, ngettext
from smtpwizard.core.wording.codes import FailureCode
from smtpwizard.core.wording.messages import describe_attempt, importance, security_label


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
            phrases.append(_("port {port}").format(port=port))
        else:
            labels = _(" or ").join(security_label(p.security) for p in sorted(listed))
            phrases.append(_("port {port} with {labels}").format(port=port, labels=labels))
    if len(phrases) == 1:
        return phrases[0]
    return _("{first} and {last}").format(first=", ".join(phrases[:-1]), last=phrases[-1])


def cleartext_warning(report: ProbeReport) -> str | None:
    """The loud sentence for a password that crossed the network unencrypted, or None."""
    exposed = [a for a in report.attempts if a.password_sent_unencrypted]
    if not exposed:
        return None
    return (
        f"WARNING: YOUR PASSWORD WAS SENT WITHOUT ENCRYPTION on {_where(exposed, report)}, as "
        "you allowed: no encrypted, verified connection could sign in. Anyone on the network "
        "path could read it. Change the password if this network is not entirely your own."
    )


def summarize(report: ProbeReport) -> str:
    rec = report.recommended
    blocked = [
        a
        for a in report.attempts
        if a.failure is not None
        and a.failure.code in (FailureCode.NET_TIMEOUT, FailureCode.NET_BLOCKED_LOCALLY)
        and a.outcome is Outcome.FAILED
    ]
    unfinished = [a for a in report.attempts if a.outcome is Outcome.UNFINISHED]
    parts: list[str] = []
    warning = cleartext_warning(report)
    if warning:
        parts.append(warning)
    if rec is not None:
        working = [a for a in report.attempts if a.outcome is Outcome.OK]
        label = security_label(rec.security)
        if report.credentials_given:
            parts.append(
                _(
                    "Ready: {host} works on port {port} with {security}, and your "
                    "sign-in was accepted."
                ).format(host=rec.host, port=rec.port, security=label)
            )
        else:
            parts.append(
                _(
                    "{host} accepts sign-ins on port {port} with {security} over a "
                    "verified, encrypted connection. Your user name and password were "
                    "not tested."
                ).format(host=rec.host, port=rec.port, security=label)
            )
        others = len(working) - 1
        if others > 0:
            parts.append(
                ngettext(
                    "{count} other combination also works.",
                    "{count} other combinations also work.",
                    others,
                ).format(count=others)
            )
    else:
        problem = main_problem(report)
        text = describe_attempt(problem, report.provider) if problem is not None else None
        if problem is not None and text is not None:
            parts.append(
                _("Not working yet: {title} (port {port}, {security}). {fix}").format(
                    title=text.title,
                    port=problem.pairing.port,
                    security=security_label(problem.pairing.security),
                    fix=text.fix,
                )
            )
        else:
            parts.append(_("Not working yet: no combination of port and encryption worked."))
    if blocked:
        parts.append(
            _("No answer on {where}: probably blocked by this network.").format(
                where=_where(blocked, report)
            )
        )
    if unfinished:
        parts.append(
            _("Still no answer on {where} when the result was ready.").format(
                where=_where(unfinished, report)
            )
        )
    skipped = [a for a in report.attempts if a.outcome is Outcome.SKIPPED]
    if skipped and rec is None:
        parts.append(_("To avoid locking your account, the password was tried only once."))
    return " ".join(parts)


def summarize_incoming(report: ProbeReport) -> str:
    """The incoming-mail verdict (IMAP/POP3) in one plain paragraph."""
    rec = report.recommended
    parts: list[str] = []
    if rec is not None:
        protocol = getattr(rec, "protocol", None)
        name = protocol.label if protocol is not None else "IMAP"
        where = {"name": name, "host": rec.host, "port": rec.port}
        security = security_label(rec.security)
        if report.credentials_given:
            parts.append(
                _(
                    "Receiving works: {name} on {host}, port {port} with {security}; your "
                    "sign-in was accepted and the inbox opened (read-only, nothing was changed)."
                ).format(security=security, **where)
            )
        else:
            parts.append(
                _(
                    "{host} offers {name} on port {port} with {security} over a verified, "
                    "encrypted connection. Your user name and password were not tested."
                ).format(security=security, **where)
            )
    else:
        problem = main_problem(report)
        text = describe_attempt(problem, report.provider) if problem is not None else None
        if problem is not None and text is not None:
            parts.append(
                _("Receiving does not work yet: {title} ({pairing}). {fix}").format(
                    title=text.title, pairing=problem.pairing, fix=text.fix
                )
            )
        else:
            parts.append(_("Receiving does not work yet: no incoming server answered."))
    skipped = [a for a in report.attempts if a.outcome is Outcome.SKIPPED]
    if skipped and rec is None:
        parts.append(_("To avoid locking your account, the password was tried only once."))
    return " ".join(parts)


def account_line(
    outgoing: ProbeReport | None,
    incoming: ProbeReport | None,
    delivery: DeliveryProof | None = None,
) -> str:
    """One line for the whole account: "Sending ✓   Receiving ✓   Delivery ✓ (1.3 s)"."""

    def mark(report: ProbeReport | None) -> str:
        if report is None:
            return _("not tested")
        return "✓" if report.recommended is not None else "✗"

    parts = [
        _("Sending {mark}").format(mark=mark(outgoing)),
        _("Receiving {mark}").format(mark=mark(incoming)),
    ]
    if delivery is not None:
        if delivery.delivered:
            parts.append(_("Delivery ✓ ({seconds:.1f} s)").format(seconds=delivery.seconds))
        else:
            parts.append(
                _("Delivery ✗ (not in the inbox after {seconds:.0f} s; check spam)").format(
                    seconds=delivery.seconds
                )
            )
    return "   ".join(parts)


def delivery_sentence(delivery: DeliveryProof) -> str:
    """The delivery proof in one or two plain sentences (CLI, wizard)."""
    if not delivery.delivered:
        return _(
            "The test message was sent, but it is not in your inbox after {seconds:.0f} s "
            "(check the spam folder)."
        ).format(seconds=delivery.seconds)
    text = _("The test message arrived in your inbox in {seconds:.1f} s.").format(
        seconds=delivery.seconds
    )
    if delivery.verdicts:
        judged = ", ".join(f"{k.upper()} {v}" for k, v in sorted(delivery.verdicts.items()))
        text += " " + _("The receiving server judged: {judged}.").format(judged=judged)
    if delivery.dkim_signed:
        text += " " + _("It carries a DKIM signature.")
    return text
