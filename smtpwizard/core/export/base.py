"""What every export format shares: the format record, the secret choice and safe quoting.

Every value that came from outside (host, user name, sender, password) goes into an export only
through one of the quoting helpers here, each made for one consumer's syntax. Values are
checked first: a line break or control character in a field is refused with a clear message
instead of being escaped, because no consumer can be trusted to read it back the same way.
"""

from __future__ import annotations

import json
import re
import shlex
import textwrap
from dataclasses import dataclass, field, replace
from typing import Protocol

from smtpwizard.core.credentials.keyring_store import service_name
from smtpwizard.core.errors import SmtpWizardError
from smtpwizard.core.models import Security, Settings
from smtpwizard.core.validation import (
    InputError,
    looks_like_email,
    normalize_host,
    validate_email,
    validate_password,
    validate_port,
    validate_username,
)
from smtpwizard.core.wording.base import _
from smtpwizard.core.wording.certificate import EXPORT_PIN_NOTE

#: The placeholder written where the password would go. Easy to spot and to search for.
PASSWORD_PLACEHOLDER = "YOUR_SMTP_PASSWORD"
#: Used where an address is needed but none is known.
ADDRESS_PLACEHOLDER = "you@example.com"

PLAINTEXT_WARNING = (
    "WARNING: these settings send mail WITHOUT encryption. Anyone on the network path can read "
    "the messages and the password. Use them only for a server inside your own network."
)


OAUTH_NOTE = (
    "These settings were verified with a sign-in with Google or Microsoft (OAuth 2.0), not with "
    "a password. This program signs in with a password: put an app password here where your "
    "provider offers one, or an access token printed by `smtpwizard accounts token HOST USER` "
    "(it uses the sign-in saved in the keyring; each token is valid for about an hour)."
)


def notes(settings: Settings, *, oauth_native: bool = False, pin_native: bool = False) -> list[str]:
    """The warnings an export carries as comments: plaintext, an OAuth sign-in the format
    cannot express (``oauth_native``: the format signs in with OAuth by itself), and a pinned
    certificate it cannot pin (``pin_native``: the format accepts a certificate fingerprint)."""
    found = []
    if settings.security is Security.NONE:
        found.append(PLAINTEXT_WARNING)
    if settings.oauth and not oauth_native:
        found.append(OAUTH_NOTE)
    if settings.pinned_sha256 and not pin_native:
        found.append(
            _(EXPORT_PIN_NOTE).format(fingerprint=colon_fingerprint(settings.pinned_sha256))
        )
    return found


def colon_fingerprint(sha256: str) -> str:
    """``3a7f…`` as ``3A:7F:…``: how msmtp, openssl and most programs write a fingerprint."""
    digits = sha256.upper()
    return ":".join(digits[i : i + 2] for i in range(0, len(digits), 2))


def token_argv(settings: Settings) -> list[str]:
    """``smtpwizard accounts token HOST USER [--oauth-provider P]``: prints a fresh OAuth access
    token made from the sign-in saved in the keyring."""
    # lazy: loads data or a backend only on the path that needs it
    from smtpwizard.core.oauth.endpoints import oauth_provider_id

    assert settings.username is not None
    argv = ["smtpwizard", "accounts", "token", settings.host, settings.username]
    provider = oauth_provider_id(provider=settings.provider, host=settings.host)
    if provider is not None:
        argv += ["--oauth-provider", provider]
    return argv


class ExportError(SmtpWizardError, ValueError):
    """The settings cannot be exported in that format; the message says why in plain words."""


@dataclass(frozen=True)
class SecretMode:
    """Whether an export carries the real secret.

    The default, :data:`PLACEHOLDER`, writes a keyring lookup where the consumer can run one and
    a clearly marked placeholder elsewhere. ``SecretMode.include(password)`` writes the real
    secret; use it only when the person explicitly asked for that.
    """

    value: str | None = field(default=None, repr=False)

    @property
    def included(self) -> bool:
        return self.value is not None

    @classmethod
    def include(cls, secret: str) -> SecretMode:
        try:
            return cls(validate_password(secret))
        except InputError as exc:
            raise ExportError(str(exc)) from None


PLACEHOLDER = SecretMode()


class Renderer(Protocol):
    """``(settings, *, secret) -> text``: write checked settings in one format."""

    def __call__(self, settings: Settings, *, secret: SecretMode) -> str: ...


@dataclass(frozen=True)
class ExportFormat:
    """One export format: how it is named and described, and how it is written."""

    name: str
    title: str
    description: str
    default_filename: str
    renderer: Renderer = field(repr=False)
    #: the file should be readable by its owner only even without the secret inside
    private_file: bool = False
    #: the consumer can read the secret from the keyring by itself (no placeholder needed)
    keyring_lookup: bool = False
    #: the description for settings proven with an OAuth sign-in, when the format signs in
    #: with OAuth itself (None: the usual description, and the export says what to use)
    oauth_description: str | None = None

    def describe(self, settings: Settings) -> str:
        """The description that fits ``settings`` (a password or an OAuth sign-in), in the
        current language (the texts are marked with ``N_`` where the formats are defined)."""
        if settings.oauth and self.oauth_description is not None:
            return _(self.oauth_description)
        return _(self.description)

    @property
    def shown_title(self) -> str:
        """The title in the current language (``title`` stays the English original)."""
        return _(self.title)

    @property
    def shown_description(self) -> str:
        """The usual description in the current language."""
        return _(self.description)

    @property
    def suffix(self) -> str:
        dot = self.default_filename.rfind(".")
        return self.default_filename[dot:] if dot > 0 else ""

    def render(self, settings: Settings, *, secret: SecretMode = PLACEHOLDER) -> str:
        """The export text; raises :class:`ExportError` for values the format cannot carry."""
        return self.renderer(checked_settings(settings), secret=secret)


# --- checks ---------------------------------------------------------------------------------


def checked_settings(settings: Settings) -> Settings:
    """Return ``settings`` with a normalised host and checked fields, or raise ExportError."""
    try:
        host = normalize_host(settings.host)
        port = validate_port(settings.port)
        security = Security(settings.security)
        username = validate_username(settings.username) if settings.username else None
        sender = validate_email(settings.sender) if settings.sender else None
    except InputError as exc:
        raise ExportError(str(exc)) from None
    except ValueError:
        raise ExportError(f"{settings.security!r} is not a security mode.") from None
    return replace(
        settings, host=host, port=port, security=security, username=username, sender=sender
    )


def email_of(settings: Settings) -> str | None:
    """The account's email address: the sender, else the user name when it is an address."""
    if settings.sender:
        return settings.sender
    if looks_like_email(settings.username):
        return settings.username
    return None


def mail_domain(settings: Settings) -> str:
    """The mail domain: from the address when known, else the server name minus its first label."""
    email = email_of(settings)
    if email:
        return email.rpartition("@")[2].lower()
    labels = settings.host.split(".")
    return ".".join(labels[1:]) if len(labels) > 2 else settings.host


def keyring_service(settings: Settings) -> str:
    return service_name(settings.host)


def needs_auth(settings: Settings) -> bool:
    return bool(settings.username)


def refuse(condition: bool, message: str) -> None:
    if condition:
        raise ExportError(message)


# --- quoting, one helper per syntax ---------------------------------------------------------


def python_str(value: str) -> str:
    """A Python string literal (``repr`` always yields one that evaluates back to ``value``)."""
    return repr(value)


def js_str(value: str) -> str:
    """A JavaScript string literal (ASCII-only JSON is valid JavaScript)."""
    return json.dumps(value, ensure_ascii=True)


def php_str(value: str) -> str:
    """A PHP single-quoted string literal: only backslash and quote need escaping."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def shell_word(value: str) -> str:
    return shlex.quote(value)


_ENV_BARE = re.compile(r"^[A-Za-z0-9_.@%+:/=,-]*$")
# python-dotenv expands ${NAME} and ${NAME:-default} even inside single quotes, with no escape
_ENV_EXPANSION = re.compile(r"\$\{[^}]*\}")
# inside double quotes a POSIX shell expands $ and ` and takes \ as an escape; Node's readers
# have no escapes at all, so these cannot be written inside double quotes for both
_ENV_DOUBLE_QUOTE_UNSAFE = '"$`\\'

ENV_CONSUMERS = "POSIX shells (set -a; . FILE), phpdotenv (Laravel), python-dotenv and Node"


def env_value(value: str, what: str = "A value") -> str:
    """A value for a ``.env`` file that every consumer reads back as exactly ``value``.

    The consumers are POSIX shells sourcing the file, phpdotenv (Laravel), python-dotenv, Node's
    ``dotenv`` and ``node --env-file``; ``tests/security`` reads thousands of generated values
    back with each of them. Their rules differ: single quotes have no escapes in shells,
    phpdotenv and Node, while python-dotenv decodes a doubled backslash and an escaped quote
    there and expands ``${...}``. So a value is written bare when nothing in it is special,
    else in single quotes (no single quote, no doubled or trailing backslash, no ``="``), else
    in double quotes (no double quote, dollar, backtick or backslash). A value that fits none
    of them is refused
    with :class:`ExportError` naming the characters: written any other way, at least one
    consumer would read something else or run part of it as a command.
    """
    _refuse_unwritable(value, what)
    if _ENV_BARE.match(value):
        return value
    if "'" not in value and "\\\\" not in value and not value.endswith("\\"):
        if '="' in value:  # phpdotenv takes any line holding =" for the start of a multi-line value
            raise ExportError(
                f'{what} contains =" (an equals sign before a double quote), which phpdotenv '
                "(Laravel) reads as the start of a value spanning several lines. Leave it out of "
                "the export (the default: a placeholder) and set it in the environment instead."
            )
        return f"'{value}'"
    if not any(c in value for c in _ENV_DOUBLE_QUOTE_UNSAFE):
        return f'"{value}"'
    if "'" in value:
        others = sorted({c for c in value if c in _ENV_DOUBLE_QUOTE_UNSAFE})
        detail = "both ' and " + " and ".join(others)
    else:
        detail = (
            "two backslashes in a row (\\\\)" if "\\\\" in value else "a backslash (\\) at the end"
        )
    raise ExportError(
        f"{what} contains {detail}: no way of writing that in a .env file is read back the same "
        f"by {ENV_CONSUMERS}. Leave it out of the export (the default: a placeholder) and set "
        "it in the environment instead."
    )


def _refuse_unwritable(value: str, what: str) -> None:
    for char in value:
        if char in "\r\n\x00" or (ord(char) < 32 and char != "\t") or char == "\x7f":
            raise ExportError(
                f"{what} contains the control character U+{ord(char):04X}, which a .env file "
                "cannot carry. Retype it without that character."
            )
        if 0xD800 <= ord(char) <= 0xDFFF:
            raise ExportError(f"{what} contains U+{ord(char):04X}, which is not valid text.")
    found = _ENV_EXPANSION.search(value)
    if found:
        raise ExportError(
            f"{what} contains {found.group(0)!r}, which python-dotenv replaces with another "
            "variable even inside quotes. Leave it out of the export (the default: a "
            "placeholder) and set it in the environment instead."
        )


def msmtp_arg(value: str) -> str:
    """An msmtprc argument. msmtp takes the rest of the line and removes one enclosing pair of
    double quotes; it has no escapes. So one pair around any value keeps it exact (measured
    with msmtp 1.8.23: ``"a"b"`` gives ``a"b``, ``"a\\b"`` gives ``a\\b``)."""
    return f'"{value}"'


def comment_lines(text: str, prefix: str, width: int = 92) -> list[str]:
    """Wrap a fixed text (never outside input) into comment lines."""

    return [f"{prefix} {line}" for line in textwrap.wrap(text, width - len(prefix) - 1)]
