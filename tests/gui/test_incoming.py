"""The wizard tests sending and receiving side by side: the demo SMTP lab and a private Dovecot
with the same account; the Result page says "Sending ✓   Receiving ✓", and the Save page's
mail-program exports carry the proven incoming server."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from smtpwizard.core.models import IncomingProtocol, Outcome, Pairing, Security
from smtpwizard.demo_account import DEMO_PASSWORD, DEMO_USER
from smtpwizard.gui.page_ids import PageId
from smtpwizard.gui.state import DemoConfig, WizardState
from smtpwizard.lab.certs import LabCA
from smtpwizard.lab.dovecot import DovecotSpec
from smtpwizard.lab.spec import Mode, ServerSpec
from tests.fixtures.dovecot import incoming_port_map
from tests.gui.conftest import demo_state
from tests.gui.helpers import click_next, to_testing, wait_verdict

pytestmark = pytest.mark.gui


def test_sending_and_receiving_side_by_side(
    qtbot: Any, make_wizard: Any, demo: Any, dovecot: Any, screenshot: Any
) -> None:
    mailbox = dovecot(DovecotSpec(accounts={DEMO_USER: DEMO_PASSWORD}))
    state = demo_state(demo)
    state.incoming_host = mailbox.host
    state.incoming_port_map = incoming_port_map(mailbox)
    wizard = make_wizard(state)
    to_testing(qtbot, wizard)
    wait_verdict(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.state.incoming_report is not None, timeout=10000)
    incoming = wizard.state.incoming_report
    assert incoming.recommended is not None
    assert incoming.recommended.protocol is IncomingProtocol.IMAP
    assert incoming.attempts[0].outcome is Outcome.OK
    panel = wizard.testing_page.incoming
    assert panel.isVisible()
    texts = [label.text() for label in panel.rows.values()]
    assert texts[0].startswith("✓  IMAP 993/tls: works")
    assert "Receiving works" in panel.summary.text()
    screenshot(wizard, "testing-incoming")

    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.RESULT
    assert wizard.result_page.account.text().startswith("Sending ✓   Receiving ✓")
    assert wizard.result_page.account.isVisible()
    screenshot(wizard, "result-incoming")

    click_next(qtbot, wizard)
    settings = wizard.save_page.settings()
    assert settings is not None and settings.incoming == incoming.recommended
    card = wizard.save_page.card.toPlainText()
    assert f"Incoming mail (IMAP) server: {mailbox.host}" in card
    assert "Port: 993" in card


def test_send_test_email_to_myself_proves_the_delivery(
    qtbot: Any,
    lab_server: Any,
    make_wizard: Any,
    dovecot: Any,
    screenshot: Any,
    tmp_path: Path,
) -> None:
    user, password = "gui-owner@example.test", "deliver me"
    mailbox = dovecot(DovecotSpec(accounts={user: password}))
    smtp = lab_server(ServerSpec(mode=Mode.TLS, accounts={user: password}, deliver=mailbox.deliver))
    state = WizardState(
        demo=DemoConfig(
            host="localhost",
            port_map={465: smtp.port},
            ca_pem=LabCA.shared().ca_pem,
            email=user,
            username=user,
            password=password,
        ),
        incoming_host=mailbox.host,
        incoming_port_map=incoming_port_map(mailbox),
    )
    state.discovery_overrides = {"offline": True}
    wizard = make_wizard(state)
    to_testing(qtbot, wizard, pairings=[Pairing(465, Security.TLS)])
    wait_verdict(qtbot, wizard)
    page = wizard.testing_page
    qtbot.waitUntil(lambda: not page.runner.running, timeout=10000)
    page.test_to.setText(user)
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.state.delivery is not None, timeout=20000)
    delivery = wizard.state.delivery
    assert delivery is not None and delivery.delivered
    assert "arrived in your inbox" in page.incoming.delivery.text()
    screenshot(wizard, "testing-delivery")
    click_next(qtbot, wizard)
    assert "Delivery ✓" in wizard.result_page.account.text()
    screenshot(wizard, "result-delivery")

    # the saved and the copied report carry the incoming probe and the delivery proof
    buttons = wizard.result_page.report_buttons
    path = tmp_path / "report.html"
    buttons.save_report(str(path))
    qtbot.waitUntil(lambda: path.exists() and "saved" in buttons.status.text(), timeout=10000)
    html = path.read_text(encoding="utf-8")
    assert '<section id="incoming">' in html and 'id="in-imap993-tls"' in html
    assert "The test message arrived in your inbox" in html
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(buttons.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "copied" in buttons.status.text(), timeout=10000)
    text = QGuiApplication.clipboard().text()
    assert "\nINCOMING MAIL\n" in text and "Sending ✓   Receiving ✓   Delivery ✓" in text
    for document in (html, text):
        assert password not in document
        assert base64.b64encode(password.encode()).decode() not in document
