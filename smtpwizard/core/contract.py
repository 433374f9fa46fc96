"""The ``smtpwizard.probe/1`` JSON contract: a probe's records written as JSON-ready dicts.

Kept out of :mod:`smtpwizard.core.models` because the human fields (``title``, ``explanation``,
``fix``) come from the wording, which itself reads the models: models → wording → contract is a
one-way street. The contract is documented in ``docs/contracts.md``.
"""

from __future__ import annotations

from typing import Any

from smtpwizard.core.models import PROBE_SCHEMA, Attempt, Failure, Finding, ProbeReport
from smtpwizard.core.wording.messages import describe, describe_finding, failure_with_facts


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


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding with its words: ``code``, ``severity``, ``title``, ``explanation``, ``fix``,
    ``detail``."""
    text = describe_finding(finding)
    return {
        "code": finding.code.value,
        "severity": finding.severity.value,
        "title": text.title,
        "explanation": text.explanation,
        "fix": text.fix,
        "detail": finding.detail,
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
        "reproduce": attempt.reproduce.to_dict() if attempt.reproduce else None,
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
        "findings": [finding_json(f) for f in report.findings],
        "egress": [e.to_dict() for e in report.egress],
    }
