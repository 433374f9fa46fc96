"""Read what a TLS connection tells: protocol version, cipher and the server's certificate."""

from __future__ import annotations

import hashlib
import ssl
from datetime import UTC, datetime

from cryptography import x509
from cryptography.x509.oid import NameOID

from smtpwizard.core.models import TlsInfo


def _name(name: x509.Name) -> str:
    cn = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    org = name.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    parts = [str(a.value) for a in cn] + [str(a.value) for a in org]
    return ", ".join(parts) if parts else name.rfc4514_string()


def certificate_names(cert: x509.Certificate) -> tuple[str, ...]:
    try:
        ext = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return tuple(str(a.value) for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME))
    dns = ext.value.get_values_for_type(x509.DNSName)
    ips = [str(ip) for ip in ext.value.get_values_for_type(x509.IPAddress)]
    return tuple(dns) + tuple(ips)


def fingerprint(der: bytes) -> str:
    """SHA-256 of the certificate in lower-case hex without separators."""
    return hashlib.sha256(der).hexdigest()


def tls_info(ssl_object: ssl.SSLObject | ssl.SSLSocket | None, *, verified: bool) -> TlsInfo | None:
    """Describe the TLS session of ``ssl_object`` (``None`` when there is none)."""
    if ssl_object is None:
        return None
    cipher = ssl_object.cipher()
    version = ssl_object.version() or ""
    der = ssl_object.getpeercert(binary_form=True)
    if not der:
        return TlsInfo(version=version, cipher=cipher[0] if cipher else "", verified=verified)
    return describe_certificate(
        der, version=version, cipher=cipher[0] if cipher else "", verified=verified
    )


def describe_certificate(
    der: bytes, *, version: str = "", cipher: str = "", verified: bool = False
) -> TlsInfo:
    cert = x509.load_der_x509_certificate(der)
    return TlsInfo(
        version=version,
        cipher=cipher,
        subject=_name(cert.subject),
        issuer=_name(cert.issuer),
        names=certificate_names(cert),
        not_before=cert.not_valid_before_utc.isoformat(),
        not_after=cert.not_valid_after_utc.isoformat(),
        sha256=fingerprint(der),
        verified=verified,
    )


def is_current(info: TlsInfo, now: datetime | None = None) -> bool:
    """Whether ``now`` (default: this computer's clock) lies inside the certificate's validity."""
    if not info.not_before or not info.not_after:
        return True
    moment = now or datetime.now(UTC)
    return (
        datetime.fromisoformat(info.not_before) <= moment <= datetime.fromisoformat(info.not_after)
    )
