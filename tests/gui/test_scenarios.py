"""Failure scenarios a person meets, each against real loopback servers."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from smtpwizard.core.models import Pairing, Security
from smtpwizard.core.probe.events import CellState
from smtpwizard.core.probe.options import Timeouts
from smtpwizard.core.wording import messages
from smtpwizard.core.wording.codes import FailureCode
from smtpwizard.exit_codes import GuiExit
from smtpwizard.gui.page_ids import PageId
from smtpwizard.gui.state import DemoConfig, WizardState
from smtpwizard.lab import CertKind, LabCA, Mode, ServerSpec
from tests.gui.conftest import demo_state, pending_tasks
from tests.gui.helpers import (
    click,
    click_back,
    click_next,
    to_testing,
    wait_all_final,
    wait_verdict,
)

pytestmark = pytest.mark.gui

FAST = Timeouts(connect=1.0, command=2.0, attempt=2.0, greeting_sniff=0.5)
BLOCKED = [Pairing(2525, s) for s in Security]


def test_blocked_ports_do_not_hold_the_verdict(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    wizard = make_wizard(demo_state(demo, timeouts=FAST))
    to_testing(qtbot, wizard)
    started = time.monotonic()
    wait_verdict(qtbot, wizard)
    verdict_after = time.monotonic() - started
    page = wizard.testing_page
    assert page.banner.title.text().startswith("Ready:")
    # the blocked port is still trying while the answer is already on screen
    assert verdict_after < FAST.connect
    assert all(page.matrix.cell_state(p) is CellState.CONNECTING for p in BLOCKED)
    assert page.stop_button.isEnabled()
    screenshot(wizard, "verdict-while-blocked-pending")
    wait_all_final(qtbot, wizard)
    assert all(page.matrix.cell_state(p) is CellState.FAILED for p in BLOCKED)
    page.matrix.select(Pairing(2525, Security.STARTTLS))
    assert page.details.headline.text().endswith(
        messages.describe(
            wizard.state.report.attempt(Pairing(2525, Security.STARTTLS)).failure
        ).title
    )
    assert page.retry_button.isEnabled() and not page.stop_button.isEnabled()
    screenshot(wizard, "blocked-final")


def test_wrong_password_explained_and_tried_once(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    state = demo_state(demo, timeouts=FAST)
    state.demo = dataclasses.replace(state.demo, password="not-the-password")
    wizard = make_wizard(state)
    to_testing(qtbot, wizard)
    wait_all_final(qtbot, wizard)
    title = messages.title(FailureCode.AUTH_REJECTED)
    page = wizard.testing_page
    assert page.banner.title.text() == f"Not working yet: {title}"
    assert page.banner.text.text()  # the fix, in plain words
    failed = sum(server.failed_logins for server in demo.lab.servers.values())
    assert failed == 1
    screenshot(wizard, "testing")
    click_next(qtbot, wizard)
    result = wizard.result_page
    assert result.answer.text() == f"Not working yet: {title}"
    assert result.explanation.text() and result.fix.text().startswith("What to do:")
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()  # nothing to save
    screenshot(wizard, "result")
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.exit_code == GuiExit.NOT_WORKING


def test_wrong_tls_mode(qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any) -> None:
    wizard = make_wizard(demo_state(demo, timeouts=FAST))
    to_testing(qtbot, wizard, pairings=[Pairing(587, Security.TLS)])
    wait_all_final(qtbot, wizard)
    page = wizard.testing_page
    title = messages.title(FailureCode.TLS_WRONG_MODE)
    assert page.banner.title.text() == f"Not working yet: {title}"
    assert "STARTTLS" in page.banner.text.text()
    assert page.matrix.cell_state(Pairing(587, Security.TLS)) is CellState.FAILED
    assert sum(len(s.auth_attempts) for s in demo.lab.servers.values()) == 0
    screenshot(wizard, "testing")


def test_self_signed_certificate_gets_no_password(
    qtbot: Any, make_wizard: Any, lab_server: Any, screenshot: Any
) -> None:
    server = lab_server(
        ServerSpec(
            mode=Mode.TLS,
            cert=CertKind.SELF_SIGNED,
            accounts={"me@example.test": "secret-pw"},
            auth_required=True,
        )
    )
    config = DemoConfig(
        host="127.0.0.1",
        port_map={465: server.port},
        ca_pem=LabCA.shared().ca_pem,
        email="me@example.test",
        username="me@example.test",
        password="secret-pw",
    )
    state = WizardState(demo=config, timeouts=FAST)
    wizard = make_wizard(state)
    to_testing(qtbot, wizard, pairings=[Pairing(465, Security.TLS)])
    wait_all_final(qtbot, wizard)
    title = messages.title(FailureCode.TLS_CERT_SELF_SIGNED)
    page = wizard.testing_page
    assert page.banner.title.text() == f"Not working yet: {title}"
    assert server.server.auth_attempts == []  # the password never left this computer
    page.matrix.select(Pairing(465, Security.TLS))
    page.details.toggle.click()
    assert "SHA-256" in page.details.technical.toPlainText()
    screenshot(wizard, "testing")


def test_stop_mid_probe_leaves_nothing_running(
    qtbot: Any, make_wizard: Any, demo: Any, qloop: Any, screenshot: Any
) -> None:
    wizard = make_wizard(demo_state(demo))
    to_testing(qtbot, wizard)
    page = wizard.testing_page
    assert wizard.runner.running
    qtbot.mouseClick(page.stop_button, Qt.MouseButton.LeftButton)
    assert not wizard.runner.running
    qtbot.waitUntil(lambda: not pending_tasks(qloop), timeout=2000)
    assert page.retry_button.isEnabled()
    assert any(page.matrix.cell_state(p) is CellState.UNFINISHED for p in page.matrix.pairings())
    screenshot(wizard, "stopped")
    # Test again works after a stop
    qtbot.mouseClick(page.retry_button, Qt.MouseButton.LeftButton)
    wait_verdict(qtbot, wizard)
    assert page.banner.title.text().startswith("Ready:")
    # closing the window mid-probe cancels it too
    assert wizard.runner.running
    wizard.close()
    qtbot.waitUntil(lambda: not pending_tasks(qloop), timeout=2000)
    assert wizard.exit_code == GuiExit.CANCELLED


def test_back_and_next_rerun_cleanly(
    qtbot: Any, make_wizard: Any, demo: Any, qloop: Any, screenshot: Any
) -> None:
    wizard = make_wizard(demo_state(demo, timeouts=FAST))
    to_testing(qtbot, wizard)
    wait_verdict(qtbot, wizard)
    first = wizard.state.report
    click_back(qtbot, wizard)  # leaves while 2525 is still trying: cancels it
    assert wizard.currentId() == PageId.SIGNIN
    assert not wizard.runner.running
    qtbot.waitUntil(lambda: not pending_tasks(qloop), timeout=2000)
    click_next(qtbot, wizard)
    page = wizard.testing_page
    assert wizard.state.report is None  # a fresh run; nothing of the old one shown
    assert all(page.matrix.cell_state(p) is not CellState.OK for p in page.matrix.pairings())
    wait_all_final(qtbot, wizard)
    assert wizard.state.report is not first
    assert page.progress.value() == page.progress.maximum() == len(page.matrix.pairings())
    screenshot(wizard, "rerun")
