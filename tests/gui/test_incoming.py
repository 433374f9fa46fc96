"""The wizard tests sending and receiving side by side: the demo SMTP lab and a private Dovecot
with the same account; the Result page says "Sending ✓   Receiving ✓", and the Save page's
mail-program exports carry the proven incoming server."""

from __future__ import annotations

from typing import Any

import pytest

from smtpwizard.core.models import IncomingProtocol, Outcome
from smtpwizard.demo_account import DEMO_PASSWORD, DEMO_USER
from smtpwizard.gui.page_ids import PageId
from smtpwizard.lab.dovecot import DovecotSpec
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
