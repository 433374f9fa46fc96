"""The ``smtpwizard.probe/1`` JSON contract: a probe's records written as JSON-ready dicts.

Kept out of :mod:`smtpwizard.core.models` because the human fields (``title``, ``explanation``,
``fix``) come from the wording, which itself reads the models: models → wording → contract is a
one-way street. The contract is documented in ``docs/contracts.md``.
"""

from __future__ import annotations

from typing import Any

from smtpwizard.core.models import (
    PROBE_SCHEMA,
    Attempt,
    DeliveryProof,
    Failure,
    Finding,
    IncomingPairing,
    ProbeReport,
)
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
    protocol = {}
    if isinstance(attempt.pairing, IncomingPairing):  # an addition: incoming attempts only
        protocol = {"protocol": attempt.pairing.protocol.value}
    return {
        **protocol,
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


def _report_fields(report: ProbeReport) -> dict[str, Any]:
    return {
        "host": report.host,
        "duration_ms": round(report.duration_ms, 1),
        "verdict_ms": None if report.verdict_ms is None else round(report.verdict_ms, 1),
        "attempts": [attempt_json(a, report.provider) for a in report.attempts],
        "recommended": report.recommended.to_dict() if report.recommended else None,
        "summary": report.summary,
        "findings": [finding_json(f) for f in report.findings],
        "egress": [e.to_dict() for e in report.egress],
    }


def delivery_json(proof: DeliveryProof) -> dict[str, Any]:
    """The delivery proof: was the test message found in the inbox, how fast, what was judged."""
    return {
        "message_id": proof.message_id,
        "delivered": proof.delivered,
        "seconds": round(proof.seconds, 1),
        "verdicts": dict(proof.verdicts),
        "dkim_signed": proof.dkim_signed,
        "detail": proof.detail,
    }


def probe_json(
    report: ProbeReport,
    *,
    incoming: ProbeReport | None = None,
    delivery: DeliveryProof | None = None,
) -> dict[str, Any]:
    """The whole probe as the ``smtpwizard.probe/1`` object.

    Additively, with ``--incoming``: ``"incoming"`` (the IMAP/POP3 probe: the same fields, each
    attempt with ``"protocol"``, the recommendation with ``"protocol"``) and ``"delivery"``.
    """
    data: dict[str, Any] = {"schema": PROBE_SCHEMA, **_report_fields(report)}
    if incoming is not None:
        data["incoming"] = _report_fields(incoming)
    if delivery is not None:
        data["delivery"] = delivery_json(delivery)
    return data
