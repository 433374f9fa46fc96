"""OAuth 2.0 sign-in (XOAUTH2) for providers that no longer take passwords: Google, Microsoft.

Public API::

    endpoints: OAuthEndpoints, GOOGLE, MICROSOFT, microsoft(tenant), oauth_provider_for()
    config:    OAuthClient, load_client(), require_client(), config_path(), env_var()
    flow:      sign_in(), SignIn, refresh(), TokenSet, Pkce
    tokens:    OAuthTokens (access token in memory, refresh token to the keyring when verified)
    errors:    OAuthError (``.failure``: a code with words in core.messages)
"""

from smtpwizard.core.oauth.config import (
    CONFIG_FILE,
    OAuthClient,
    config_path,
    endpoints_for,
    env_var,
    load_client,
    require_client,
)
from smtpwizard.core.oauth.endpoints import (
    GOOGLE,
    MICROSOFT,
    OAuthEndpoints,
    microsoft,
    oauth_provider_for,
    oauth_provider_id,
)
from smtpwizard.core.oauth.errors import OAuthError
from smtpwizard.core.oauth.flow import Pkce, SignIn, TokenSet, refresh, sign_in
from smtpwizard.core.oauth.tokens import OAuthTokens

__all__ = [
    "CONFIG_FILE",
    "GOOGLE",
    "MICROSOFT",
    "OAuthClient",
    "OAuthEndpoints",
    "OAuthError",
    "OAuthTokens",
    "Pkce",
    "SignIn",
    "TokenSet",
    "config_path",
    "endpoints_for",
    "env_var",
    "load_client",
    "microsoft",
    "oauth_provider_for",
    "oauth_provider_id",
    "refresh",
    "require_client",
    "sign_in",
]
