"""The wizard end to end against the demo lab: the verdict, the matrix, the pages."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard

from smtpwizard.core.models import Pairing, Security
from smtpwizard.core.probe.events import CellState
from smtpwizard.gui.page_ids import PageId
from tests.gui.conftest import demo_state, pending_tasks
from tests.gui.helpers import click_next, to_testing, wait_verdict

pytestmark = pytest.mark.gui

BLOCKED = [Pairing(2525, s) for s in Security]


def test_happy_path_reaches_ready(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any, qloop: Any
) -> None:
    wizard = make_wizard(demo_state(demo))
    to_testing(qtbot, wizard, screenshot)
    wait_verdict(qtbot, wizard)
    page = wizard.testing_page
    assert page.banner.isVisible()
    assert page.banner.title.text().startswith("Ready: localhost, port ")
    # the blocked 2525 cells are still trying while the verdict is already shown
    assert any(
        page.matrix.cell_state(p) not in (CellState.FAILED, CellState.UNFINISHED)
        for p in BLOCKED
        if p in page.matrix.pairings()
    )
    qtbot.waitUntil(
        lambda: (
            page.matrix.cell_state(Pairing(587, Security.STARTTLS)) is CellState.OK
            and page.matrix.cell_state(Pairing(465, Security.TLS)) is CellState.OK
        )
    )
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    screenshot(wizard, "testing")
    page.details.toggle.click()
    assert "Conversation with the server" in page.details.technical.toPlainText()
    assert demo.password not in page.details.technical.toPlainText()
    # the commands to check by hand, copied without the password
    qtbot.waitUntil(page.details.copy_commands.isVisible)
    assert "openssl s_client -connect localhost:" in page.details.technical.toPlainText()
    page.details.copy_commands.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("openssl s_client -connect localhost:")
    assert "\nswaks --server localhost:" in copied
    assert demo.password not in copied
    screenshot(wizard, "testing-details")

    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.RESULT
    # leaving the page stopped the attempts still running; nothing is left behind
    qtbot.waitUntil(lambda: not pending_tasks(qloop), timeout=2000)
    result = wizard.result_page
    assert result.answer.text().startswith("Ready: localhost")
    assert result.findings.count() == len(wizard.state.report.attempts)
    screenshot(wizard, "result")

    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.SAVE
    save = wizard.save_page
    assert "Port:" in save.card.toPlainText()
    assert demo.password not in save.card.toPlainText()
    screenshot(wizard, "save")
