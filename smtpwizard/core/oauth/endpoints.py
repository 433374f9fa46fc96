"""Where each OAuth 2.0 provider signs people in, and what smtpwizard asks for.

Only providers whose SMTP servers accept XOAUTH2 with a documented scope are listed: Google
(Gmail, Google Workspace) and Microsoft (Outlook.com, Microsoft 365). Which bundled provider
(``providers.json`` id) or SMTP host belongs to which is decided by :func:`oauth_provider_for`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from urllib.parse import urlsplit

from smtpwizard.core.validation import InputError

GOOGLE_ID = "google"
MICROSOFT_ID = "microsoft"


def _frozen(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


@dataclass(frozen=True)
class OAuthEndpoints:
    """One OAuth provider: its endpoints, the scopes for sending mail, extra request fields."""

    id: str  # "google" | "microsoft" (or anything, for a test server)
    name: str  # shown to people: "Google", "Microsoft"
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    scopes: tuple[str, ...]
    # added to the authorization request (Google: ask for a refresh token every time)
    extra_authorization_params: Mapping[str, str] = field(default_factory=dict)
    # where a developer registers the app (named in the README and the messages)
    console_url: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "extra_authorization_params", _frozen(self.extra_authorization_params)
        )
        for url in (self.authorization_endpoint, self.token_endpoint):
            check_endpoint_url(url)

    @property
    def scope(self) -> str:
        return " ".join(self.scopes)


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_endpoint_url(url: str) -> str:
    """Endpoints must be https (plain http only on loopback, for a local test server)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and is_loopback_host(parts.hostname):
        return url
    raise InputError(f"The OAuth address {url!r} must start with https://.")


GOOGLE = OAuthEndpoints(
    id=GOOGLE_ID,
    name="Google",
    issuer="https://accounts.google.com",
    authorization_endpoint="https://accounts.google.com/o/oauth2/v2/auth",
    token_endpoint="https://oauth2.googleapis.com/token",  # noqa: S106 (an address)
    scopes=("https://mail.google.com/",),
    # offline: a refresh token; consent: Google issues a refresh token only on consent
    extra_authorization_params={"access_type": "offline", "prompt": "consent"},
    console_url="https://console.cloud.google.com/apis/credentials",
)


def microsoft(tenant: str = "common") -> OAuthEndpoints:
    """Microsoft's identity platform (v2.0) for ``tenant`` (common, organizations, consumers,
    or a tenant id/domain)."""
    if not tenant or not all(c.isalnum() or c in "-." for c in tenant):
        raise InputError(f"{tenant!r} is not a Microsoft tenant name.")
    base = f"https://login.microsoftonline.com/{tenant}"
    return OAuthEndpoints(
        id=MICROSOFT_ID,
        name="Microsoft",
        issuer=f"{base}/v2.0",
        authorization_endpoint=f"{base}/oauth2/v2.0/authorize",
        token_endpoint=f"{base}/oauth2/v2.0/token",
        scopes=("https://outlook.office.com/SMTP.Send", "offline_access"),
        console_url="https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps",
    )


MICROSOFT = microsoft()

KNOWN: Mapping[str, OAuthEndpoints] = MappingProxyType({GOOGLE_ID: GOOGLE, MICROSOFT_ID: MICROSOFT})

# bundled provider ids (providers.json) -> OAuth provider
_BY_PROVIDER = {
    "gmail": GOOGLE_ID,
    "google-workspace": GOOGLE_ID,
    "outlook": MICROSOFT_ID,
    "microsoft365": MICROSOFT_ID,
}


def oauth_provider_id(provider: str | None = None, host: str | None = None) -> str | None:
    """``"google"``/``"microsoft"`` for a bundled provider id or an SMTP host, else ``None``."""
    if provider and provider in _BY_PROVIDER:
        return _BY_PROVIDER[provider]
    if provider in KNOWN:
        return provider
    if host:
        # lazy: loads data or a backend only on the path that needs it
        from smtpwizard.core.discovery.providers import bundled_providers

        found = bundled_providers().for_smtp_host(host)
        if found is not None:
            return _BY_PROVIDER.get(found.id)
    return None


def oauth_provider_for(
    provider: str | None = None, host: str | None = None, *, tenant: str | None = None
) -> OAuthEndpoints | None:
    """The endpoints to sign in for ``provider`` (a bundled id, or google/microsoft) or
    ``host``; ``None`` when smtpwizard cannot sign in there with OAuth."""
    pid = oauth_provider_id(provider, host)
    if pid is None:
        return None
    if pid == MICROSOFT_ID and tenant:
        return microsoft(tenant)
    return KNOWN[pid]


def with_endpoints(
    base: OAuthEndpoints, authorization_endpoint: str, token_endpoint: str
) -> OAuthEndpoints:
    """``base`` pointed at other endpoints (a test server, a sovereign cloud)."""
    return replace(
        base, authorization_endpoint=authorization_endpoint, token_endpoint=token_endpoint
    )
