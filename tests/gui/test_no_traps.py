"""No traps (issue items 5 and 6): a verified result is never thrown away by Enter or by a
Cancel/Escape the person did not confirm; a failed result never puts Finish where Next was."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from smtpwizard.core.models import Pairing, Security
from smtpwizard.core.probe.options import Timeouts
from smtpwizard.exit_codes import GuiExit
from smtpwizard.gui.page_ids import PageId
from smtpwizard.gui.wizard import SetupWizard
from tests.fixtures.keyring_doubles import ForgetfulKeyring, use_backend
from tests.gui.conftest import demo_state
from tests.gui.helpers import (
    answer_leave_question,
    click,
    click_next,
    close_not_working,
    to_testing,
    wait_all_final,
    wait_verdict,
)

pytestmark = pytest.mark.gui

FAST = Timeouts(connect=1.0, command=2.0, attempt=2.0, greeting_sniff=0.5)
ONE = [Pairing(465, Security.TLS)]


def to_save_page(qtbot: Any, wizard: SetupWizard) -> None:
    to_testing(qtbot, wizard, pairings=ONE)
    wait_verdict(qtbot, wizard)
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.SAVE


def test_enter_on_a_focused_cancel_never_cancels(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    # a keyring that accepts the password but keeps nothing: Finish shows the keyring notice
    # and the wizard stays open
    with use_backend(ForgetfulKeyring()):
        wizard = make_wizard(demo_state(demo))
        with qtbot.waitActive(wizard):
            wizard.activateWindow()
        to_save_page(qtbot, wizard)
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
        status = wizard.save_page.keyring_status
        qtbot.waitUntil(lambda: "could not be saved" in status.text(), timeout=5000)
    cancel = wizard.button(QWizard.WizardButton.CancelButton)
    cancel.setFocus()  # where the focus went when Finish was disabled during the save
    assert QApplication.focusWidget() is cancel
    screenshot(wizard, "cancel-focused")
    qtbot.keyClick(cancel, Qt.Key.Key_Return)
    qtbot.wait(50)
    # Enter pressed the default button (Finish: the verified settings), never Cancel
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.exit_code == GuiExit.CONFIGURED


def test_escape_after_a_verified_result_asks_first(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    wizard = make_wizard(demo_state(demo))
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    to_testing(qtbot, wizard, pairings=ONE)
    wait_verdict(qtbot, wizard)
    assert wizard.state.report is not None and wizard.state.report.ok
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: wizard.leave_question is not None, timeout=3000)
    screenshot(wizard.leave_question, "leave-question")
    # Enter on the question keeps the wizard (its default is "Stay")
    qtbot.keyClick(wizard.leave_question, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.leave_question is None, timeout=3000)
    assert wizard.isVisible() and wizard.currentId() == PageId.TESTING
    # Cancel asks too; leaving then ends with "cancelled" and nothing delivered
    click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    answer_leave_question(qtbot, wizard, leave=True)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=3000)
    assert wizard.exit_code == GuiExit.CANCELLED


def test_cancel_before_any_result_does_not_ask(qtbot: Any, make_wizard: Any, demo: Any) -> None:
    wizard = make_wizard(demo_state(demo))
    click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert wizard.leave_question is None and not wizard.isVisible()
    assert wizard.exit_code == GuiExit.CANCELLED


def test_a_failed_result_offers_test_again_where_next_was(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    state = demo_state(demo, timeouts=FAST)
    state.demo = dataclasses.replace(state.demo, password="not-the-password")
    wizard = make_wizard(state)
    to_testing(qtbot, wizard, pairings=ONE)
    wait_all_final(qtbot, wizard)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    where_next_was = next_button.geometry()
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.RESULT
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    close = wizard.button(QWizard.WizardButton.CustomButton1)
    assert not finish.isVisible()
    assert next_button.isVisible() and next_button.geometry() == where_next_was
    assert next_button.text().replace("&", "") == "Test again"
    back = wizard.button(QWizard.WizardButton.BackButton)
    assert close.isVisible() and close.geometry().right() < back.geometry().left()
    assert next_button.isDefault() and not close.isDefault()
    screenshot(wizard, "failed-result")
    # the second click at the same place tests again (it never closes the wizard)
    first = wizard.state.report
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.TESTING, timeout=3000)
    qtbot.waitUntil(
        lambda: wizard.state.report is not None and wizard.state.report is not first,
        timeout=8000,
    )
    assert wizard.isVisible()
    wait_all_final(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.RESULT
    close_not_working(qtbot, wizard)
    assert wizard.exit_code == GuiExit.NOT_WORKING


def test_a_working_result_has_no_close_button(qtbot: Any, make_wizard: Any, demo: Any) -> None:
    wizard = make_wizard(demo_state(demo))
    to_testing(qtbot, wizard, pairings=ONE)
    wait_verdict(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.RESULT
    assert not wizard.button(QWizard.WizardButton.CustomButton1).isVisible()
    assert wizard.button(QWizard.WizardButton.NextButton).text().replace("&", "") == "Next >"
