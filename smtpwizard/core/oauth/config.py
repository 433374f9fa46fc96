"""Which OAuth client (application registration) smtpwizard signs in as: configuration only.

Client IDs are not baked into the code. For each provider (``google``, ``microsoft``) the first
of these that has a client ID wins:

1. an installer preset: a dict ``{"google": {"client_id": ..., "client_secret": ...},
   "microsoft": {"client_id": ..., "tenant": ...}}`` passed as ``preset=``;
2. environment variables ``SMTPWIZARD_OAUTH_GOOGLE_CLIENT_ID`` (and ``..._CLIENT_SECRET``),
   ``SMTPWIZARD_OAUTH_MICROSOFT_CLIENT_ID`` (and ``..._TENANT``);
3. the file ``oauth.toml`` in smtpwizard's config folder
   (``platformdirs.user_config_dir("smtpwizard")``, or ``SMTPWIZARD_CONFIG_DIR``)::

       [google]
       client_id = "1234567890-abc.apps.googleusercontent.com"
       client_secret = "GOCSPX-..."   # Google's desktop clients have one; it is not secret

       [microsoft]
       client_id = "00000000-0000-0000-0000-000000000000"
       tenant = "common"              # or organizations, consumers, a tenant id

Optional ``authorization_endpoint`` and ``token_endpoint`` keys (or ``..._AUTHORIZATION_ENDPOINT``
/ ``..._TOKEN_ENDPOINT`` variables) point a provider elsewhere: a national cloud, or a test
server on loopback. They must be https:// addresses (plain http only on 127.0.0.1).

A desktop program cannot keep a client secret (RFC 8252 §8.5): Google's "client secret" for
desktop apps is a public value, Microsoft's public clients have none. PKCE protects the flow.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from smtpwizard.core.oauth.endpoints import KNOWN, OAuthEndpoints, check_endpoint_url, microsoft
from smtpwizard.core.oauth.errors import OAuthError
from smtpwizard.core.paths import config_dir
from smtpwizard.core.validation import InputError
from smtpwizard.core.wording.codes import FailureCode

CONFIG_FILE = "oauth.toml"
_KEYS = ("client_id", "client_secret", "tenant", "authorization_endpoint", "token_endpoint")


@dataclass(frozen=True)
class OAuthClient:
    """The registered application smtpwizard signs in as, for one provider."""

    provider: str
    client_id: str
    client_secret: str | None = field(default=None, repr=False)
    tenant: str | None = None  # Microsoft only
    source: str = ""  # where it came from, for messages ("environment variable ...")
    authorization_endpoint: str | None = None  # overrides (national cloud, test server)
    token_endpoint: str | None = None

    def __post_init__(self) -> None:
        for url in (self.authorization_endpoint, self.token_endpoint):
            if url is not None:
                check_endpoint_url(url)
        for name in ("client_id", "client_secret", "tenant"):
            value = getattr(self, name)
            if value is not None and not _plain(value):
                raise InputError(
                    f"The OAuth {name.replace('_', ' ')} for {self.provider} "
                    f"({self.source or 'settings'}) is empty or has spaces or "
                    "unusual characters."
                )


def _plain(value: str) -> bool:
    return 0 < len(value) <= 512 and value.isascii() and value.isprintable() and " " not in value


def env_var(provider: str, key: str = "client_id") -> str:
    """``SMTPWIZARD_OAUTH_GOOGLE_CLIENT_ID`` and its siblings."""
    return f"SMTPWIZARD_OAUTH_{provider.upper()}_{key.upper()}"


def config_path() -> Path:
    return config_dir() / CONFIG_FILE


def _from_mapping(provider: str, raw: Mapping[str, Any], source: str) -> OAuthClient | None:
    client_id = raw.get("client_id")
    if not client_id:
        return None
    values = {k: raw.get(k) for k in _KEYS}
    for key, value in values.items():
        if value is not None and not isinstance(value, str):
            raise InputError(
                f"The OAuth {key.replace('_', ' ')} for {provider} ({source}) must be text."
            )
    return OAuthClient(
        provider,
        str(client_id),
        values["client_secret"] or None,
        values["tenant"] or None,
        source,
        values["authorization_endpoint"] or None,
        values["token_endpoint"] or None,
    )


def endpoints_for(client: OAuthClient) -> OAuthEndpoints:
    """The provider's endpoints, with the client's tenant and endpoint overrides applied."""
    base = KNOWN.get(client.provider)
    if base is None:
        raise InputError(
            f"smtpwizard cannot sign in with {client.provider!r}; it knows "
            f"{', '.join(sorted(KNOWN))}."
        )
    if client.provider == "microsoft" and client.tenant:
        base = microsoft(client.tenant)
    return replace(
        base,
        authorization_endpoint=client.authorization_endpoint or base.authorization_endpoint,
        token_endpoint=client.token_endpoint or base.token_endpoint,
    )


def read_config_file(path: Path | None = None) -> dict[str, Any]:
    """The decoded ``oauth.toml`` (``{}`` when there is none); InputError names the file."""
    file = path or config_path()
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise InputError(f"The OAuth settings file {file} cannot be read: {exc}") from None
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"The OAuth settings file {file} is not valid TOML: {exc}") from None
    for name, section in data.items():
        if not isinstance(section, dict):
            raise InputError(f"The OAuth settings file {file}: [{name}] must be a section.")
    return data


def load_client(
    provider: str,
    *,
    preset: Mapping[str, Mapping[str, Any]] | None = None,
    environ: Mapping[str, str] | None = None,
    path: Path | None = None,
) -> OAuthClient | None:
    """The client for ``provider`` (``google``/``microsoft``), or ``None`` if none is set up."""
    if preset and isinstance(preset.get(provider), Mapping):
        found = _from_mapping(provider, preset[provider], "installer preset")
        if found is not None:
            return found
    env = os.environ if environ is None else environ
    if env.get(env_var(provider)):
        raw = {k: env.get(env_var(provider, k)) for k in _KEYS}
        return _from_mapping(provider, raw, f"environment variable {env_var(provider)}")
    file = path or config_path()
    section = read_config_file(file).get(provider)
    if isinstance(section, Mapping):
        return _from_mapping(provider, section, f"settings file {file}")
    return None


def require_client(
    provider: str,
    *,
    preset: Mapping[str, Mapping[str, Any]] | None = None,
    environ: Mapping[str, str] | None = None,
    path: Path | None = None,
    app_password_url: str | None = None,
) -> OAuthClient:
    """Like :func:`load_client`, but raises ``OAuthError(auth.oauth_not_configured)`` naming the
    settings file and environment variable (and the app password page, when given)."""
    found = load_client(provider, preset=preset, environ=environ, path=path)
    if found is not None:
        return found
    endpoints = KNOWN.get(provider)
    params = {
        "oauth_provider": endpoints.name if endpoints else provider,
        "config_file": str(path or config_path()),
        "env_var": env_var(provider),
    }
    if app_password_url:
        params["app_password_url"] = app_password_url
    raise OAuthError(
        FailureCode.AUTH_OAUTH_NOT_CONFIGURED,
        f"no OAuth client ID for {provider}: set {env_var(provider)} or "
        f"[{provider}] client_id in {params['config_file']}",
        params,
    )
