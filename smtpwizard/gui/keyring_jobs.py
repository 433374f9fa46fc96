"""Keyring work for the wizard, always off the UI loop and with a deadline."""

from __future__ import annotations

from smtpwizard.core.models import Settings


async def save_secret(settings: Settings, password: str, timeout: float) -> str:
    """Store ``password`` for ``settings``; return a plain name of where it went."""
    raise NotImplementedError("the keyring module is not available yet")
