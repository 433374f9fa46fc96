"""Plain data formats: a ``.env`` file and versioned JSON."""

from __future__ import annotations

import json
from typing import Any

from smtpwizard.core.credentials.keyring_store import keyring_entry
from smtpwizard.core.export.base import (
    OAUTH_NOTE,
    PASSWORD_PLACEHOLDER,
    PLAINTEXT_WARNING,
    ExportFormat,
    SecretMode,
    comment_lines,
    email_of,
    env_value,
    notes,
)
from smtpwizard.core.models import Security, Settings
from smtpwizard.core.wording.base import N_

SETTINGS_SCHEMA = "smtpwizard.settings/1"


def render_env(settings: Settings, *, secret: SecretMode) -> str:
    lines = [f"# Outgoing mail settings for {settings.host}, tested by smtpwizard."]
    lines.append(
        "# SMTP_SECURITY: tls = TLS from the first byte (SMTPS), starttls = STARTTLS "
        "required, none = no encryption."
    )
    for note in notes(settings):
        lines += comment_lines(note, "#")
    values: list[tuple[str, str]] = [
        ("SMTP_HOST", settings.host),
        ("SMTP_PORT", str(settings.port)),
        ("SMTP_SECURITY", settings.security.value),
    ]
    if settings.username:
        values.append(("SMTP_USER", settings.username))
    sender = email_of(settings)
    if sender:
        values.append(("SMTP_FROM", sender))
    if settings.username:
        if secret.value is None:
            lines.append(
                f"# Replace {PASSWORD_PLACEHOLDER} with the password (or leave it out and "
                "set SMTP_PASSWORD in the environment)."
            )
        values.append(("SMTP_PASSWORD", secret.value or PASSWORD_PLACEHOLDER))
    lines += [f"{key}={env_value(value, key)}" for key, value in values]
    return "\n".join(lines) + "\n"


ENV = ExportFormat(
    name="env",
    title=N_("Environment file (.env)"),
    description=N_(
        "SMTP_HOST, SMTP_PORT, SMTP_SECURITY, SMTP_USER, SMTP_FROM and a SMTP_PASSWORD "
        "placeholder, as dotenv libraries and shells read them."
    ),
    default_filename="smtp.env",
    renderer=render_env,
    private_file=True,
)


def settings_document(settings: Settings, *, secret: SecretMode) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema": SETTINGS_SCHEMA,
        "host": settings.host,
        "port": settings.port,
        "security": settings.security.value,
        "username": settings.username,
        "sender": email_of(settings),
        "keyring": (
            keyring_entry(settings.host, settings.username, oauth=settings.oauth)
            if settings.username
            else None
        ),
    }
    if settings.incoming is not None:  # an addition: the account's incoming server
        doc["incoming"] = settings.incoming.to_dict()
    if settings.provider:
        doc["provider"] = settings.provider
    if settings.security is Security.NONE:
        doc["warning"] = PLAINTEXT_WARNING
    if settings.oauth and settings.username:
        doc["auth"] = "oauth2"  # the keyring holds the sign-in's refresh token, not a password
        doc["note"] = OAUTH_NOTE
    if secret.value is not None:
        doc["password"] = secret.value
    return doc


def render_json(settings: Settings, *, secret: SecretMode) -> str:
    return (
        json.dumps(settings_document(settings, secret=secret), indent=2, ensure_ascii=False) + "\n"
    )


JSON = ExportFormat(
    name="json",
    title=N_("JSON (smtpwizard.settings/1)"),
    description=N_(
        "A versioned JSON object (schema smtpwizard.settings/1) with host, port, "
        "security, user name and where the keyring keeps the password."
    ),
    default_filename="smtp-settings.json",
    renderer=render_json,
)
