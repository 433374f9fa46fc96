"""Back after a refused password lands on the password field with the refusal beside it."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from smtpwizard.core.probe.options import Timeouts
from smtpwizard.core.wording import messages
from smtpwizard.core.wording.codes import FailureCode
from smtpwizard.gui.wizard import PageId
from tests.gui.conftest import demo_state
from tests.gui.helpers import click_back, click_next, to_testing, wait_all_final

pytestmark = pytest.mark.gui

FAST = Timeouts(connect=1.0, command=2.0, attempt=2.0, greeting_sniff=0.5)


def test_back_after_a_refused_password_lands_on_the_password(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    state = demo_state(demo, timeouts=FAST)
    state.demo = dataclasses.replace(state.demo, password="not-the-password")
    wizard = make_wizard(state)
    to_testing(qtbot, wizard)
    wait_all_final(qtbot, wizard)
    click_back(qtbot, wizard)
    page = wizard.signin_page
    assert wizard.currentId() == PageId.SIGNIN
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.password, timeout=2000)
    assert page.password.selectedText() == "not-the-password"  # typing replaces it
    assert page.refusal.isVisible()
    assert messages.title(FailureCode.AUTH_REJECTED) in page.refusal.text()
    screenshot(wizard, "signin-after-refusal")
    # typing a new password takes the refusal away; the new one works
    page.password.selectAll()
    qtbot.keyClicks(page.password, demo.password)
    assert not page.refusal.isVisible()
    click_next(qtbot, wizard)
    wait_all_final(qtbot, wizard)
    assert wizard.state.report.ok


def test_back_after_a_working_test_says_nothing_about_the_password(
    qtbot: Any, make_wizard: Any, demo: Any
) -> None:
    wizard = make_wizard(demo_state(demo, timeouts=FAST))
    to_testing(qtbot, wizard)
    wait_all_final(qtbot, wizard)
    click_back(qtbot, wizard)
    assert not wizard.signin_page.refusal.isVisible()
