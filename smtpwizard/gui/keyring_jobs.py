"""Keyring work for the wizard: always off the UI loop, always with a deadline."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from smtpwizard.core.models import Settings
from smtpwizard.gui.runner import run_blocking

if TYPE_CHECKING:
    from smtpwizard.core.oauth import OAuthTokens


async def save_secret(settings: Settings, password: str, timeout: float) -> str:
    """Store the verified ``password`` for ``settings`` and record the account (no secret).

    Returns the keyring's plain name for the page ("Secret Service", …). Raises
    ``KeyringProblem`` (plain words in ``str()``) when the keyring cannot be used.
    """
    from smtpwizard.core import credentials

    if settings.username is None:
        raise ValueError("no user name to save the password for")
    await credentials.remember_verified_async(
        dataclasses.replace(settings), password, timeout=timeout)
    return await run_blocking(credentials.describe_backend, timeout)


async def save_sign_in(settings: Settings, tokens: OAuthTokens, timeout: float) -> str:
    """Store the refresh token of a verified OAuth sign-in for ``settings`` (marked as a token,
    never as a password) and record the account. Returns the keyring's plain name; raises
    ``KeyringProblem``, or ``InputError`` when the provider gave no refresh token."""
    from smtpwizard.core import credentials

    if settings.username is None:
        raise ValueError("no user name to save the sign-in for")
    await tokens.store_verified(settings.host, settings.username, settings=settings,
                                timeout=timeout)
    return await run_blocking(credentials.describe_backend, timeout)
