"""Keyring work for the wizard: always off the UI loop, always with a deadline."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from smtpwizard.core.models import Settings
from smtpwizard.gui.runner import run_blocking

if TYPE_CHECKING:
    from smtpwizard.core.credentials.accounts import SavedAccount
    from smtpwizard.core.oauth import OAuthTokens
    from smtpwizard.gui.oauth_jobs import OAuthSetup


async def save_secret(settings: Settings, password: str, timeout: float) -> str:
    """Store the verified ``password`` for ``settings`` and record the account (no secret).

    Returns the keyring's plain name for the page ("Secret Service", …). Raises
    ``KeyringProblem`` (plain words in ``str()``) when the keyring cannot be used.
    """
    # lazy: not needed for the first paint (the wizard draws before loading the rest)
    from smtpwizard.core.credentials import keyring_store

    if settings.username is None:
        raise ValueError("no user name to save the password for")
    await keyring_store.remember_verified_async(
        dataclasses.replace(settings), password, timeout=timeout
    )
    return await run_blocking(keyring_store.describe_backend, timeout)


async def save_sign_in(settings: Settings, tokens: OAuthTokens, timeout: float) -> str:
    """Store the refresh token of a verified OAuth sign-in for ``settings`` (marked as a token,
    never as a password) and record the account. Returns the keyring's plain name; raises
    ``KeyringProblem``, or ``InputError`` when the provider gave no refresh token."""
    # lazy: not needed for the first paint (the wizard draws before loading the rest)
    from smtpwizard.core.credentials import keyring_store

    if settings.username is None:
        raise ValueError("no user name to save the sign-in for")
    await tokens.store_verified(
        settings.host, settings.username, settings=settings, timeout=timeout
    )
    return await run_blocking(keyring_store.describe_backend, timeout)


async def load_saved_sign_in(
    account: SavedAccount, setup: OAuthSetup | None, timeout: float
) -> str | OAuthTokens | None:
    """What "Test again" signs in with: the saved password, else the saved OAuth sign-in
    (renewed at the provider, so its access token is fresh), else ``None``.

    Raises ``KeyringProblem`` (the keyring) or ``OAuthError`` (the saved sign-in was refused:
    sign in again).
    """
    # lazy: not needed for the first paint (the wizard draws before loading the rest)
    from smtpwizard.core import oauth

    # lazy: not needed for the first paint (the wizard draws before loading the rest)
    from smtpwizard.core.credentials import keyring_store

    password = await keyring_store.load_secret_async(account.host, account.user, timeout=timeout)
    if password or setup is None or not setup.ready:
        return password
    assert setup.endpoints is not None and setup.client is not None
    return await oauth.OAuthTokens.from_keyring(
        setup.endpoints, setup.client, account.host, account.user, timeout=timeout
    )
