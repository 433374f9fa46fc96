"""What a probe is asked to do: one immutable record, validated at construction."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from smtpwizard.core.models import DEFAULT_PAIRINGS, Pairing
from smtpwizard.core.probe.checks import ExtraChecks
from smtpwizard.core.validation import (
    InputError,
    normalize_host,
    validate_email,
    validate_password,
    validate_username,
)

SAFE_LOCAL_HOSTNAME = "smtpwizard.localdomain"
NO_EXTRA_CHECKS = ExtraChecks()


@dataclass(frozen=True)
class Timeouts:
    """Seconds. ``attempt`` is the overall deadline of one pairing, whatever each step takes."""

    connect: float = 6.0
    command: float = 8.0
    attempt: float = 15.0
    greeting_sniff: float = 1.5


@dataclass(frozen=True)
class ProbeOptions:
    host: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    pairings: tuple[Pairing, ...] = DEFAULT_PAIRINGS
    timeouts: Timeouts = Timeouts()
    ca_file: str | None = None
    ca_pem: str | None = None
    sender: str | None = None
    send_test_to: str | None = None
    # the Message-ID of the test message (so the delivery proof can find it); made up if None
    test_message_id: str | None = None
    wait_all: bool = False
    # sha256 fingerprints (hex, lowercase, no colons) of certificates the user explicitly accepted
    # for this host; a pairing whose certificate matches counts as verified ("pinned").
    pinned_sha256: frozenset[str] = frozenset()
    # The user explicitly chose to send the password over a plaintext channel (never the default).
    allow_plaintext_auth: bool = False
    provider: str | None = None
    # the provider's documented order of preference, ahead of RFC 8314's
    preferred: tuple[Pairing, ...] = ()
    local_hostname: str = SAFE_LOCAL_HOSTNAME
    # logical port (what the person sees: 25/465/587/2525) -> port actually dialled; used by the
    # built-in demo lab and the tests, whose servers listen on unprivileged ports.
    port_map: Mapping[int, int] = field(default_factory=dict)
    # an OAuth 2.0 access token: sign in with XOAUTH2 instead of a password (never both)
    oauth_token: str | None = field(default=None, repr=False)
    # checks beyond the server: sender domain, egress, old TLS, firewall (off unless asked)
    checks: ExtraChecks = NO_EXTRA_CHECKS

    def __post_init__(self) -> None:
        object.__setattr__(self, "host", normalize_host(self.host))
        if self.username is not None:
            object.__setattr__(self, "username", validate_username(self.username))
        if self.password is not None:
            validate_password(self.password)
            if self.username is None:
                raise InputError("A password was given without a user name.")
        if self.oauth_token is not None:
            _check_token(self.oauth_token)
            if self.username is None:
                raise InputError("A sign-in token was given without a user name.")
            if self.password is not None:
                raise InputError("Give either a password or a sign-in token, not both.")
        for name in ("sender", "send_test_to"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, validate_email(value))
        if self.ca_file is not None and not os.access(self.ca_file, os.R_OK):
            raise InputError(f"The certificate authority file {self.ca_file!r} cannot be read.")
        if not self.pairings:
            raise InputError("Choose at least one port and encryption pairing to test.")
        if len(set(self.pairings)) != len(self.pairings):
            raise InputError("A pairing is listed twice.")
        if not self.local_hostname.isascii() or not self.local_hostname:
            raise InputError("The local host name must be plain ASCII.")

    @property
    def credentials(self) -> bool:
        return self.username is not None and (
            self.password is not None or self.oauth_token is not None
        )

    @property
    def secrets(self) -> tuple[str, ...]:
        """What must never appear in a transcript, log or report (password, token)."""
        return tuple(s for s in (self.password, self.oauth_token) if s)

    def dial_port(self, port: int) -> int:
        return self.port_map.get(port, port)


def _check_token(token: str) -> None:
    # RFC 6750 b64token characters; anything else would break the XOAUTH2 string
    if not token or not all(c.isascii() and (c.isalnum() or c in "-._~+/=") for c in token):
        raise InputError("The sign-in token is empty or has characters a token cannot have.")
