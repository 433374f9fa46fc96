"""The keyring convention for a whole mail account: one secret when incoming and outgoing mail
share the credentials, a second entry only when they differ."""

from __future__ import annotations

from smtpwizard.core.credentials.keyring_store import account_secret_entries
from smtpwizard.core.models import IncomingSettings, Security, Settings

USER = "me@example.com"
OUT = Settings("smtp.example.com", 465, Security.TLS, USER)
IN = IncomingSettings("imap.example.com", 993, Security.TLS, USER)


def test_shared_credentials_use_the_outgoing_entry_only() -> None:
    entries = account_secret_entries(OUT, IN, same_credentials=True)
    assert entries == [{"service": "smtpwizard:smtp.example.com", "username": USER}]


def test_different_credentials_get_their_own_entry() -> None:
    other = IncomingSettings("imap.example.com", 993, Security.TLS, "reader")
    entries = account_secret_entries(OUT, other, same_credentials=False)
    assert entries == [
        {"service": "smtpwizard:smtp.example.com", "username": USER},
        {"service": "smtpwizard:imap.example.com", "username": "reader"},
    ]
