"""Finishing: keyboard-only use, the keyring (only on Finish, never on Cancel), window size."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWizard

from smtpwizard.cli import main as cli_main
from smtpwizard.core.credentials.keyring_store import service_name
from smtpwizard.exit_codes import GuiExit
from smtpwizard.gui.page_ids import PageId
from smtpwizard.gui.wizard import SetupWizard
from tests.fixtures.keyring_doubles import MemoryKeyring, use_backend
from tests.gui.conftest import demo_state
from tests.gui.helpers import answer_leave_question, click, click_next, to_testing, wait_verdict

pytestmark = pytest.mark.gui


def focused() -> Any:
    return QApplication.focusWidget()


def press(
    qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    widget = focused()
    assert widget is not None, "nothing has the keyboard focus"
    qtbot.keyClick(widget, key, modifier)


def test_keyboard_only_from_address_to_finish(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    with use_backend(MemoryKeyring()):  # a keyring: the remember option can be ticked
        keyboard_only_from_address_to_finish(qtbot, make_wizard, demo, screenshot)


def keyboard_only_from_address_to_finish(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    state = demo_state(demo)
    wizard = make_wizard(state)
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    wizard.account_page.email.clear()
    wizard.account_page.email.setFocus()
    assert focused() is wizard.account_page.email
    # typing an address, checked as typed
    qtbot.keyClicks(focused(), "demo@smtpwizard")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.keyClicks(focused(), ".test")
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    press(qtbot, Qt.Key.Key_Tab)  # to the name field
    assert focused() is wizard.account_page.name
    qtbot.keyClicks(focused(), "Demo Person")
    assert wizard.state.display_name == "Demo Person"
    press(qtbot, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.SERVER
    press(qtbot, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.SIGNIN
    # the user name is filled in: the password has the focus; Tab on to the remember option;
    # Space unticks it; Enter tests
    qtbot.waitUntil(lambda: wizard.signin_page.remember.isEnabled(), timeout=3000)
    assert isinstance(focused(), QLineEdit) and focused() is wizard.signin_page.password
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is wizard.signin_page.reveal
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is wizard.signin_page.remember
    press(qtbot, Qt.Key.Key_Space)
    assert wizard.state.remember is False
    press(qtbot, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.TESTING
    wait_verdict(qtbot, wizard)
    # arrow keys walk the matrix; the explanation follows the selected cell
    matrix = wizard.testing_page.matrix
    matrix.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert wizard.testing_page.details.headline.text()
    screenshot(wizard, "testing-keyboard")
    wizard.button(QWizard.WizardButton.NextButton).setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.RESULT
    press(qtbot, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.SAVE
    press(qtbot, Qt.Key.Key_Return)
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.exit_code == GuiExit.CONFIGURED


def finish_from_save_page(qtbot: Any, wizard: SetupWizard) -> None:
    to_testing(qtbot, wizard)
    wait_verdict(qtbot, wizard)
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.SAVE


def test_finish_saves_the_verified_password(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    backend = MemoryKeyring()
    with use_backend(backend):
        wizard = make_wizard(demo_state(demo))
        finish_from_save_page(qtbot, wizard)
        assert backend.entries == {}  # nothing before Finish
        save = wizard.save_page
        formats = [save.formats.itemText(i) for i in range(save.formats.count())]
        assert len(formats) > 5
        save.formats.setCurrentIndex(formats.index(next(f for f in formats if "msmtp" in f)))
        assert "account" in save.card.toPlainText()
        assert demo.password not in save.card.toPlainText()
        screenshot(wizard, "save")
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
        qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=5000)
    host = wizard.state.report.recommended.host
    assert backend.entries == {(service_name(host), demo.username): demo.password}
    assert wizard.exit_code == GuiExit.CONFIGURED


def test_cancel_on_save_page_saves_nothing(qtbot: Any, make_wizard: Any, demo: Any) -> None:
    backend = MemoryKeyring()
    with use_backend(backend):
        wizard = make_wizard(demo_state(demo))
        finish_from_save_page(qtbot, wizard)
        click(qtbot, wizard, QWizard.WizardButton.CancelButton)
        answer_leave_question(qtbot, wizard, leave=True)
    assert backend.entries == {} and backend.writes == []
    assert wizard.exit_code == GuiExit.CANCELLED


def test_without_a_keyring_the_wizard_explains_and_carries_on(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    # tests/conftest.py selects keyring's "fail" backend: there is no keyring at all; the
    # sign-in page says so when it opens, and nothing later promises a saved password
    wizard = make_wizard(demo_state(demo))
    finish_from_save_page(qtbot, wizard)
    status = wizard.save_page.keyring_status
    assert "will not be saved: No keyring on this computer" in status.text()
    screenshot(wizard, "no-keyring")
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.exit_code == GuiExit.CONFIGURED


def test_window_size_is_remembered(qtbot: Any, make_wizard: Any, demo: Any) -> None:
    first = make_wizard(demo_state(demo))
    first.resize(QSize(760, 640))  # within the offscreen screen (800×800)
    first.reject()
    second = make_wizard(demo_state(demo))
    assert second.size() == QSize(760, 640)


def test_the_window_never_opens_larger_than_the_screen(
    qtbot: Any, make_wizard: Any, demo: Any
) -> None:
    """Large text (150 %) or a small screen: the buttons must stay on the screen."""
    first = make_wizard(demo_state(demo))
    first.resize(QSize(3000, 3000))
    first.reject()
    second = make_wizard(demo_state(demo))
    room = second.screen().availableGeometry()
    assert second.width() < room.width() and second.height() < room.height()


def test_gui_command_without_a_screen_explains(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    assert cli_main(["gui", "--demo"]) == 1
    assert "no screen" in capsys.readouterr().err


def test_gui_command_accepts_its_flags(tmp_path: Any) -> None:
    from smtpwizard.cli import build_parser

    preset = tmp_path / "preset.json"
    preset.write_text(json.dumps({}))
    args = build_parser().parse_args(
        ["gui", "--demo", "--preset", str(preset), "--result-file", str(tmp_path / "r.json")]
    )
    assert args.demo and args.preset == str(preset)


def test_first_page_mnemonics_do_not_collide_with_next(make_wizard: Any, demo: Any) -> None:
    wizard = make_wizard(demo_state(demo))
    page = wizard.account_page
    texts = [label.text() for label in page.findChildren(QLabel)]
    texts += [box.text() for box in page.findChildren(QAbstractButton)]
    keys = [m.group(1).lower() for t in texts if (m := re.search(r"&(\w)", t))]
    next_key = re.search(r"&(\w)", wizard.buttonText(QWizard.WizardButton.NextButton))
    assert next_key is not None
    assert next_key.group(1).lower() not in keys, keys
    assert len(keys) == len(set(keys)), keys


def test_enter_on_the_testing_page_moves_on_once_the_answer_is_ready(
    qtbot: Any, make_wizard: Any, demo: Any
) -> None:
    wizard = make_wizard(demo_state(demo))
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    to_testing(qtbot, wizard)
    wait_verdict(qtbot, wizard)
    qtbot.waitUntil(lambda: not wizard.runner.running, timeout=8000)
    QApplication.processEvents()
    press(qtbot, Qt.Key.Key_Return)  # wherever the focus is now
    assert wizard.currentId() == PageId.RESULT
