"""'Send test email' sends over the recommended pairing only and says so in the main answer
and on the Result page ("Test message sent to … at 14:02")."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import Qt

from smtpwizard.core.models import Pairing, Security
from smtpwizard.core.probe.options import Timeouts
from smtpwizard.gui.state import DemoConfig, WizardState
from smtpwizard.gui.wizard import PageId
from smtpwizard.lab import LabCA, Mode, ServerSpec
from smtpwizard.lab.spec import UNKNOWN_USER
from tests.gui.conftest import demo_state
from tests.gui.helpers import click_next, to_testing, wait_all_final

pytestmark = pytest.mark.gui

FAST = Timeouts(connect=1.0, command=2.0, attempt=2.0, greeting_sniff=0.5)
RECIPIENT = "friend@example.net"


def logins(demo: Any) -> int:
    return sum(len(server.auth_attempts) for server in demo.lab.servers.values())


def test_send_test_email_uses_the_recommended_pairing_only(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    wizard = make_wizard(demo_state(demo, timeouts=FAST))
    to_testing(qtbot, wizard)
    wait_all_final(qtbot, wizard)
    page = wizard.testing_page
    report = wizard.state.report
    assert report.ok
    before = logins(demo)
    cells = {p: page.matrix.cell_state(p) for p in page.matrix.pairings()}
    qtbot.keyClicks(page.test_to, RECIPIENT)
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.state.test_message is not None, timeout=5000)
    assert logins(demo) == before + 1  # one sign-in, on one pairing — not all nine again
    [message] = [m for m in demo.received if RECIPIENT in m.rcpt_tos]
    assert message.auth_user == demo.username
    assert wizard.state.test_message.pairing.port == report.recommended.port
    assert wizard.state.report is report  # the answer and the matrix stay as they were
    assert {p: page.matrix.cell_state(p) for p in page.matrix.pairings()} == cells
    line = page.banner.text.text().splitlines()[-1]  # in the main answer
    assert re.fullmatch(rf"Test message sent to {re.escape(RECIPIENT)} at \d\d:\d\d\.", line)
    screenshot(wizard, "testing-test-message-sent")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.RESULT
    assert line in wizard.result_page.explanation.text()
    screenshot(wizard, "result-test-message-sent")


def test_a_refused_test_message_is_said_in_plain_words(
    qtbot: Any, make_wizard: Any, lab_server: Any
) -> None:
    server = lab_server(
        ServerSpec(
            mode=Mode.TLS,
            accounts={"me@example.test": "pw"},
            auth_required=True,
            rcpt_reply=UNKNOWN_USER,
        )
    )
    config = DemoConfig(
        host="127.0.0.1",
        port_map={465: server.port},
        ca_pem=LabCA.shared().ca_pem,
        email="me@example.test",
        username="me@example.test",
        password="pw",
    )
    wizard = make_wizard(WizardState(demo=config, timeouts=FAST))
    to_testing(qtbot, wizard, pairings=[Pairing(465, Security.TLS)])
    wait_all_final(qtbot, wizard)
    page = wizard.testing_page
    assert wizard.state.report.ok
    qtbot.keyClicks(page.test_to, "nobody@example.com")
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.state.test_message is not None, timeout=5000)
    assert not wizard.state.test_message.sent
    refused = page.banner.text.text().splitlines()[-1]
    assert refused.startswith("The test message to nobody@example.com was refused")
    assert server.server.received == []
