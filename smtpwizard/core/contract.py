"""The ``smtpwizard.probe/1`` JSON contract: a probe's records written as JSON-ready dicts.

Kept out of :mod:`smtpwizard.core.models` because the human fields (``title``, ``explanation``,
``fix``) come from the wording, which itself reads the models: models → wording → contract is a
one-way street. The contract is documented in ``docs/contracts.md``.
"""

from __future__ import annotations

from typing import Any

from smtpwizard.core.models import PROBE_SCHEMA, Attempt, Failure, ProbeReport
from smtpwizard.core.wording.messages import describe, failure_with_facts


def failure_json(failure: Failure, provider: str | None = None) -> dict[str, Any]:
    """A failure with its words: ``code``, ``title``, ``explanation``, ``fix``, ``detail``."""
    text = describe(failure, provider)
    return {
        "code": failure.code.value,
        "title": text.title,
        "explanation": text.explanation,
        "fix": text.fix,
        "detail": failure.detail,
    }


def attempt_json(attempt: Attempt, provider: str | None = None) -> dict[str, Any]:
    """One pairing's result as the contract's attempt object."""
    failure = failure_with_facts(attempt)
    return {
        "port": attempt.pairing.port,
        "security": attempt.pairing.security.value,
        "outcome": attempt.outcome.value,
        "failure": failure_json(failure, provider) if failure else None,
        "stages": [s.to_dict() for s in attempt.stages],
        "tls": attempt.tls.to_dict() if attempt.tls else None,
        "auth_mechanisms": list(attempt.auth_mechanisms),
        "auth_mechanisms_before_tls": list(attempt.auth_mechanisms_before_tls),
        "auth": attempt.auth.value,
        "auth_note": attempt.auth_note,
        "password_sent_unencrypted": attempt.password_sent_unencrypted,
        "transcript": list(attempt.transcript),
    }


def probe_json(report: ProbeReport) -> dict[str, Any]:
    """The whole probe as the ``smtpwizard.probe/1`` object."""
    return {
        "schema": PROBE_SCHEMA,
        "host": report.host,
        "duration_ms": round(report.duration_ms, 1),
        "verdict_ms": None if report.verdict_ms is None else round(report.verdict_ms, 1),
        "attempts": [attempt_json(a, report.provider) for a in report.attempts],
        "recommended": report.recommended.to_dict() if report.recommended else None,
        "summary": report.summary,
    }
