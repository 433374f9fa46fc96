"""No false keyring promise (issue item 7): the sign-in page checks the keyring when it opens
(off the event loop); without a usable one "Remember" is unticked and disabled, with the plain
reason and what to do, and the Save page never says the password is saved."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from smtpwizard.gui.page_ids import PageId
from tests.fixtures.keyring_doubles import HangingKeyring, MemoryKeyring, use_backend
from tests.gui.conftest import demo_state
from tests.gui.helpers import click_next, wait_verdict

pytestmark = pytest.mark.gui


def to_signin(qtbot: Any, wizard: Any) -> None:
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.SIGNIN


def test_no_keyring_unticks_and_disables_remember(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    # tests/conftest.py selects keyring's "fail" backend: this computer has no keyring
    wizard = make_wizard(demo_state(demo))
    to_signin(qtbot, wizard)
    page = wizard.signin_page
    qtbot.waitUntil(lambda: not page.remember.isEnabled(), timeout=5000)
    assert not page.remember.isChecked() and wizard.state.remember is False
    hint = page.remember_hint.text()
    assert "No keyring on this computer" in hint and "type it again next time" in hint
    screenshot(wizard, "signin-no-keyring")
    click_next(qtbot, wizard)
    wait_verdict(qtbot, wizard)
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    status = wizard.save_page.keyring_status.text()
    assert "will not be saved" in status and "is saved" not in status


def test_a_usable_keyring_keeps_remember_ticked(qtbot: Any, make_wizard: Any, demo: Any) -> None:
    with use_backend(MemoryKeyring()):
        wizard = make_wizard(demo_state(demo))
        to_signin(qtbot, wizard)
        qtbot.waitUntil(lambda: wizard.state.keyring_checked, timeout=3000)
        qtbot.wait(200)  # the answer has come back by now
        page = wizard.signin_page
        assert page.remember.isEnabled() and page.remember.isChecked()
        assert wizard.state.keyring_problem == ""


def test_the_check_never_freezes_the_window(qtbot: Any, make_wizard: Any, demo: Any) -> None:
    backend = HangingKeyring()  # like an unlock prompt nobody can see
    try:
        with use_backend(backend):
            wizard = make_wizard(demo_state(demo))
            to_signin(qtbot, wizard)
            qtbot.waitUntil(lambda: backend.calls == 1, timeout=3000)
            # the window answers meanwhile: typing works
            wizard.signin_page.password.clear()
            qtbot.keyClicks(wizard.signin_page.password, "typed")
            QApplication.processEvents()
            assert wizard.state.password == "typed"
    finally:
        backend.release()
