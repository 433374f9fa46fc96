"""The provider records (frozen dataclasses and enums) and their look-up tables.

Built by ``providers`` (the curated file) and ``ispdb_data`` (the converted ISPDB), merged by
``provider_merge``; kept apart so those modules share the model without importing each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fnmatch import fnmatchcase
from typing import Any

from smtpwizard.core.errors import SmtpWizardError
from smtpwizard.core.models import Security


class UsernameForm(StrEnum):
    """What the provider expects as the SMTP user name."""

    EMAIL = "email"  # the full address
    LOCALPART = "localpart"  # the part before the @
    LITERAL = "literal"  # a fixed word, e.g. SendGrid's "apikey"
    OTHER = "other"  # something the provider issues (explained in ``username_note``)
    TEMPLATE = "template"  # ``username_literal`` with %EMAILLOCALPART% / %EMAILDOMAIN% filled in
    NONE = "none"  # the server takes mail without a login (some ISPs' own networks)


class SecretKind(StrEnum):
    PASSWORD = "password"
    APP_PASSWORD = "app-password"
    API_KEY = "api-key"
    OAUTH2 = "oauth2"


class OAuthSupport(StrEnum):
    NONE = "none"
    POSSIBLE = "possible"
    REQUIRED = "required"


class ProviderKind(StrEnum):
    MAILBOX = "mailbox"  # people have addresses there
    SERVICE = "service"  # a sending service for applications
    RELAY = "relay"  # an organisation's relay


class Origin(StrEnum):
    """Where an entry's settings come from."""

    CURATED = "curated"  # providers.json, checked against the sources it lists
    ISPDB = "ispdb"  # converted from Thunderbird's ISPDB as it is


class ProviderDataError(SmtpWizardError, ValueError):
    """The provider data file is missing or breaks the rules; the message lists every problem."""


@dataclass(frozen=True)
class ProviderServer:
    host: str
    port: int
    security: Security
    region: str | None = None
    match: tuple[str, ...] = ()

    def applies_to(self, key: str) -> bool:
        """True when this (region-specific) server is meant for ``key`` (a domain or MX host)."""
        return any(fnmatchcase(key, pattern) for pattern in self.match)


@dataclass(frozen=True)
class IncomingServer:
    """Where the provider's mailbox is read (IMAP or POP3); the user name is the SMTP one."""

    protocol: str  # "imap" | "pop3"
    host: str
    port: int
    security: Security
    match: tuple[str, ...] = ()  # as ProviderServer.match: only for these domains / MX hosts

    def applies_to(self, key: str) -> bool:
        """True when this (region-specific) server is meant for ``key`` (a domain or host)."""
        return any(fnmatchcase(key, pattern) for pattern in self.match)

    def to_dict(self) -> dict[str, Any]:
        return {
            "protocol": self.protocol,
            "host": self.host,
            "port": self.port,
            "security": self.security.value,
        }


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    kind: ProviderKind
    domains: tuple[str, ...]
    mx_patterns: tuple[str, ...]
    smtp: tuple[ProviderServer, ...]
    username: UsernameForm
    username_literal: str | None
    username_note: str | None
    secrets: tuple[SecretKind, ...]
    oauth: OAuthSupport
    app_password_url: str | None
    hints: tuple[str, ...]
    sources: tuple[str, ...]
    uncertain: str | None = None
    # what the service calls the secret ("API key", "SMTP password") and where it is created
    secret_name: str | None = None
    secret_url: str | None = None
    incoming: tuple[IncomingServer, ...] = ()
    before_login: tuple[str, ...] = ()  # do this first: enable SMTP/IMAP, make an app password
    after_login: tuple[str, ...] = ()  # worth knowing once it works (limits, sender rules)
    sending_limit: str | None = None  # as documented by the provider, in words
    last_checked: str | None = None  # ISO date the settings were last compared with the sources
    documentation: tuple[str, ...] = ()  # the provider's own set-up pages
    ispdb: tuple[str, ...] = ()  # the ISPDB entries this one covers (curated) or comes from
    ispdb_differs: str | None = None  # why a curated entry differs from the ISPDB's answer
    origin: Origin = Origin.CURATED
    ispdb_domains: tuple[str, ...] = ()  # domains a curated entry took over from the ISPDB

    def username_for(self, email: str | None) -> str | None:
        """The SMTP user name for ``email``, or ``None`` when the provider issues its own."""
        if self.username is UsernameForm.LITERAL:
            return self.username_literal
        if self.username in (UsernameForm.OTHER, UsernameForm.NONE) or not email:
            return None
        local, _, domain = email.rpartition("@")
        if self.username is UsernameForm.LOCALPART:
            return local
        if self.username is UsernameForm.TEMPLATE and self.username_literal:
            return self.username_literal.replace("%EMAILLOCALPART%", local).replace(
                "%EMAILDOMAIN%", domain
            )
        return email

    def servers_for(self, key: str | None = None) -> tuple[ProviderServer, ...]:
        """The servers to use for ``key`` (an email domain or MX host), in preference order.

        Region-specific servers (those with ``match`` patterns) are chosen when ``key`` matches
        them; otherwise the general servers are returned, or every server when all are regional.
        """
        general = tuple(s for s in self.smtp if not s.match)
        if key:
            key = key.lower().rstrip(".")
            specific = tuple(s for s in self.smtp if s.match and s.applies_to(key))
            if specific:
                return specific + general
        return general or self.smtp

    def matches_mx(self, mx_host: str) -> bool:
        host = mx_host.lower().rstrip(".")
        return any(fnmatchcase(host, pattern) for pattern in self.mx_patterns)

    @property
    def oauth_value(self) -> str | None:
        return None if self.oauth is OAuthSupport.NONE else self.oauth.value

    @property
    def pages(self) -> tuple[str, ...]:
        """The provider's own pages worth opening: a curated entry's web sources, else the
        ISPDB's documentation links."""
        own = tuple(s for s in self.sources if s.startswith("https://"))
        return own or self.documentation

    @property
    def notes(self) -> tuple[str, ...]:
        """What to know before and while signing in: the before-login hints, then the others."""
        return self.before_login + self.hints

    def incoming_for(self, key: str | None = None) -> tuple[IncomingServer, ...]:
        """The incoming servers for ``key`` (a domain or MX host), IMAP before POP3; regional
        ones are chosen as in :meth:`servers_for`."""
        general = tuple(s for s in self.incoming if not s.match)
        chosen = general or self.incoming
        if key:
            key = key.lower().rstrip(".")
            specific = tuple(s for s in self.incoming if s.match and s.applies_to(key))
            if specific:
                chosen = specific + general
        return tuple(sorted(chosen, key=lambda s: s.protocol != "imap"))

    def region_key(self, *keys: str | None) -> str | None:
        """The first of ``keys`` (email domain, MX host, outgoing server…) that picks one of
        the provider's regions, else the first one given: what to pass to the ``*_for`` methods."""
        given = [k.lower().rstrip(".") for k in keys if k]
        for key in given:
            servers: tuple[ProviderServer | IncomingServer, ...] = (*self.incoming, *self.smtp)
            if any(s.match and s.applies_to(key) for s in servers):
                return key
        return given[0] if given else None

    def to_dict(self) -> dict[str, Any]:
        """The ``provider`` object of the ``smtpwizard.discover/1`` contract."""
        return {
            "id": self.id,
            "name": self.name,
            "hints": list(self.hints),
            "app_password_url": self.app_password_url,
            "oauth": self.oauth_value,
            "before_login": list(self.before_login),
            "after_login": list(self.after_login),
            "sending_limit": self.sending_limit,
            "last_checked": self.last_checked,
            "documentation": list(self.documentation),
            "data": self.origin.value,
        }


class ProviderData:
    """All providers, indexed for the look-ups discovery and diagnosis need."""

    def __init__(self, providers: Sequence[Provider]) -> None:
        self.providers: tuple[Provider, ...] = tuple(providers)
        self._by_id = {p.id: p for p in self.providers}
        self._by_domain = {d: p for p in self.providers for d in p.domains}
        self._by_smtp_host: dict[str, Provider] = {}
        self._typo_targets: tuple[str, ...] | None = None
        for p in self.providers:
            for server in p.smtp:
                self._by_smtp_host.setdefault(server.host, p)

    def __len__(self) -> int:
        return len(self.providers)

    def get(self, provider_id: str) -> Provider | None:
        return self._by_id.get(provider_id)

    def for_domain(self, domain: str) -> Provider | None:
        """The provider whose addresses end in ``@domain`` (exact match, IDNA form)."""
        return self._by_domain.get(domain.lower().rstrip("."))

    def for_mx(self, mx_host: str) -> Provider | None:
        """The provider that hosts a domain whose MX is ``mx_host`` (by the MX patterns)."""
        for p in self.providers:
            if p.matches_mx(mx_host):
                return p
        return None

    def for_smtp_host(self, host: str) -> Provider | None:
        """The provider that runs the SMTP server ``host`` (used for provider-specific hints)."""
        return self._by_smtp_host.get(host.lower().rstrip("."))

    def for_mx_host(self, mx_host: str) -> tuple[Provider, str] | None:
        """The provider behind a domain whose MX is ``mx_host``, and what matched.

        As Thunderbird does: a curated MX pattern first (``*.mail.protection.outlook.com`` is
        Microsoft 365, not Outlook.com), then the MX host one level up (``mx00.ionos.de`` →
        ``ionos.de``), then its base domain, each looked up as an email domain of *any* bundled
        provider (curated or ISPDB).
        """
        host = mx_host.lower().rstrip(".")
        found = self.for_mx(host)
        if found is not None:
            return found, host
        for domain in mx_lookup_domains(host):
            found = self.for_domain(domain)
            if found is not None:
                return found, domain
        return None

    def typo_targets(self) -> tuple[str, ...]:
        """The domains a mistyped address may be corrected to: the curated mailbox providers'
        own domains, in the list's order (the most used first)."""
        if self._typo_targets is None:
            self._typo_targets = tuple(
                d
                for p in self.providers
                if p.origin is Origin.CURATED and p.kind is ProviderKind.MAILBOX
                for d in p.domains
                if d not in p.ispdb_domains
            )
        return self._typo_targets

    @property
    def domain_count(self) -> int:
        return len(self._by_domain)


# second-level labels under which country-code registries sell names (co.uk, com.au, ne.jp …)
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "ac", "gov", "edu", "ne", "or", "go", "gr"})


def base_domain(host: str) -> str:
    """The registered domain of ``host``: ``mx00.ionos.de`` → ``ionos.de``,
    ``mx.example.co.uk`` → ``example.co.uk`` (a small stand-in for the public suffix list)."""
    labels = host.lower().rstrip(".").split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def mx_lookup_domains(mx_host: str) -> tuple[str, ...]:
    """The email domains to look an MX host up as: one level up, then the base domain."""
    host = mx_host.lower().rstrip(".")
    base = base_domain(host)
    parent = host.partition(".")[2]
    out = [parent] if parent.endswith("." + base) else []
    if base != host:
        out.append(base)
    return tuple(out)
