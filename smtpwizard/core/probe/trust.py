"""Trusting one exact certificate: when to offer it, how risky it is, and the fingerprint to read.

A company server or a local bridge (Proton Mail Bridge on 127.0.0.1) often presents a
self-signed or privately issued certificate. The probe refuses to send a password over it; the
person may instead accept *that exact certificate* after checking its SHA-256 fingerprint, and
the next probe pins it (:attr:`ProbeOptions.pinned_sha256`).

:func:`trust_offer` says whether a report allows that, and how strongly to warn:
- a certificate that is merely not from a known authority (self-signed, private CA) is an
  ordinary offer;
- an expired (or not yet valid) certificate, or one made out for another name, is ``risky``:
  the person must get past a second, stronger warning;
- a certificate that differs from the one pinned for this account earlier is ``changed``:
  never re-trusted silently (the offer says so, loudly, and counts as risky).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from fnmatch import fnmatchcase

from smtpwizard.core.models import Attempt, Pairing, ProbeReport, TlsInfo
from smtpwizard.core.probe.ranking import rank
from smtpwizard.core.probe.tls_facts import is_current
from smtpwizard.core.wording.certificate import (
    fingerprint_groups,
    fingerprint_lines,
    normalize_fingerprint,
)
from smtpwizard.core.wording.codes import CERTIFICATE_CODES


@dataclass(frozen=True)
class TrustOffer:
    """One certificate the person may choose to trust for ``host``."""

    host: str
    pairing: Pairing
    certificate: TlsInfo
    expired: bool  # outside its validity period (or the computer's clock is wrong)
    wrong_name: bool  # made out for other names than ``host``
    changed_from: str | None = None  # the fingerprint pinned earlier, when this one differs

    @property
    def sha256(self) -> str:
        return self.certificate.sha256

    @property
    def risky(self) -> bool:
        """Needs the second, stronger warning before it may be trusted."""
        return self.expired or self.wrong_name or self.changed_from is not None


def trust_offer(report: ProbeReport, pinned: frozenset[str] = frozenset()) -> TrustOffer | None:
    """The certificate to offer for trust, or ``None`` (the report works, or no certificate
    problem left a certificate to look at). ``pinned``: fingerprints accepted earlier."""
    if report.ok:
        return None
    candidates = [a for a in report.attempts if _certificate_refused(a)]
    if not candidates:
        return None
    best = min(candidates, key=lambda a: rank(a.pairing))
    cert = best.tls
    assert cert is not None
    changed = sorted(pinned)[0] if pinned and cert.sha256 not in pinned else None
    return TrustOffer(
        host=report.host,
        pairing=best.pairing,
        certificate=cert,
        expired=not is_current(cert),
        wrong_name=not name_matches(report.host, cert.names),
        changed_from=changed,
    )


def _certificate_refused(attempt: Attempt) -> bool:
    failure = attempt.failure
    return (
        failure is not None
        and failure.code in CERTIFICATE_CODES
        and attempt.tls is not None
        and len(attempt.tls.sha256) == 64
    )


def name_matches(host: str, names: tuple[str, ...]) -> bool:
    """Whether a certificate made out for ``names`` is for ``host`` (one-label wildcards)."""
    host = host.lower().rstrip(".")
    if _is_ip(host):
        return any(
            _is_ip(n) and ipaddress.ip_address(n) == ipaddress.ip_address(host) for n in names
        )
    for name in (n.lower().rstrip(".") for n in names):
        if name == host:
            return True
        if name.startswith("*.") and "." in host:
            first, _, rest = host.partition(".")
            if fnmatchcase(rest, name[2:]) and first:
                return True
    return False


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


__all__ = [
    "TrustOffer",
    "fingerprint_groups",
    "fingerprint_lines",
    "name_matches",
    "normalize_fingerprint",
    "trust_offer",
]
