"""The wizard shows a final answer as soon as it cannot change, while slow cells keep going."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from PySide6.QtWidgets import QWizard

from smtpwizard.core.models import Pairing, Security
from smtpwizard.core.probe.events import CellState
from smtpwizard.core.probe.options import Timeouts
from smtpwizard.core.wording import messages
from smtpwizard.core.wording.codes import FailureCode
from smtpwizard.gui.state import DemoConfig, WizardState
from smtpwizard.lab import LabCA
from smtpwizard.lab import spec as S
from smtpwizard.lab.server import closed_port
from tests.gui.conftest import demo_state
from tests.gui.helpers import to_testing, wait_all_final

pytestmark = pytest.mark.gui

# the demo's 2525 is blackholed: it stays "connecting" for the whole connect timeout
SLOW_BLOCKED = Timeouts(connect=5.0, command=2.0, attempt=6.0)


def test_a_refused_password_is_shown_as_final_while_a_blocked_port_still_tries(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    state = demo_state(demo, timeouts=SLOW_BLOCKED)
    state.demo = dataclasses.replace(state.demo, password="not-the-password")
    wizard = make_wizard(state)
    finals: list[Any] = []
    wizard.runner.final.connect(finals.append)
    to_testing(qtbot, wizard)
    qtbot.waitUntil(lambda: bool(finals), timeout=SLOW_BLOCKED.connect * 1000 - 500)
    page = wizard.testing_page
    title = messages.title(FailureCode.AUTH_REJECTED)
    assert page.banner.title.text() == f"Not working yet: {title}"
    assert wizard.runner.running  # the blackholed port is still being tried …
    assert page.matrix.cell_state(Pairing(2525, Security.STARTTLS)) is CellState.CONNECTING
    assert page.elapsed.text().startswith("Answer ready after")
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # … and Next is on
    screenshot(wizard, "final-while-pending")
    wait_all_final(qtbot, wizard, timeout=int(SLOW_BLOCKED.attempt * 1000) + 2000)
    assert page.matrix.cell_state(Pairing(2525, Security.STARTTLS)) is CellState.FAILED
    assert page.banner.title.text() == f"Not working yet: {title}"
    assert sum(server.failed_logins for server in demo.lab.servers.values()) == 1


def test_swapped_modes_light_up_the_added_cell(
    qtbot: Any, make_wizard: Any, lab_server: Any, screenshot: Any
) -> None:
    """465 speaks STARTTLS and 587 SSL/TLS: the probe adds 587/SSL-TLS on its own, and its
    greyed-out "Not tested" cell comes alive and shows that it works."""
    accounts = {"me@example.test": "secret-pw"}
    on465 = lab_server(S.submission_starttls(accounts))
    on587 = lab_server(S.submission_tls(accounts))
    config = DemoConfig(
        host="127.0.0.1",
        port_map={465: on465.port, 587: on587.port, 25: closed_port(), 2525: closed_port()},
        ca_pem=LabCA.shared().ca_pem,
        email="me@example.test",
        username="me@example.test",
        password="secret-pw",
    )
    wizard = make_wizard(WizardState(demo=config, timeouts=SLOW_BLOCKED))
    to_testing(qtbot, wizard)
    wait_all_final(qtbot, wizard, timeout=int(SLOW_BLOCKED.attempt * 1000) + 2000)
    page = wizard.testing_page
    added = Pairing(587, Security.TLS)
    assert added in page.matrix.pairings()
    assert page.matrix.cell_state(added) is CellState.OK
    assert page.banner.title.text().startswith("Ready:")
    screenshot(wizard, "swapped-modes")
