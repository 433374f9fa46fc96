"""Certificate and identity audit over a probe's attempts (no network: what was already seen).

* a working certificate that expires within :data:`EXPIRY_WARNING_DAYS` → ``tls.cert_expiring``;
* the negotiated TLS version of the working pairings → ``tls.version`` (informational);
* one port answering as another machine (its greeting or certificate names a different host
  than the other ports: an internet provider's port-25 interception, antivirus mail scanning, a
  captive portal) → ``smtp.identity_differs``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from smtpwizard.core.models import Attempt, Finding, Outcome, Severity, certificate_time
from smtpwizard.core.wording.codes import FindingCode as F

EXPIRY_WARNING_DAYS = 14


def expiring(attempts: Iterable[Attempt], now: datetime) -> list[Finding]:
    """One finding per certificate (by fingerprint) that verified and expires soon."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for attempt in attempts:
        tls = attempt.tls
        if tls is None or not tls.verified or tls.sha256 in seen:
            continue
        end = certificate_time(tls.not_after)
        if end is None:
            continue
        left = end - now
        if left.total_seconds() < 0 or left.days >= EXPIRY_WARNING_DAYS:
            continue
        seen.add(tls.sha256)
        findings.append(
            Finding(
                F.TLS_CERT_EXPIRING,
                Severity.WARNING,
                {
                    "days": str(left.days),
                    "not_after": end.strftime("%Y-%m-%d %H:%M UTC"),
                    "host": attempt.host,
                    "port": str(attempt.port),
                },
                f"certificate {tls.subject or ', '.join(tls.names)} (SHA-256 {tls.sha256})",
            )
        )
    return findings


def tls_versions(attempts: Sequence[Attempt]) -> list[Finding]:
    """The negotiated version of the working encrypted pairings (one finding per version)."""
    by_version: dict[str, list[Attempt]] = {}
    for attempt in attempts:
        if attempt.outcome is Outcome.OK and attempt.tls is not None and attempt.tls.version:
            by_version.setdefault(attempt.tls.version, []).append(attempt)
    return [
        Finding(
            F.TLS_VERSION,
            Severity.INFO,
            {
                "tls_version": version,
                "port": ", ".join(sorted({str(a.port) for a in found})),
                "host": found[0].host,
            },
            "; ".join(f"{a.pairing}: {a.tls.cipher}" for a in found if a.tls),
        )
        for version, found in sorted(by_version.items())
    ]


def greeting_name(transcript: Sequence[str]) -> str | None:
    """The host name a server gives in its 220 greeting (``S: 220 mx.example.com ESMTP``)."""
    for line in transcript:
        if line.startswith("S: 220"):
            words = line[7:].split()
            return words[0].lower().rstrip(".") if words else None
    return None


def _domain(name: str) -> str:
    """Machines of one provider greet with different names (``XX1P123.outlook.office365.com``):
    compare the last two labels, which an interceptor does not share."""
    return ".".join(name.split(".")[-2:])


def _identities(attempts: Iterable[Attempt]) -> dict[int, dict[str, str]]:
    """Per port: identity key → what to show (``greeting office365.com`` → the full name)."""
    seen: dict[int, dict[str, str]] = {}
    for attempt in attempts:
        names = seen.setdefault(attempt.port, {})
        name = greeting_name(attempt.transcript)
        if name:
            names[f"greeting {_domain(name)}"] = f"{name} (greeting)"
        if attempt.tls is not None and attempt.tls.names:
            shown = ", ".join(sorted(attempt.tls.names))
            names[f"certificate {shown}"] = f"{shown} (certificate)"
    return {port: names for port, names in seen.items() if names}


def identity_differs(attempts: Sequence[Attempt]) -> list[Finding]:
    """Ports whose greeting or certificate names another host than the other ports agree on."""
    identities = _identities(attempts)
    if len(identities) < 2:
        return []
    votes = Counter(key for names in identities.values() for key in names)
    findings: list[Finding] = []
    for port, names in sorted(identities.items()):
        elsewhere = {k: v for p, ns in identities.items() if p != port for k, v in ns.items()}
        odd = [
            key
            for key in names
            if votes[key] == 1
            and any(
                k.split(" ", 1)[0] == key.split(" ", 1)[0] and votes[k] > 1 and k not in names
                for k in elsewhere
            )
        ]
        if not odd:
            continue
        expected = sorted(
            {v for k, v in elsewhere.items() if votes[k] > 1 and k not in names}
        )  # fmt: skip
        findings.append(
            Finding(
                F.SMTP_IDENTITY_DIFFERS,
                Severity.WARNING,
                {
                    "port": str(port),
                    "names": "; ".join(names[k] for k in odd),
                    "expected": "; ".join(expected),
                },
                f"port {port}: {'; '.join(sorted(names.values()))}\n"
                f"other ports: {'; '.join(sorted(set(elsewhere.values())))}",
            )
        )
    return findings


def audit(attempts: Sequence[Attempt], now: datetime | None = None) -> list[Finding]:
    """All local certificate and identity findings for a probe's attempts."""
    moment = now or datetime.now(UTC)
    return [*expiring(attempts, moment), *tls_versions(attempts), *identity_differs(attempts)]
