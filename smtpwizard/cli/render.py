"""Text a person reads in a terminal: the probe matrix with plain explanations."""

from __future__ import annotations

import textwrap

from smtpwizard.core.models import (
    Attempt,
    AuthState,
    Outcome,
    ProbeReport,
    Security,
    Severity,
    StageName,
)
from smtpwizard.core.wording import formats
from smtpwizard.core.wording.base import _, ngettext
from smtpwizard.core.wording.codes import CERTIFICATE_CODES
from smtpwizard.core.wording.messages import (
    describe_attempt,
    describe_finding,
    outcome_symbol,
    security_label,
)

_MARK = {Severity.PROBLEM: "✗", Severity.WARNING: "!", Severity.INFO: "✓"}
_ORDER = {Severity.PROBLEM: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _status(attempt: Attempt, provider: str | None) -> str:
    if attempt.outcome is Outcome.OK:
        if attempt.auth is AuthState.OK:
            sent = attempt.stage(StageName.SEND)
            sender = attempt.stage(StageName.SENDER)
            if sent is not None and sent.ok:
                return _("works: signed in, test message accepted")
            if sender is not None and sender.ok:
                return _("works: signed in, sender accepted")
            return _("works: signed in")
        return _("works: encrypted, sign-in offered")
    if attempt.outcome is Outcome.SKIPPED:
        return attempt.auth_note or _("not tried")
    text = describe_attempt(attempt, provider)
    if text is None:
        return _("no result")
    title = text.title
    if attempt.outcome is Outcome.UNFINISHED:
        return _("no answer yet — {title}").format(title=title)
    return title


def _duration(attempt: Attempt) -> str:
    ms = attempt.duration_ms
    return f"{formats.decimal(ms / 1000, 1)} s" if ms >= 1000 else formats.duration_ms(ms)


def render_probe(report: ProbeReport) -> str:
    lines: list[str] = []
    width = 78
    lines.extend(textwrap.wrap(report.summary, width) or [_("(no summary)")])
    lines.append("")
    rec = report.recommended
    if rec is not None:
        use = _("Use: {host}, port {port}, {security}").format(
            host=rec.host, port=rec.port, security=security_label(rec.security)
        )
        if rec.username:
            use = _("{settings}, user {user}").format(settings=use, user=rec.username)
        lines.append(use)
        lines.append("")
    tested = ngettext(
        "{host}: {count} combination tested in {seconds} s",
        "{host}: {count} combinations tested in {seconds} s",
        len(report.attempts),
    ).format(
        host=report.host,
        count=len(report.attempts),
        seconds=formats.decimal(report.duration_ms / 1000, 1),
    )
    if report.verdict_ms is not None:
        tested += _(", verdict after {seconds} s").format(
            seconds=formats.decimal(report.verdict_ms / 1000, 2)
        )
    lines.append(tested)
    lines.append("")
    column = max(len(security_label(s)) for s in Security)
    for attempt in sorted(report.attempts, key=lambda a: (a.pairing.port, a.pairing.security)):
        pairing = attempt.pairing
        tls = f"  {attempt.tls.version}" if attempt.tls and attempt.tls.version else ""
        mark = outcome_symbol(attempt.outcome)
        lines.append(
            f" {mark} {pairing.port:>5}  {security_label(pairing.security):<{column}} "
            f"{_status(attempt, report.provider)}{tls}  ({_duration(attempt)})"
        )
        text = describe_attempt(attempt, report.provider)
        if attempt.failure is not None and text is not None and attempt.outcome is Outcome.FAILED:
            for para in (text.explanation, _("What to do: {fix}").format(fix=text.fix)):
                lines.extend(
                    textwrap.wrap(para, width, initial_indent=" " * 10, subsequent_indent=" " * 10)
                )
            if attempt.failure.detail:
                lines.extend(
                    textwrap.wrap(
                        _("Server/technical detail: {detail}").format(
                            detail=attempt.failure.detail
                        ),
                        width,
                        initial_indent=" " * 10,
                        subsequent_indent=" " * 10,
                    )
                )
            lines.extend(_pin_hint(attempt))
    lines.extend(_findings(report, width))
    return "\n".join(lines)


def _pin_hint(attempt: Attempt) -> list[str]:
    """Beside a certificate failure: the fingerprint a person would check and pin."""
    failure, tls = attempt.failure, attempt.tls
    if failure is None or failure.code not in CERTIFICATE_CODES or tls is None or not tls.sha256:
        return []
    digits = tls.sha256.lower()
    colons = ":".join(digits[i : i + 2] for i in range(0, len(digits), 2))
    return [
        " " * 10 + _("Certificate SHA-256 fingerprint: {fingerprint}").format(fingerprint=colons),
        " " * 10
        + _(
            "Only if the provider confirms this exact fingerprint: --accept-certificate {fp}"
        ).format(fp=digits),
    ]


def _findings(report: ProbeReport, width: int) -> list[str]:
    """ "Will your mail be trusted?" and the other findings; problems first."""
    if not report.findings:
        return []
    lines = ["", _("Will your mail be trusted? (and other findings)"), ""]
    for finding in sorted(report.findings, key=lambda f: _ORDER[f.severity]):
        text = describe_finding(finding)
        lines.append(f" {_MARK[finding.severity]} {text.title}")
        if finding.severity is Severity.INFO:
            continue
        fix = _("What to do: {fix}").format(fix=text.fix) if text.fix else ""
        for para in (text.explanation, fix):
            lines.extend(
                textwrap.wrap(para, width, initial_indent=" " * 3, subsequent_indent=" " * 3)
            )
    return lines
