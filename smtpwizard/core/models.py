"""Plain data of the engine: pairings, stages, attempts, reports and settings.

Everything here is an immutable record without behaviour beyond (de)serialisation, so the
GUI, the CLI, exports and reports can share it freely across tasks and threads. The JSON of a
probe (whose human fields need the wording) is written by :mod:`smtpwizard.core.contract`.
"""

from __future__ import annotations

import shlex
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from smtpwizard.core.wording.codes import FailureCode, FindingCode

PROBE_SCHEMA = "smtpwizard.probe/1"


class Security(StrEnum):
    """How the channel is protected: plaintext, upgraded with STARTTLS, or TLS from byte one."""

    NONE = "none"
    STARTTLS = "starttls"
    TLS = "tls"

    @property
    def label(self) -> str:
        return {"none": "Plain", "starttls": "STARTTLS", "tls": "SSL/TLS"}[self.value]


@dataclass(frozen=True, order=True)
class Pairing:
    """One port × security combination to test."""

    port: int
    security: Security

    def __str__(self) -> str:
        return f"{self.port}/{self.security.value}"

    @classmethod
    def parse(cls, text: str) -> Pairing:
        """Parse ``"587/starttls"``; raises ``ValueError`` with a readable message."""
        port_text, sep, security_text = text.strip().partition("/")
        if not sep:
            raise ValueError(f"{text!r} is not PORT/SECURITY (for example 587/starttls)")
        try:
            port = int(port_text)
        except ValueError:
            raise ValueError(f"{port_text!r} is not a port number") from None
        if not 1 <= port <= 65535:
            raise ValueError(f"port {port} is outside 1–65535")
        aliases = {"ssl": "tls", "plain": "none", "plaintext": "none"}
        sec = aliases.get(security_text.lower(), security_text.lower())
        try:
            security = Security(sec)
        except ValueError:
            raise ValueError(
                f"{security_text!r} is not a security mode (use none, starttls or tls)"
            ) from None
        return cls(port, security)


DEFAULT_PAIRINGS: tuple[Pairing, ...] = tuple(
    Pairing.parse(p)
    for p in (
        "25/none",
        "25/starttls",
        "587/starttls",
        "587/none",
        "465/tls",
        "465/starttls",
        "2525/starttls",
        "2525/none",
        "2525/tls",
    )
)

TOP_TIER: frozenset[Pairing] = frozenset(
    {Pairing(465, Security.TLS), Pairing(587, Security.STARTTLS)}
)


class Outcome(StrEnum):
    OK = "ok"
    FAILED = "failed"
    UNFINISHED = "unfinished"
    SKIPPED = "skipped"


class AuthState(StrEnum):
    OK = "ok"
    FAILED = "failed"
    NOT_TRIED = "not_tried"


class StageName(StrEnum):
    RESOLVE = "resolve"
    CONNECT = "connect"
    TLS = "tls"
    GREETING = "greeting"
    EHLO = "ehlo"
    STARTTLS = "starttls"
    EHLO_TLS = "ehlo_tls"
    AUTH = "auth"
    SENDER = "sender"
    SEND = "send"
    # incoming mail (IMAP/POP3): CAPABILITY/CAPA before and after STARTTLS/STLS, and the inbox
    # opened read-only (IMAP EXAMINE) or counted (POP3 STAT)
    CAPABILITY = "capability"
    CAPABILITY_TLS = "capability_tls"
    INBOX = "inbox"


@dataclass(frozen=True)
class Stage:
    name: StageName
    ok: bool
    ms: float
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name.value,
            "ok": self.ok,
            "ms": round(self.ms, 1),
            "detail": self.detail,
        }


def certificate_time(value: str) -> datetime | None:
    """A certificate date as written in :class:`TlsInfo` (ISO 8601, or OpenSSL's
    ``"Jun  1 12:00:00 2027 GMT"``) as an aware datetime; ``None`` when empty or unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        try:
            return datetime.fromtimestamp(ssl.cert_time_to_seconds(value), UTC)
        except (ValueError, OverflowError):
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class TlsInfo:
    version: str
    cipher: str
    subject: str = ""
    issuer: str = ""
    names: tuple[str, ...] = ()
    not_before: str = ""
    not_after: str = ""
    sha256: str = ""
    verified: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "cipher": self.cipher,
            "subject": self.subject,
            "issuer": self.issuer,
            "names": list(self.names),
            "not_before": self.not_before,
            "not_after": self.not_after,
            "sha256": self.sha256,
            "verified": self.verified,
        }


@dataclass(frozen=True)
class Failure:
    """What went wrong, as data: a stable code, parameters for the words, the raw detail."""

    code: FailureCode
    detail: str = ""
    params: Mapping[str, str] = field(default_factory=dict)
    reply_code: int | None = None


@dataclass(frozen=True)
class Reproduce:
    """The commands that repeat one attempt by hand (argv lists; never a password).

    ``openssl`` is empty for a plaintext pairing (there is no TLS to look at).
    """

    openssl: tuple[str, ...]
    swaks: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:

        return {
            "openssl": shlex.join(self.openssl) if self.openssl else None,
            "swaks": shlex.join(self.swaks),
            "openssl_argv": list(self.openssl) or None,
            "swaks_argv": list(self.swaks),
        }


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    PROBLEM = "problem"


@dataclass(frozen=True)
class Finding:
    """A fact beyond one port (sender domain, certificate, identity, egress), as data.

    Words come from :func:`smtpwizard.core.wording.messages.describe_finding`.
    """

    code: FindingCode
    severity: Severity
    params: Mapping[str, str] = field(default_factory=dict)
    detail: str = ""


@dataclass(frozen=True)
class EgressReference:
    """One neutral reference server tried on the silent port: ``answered``, ``refused``,
    ``timeout``, ``unresolved`` or ``error``."""

    host: str
    result: str
    ms: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"host": self.host, "result": self.result, "ms": round(self.ms, 1)}


@dataclass(frozen=True)
class EgressCheck:
    """Is it this network or the server? ``verdict`` is ``blocked_locally`` (the references are
    silent too), ``server_silent`` (a reference answered), ``inconclusive`` or ``pending``."""

    port: int
    verdict: str
    references: tuple[EgressReference, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "port": self.port,
            "verdict": self.verdict,
            "references": [r.to_dict() for r in self.references],
        }


@dataclass(frozen=True)
class Attempt:
    """The result of one pairing: how far it got, what it found, what failed."""

    host: str
    pairing: Pairing
    outcome: Outcome
    failure: Failure | None = None
    stages: tuple[Stage, ...] = ()
    tls: TlsInfo | None = None
    auth_mechanisms: tuple[str, ...] = ()
    auth_mechanisms_before_tls: tuple[str, ...] = ()
    auth: AuthState = AuthState.NOT_TRIED
    auth_note: str = ""
    transcript: tuple[str, ...] = ()
    extensions: tuple[str, ...] = ()
    reproduce: Reproduce | None = None

    @property
    def port(self) -> int:
        return self.pairing.port

    @property
    def security(self) -> Security:
        return self.pairing.security

    @property
    def password_sent_unencrypted(self) -> bool:
        """The password (or sign-in token) crossed the network without encryption: a sign-in
        was tried on a plaintext pairing (only ever with the user's explicit permission)."""
        return self.pairing.security is Security.NONE and self.auth is not AuthState.NOT_TRIED

    @property
    def secure(self) -> bool:
        """The channel was encrypted and its certificate verified (or pinned)."""
        return self.tls is not None and self.tls.verified

    @property
    def duration_ms(self) -> float:
        return sum(s.ms for s in self.stages)

    def stage(self, name: StageName) -> Stage | None:
        for s in self.stages:
            if s.name is name:
                return s
        return None


@dataclass(frozen=True)
class Settings:
    """A set of working outgoing-server settings: what exports and the keyring index store."""

    host: str
    port: int
    security: Security
    username: str | None = None
    sender: str | None = None
    provider: str | None = None
    # verified with an OAuth 2.0 sign-in (XOAUTH2), not a password
    oauth: bool = False
    # the SHA-256 (lower-case hex) of the certificate the user explicitly trusted for this server
    # (self-signed or privately issued): verified by this pin, not by a certificate authority
    pinned_sha256: str | None = None
    # the account's incoming server (an IncomingSettings), for the mail-program exports
    incoming: Settings | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "security": self.security.value,
            "username": self.username,
        }
        if self.oauth:  # an addition to the contract, present only when it applies
            data["auth"] = "oauth2"
        if self.pinned_sha256:  # likewise: only for a certificate the user trusted
            data["pinned_sha256"] = self.pinned_sha256
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        return cls(
            host=str(data["host"]),
            port=int(data["port"]),
            security=Security(str(data["security"])),
            username=(str(data["username"]) if data.get("username") else None),
            sender=(str(data["sender"]) if data.get("sender") else None),
            provider=(str(data["provider"]) if data.get("provider") else None),
            oauth=data.get("auth") == "oauth2",
            pinned_sha256=(str(data["pinned_sha256"]) if data.get("pinned_sha256") else None),
        )


class IncomingProtocol(StrEnum):
    IMAP = "imap"
    POP3 = "pop3"

    @property
    def label(self) -> str:
        return {"imap": "IMAP", "pop3": "POP3"}[self.value]


@dataclass(frozen=True, order=True)
class IncomingPairing(Pairing):
    """One incoming-mail protocol × port × security combination (IMAP 993/tls, …).

    A :class:`Pairing` too, so attempts, recorders and the wording treat it alike; it never
    equals an outgoing pairing of the same port.
    """

    protocol: IncomingProtocol = IncomingProtocol.IMAP

    def __str__(self) -> str:
        return f"{self.protocol.label} {self.port}/{self.security.value}"

    @classmethod
    def parse(cls, text: str) -> IncomingPairing:
        """Parse ``"imap/993/tls"`` or ``"pop3/110/starttls"`` (also ``"IMAP 993/tls"``, as
        printed); raises ``ValueError`` with a readable message."""
        cleaned = text.strip().replace(" ", "/", 1)
        protocol_text, sep, rest = cleaned.partition("/")
        try:
            protocol = IncomingProtocol(protocol_text.lower())
        except ValueError:
            raise ValueError(
                f"{text!r} is not PROTOCOL/PORT/SECURITY (for example imap/993/tls or "
                "pop3/110/starttls)"
            ) from None
        if not sep:
            raise ValueError(f"{text!r} has no port (for example imap/993/tls)")
        base = Pairing.parse(rest)
        return cls(base.port, base.security, protocol)


DEFAULT_INCOMING_PAIRINGS: tuple[IncomingPairing, ...] = (
    IncomingPairing(993, Security.TLS, IncomingProtocol.IMAP),
    IncomingPairing(143, Security.STARTTLS, IncomingProtocol.IMAP),
    IncomingPairing(995, Security.TLS, IncomingProtocol.POP3),
    IncomingPairing(110, Security.STARTTLS, IncomingProtocol.POP3),
)


@dataclass(frozen=True)
class IncomingSettings(Settings):
    """Working incoming-server settings (IMAP or POP3)."""

    protocol: IncomingProtocol = IncomingProtocol.IMAP
    # proven by the incoming probe (signed in, inbox opened); False: from a list or a guess
    verified: bool = True

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["protocol"] = self.protocol.value
        if not self.verified:
            data["verified"] = False
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IncomingSettings:
        base = Settings.from_dict(data)
        return cls(
            host=base.host,
            port=base.port,
            security=base.security,
            username=base.username,
            provider=base.provider,
            oauth=base.oauth,
            protocol=IncomingProtocol(str(data.get("protocol", "imap"))),
            verified=data.get("verified", True) is not False,
        )


@dataclass(frozen=True)
class DeliveryProof:
    """Whether the test message reached the inbox, found over IMAP by its Message-ID."""

    message_id: str
    delivered: bool
    seconds: float
    # what the receiving server judged: {"spf": "pass", "dkim": "fail", "dmarc": "pass"}
    verdicts: Mapping[str, str] = field(default_factory=dict)
    dkim_signed: bool = False
    detail: str = ""


@dataclass(frozen=True)
class ProbeReport:
    """The whole answer of a probe (``contract.probe_json`` writes its JSON)."""

    host: str
    attempts: tuple[Attempt, ...]
    duration_ms: float
    recommended: Settings | None = None
    summary: str = ""
    username: str | None = None
    provider: str | None = None
    verdict_ms: float | None = None
    credentials_given: bool = False
    # facts beyond one port (sender domain, certificate audit, identity, egress, firewall)
    findings: tuple[Finding, ...] = ()
    # which neutral reference servers were tried for each silent port, and what they said
    egress: tuple[EgressCheck, ...] = ()

    @property
    def ok(self) -> bool:
        return self.recommended is not None

    def attempt(self, pairing: Pairing) -> Attempt | None:
        for a in self.attempts:
            if a.pairing == pairing:
                return a
        return None
