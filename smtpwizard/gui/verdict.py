"""Which single answer to tell first, from a probe report (words from core.messages)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from smtpwizard.core.models import Attempt, Failure, Outcome, ProbeReport, Security
from smtpwizard.core.wording import certificate as certificate_words
from smtpwizard.core.wording import messages
from smtpwizard.core.wording.base import _
from smtpwizard.core.wording.summary import main_problem

if TYPE_CHECKING:
    from smtpwizard.core.probe.test_send import SentMessage


def tr(text: str) -> str:
    return QCoreApplication.translate("verdict", text)


def security_words(security: Security) -> str:
    return {
        Security.NONE: tr("no encryption"),
        Security.STARTTLS: "STARTTLS",
        Security.TLS: "SSL/TLS",
    }[security]


def pairing_words(port: int, security: Security) -> str:
    return tr("port {port}, {security}").format(port=port, security=security_words(security))


def sentence(text: str) -> str:
    """Upper-case the first letter only (``"port 587, STARTTLS"`` → ``"Port 587, STARTTLS"``)."""
    return text[:1].upper() + text[1:]


def main_failure(report: ProbeReport) -> Failure | None:
    """The failure a person should act on first: the core's headline (``main_problem``)."""
    attempt = main_problem(report)
    return attempt.failure if attempt is not None else None


def failure_attempt(report: ProbeReport, failure: Failure) -> Attempt | None:
    for attempt in report.attempts:
        if attempt.failure is failure:
            return attempt
    return None


@dataclass(frozen=True)
class Verdict:
    ok: bool
    headline: str
    explanation: str
    fix: str


def verdict(report: ProbeReport) -> Verdict:
    if report.recommended is not None:
        rec = report.recommended
        headline = tr("Ready: {host}, {pairing}").format(
            host=rec.host, pairing=pairing_words(rec.port, rec.security)
        )
        if report.credentials_given and rec.username:
            explanation = tr(
                "The connection is encrypted, the server proved its identity, and it accepted "
                "your sign-in as {user}."
            ).format(user=rec.username)
        else:
            explanation = tr("The connection is encrypted and the server proved its identity.")
        if rec.pinned_sha256:  # not an authority: the certificate the person trusted
            signed_in = report.credentials_given and rec.username
            explanation = (
                _(certificate_words.PINNED_VERDICT)
                if signed_in
                else _(certificate_words.PINNED_NOTE)
            ).format(
                fingerprint=" ".join(certificate_words.fingerprint_groups(rec.pinned_sha256)),
                user=rec.username or "",
            )
        return Verdict(True, headline, explanation, "")
    failure = main_failure(report)
    if failure is None:
        if any(a.outcome is Outcome.UNFINISHED for a in report.attempts):
            return Verdict(
                False,
                tr("Not working yet: no answer from the server"),
                messages.outcome_label(Outcome.UNFINISHED),
                tr("Check the server name, then try again from another network."),
            )
        return Verdict(False, tr("Not working yet"), report.summary, "")
    text = messages.describe(failure, report.provider)
    return Verdict(
        False,
        tr("Not working yet: {problem}").format(problem=text.title),
        text.explanation,
        text.fix,
    )


def test_message_words(sent: SentMessage | None) -> str:
    """ "Test message sent to … at 14:02", the refusal in plain words, or "" (none sent)."""
    if sent is None:
        return ""
    if sent.failure is None:
        return _(messages.TEST_MESSAGE_SENT).format(
            recipient=sent.recipient, time=sent.at.strftime("%H:%M")
        )
    text = messages.describe(sent.failure)
    return _(messages.TEST_MESSAGE_REFUSED).format(
        recipient=sent.recipient, title=text.title, fix=text.fix
    )


def seconds_taken(report: ProbeReport) -> float:
    """The one duration every page shows for ``report`` (the whole test, in seconds)."""
    return max(0.1, round(report.duration_ms / 1000.0, 1))  # never "0.0 seconds"
