"""What a lab server does: one immutable record per behaviour, plus the real-world replies.

Replies are written as the server sends them; a multi-line reply uses ``\\n`` between lines
(``"534-5.7.9 first\\n534 5.7.9 last"``) and is sent with CRLF.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from smtpwizard.lab.certs import CertKind


class Mode(StrEnum):
    """How the server protects the channel."""

    PLAIN = "plain"  # no TLS at all
    STARTTLS = "starttls"  # STARTTLS offered, not required
    STARTTLS_REQUIRED = "starttls_required"  # 530 for MAIL/AUTH/... until STARTTLS
    TLS = "tls"  # implicit TLS from the first byte


class Behaviour(StrEnum):
    """What happens on the TCP connection."""

    SMTP = "smtp"  # a real (scripted) SMTP server
    SILENT = "silent"  # accepts, never sends a byte (looks like a blocked/implicit-TLS port)
    GARBAGE = "garbage"  # sends ``ServerSpec.banner`` (not SMTP), then waits
    CLOSE = "close"  # closes the connection right after accepting it
    # sends ``ServerSpec.banner`` (e.g. a 220 greeting), then closes when the client speaks
    BANNER_THEN_CLOSE = "banner_then_close"
    # a "greet pause" with a pregreet test (like Postfix's postscreen): sends ``banner`` after
    # ``greeting_delay`` seconds, but stays silent for good if the client spoke first
    GREET_LATE = "greet_late"


class AuthOffer(StrEnum):
    """When AUTH is advertised (and accepted)."""

    NONE = "none"  # never: a relay/MX-like endpoint
    ALWAYS = "always"  # before and after TLS (plaintext AUTH allowed: a bad server)
    AFTER_TLS = "after_tls"  # only once the channel is encrypted (STARTTLS or implicit TLS)


# Banners of things that are not SMTP servers
HTTP_BANNER = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
SSH_BANNER = b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"

# Real replies seen from providers (for ServerSpec.greeting / auth_reply / mail_reply / ...)
GREETING_BUSY = "421 4.7.0 Too many connections, try again later"
GREETING_BLOCKED = (
    "554 5.7.1 Service unavailable; client host [127.0.0.1] blocked using zen.spamhaus.org"
)
STARTTLS_REFUSED = "454 4.7.0 TLS not available due to local problem"
AUTH_REJECTED = "535 5.7.8 Authentication credentials invalid"
GMAIL_APP_PASSWORD = (
    "534-5.7.9 Application-specific password required. For more information, go to\n"
    "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor - gsmtp"
)
GMAIL_WEB_LOGIN = (
    "534-5.7.14 <https://accounts.google.com/signin/continue?sarp=1&scc=1> Please log in\n"
    "534-5.7.14 via your web browser and then try again.\n"
    "534 5.7.14  Learn more at https://support.google.com/mail/answer/78754 - gsmtp"
)
GMAIL_BAD_CREDENTIALS = (
    "535-5.7.8 Username and Password not accepted. For more information, go to\n"
    "535 5.7.8  https://support.google.com/mail/?p=BadCredentials - gsmtp"
)
MICROSOFT_BASIC_AUTH_DISABLED = (
    "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the "
    "Tenant. Visit https://aka.ms/smtp_auth_disabled for more information."
)
# XOAUTH2 refusals: Gmail first sends this JSON (base64) in a 334 challenge, then 535 5.7.8;
# Microsoft answers 535 5.7.3 at once (5.7.139 when SMTP AUTH is off for the tenant).
GMAIL_XOAUTH2_ERROR = '{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}'
GMAIL_XOAUTH2_REJECTED = GMAIL_BAD_CREDENTIALS
MICROSOFT_XOAUTH2_REJECTED = (
    "535 5.7.3 Authentication unsuccessful [SN4PR0601CA0002.namprd06.prod.outlook.com]"
)
AUTH_RATE_LIMITED = "454 4.7.0 Too many login attempts, please try again later"
ENCRYPTION_REQUIRED = "530 5.7.0 Must issue a STARTTLS command first"
SENDER_REJECTED = "553 5.7.1 <{sender}>: Sender address rejected: not owned by user"
SENDER_REJECTED_PLAIN = "553 5.7.1 Sender address rejected: not owned by user"
MAIL_TEMPORARY = "451 4.7.1 Please try again later (greylisted)"
MAIL_UNAUTHENTICATED = "530 5.7.0 Authentication required"
QUOTA_TEMPORARY = "452 4.5.3 Daily sending quota exceeded"
QUOTA_PERMANENT = "554 5.2.0 Message rejected: Sending quota exceeded"
RELAY_DENIED = "550 5.7.1 Relaying denied"
UNKNOWN_USER = "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown"


def _frozen_accounts(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


@dataclass(frozen=True)
class ServerSpec:
    """A lab server's behaviour. Every field has a harmless default: ``ServerSpec()`` is a
    plaintext SMTP server without AUTH that accepts every message."""

    mode: Mode = Mode.PLAIN
    behaviour: Behaviour = Behaviour.SMTP
    cert: CertKind = CertKind.VALID
    auth: AuthOffer = AuthOffer.AFTER_TLS
    # user -> password; AUTH is offered only if there is at least one account (or auth_reply)
    accounts: Mapping[str, str] = field(default_factory=dict)
    # mechanisms advertised: any of PLAIN, LOGIN, XOAUTH2 (XOAUTH2-only = no common mechanism)
    mechanisms: tuple[str, ...] = ("PLAIN", "LOGIN")
    # the first reply instead of "220 ...": a non-220 greeting is sent and the connection closed
    greeting: str | None = None
    # Behaviour.GREET_LATE waits this long before sending ``banner``
    greeting_delay: float = 0.3
    # the host name in the 220 greeting and the EHLO reply
    hostname: str = "smtp.lab.smtpwizard.test"
    # Behaviour.GARBAGE sends this (e.g. HTTP_BANNER, SSH_BANNER)
    banner: bytes = HTTP_BANNER
    # STARTTLS advertised, but this reply is sent instead of "220 Ready to start TLS"
    starttls_reply: str | None = None
    # the reply to every AUTH attempt (after the credentials were read), instead of checking them
    auth_reply: str | None = None
    # send auth_reply straight to "AUTH <mech>" without reading credentials (e.g. 530/538)
    auth_reply_immediately: bool = False
    # MAIL FROM / RCPT TO / end of DATA replies; "{sender}" / "{recipient}" are filled in
    mail_reply: str | None = None
    rcpt_reply: str | None = None
    data_reply: str | None = None
    # the reply to EHLO instead of the capability list (e.g. a 4xx temporary failure)
    ehlo_reply: str | None = None
    # MAIL FROM before a successful AUTH gets "530 5.7.0 Authentication required"
    auth_required: bool = False
    # if set, MAIL FROM any other address gets SENDER_REJECTED
    allowed_senders: frozenset[str] | None = None
    # idle timeout of a session (seconds)
    idle_timeout: float = 30.0
    # XOAUTH2: (user, access token) -> valid? (e.g. asks a test authorization server); without
    # it, the token is compared with ``accounts`` like a password
    token_validator: Callable[[str, str], bool] | None = None
    # how a token the validator refuses is answered: an optional JSON error sent first in a
    # 334 challenge (Gmail), then the final reply
    xoauth2_error: str | None = None
    xoauth2_reject_reply: str = AUTH_REJECTED
    # a delivery agent: called with (recipient, message) for every accepted message, e.g.
    # DovecotServer.deliver, so the message lands in a mailbox an IMAP server serves
    deliver: Callable[[str, bytes], None] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", Mode(self.mode))
        object.__setattr__(self, "behaviour", Behaviour(self.behaviour))
        object.__setattr__(self, "cert", CertKind(self.cert))
        object.__setattr__(self, "auth", AuthOffer(self.auth))
        object.__setattr__(self, "accounts", _frozen_accounts(self.accounts))
        object.__setattr__(self, "mechanisms", tuple(m.upper() for m in self.mechanisms))
        unknown = set(self.mechanisms) - {"PLAIN", "LOGIN", "XOAUTH2"}
        if unknown:
            raise ValueError(f"unsupported AUTH mechanisms: {sorted(unknown)}")
        if self.allowed_senders is not None:
            object.__setattr__(
                self, "allowed_senders", frozenset(s.lower() for s in self.allowed_senders)
            )

    def __hash__(self) -> int:
        return hash(
            tuple(
                tuple(sorted(v.items())) if isinstance(v, Mapping) else v
                for v in self.__dict__.values()
            )
        )

    @property
    def uses_tls(self) -> bool:
        """The server has a certificate (STARTTLS or implicit TLS)."""
        return self.mode is not Mode.PLAIN

    @property
    def offers_auth(self) -> bool:
        return self.auth is not AuthOffer.NONE and bool(
            self.accounts or self.auth_reply or self.token_validator
        )

    def with_(self, **changes: Any) -> ServerSpec:
        """A copy with some fields changed."""
        return replace(self, **changes)


# Ready-made specs (the lead and the GUI tests refer to these by name)
def submission_tls(accounts: Mapping[str, str], **changes: Any) -> ServerSpec:
    """A provider's port 465: implicit TLS, AUTH."""
    return ServerSpec(mode=Mode.TLS, accounts=accounts, **changes)


def submission_starttls(accounts: Mapping[str, str], **changes: Any) -> ServerSpec:
    """A provider's port 587: STARTTLS required, AUTH only after TLS."""
    return ServerSpec(mode=Mode.STARTTLS_REQUIRED, accounts=accounts, **changes)


def gmail_oauth(validator: Callable[[str, str], bool], **changes: Any) -> ServerSpec:
    """Gmail's port 465 for OAuth: XOAUTH2 only, bad tokens refused the way Gmail does."""
    return ServerSpec(
        mode=Mode.TLS,
        mechanisms=("XOAUTH2",),
        token_validator=validator,
        xoauth2_error=GMAIL_XOAUTH2_ERROR,
        xoauth2_reject_reply=GMAIL_XOAUTH2_REJECTED,
        **changes,
    )


def microsoft_oauth(validator: Callable[[str, str], bool], **changes: Any) -> ServerSpec:
    """Microsoft's port 587 for OAuth: STARTTLS, XOAUTH2, bad tokens get 535 5.7.3."""
    return ServerSpec(
        mode=Mode.STARTTLS_REQUIRED,
        mechanisms=("XOAUTH2",),
        token_validator=validator,
        xoauth2_reject_reply=MICROSOFT_XOAUTH2_REJECTED,
        **changes,
    )


def mx_like(**changes: Any) -> ServerSpec:
    """A port-25 MX: plaintext greeting, STARTTLS offered, no AUTH."""
    return ServerSpec(mode=Mode.STARTTLS, auth=AuthOffer.NONE, **changes)
