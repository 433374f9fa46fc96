"""The Save page: Mail programs and Websites and apps in two groups, a click-by-click card per
mail program in its own words, and a plain note when an export reads a keyring entry that is
not on this computer."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from smtpwizard.core.wording import mail_programs as words
from smtpwizard.gui.wizard import PageId, SetupWizard
from tests.fixtures.keyring_doubles import MemoryKeyring, use_backend
from tests.gui.conftest import demo_state
from tests.gui.helpers import click_next, wait_verdict

pytestmark = pytest.mark.gui


def to_save_page(qtbot: Any, wizard: SetupWizard, *, remember: bool) -> None:
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    page = wizard.signin_page
    if page.remember.isChecked() != remember:
        page.remember.setFocus()
        qtbot.keyClick(page.remember, Qt.Key.Key_Space)
    click_next(qtbot, wizard)
    wait_verdict(qtbot, wizard)
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.SAVE


def entries(wizard: SetupWizard) -> list[str]:
    combo = wizard.save_page.formats
    return [combo.itemText(i).strip() for i in range(combo.count())]


def choose(wizard: SetupWizard, title: str) -> str:
    combo = wizard.save_page.formats
    combo.setCurrentIndex(entries(wizard).index(title))
    return wizard.save_page.card.toPlainText()


def test_two_groups_and_step_by_step_cards(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    wizard = make_wizard(demo_state(demo))
    to_save_page(qtbot, wizard, remember=False)
    shown = entries(wizard)
    mail = shown.index(f"— {words.GROUP_MAIL_PROGRAMS} —")
    apps = shown.index(f"— {words.GROUP_APPS} —")
    assert mail < apps
    mail_group = shown[mail + 1 : apps]
    app_group = shown[apps + 1 :]
    for program in ("Thunderbird", "Apple Mail", "Outlook", "msmtp"):
        assert any(program in e for e in mail_group), program
    for app in (
        "WordPress",
        "PHPMailer",
        "Laravel",
        "Django",
        "nodemailer",
        "Python",
        ".env",
        "Postfix",
        "swaks",
        "JSON",
    ):
        assert any(app in e for e in app_group), app
    combo = wizard.save_page.formats
    model = combo.model()
    assert not model.item(mail).isEnabled() and not model.item(apps).isEnabled()
    # the keyboard steps over the heading
    combo.setFocus()
    combo.setCurrentIndex(0)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentIndex() == mail + 1
    settings = wizard.state.report.recommended
    security = {"tls": "SSL/TLS", "starttls": "STARTTLS"}[settings.security.value]
    card = choose(wizard, "Thunderbird — step by step")
    for line in (
        "Account Settings → Outgoing Server (SMTP) → Add…",
        f"Server Name: {settings.host}",
        f"Port: {settings.port}",
        f"Connection security: {security}",
        "Authentication method: Normal password",
        f"User Name: {settings.username}",
    ):
        assert line in card, line
    screenshot(wizard, "save-thunderbird-card")
    card = choose(wizard, "Outlook — step by step")
    assert f"Use the following type of encrypted connection: {security}" in card
    assert f"Outgoing mail server (SMTP): {settings.host}" in card
    card = choose(wizard, "Apple Mail — step by step")
    assert "Use TLS/SSL: on" in card and f"Server Name: {settings.host}" in card
    screenshot(wizard, "save-apple-mail-card")
    # the password was not remembered: an export that reads the keyring says so
    choose(wizard, "msmtp (msmtprc)")
    assert "no such entry here" in wizard.save_page.description.text()
    screenshot(wizard, "save-msmtp-no-keyring-entry")


def test_no_keyring_note_when_the_password_will_be_saved(
    qtbot: Any, make_wizard: Any, demo: Any
) -> None:
    with use_backend(MemoryKeyring()):  # a usable keyring: the password is saved on Finish
        wizard = make_wizard(demo_state(demo))
        to_save_page(qtbot, wizard, remember=True)
        choose(wizard, "msmtp (msmtprc)")
        assert "no such entry here" not in wizard.save_page.description.text()
