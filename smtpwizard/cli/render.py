"""Text a person reads in a terminal: the probe matrix with plain explanations."""

from __future__ import annotations

import textwrap

from smtpwizard.core.models import Attempt, AuthState, Outcome, ProbeReport, Severity, StageName
from smtpwizard.core.wording.messages import describe_attempt, describe_finding, outcome_symbol

_MARK = {Severity.PROBLEM: "✗", Severity.WARNING: "!", Severity.INFO: "✓"}
_ORDER = {Severity.PROBLEM: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _status(attempt: Attempt, provider: str | None) -> str:
    if attempt.outcome is Outcome.OK:
        if attempt.auth is AuthState.OK:
            sent = attempt.stage(StageName.SEND)
            sender = attempt.stage(StageName.SENDER)
            if sent is not None and sent.ok:
                return "works: signed in, test message accepted"
            if sender is not None and sender.ok:
                return "works: signed in, sender accepted"
            return "works: signed in"
        return "works: encrypted, sign-in offered"
    if attempt.outcome is Outcome.SKIPPED:
        return attempt.auth_note or "not tried"
    text = describe_attempt(attempt, provider)
    if text is None:
        return "no result"
    title = text.title
    if attempt.outcome is Outcome.UNFINISHED:
        return f"no answer yet — {title}"
    return title


def _duration(attempt: Attempt) -> str:
    ms = attempt.duration_ms
    return f"{ms / 1000:.1f} s" if ms >= 1000 else f"{ms:.0f} ms"


def render_probe(report: ProbeReport) -> str:
    lines: list[str] = []
    width = 78
    lines.extend(textwrap.wrap(report.summary, width) or ["(no summary)"])
    lines.append("")
    rec = report.recommended
    if rec is not None:
        user = f", user {rec.username}" if rec.username else ""
        lines.append(f"Use: {rec.host}, port {rec.port}, {rec.security.label}{user}")
        lines.append("")
    verdict = (
        f", verdict after {report.verdict_ms / 1000:.2f} s" if report.verdict_ms is not None else ""
    )
    lines.append(
        f"{report.host}: {len(report.attempts)} combinations tested in "
        f"{report.duration_ms / 1000:.1f} s{verdict}"
    )
    lines.append("")
    for attempt in sorted(report.attempts, key=lambda a: (a.pairing.port, a.pairing.security)):
        pairing = attempt.pairing
        tls = f"  {attempt.tls.version}" if attempt.tls and attempt.tls.version else ""
        mark = outcome_symbol(attempt.outcome)
        lines.append(
            f" {mark} {pairing.port:>5}  {pairing.security.label:<9} "
            f"{_status(attempt, report.provider)}{tls}  ({_duration(attempt)})"
        )
        text = describe_attempt(attempt, report.provider)
        if attempt.failure is not None and text is not None and attempt.outcome is Outcome.FAILED:
            for para in (text.explanation, f"What to do: {text.fix}"):
                lines.extend(
                    textwrap.wrap(para, width, initial_indent=" " * 10, subsequent_indent=" " * 10)
                )
            if attempt.failure.detail:
                lines.extend(
                    textwrap.wrap(
                        f"Server/technical detail: {attempt.failure.detail}",
                        width,
                        initial_indent=" " * 10,
                        subsequent_indent=" " * 10,
                    )
                )
    lines.extend(_findings(report, width))
    return "\n".join(lines)


def _findings(report: ProbeReport, width: int) -> list[str]:
    """ "Will your mail be trusted?" and the other findings; problems first."""
    if not report.findings:
        return []
    lines = ["", "Will your mail be trusted? (and other findings)", ""]
    for finding in sorted(report.findings, key=lambda f: _ORDER[f.severity]):
        text = describe_finding(finding)
        lines.append(f" {_MARK[finding.severity]} {text.title}")
        if finding.severity is Severity.INFO:
            continue
        for para in (text.explanation, f"What to do: {text.fix}" if text.fix else ""):
            lines.extend(
                textwrap.wrap(para, width, initial_indent=" " * 3, subsequent_indent=" " * 3)
            )
    return lines
