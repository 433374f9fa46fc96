"""Driving the wizard the way a person does: buttons, checkboxes, keys."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from smtpwizard.core.models import Pairing
from smtpwizard.core.probe.events import CellState
from smtpwizard.gui.page_ids import PageId
from smtpwizard.gui.wizard import SetupWizard

FINAL = {CellState.OK, CellState.FAILED, CellState.NOT_TRIED, CellState.UNFINISHED}


def click(qtbot: Any, wizard: SetupWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), f"{which} unavailable"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_next(qtbot: Any, wizard: SetupWizard) -> None:
    click(qtbot, wizard, QWizard.WizardButton.NextButton)


def click_back(qtbot: Any, wizard: SetupWizard) -> None:
    click(qtbot, wizard, QWizard.WizardButton.BackButton)


def choose_pairings(qtbot: Any, wizard: SetupWizard, wanted: Iterable[Pairing]) -> None:
    """On the server page: open Advanced and tick exactly ``wanted``."""
    page = wizard.server_page
    assert wizard.currentId() == PageId.SERVER
    if not page.advanced_toggle.isChecked():
        qtbot.mouseClick(page.advanced_toggle, Qt.MouseButton.LeftButton)
    wanted = set(wanted)
    for pairing, check in page.checks.items():
        if check.isChecked() != (pairing in wanted):
            check.setFocus()
            qtbot.keyClick(check, Qt.Key.Key_Space)
    assert set(page.pairings()) == wanted


def to_testing(
    qtbot: Any,
    wizard: SetupWizard,
    screenshot: Any = None,
    pairings: Iterable[Pairing] | None = None,
) -> None:
    for page in (PageId.ACCOUNT, PageId.SERVER, PageId.SIGNIN):
        assert wizard.currentId() == page
        if page is PageId.SERVER and pairings is not None:
            choose_pairings(qtbot, wizard, pairings)
        if screenshot is not None:
            screenshot(wizard, page.name.lower())
        click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.TESTING


def wait_verdict(qtbot: Any, wizard: SetupWizard, timeout: int = 5000) -> None:
    qtbot.waitUntil(lambda: wizard.state.report is not None, timeout=timeout)


def wait_all_final(qtbot: Any, wizard: SetupWizard, timeout: int = 8000) -> None:
    matrix = wizard.testing_page.matrix
    qtbot.waitUntil(
        lambda: (
            not wizard.runner.running
            and wizard.testing_page.all_finished  # the page has taken in the whole report
            and all(matrix.cell_state(p) in FINAL for p in matrix.pairings())
        ),
        timeout=timeout,
    )


def answer_leave_question(qtbot: Any, wizard: SetupWizard, *, leave: bool) -> None:
    """Cancel/Escape after a verified result asks first: answer "Leave without saving" or
    "Stay" with the mouse, as a person does."""
    qtbot.waitUntil(lambda: wizard.leave_question is not None, timeout=3000)
    box = wizard.leave_question
    assert box is not None and box.isVisible()
    wanted = "Leave without saving" if leave else "Stay"
    button = next(b for b in box.buttons() if b.text().replace("&", "") == wanted)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def close_not_working(qtbot: Any, wizard: SetupWizard) -> None:
    """On a failed result: "Close" (beside "Test again", which stands where Next was)."""
    click(qtbot, wizard, QWizard.WizardButton.CustomButton1)
