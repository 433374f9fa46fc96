"""The saved-accounts page: list, Test again, Forget; no keyring never stops anyone.

Keyring: an in-memory backend selected explicitly (negative priority, tests/fixtures/
keyring_doubles);
without it, tests/conftest.py's ``fail`` backend means "no keyring at all". The index lives in
SMTPWIZARD_CONFIG_DIR, a temporary folder per test (tests/gui/conftest.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard

from smtpwizard.core.credentials.accounts import AccountIndex
from smtpwizard.core.credentials.keyring_store import service_name
from smtpwizard.core.models import Pairing, Security, Settings
from smtpwizard.exit_codes import GuiExit
from smtpwizard.gui.page_ids import PageId
from smtpwizard.gui.wizard import SetupWizard
from tests.fixtures.keyring_doubles import HangingKeyring, MemoryKeyring, use_backend
from tests.gui.conftest import demo_state
from tests.gui.helpers import click, click_back, click_next, wait_verdict

pytestmark = pytest.mark.gui

LONG_AGO = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def save_account(
    demo: Any,
    backend: MemoryKeyring | None,
    user: str | None = None,
    port: int = 465,
    security: Security = Security.TLS,
) -> Settings:
    """What a finished wizard leaves behind: the secret in the keyring, a row in the index."""
    settings = Settings(
        host=demo.host, port=port, security=security, username=user or demo.username
    )
    if backend is not None:
        backend.entries[(service_name(demo.host), settings.username)] = demo.password
    AccountIndex().record_verified(settings, verified_at=LONG_AGO)
    return settings


def answer(qtbot: Any, page: Any, button: QMessageBox.StandardButton) -> None:
    qtbot.waitUntil(lambda: page.confirm is not None and page.confirm.isVisible())
    box = page.confirm
    qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)


def test_without_saved_accounts_the_wizard_starts_at_the_address(
    make_wizard: Any, demo: Any
) -> None:
    wizard = make_wizard(demo_state(demo))
    assert wizard.currentId() == PageId.ACCOUNT


def test_saved_accounts_are_listed(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    save_account(demo, None)
    save_account(demo, None, user="second@smtpwizard.test", port=587, security=Security.STARTTLS)
    wizard: SetupWizard = make_wizard(demo_state(demo))
    assert wizard.currentId() == PageId.SAVED
    page = wizard.saved_page
    rows = [
        [page.table.topLevelItem(r).text(c) for c in range(4)]
        for r in range(page.table.topLevelItemCount())
    ]
    assert [r[:3] for r in rows] == [
        [demo.host, demo.username, "Port 465, SSL/TLS"],
        [demo.host, "second@smtpwizard.test", "Port 587, STARTTLS"],
    ]
    assert all("2026" in r[3] or "26" in r[3] for r in rows)  # a date a person can read
    assert page.test_button.isEnabled() and page.forget_button.isEnabled()
    assert (
        wizard.button(QWizard.WizardButton.NextButton)
        .text()
        .replace("&", "")
        .startswith("Set up another account")
    )
    screenshot(wizard, "saved-accounts")
    # "Set up another account" is the ordinary flow
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.ACCOUNT
    click_back(qtbot, wizard)
    assert wizard.currentId() == PageId.SAVED


def test_test_again_uses_the_saved_password(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    backend = MemoryKeyring()
    with use_backend(backend):
        save_account(demo, backend)
        wizard: SetupWizard = make_wizard(demo_state(demo))
        page = wizard.saved_page
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: wizard.currentId() == PageId.TESTING, timeout=5000)
        testing = wizard.testing_page
        assert list(testing.matrix.pairings()) == [Pairing(465, Security.TLS)]
        wait_verdict(qtbot, wizard)
        assert testing.banner.title.text().startswith(f"Ready: {demo.host}, port 465")
        screenshot(wizard, "testing-saved-account")
        # Back goes to the filled-in sign-in page, where a new password could be typed
        click_back(qtbot, wizard)
        assert wizard.currentId() == PageId.SIGNIN
        assert wizard.signin_page.username.text() == demo.username
        assert wizard.signin_page.password.text() == demo.password
        click_next(qtbot, wizard)
        wait_verdict(qtbot, wizard)
        click_next(qtbot, wizard)
        click_next(qtbot, wizard)
        assert wizard.currentId() == PageId.SAVE
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
        qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=5000)
    assert wizard.exit_code == GuiExit.CONFIGURED
    row = AccountIndex().find(demo.host, demo.username)
    assert row is not None and row.last_verified > "2026-01-05T09:30:00Z"  # checked again now
    assert backend.entries == {(service_name(demo.host), demo.username): demo.password}


def test_test_again_without_a_keyring_asks_for_the_password(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    save_account(demo, None)  # tests/conftest.py: the "fail" backend, no keyring at all
    wizard: SetupWizard = make_wizard(demo_state(demo))
    qtbot.mouseClick(wizard.saved_page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.SIGNIN, timeout=5000)
    signin = wizard.signin_page
    assert signin.notice.isVisible()
    assert "could not be read" in signin.notice.text()
    assert "Traceback" not in signin.notice.text()
    assert signin.username.text() == demo.username and signin.password.text() == ""
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    screenshot(wizard, "signin-no-keyring")
    qtbot.keyClicks(signin.password, demo.password)  # the person carries on by typing it
    click_next(qtbot, wizard)
    wait_verdict(qtbot, wizard)
    assert wizard.testing_page.banner.title.text().startswith("Ready:")


def test_a_keyring_that_hangs_is_given_up_on(
    qtbot: Any, make_wizard: Any, demo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smtpwizard.gui.pages import saved

    monkeypatch.setattr(saved, "KEYRING_TIMEOUT", 0.2)
    backend = HangingKeyring()
    try:
        with use_backend(backend):
            save_account(demo, None)
            wizard: SetupWizard = make_wizard(demo_state(demo))
            qtbot.mouseClick(wizard.saved_page.test_button, Qt.MouseButton.LeftButton)
            assert not wizard.saved_page.test_button.isEnabled()  # busy, the window responds
            qtbot.waitUntil(lambda: wizard.currentId() == PageId.SIGNIN, timeout=5000)
            assert wizard.signin_page.notice.isVisible()
    finally:
        backend.release()


def test_forget_asks_first_then_removes_both(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    backend = MemoryKeyring()
    with use_backend(backend):
        save_account(demo, backend)
        wizard: SetupWizard = make_wizard(demo_state(demo))
        page = wizard.saved_page
        qtbot.mouseClick(page.forget_button, Qt.MouseButton.LeftButton)
        screenshot(page.confirm, "forget-confirm")
        answer(qtbot, page, QMessageBox.StandardButton.Cancel)
        assert backend.writes == [] and AccountIndex().accounts()
        qtbot.mouseClick(page.forget_button, Qt.MouseButton.LeftButton)
        assert page.confirm.button(QMessageBox.StandardButton.Yes).text() == "&Forget"
        answer(qtbot, page, QMessageBox.StandardButton.Yes)
        qtbot.waitUntil(lambda: "was forgotten" in page.status.text(), timeout=5000)
    assert backend.entries == {}
    assert AccountIndex().accounts() == ()
    assert page.table.topLevelItemCount() == 0
    assert not page.table.isVisible() and not page.test_button.isVisible()
    assert page.subTitle().startswith("No accounts are saved")
    screenshot(wizard, "saved-accounts-forgotten")
    click_next(qtbot, wizard)  # and on to a new account
    assert wizard.currentId() == PageId.ACCOUNT


def test_forget_without_a_keyring_offers_the_list_only(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    save_account(demo, None)  # the "fail" backend: nothing can be removed from a keyring
    wizard: SetupWizard = make_wizard(demo_state(demo))
    page = wizard.saved_page
    qtbot.mouseClick(page.forget_button, Qt.MouseButton.LeftButton)
    answer(qtbot, page, QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: page.confirm is not None and page.confirm.isVisible(), timeout=5000)
    assert "anyway" in page.confirm.text()
    screenshot(page.confirm, "forget-no-keyring")
    assert AccountIndex().accounts()  # nothing removed without asking again
    answer(qtbot, page, QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: "was forgotten" in page.status.text(), timeout=5000)
    assert AccountIndex().accounts() == ()


def test_a_damaged_list_is_explained(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    index = AccountIndex()
    index.path.parent.mkdir(parents=True, exist_ok=True)
    index.path.write_text("{ not json")
    wizard: SetupWizard = make_wizard(demo_state(demo))
    assert wizard.currentId() == PageId.SAVED
    page = wizard.saved_page
    assert "could not be read" in page.status.text()
    assert page.table.topLevelItemCount() == 0
    screenshot(wizard, "saved-accounts-damaged")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.ACCOUNT
