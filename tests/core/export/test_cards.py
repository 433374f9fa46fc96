"""The Save page's groups and the mail programs' step-by-step cards."""

from __future__ import annotations

from smtpwizard.core.export.cards import card_text, grouped_choices, keyring_note
from smtpwizard.core.export.registry import get_format, list_formats
from smtpwizard.core.models import Security, Settings

SETTINGS = Settings("smtp.example.com", 587, Security.STARTTLS, "me@example.com")


def test_every_format_is_in_exactly_one_group() -> None:
    groups = grouped_choices()
    names = [c.format.name for _g, choices in groups for c in choices if c.format is not None]
    assert sorted(names) == sorted(f.name for f in list_formats())
    cards = [c.card for _g, choices in groups for c in choices if c.card]
    assert cards == ["thunderbird-card", "apple-mail-card", "outlook-card"]


def test_cards_use_each_programs_words() -> None:
    assert "Connection security: STARTTLS" in card_text("thunderbird-card", SETTINGS)
    assert "encrypted connection: STARTTLS" in card_text("outlook-card", SETTINGS)
    assert "Port: 587   Use TLS/SSL: on" in card_text("apple-mail-card", SETTINGS)
    pinned = Settings("mail.corp.example", 465, Security.TLS, "me", pinned_sha256="ab" * 32)
    assert "ABAB ABAB" in card_text("thunderbird-card", pinned)


def test_keyring_note_only_for_a_missing_entry() -> None:
    msmtp = get_format("msmtp")
    assert "smtpwizard:smtp.example.com" in keyring_note(msmtp, SETTINGS, entry_exists=False)
    assert keyring_note(msmtp, SETTINGS, entry_exists=True) == ""
    assert keyring_note(get_format("json"), SETTINGS, entry_exists=False) == ""
