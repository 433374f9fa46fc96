"""The bundled provider data: loading, checking and looking up by domain, MX host or SMTP host.

The data lives in ``smtpwizard/resources/providers.json`` (described by
``providers.schema.json`` next to it). :func:`validate_data` applies the same rules as the schema
in plain code, so no JSON-Schema library is needed at run time, and reports every problem in
words a data editor understands. :func:`bundled_providers` loads and checks the file once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fnmatch import fnmatchcase
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from smtpwizard.core.errors import SmtpWizardError
from smtpwizard.core.models import Security
from smtpwizard.core.validation import InputError, normalize_host

DATA_VERSION = 1
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_PATTERN = re.compile(r"^[a-z0-9*][a-z0-9.*-]*[a-z0-9*]$")


class UsernameForm(StrEnum):
    """What the provider expects as the SMTP user name."""

    EMAIL = "email"  # the full address
    LOCALPART = "localpart"  # the part before the @
    LITERAL = "literal"  # a fixed word, e.g. SendGrid's "apikey"
    OTHER = "other"  # something the provider issues (explained in ``username_note``)


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

    def username_for(self, email: str | None) -> str | None:
        """The SMTP user name for ``email``, or ``None`` when the provider issues its own."""
        if self.username is UsernameForm.LITERAL:
            return self.username_literal
        if self.username is UsernameForm.OTHER or not email:
            return None
        if self.username is UsernameForm.LOCALPART:
            return email.rpartition("@")[0]
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

    def to_dict(self) -> dict[str, Any]:
        """The ``provider`` object of the ``smtpwizard.discover/1`` contract."""
        return {
            "id": self.id,
            "name": self.name,
            "hints": list(self.hints),
            "app_password_url": self.app_password_url,
            "oauth": self.oauth_value,
        }


class ProviderData:
    """All providers, indexed for the look-ups discovery and diagnosis need."""

    def __init__(self, providers: Sequence[Provider]) -> None:
        self.providers: tuple[Provider, ...] = tuple(providers)
        self._by_id = {p.id: p for p in self.providers}
        self._by_domain = {d: p for p in self.providers for d in p.domains}
        self._by_smtp_host: dict[str, Provider] = {}
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

    @property
    def domain_count(self) -> int:
        return len(self._by_domain)


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value)


def _check_server(where: str, raw: object, errors: list[str]) -> None:
    if not isinstance(raw, dict):
        errors.append(f"{where}: must be an object")
        return
    for key in set(raw) - {"host", "port", "security", "region", "match"}:
        errors.append(f"{where}: unknown field {key!r}")
    host = raw.get("host")
    if not isinstance(host, str):
        errors.append(f"{where}: host must be a string")
    else:
        try:
            if normalize_host(host) != host:
                errors.append(f"{where}: host {host!r} must be written in lower-case ASCII")
        except InputError as exc:
            errors.append(f"{where}: host {host!r}: {exc}")
    port = raw.get("port")
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        errors.append(f"{where}: port must be a number from 1 to 65535")
    if raw.get("security") not in {s.value for s in Security}:
        errors.append(f"{where}: security must be none, starttls or tls")
    if "region" in raw and not (isinstance(raw["region"], str) and raw["region"]):
        errors.append(f"{where}: region must be a non-empty string")
    if "match" in raw:
        match = raw["match"]
        if not _is_str_list(match) or not match:
            errors.append(f"{where}: match must be a non-empty list of patterns")
        else:
            for pattern in match:
                if not _PATTERN.match(pattern):
                    errors.append(f"{where}: {pattern!r} is not a valid pattern")


_REQUIRED = (
    "id",
    "name",
    "kind",
    "domains",
    "mx_patterns",
    "smtp",
    "username",
    "secrets",
    "oauth",
    "hints",
    "sources",
)
_OPTIONAL = ("username_literal", "username_note", "app_password_url", "uncertain")


def _check_provider(index: int, raw: object, errors: list[str]) -> None:
    if not isinstance(raw, dict):
        errors.append(f"providers[{index}]: must be an object")
        return
    pid = raw.get("id")
    where = f"provider {pid!r}" if isinstance(pid, str) else f"providers[{index}]"
    for key in _REQUIRED:
        if key not in raw:
            errors.append(f"{where}: missing field {key!r}")
    for key in set(raw) - set(_REQUIRED) - set(_OPTIONAL):
        errors.append(f"{where}: unknown field {key!r}")
    if not isinstance(pid, str) or not _ID.match(pid):
        errors.append(f"{where}: id must be lower-case words joined by hyphens")
    if not isinstance(raw.get("name"), str) or not raw.get("name"):
        errors.append(f"{where}: name must be a non-empty string")
    if raw.get("kind") not in {k.value for k in ProviderKind}:
        errors.append(f"{where}: kind must be mailbox, service or relay")
    domains = raw.get("domains", [])
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        errors.append(f"{where}: domains must be a list of strings")
    else:
        for domain in domains:
            try:
                ok = normalize_host(domain) == domain and "." in domain
            except InputError:
                ok = False
            if not ok:
                errors.append(f"{where}: {domain!r} is not a lower-case ASCII domain")
    mx = raw.get("mx_patterns", [])
    if not isinstance(mx, list) or not all(isinstance(m, str) and _PATTERN.match(m) for m in mx):
        errors.append(f"{where}: mx_patterns must be a list of host patterns")
    smtp = raw.get("smtp", [])
    if not isinstance(smtp, list):
        errors.append(f"{where}: smtp must be a list")
    else:
        for n, server in enumerate(smtp):
            _check_server(f"{where} smtp[{n}]", server, errors)
        if not smtp and not raw.get("hints"):
            errors.append(f"{where}: a provider without SMTP servers needs a hint saying so")
    username = raw.get("username")
    if username not in {u.value for u in UsernameForm}:
        errors.append(f"{where}: username must be email, localpart, literal or other")
    if username == "literal" and not isinstance(raw.get("username_literal"), str):
        errors.append(f"{where}: username 'literal' needs username_literal")
    if username == "other" and not isinstance(raw.get("username_note"), str):
        errors.append(f"{where}: username 'other' needs username_note")
    secrets = raw.get("secrets")
    if (
        not _is_str_list(secrets)
        or not secrets
        or not set(secrets) <= {s.value for s in SecretKind}
    ):
        errors.append(f"{where}: secrets must list password, app-password, api-key or oauth2")
    if raw.get("oauth") not in {o.value for o in OAuthSupport}:
        errors.append(f"{where}: oauth must be none, possible or required")
    url = raw.get("app_password_url")
    if url is not None and not (isinstance(url, str) and url.startswith("https://")):
        errors.append(f"{where}: app_password_url must be an https:// address")
    hints = raw.get("hints")
    if not isinstance(hints, list) or not all(isinstance(h, str) and h for h in hints):
        errors.append(f"{where}: hints must be a list of sentences")
    sources = raw.get("sources")
    if (
        not _is_str_list(sources)
        or not sources
        or not all(s == "ispdb" or s.startswith(("https://", "http://")) for s in sources)
    ):
        errors.append(f"{where}: sources must list web addresses or 'ispdb'")
    for key in ("username_literal", "username_note", "uncertain"):
        if key in raw and not (isinstance(raw[key], str) and raw[key]):
            errors.append(f"{where}: {key} must be a non-empty string")


def validate_data(data: object) -> list[str]:
    """Every rule of ``providers.schema.json`` plus cross-entry rules; returns the problems."""
    errors: list[str] = []
    if not isinstance(data, dict):
        return ["the provider data must be a JSON object"]
    if data.get("version") != DATA_VERSION:
        errors.append(f"version must be {DATA_VERSION}")
    for key in set(data) - {"$schema", "version", "about", "providers"}:
        errors.append(f"unknown top-level field {key!r}")
    providers = data.get("providers")
    if not isinstance(providers, list) or not providers:
        errors.append("providers must be a non-empty list")
        return errors
    for index, raw in enumerate(providers):
        _check_provider(index, raw, errors)
    seen_ids: set[str] = set()
    seen_domains: dict[str, str] = {}
    for raw in providers:
        if not isinstance(raw, dict):
            continue
        pid = str(raw.get("id"))
        if pid in seen_ids:
            errors.append(f"provider id {pid!r} is used twice")
        seen_ids.add(pid)
        domains = raw.get("domains")
        for domain in domains if isinstance(domains, list) else []:
            if domain in seen_domains:
                errors.append(
                    f"domain {domain!r} belongs to both {seen_domains[domain]!r} and {pid!r}"
                )
            seen_domains[str(domain)] = pid
    return errors


def _server(raw: Mapping[str, Any]) -> ProviderServer:
    return ProviderServer(
        host=raw["host"],
        port=raw["port"],
        security=Security(raw["security"]),
        region=raw.get("region"),
        match=tuple(raw.get("match", ())),
    )


def _provider(raw: Mapping[str, Any]) -> Provider:
    return Provider(
        id=raw["id"],
        name=raw["name"],
        kind=ProviderKind(raw["kind"]),
        domains=tuple(raw["domains"]),
        mx_patterns=tuple(raw["mx_patterns"]),
        smtp=tuple(_server(s) for s in raw["smtp"]),
        username=UsernameForm(raw["username"]),
        username_literal=raw.get("username_literal"),
        username_note=raw.get("username_note"),
        secrets=tuple(SecretKind(s) for s in raw["secrets"]),
        oauth=OAuthSupport(raw["oauth"]),
        app_password_url=raw.get("app_password_url"),
        hints=tuple(raw["hints"]),
        sources=tuple(raw["sources"]),
        uncertain=raw.get("uncertain"),
    )


def parse_data(data: object) -> ProviderData:
    """Check ``data`` (the decoded JSON) and build the look-up tables."""
    errors = validate_data(data)
    if errors:
        shown = "\n  ".join(errors[:20])
        more = f"\n  … and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise ProviderDataError(f"the provider data has {len(errors)} problem(s):\n  {shown}{more}")
    assert isinstance(data, dict)
    return ProviderData([_provider(p) for p in data["providers"]])


def data_path() -> Path:
    """Where the bundled ``providers.json`` is (inside the installed package)."""
    return Path(str(resources.files("smtpwizard").joinpath("resources", "providers.json")))


def schema_path() -> Path:
    return Path(str(resources.files("smtpwizard").joinpath("resources", "providers.schema.json")))


def load_providers(path: Path | str | None = None) -> ProviderData:
    """Read and check a provider data file (the bundled one by default)."""
    file = Path(path) if path is not None else data_path()
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProviderDataError(f"cannot read the provider data {file}: {exc}") from exc
    except ValueError as exc:
        raise ProviderDataError(f"the provider data {file} is not valid JSON: {exc}") from exc
    return parse_data(data)


@cache
def bundled_providers() -> ProviderData:
    """The bundled provider data, loaded and checked once per process."""
    return load_providers()
