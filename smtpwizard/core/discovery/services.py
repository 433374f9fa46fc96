"""Sending services (SendGrid, Mailgun, Amazon SES, …) for the wizard's service picker.

The facts are data (``kind: "service"`` entries of the bundled provider data): host per region,
ports, the user name the service expects, what it calls the secret and where it is made. This
module only selects and shapes them; it never guesses.
"""

from __future__ import annotations

from dataclasses import dataclass

from smtpwizard.core.discovery.providers import (
    Provider,
    ProviderData,
    ProviderKind,
    SecretKind,
    UsernameForm,
    bundled_providers,
)
from smtpwizard.core.models import Pairing
from smtpwizard.core.wording.base import _
from smtpwizard.core.wording.services import API_KEY, PASSWORD


@dataclass(frozen=True)
class ServiceSetup:
    """What choosing ``provider`` (in ``region``) fills in."""

    provider: Provider
    region: str | None
    host: str
    pairings: tuple[Pairing, ...]  # in the service's order of preference
    username: str | None  # the literal user name ("apikey", "resend"), else None
    username_note: str | None  # what to type when the service issues its own user name
    secret_name: str  # "API key", "SMTP password", …
    secret_url: str | None  # where the secret is created


def sending_services(data: ProviderData | None = None) -> tuple[Provider, ...]:
    """Every sending service with SMTP servers, by name."""
    providers = (data or bundled_providers()).providers
    found = [p for p in providers if p.kind is ProviderKind.SERVICE and p.smtp]
    return tuple(sorted(found, key=lambda p: p.name.casefold()))


def regions(provider: Provider) -> tuple[str, ...]:
    """The regions the service's servers are listed for, in data order (empty: one region)."""
    seen: list[str] = []
    for server in provider.smtp:
        if server.region is not None and server.region not in seen:
            seen.append(server.region)
    return tuple(seen)


def setup_for(provider: Provider, region: str | None = None) -> ServiceSetup:
    """The host, ports, user name and secret of ``provider`` in ``region`` (default: first)."""
    known = regions(provider)
    if known and region not in known:
        region = known[0]
    servers = [s for s in provider.smtp if s.region == region] if known else list(provider.smtp)
    host = servers[0].host
    pairings: list[Pairing] = []
    for server in servers:
        pairing = Pairing(server.port, server.security)
        if server.host == host and pairing not in pairings:
            pairings.append(pairing)
    literal = provider.username_literal if provider.username is UsernameForm.LITERAL else None
    return ServiceSetup(
        provider=provider,
        region=region if known else None,
        host=host,
        pairings=tuple(pairings),
        username=literal,
        username_note=provider.username_note if literal is None else None,
        secret_name=provider.secret_name or _default_secret_name(provider),
        secret_url=provider.secret_url,
    )


def _default_secret_name(provider: Provider) -> str:
    return _(API_KEY if SecretKind.API_KEY in provider.secrets else PASSWORD)


__all__ = ["ServiceSetup", "regions", "sending_services", "setup_for"]
