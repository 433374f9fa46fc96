"""Every control a person can reach with the keyboard has a name for screen readers, and every
interactive one (buttons, boxes, fields, lists) a description too: read through Qt's
accessibility interface (QAccessible) on every page of a real run, the way an assistive
technology sees it — not by reading the code."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
    QWizard,
)

from smtpwizard.gui.page_ids import PageId
from tests.fixtures.keyring_doubles import MemoryKeyring, use_backend
from tests.gui.conftest import demo_state
from tests.gui.helpers import click_next, wait_all_final

pytestmark = pytest.mark.gui

#: controls a person acts on (a label with selectable text is read, not acted on)
INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QPlainTextEdit,
)


def _unnamed(root: QWidget) -> list[str]:
    """Focusable, visible controls under ``root`` whose accessible name is empty."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if not widget.isEnabled() and not widget.isVisibleTo(root):
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        assert interface is not None and interface.isValid(), type(widget).__name__
        name = interface.text(QAccessible.Text.Name).strip()
        if not name:
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}: no name".strip())
        elif (
            isinstance(widget, INTERACTIVE)
            and not interface.text(QAccessible.Text.Description).strip()
        ):
            missing.append(f"{name}: no description")
    return missing


def _walk(wizard: Any, page_name: str, seen: dict[str, list[str]]) -> None:
    page = wizard.currentPage()
    seen[page_name] = _unnamed(page)
    buttons = [wizard.button(b) for b in QWizard.WizardButton if b.value <= 8]
    seen[f"{page_name}: wizard buttons"] = [
        f"{b.text()!r}" for b in buttons if b is not None and b.isVisible() and not _name_of(b)
    ]


def _name_of(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface else ""


def test_the_check_finds_a_control_without_a_name(qapp: Any) -> None:
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    root = QWidget()
    layout = QVBoxLayout(root)
    nameless = QPushButton()  # an icon-only button: nothing for a screen reader to say
    layout.addWidget(nameless)
    root.show()
    try:
        assert _unnamed(root) == ["QPushButton '': no name"]
        nameless.setAccessibleName("Refresh")
        assert _unnamed(root) == ["Refresh: no description"]
        nameless.setAccessibleDescription("Reads the list again.")
        assert _unnamed(root) == []
    finally:
        root.close()


def test_every_page_names_every_control(qtbot: Any, make_wizard: Any, demo: Any) -> None:
    seen: dict[str, list[str]] = {}
    with use_backend(MemoryKeyring()):
        wizard = make_wizard(demo_state(demo))
        _walk(wizard, "account", seen)
        click_next(qtbot, wizard)
        wizard.server_page.advanced_toggle.setChecked(True)
        _walk(wizard, "server", seen)
        click_next(qtbot, wizard)
        _walk(wizard, "sign-in", seen)
        click_next(qtbot, wizard)
        wait_all_final(qtbot, wizard)
        wizard.testing_page.details.toggle.setChecked(True)
        _walk(wizard, "testing", seen)
        click_next(qtbot, wizard)
        assert wizard.currentId() == PageId.RESULT
        _walk(wizard, "result", seen)
        click_next(qtbot, wizard)
        _walk(wizard, "save", seen)
        wizard.reject()  # a verified result: the question is a page too
        qtbot.waitUntil(lambda: wizard.leave_question is not None, timeout=3000)
        seen["leave question"] = _unnamed(wizard.leave_question)
    assert {page: names for page, names in seen.items() if names} == {}


def test_the_saved_accounts_page_names_every_control(
    qtbot: Any, make_wizard: Any, demo: Any
) -> None:
    from tests.gui.test_saved_accounts import save_account

    backend = MemoryKeyring()
    with use_backend(backend):
        save_account(demo, backend)
        wizard = make_wizard(demo_state(demo))
        assert wizard.currentId() == PageId.SAVED
        seen: dict[str, list[str]] = {}
        _walk(wizard, "saved accounts", seen)
        wizard.saved_page.ask_forget()
        qtbot.waitUntil(lambda: wizard.saved_page.confirm is not None, timeout=3000)
        seen["forget question"] = _unnamed(wizard.saved_page.confirm)
        wizard.saved_page.confirm.reject()
    assert {page: names for page, names in seen.items() if names} == {}
