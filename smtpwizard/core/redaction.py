"""Remove secrets (and the encodings they travel in) from any text before it is kept or shown."""

from __future__ import annotations

import base64
from collections.abc import Iterable

MASK = "********"


def secret_forms(secret: str, user: str | None = None) -> list[str]:
    """The ways a secret appears on an SMTP wire: raw, base64, and AUTH PLAIN's base64 blob."""
    if not secret:
        return []
    forms = {secret, base64.b64encode(secret.encode()).decode()}
    if user is not None:
        forms.add(base64.b64encode(f"\0{user}\0{secret}".encode()).decode())
        forms.add(base64.b64encode(f"{user}\0{user}\0{secret}".encode()).decode())
    return sorted(forms, key=len, reverse=True)


def redact(text: str, secrets: Iterable[str], user: str | None = None) -> str:
    for secret in secrets:
        for form in secret_forms(secret, user):
            text = text.replace(form, MASK)
    return text
