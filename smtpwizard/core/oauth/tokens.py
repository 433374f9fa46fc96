"""Tokens while the program runs: the access token in memory, refreshed when it expires.

The refresh token goes to the OS keyring (service ``smtpwizard:<host>``, user
``<username>#oauth-refresh``, :attr:`SecretKind.OAUTH_REFRESH`) only through
:meth:`OAuthTokens.store_verified`, i.e. after a probe proved the account can send with it.
Access tokens are never stored anywhere.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import httpx

from smtpwizard.core.credentials import keyring_store
from smtpwizard.core.credentials.accounts import AccountIndex, SavedAccount
from smtpwizard.core.models import Settings
from smtpwizard.core.oauth.config import OAuthClient
from smtpwizard.core.oauth.endpoints import OAuthEndpoints
from smtpwizard.core.oauth.errors import OAuthError
from smtpwizard.core.oauth.flow import TokenSet, refresh
from smtpwizard.core.validation import InputError
from smtpwizard.core.wording.codes import FailureCode

#: refresh this many seconds before the access token expires
REFRESH_MARGIN = 60.0


class OAuthTokens:
    """The tokens of one signed-in account. ``await access_token()`` is always fresh.

    Concurrent callers share one refresh. ``secrets`` lists every token value this object
    has held, for redaction (reports, transcripts, logs).
    """

    def __init__(
        self,
        endpoints: OAuthEndpoints,
        client: OAuthClient,
        tokens: TokenSet,
        *,
        http: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.time,
        margin: float = REFRESH_MARGIN,
    ) -> None:
        self.endpoints = endpoints
        self.client = client
        self._tokens = tokens
        self._http = http
        self._clock = clock
        self._margin = margin
        self._lock = asyncio.Lock()
        self._seen: list[str] = list(tokens.secrets)
        self._saved: str | None = None  # the refresh token read from the keyring, if any

    def __repr__(self) -> str:
        return f"OAuthTokens({self.endpoints.id!r}, expires_at={self._tokens.expires_at:.0f})"

    @property
    def tokens(self) -> TokenSet:
        return self._tokens

    @property
    def refresh_token(self) -> str | None:
        return self._tokens.refresh_token

    @property
    def secrets(self) -> tuple[str, ...]:
        return tuple(self._seen)

    def expired(self) -> bool:
        return self._tokens.expired(self._clock(), self._margin)

    async def access_token(self) -> str:
        """A valid access token, refreshed first when it has expired (or nearly).

        Raises ``OAuthError`` (``auth.oauth_token_rejected``: sign in again) when it cannot be
        refreshed, or when there is no refresh token to do it with.
        """
        async with self._lock:
            if self.expired():
                await self._refresh()
            return self._tokens.access_token

    async def force_refresh(self) -> str:
        async with self._lock:
            await self._refresh()
            return self._tokens.access_token

    async def _refresh(self) -> None:
        if self._tokens.refresh_token is None:
            raise OAuthError(
                FailureCode.AUTH_OAUTH_TOKEN_REJECTED,
                "the access token expired and there is no refresh token",
                {"oauth_provider": self.endpoints.name},
            )
        self._tokens = await refresh(
            self.endpoints,
            self.client,
            self._tokens.refresh_token,
            http=self._http,
            clock=self._clock,
        )
        self._seen.extend(s for s in self._tokens.secrets if s not in self._seen)

    async def store_verified(
        self,
        host: str,
        user: str,
        *,
        settings: Settings | None = None,
        index: AccountIndex | None = None,
        timeout: float = keyring_store.DEFAULT_TIMEOUT,
    ) -> SavedAccount | None:
        """Save the refresh token in the keyring. Call only after a probe verified the account.

        Raises ``KeyringProblem`` (plain words) or ``InputError`` when there is no refresh token.
        """
        token = self._tokens.refresh_token
        if token is None:
            raise InputError("The sign-in gave no refresh token, so there is nothing to save.")
        return await keyring_store.store_verified_async(
            host,
            user,
            token,
            keyring_store.SecretKind.OAUTH_REFRESH,
            settings=settings,
            index=index,
            timeout=timeout,
        )

    @classmethod
    async def from_keyring(
        cls,
        endpoints: OAuthEndpoints,
        client: OAuthClient,
        host: str,
        user: str,
        *,
        http: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.time,
        timeout: float = keyring_store.DEFAULT_TIMEOUT,
    ) -> OAuthTokens | None:
        """The saved sign-in of ``user`` on ``host`` with a fresh access token, or ``None``
        when no refresh token is saved. Raises ``KeyringProblem`` or ``OAuthError``."""
        saved = await keyring_store.load_secret_async(
            host, user, keyring_store.SecretKind.OAUTH_REFRESH, timeout=timeout
        )
        if saved is None:
            return None
        tokens = await refresh(endpoints, client, saved, http=http, clock=clock)
        keeper = cls(endpoints, client, tokens, http=http, clock=clock)
        keeper._seen.insert(0, saved)
        keeper._saved = saved
        return keeper

    async def keep_rotated(
        self, host: str, user: str, *, timeout: float = keyring_store.DEFAULT_TIMEOUT
    ) -> bool:
        """After :meth:`from_keyring`: when the provider handed out a new refresh token (as
        Microsoft does on every refresh), save it in place of the old one. True when saved.

        The old token is replaced only by one the provider itself just issued for this
        sign-in, so nothing unverified reaches the keyring. Raises ``KeyringProblem``.
        """
        token = self._tokens.refresh_token
        if self._saved is None or token is None or token == self._saved:
            return False
        await keyring_store.store_verified_async(
            host, user, token, keyring_store.SecretKind.OAUTH_REFRESH, timeout=timeout
        )
        self._saved = token
        return True
