"""What a lab server saw: messages received and login attempts (for assertions)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReceivedMessage:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    # the user name that authenticated the session, if any
    auth_user: str | None = None
    # True if the session was encrypted (STARTTLS or implicit TLS)
    tls: bool = False


@dataclass(frozen=True)
class AuthAttempt:
    mechanism: str
    # the user name sent (empty if the server replied before reading credentials)
    username: str
    success: bool
    reply: str
    tls: bool = False


@dataclass(frozen=True)
class MailCommand:
    """A MAIL FROM the server answered (including probes that only check the sender)."""

    sender: str
    reply: str
