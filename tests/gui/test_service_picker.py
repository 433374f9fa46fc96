"""'I send through a service': a picker fills host, region, ports, the user name the service
expects and the name of its secret; 'Other' keeps free entry; nothing hangs on 'Looking up…'."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from smtpwizard.core.models import Pairing, Security
from smtpwizard.core.probe.options import Timeouts
from smtpwizard.core.wording import services as words
from smtpwizard.gui.state import WizardState
from smtpwizard.gui.wizard import PageId, SetupWizard
from tests.gui.helpers import click_back, click_next

pytestmark = pytest.mark.gui


def to_server_page_as_service(qtbot: Any, make_wizard: Any) -> SetupWizard:
    state = WizardState(timeouts=Timeouts(connect=1.0, command=1.0, attempt=1.0))
    state.discovery_overrides = {"offline": True}
    wizard: SetupWizard = make_wizard(state)
    account = wizard.account_page
    qtbot.keyClicks(account.email, "shop@example.com")
    account.service.setFocus()
    qtbot.keyClick(account.service, Qt.Key.Key_Space)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.SERVER
    return wizard


def pick(qtbot: Any, combo: Any, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setFocus()
    combo.setCurrentIndex(index)


def test_sendgrid_fills_everything_and_nothing_keeps_looking_up(
    qtbot: Any, make_wizard: Any, screenshot: Any
) -> None:
    wizard = to_server_page_as_service(qtbot, make_wizard)
    page = wizard.server_page
    picker = page.service_picker
    assert picker.isVisible()
    qtbot.wait(300)  # a late discovery answer must not be what the page waits for
    assert "Looking up" not in page.source.text()
    assert page.source.text() == words.CHOOSE_HINT
    names = [picker.services.itemText(i) for i in range(picker.services.count())]
    for wanted in (
        "Twilio SendGrid",
        "Mailgun",
        "Amazon SES",
        "Postmark",
        "Brevo (Sendinblue)",
        "Mailjet",
        "SparkPost",
        "Resend",
        "Zoho ZeptoMail",
        "SMTP2GO",
        "MailerSend",
        "Elastic Email",
        words.OTHER,
    ):
        assert wanted in names
    screenshot(wizard, "server-choose-service")
    pick(qtbot, picker.services, "Twilio SendGrid")
    assert page.host.text() == "smtp.sendgrid.net"
    assert "Looking up" not in page.source.text()
    assert set(page.pairings()) == {
        Pairing(587, Security.STARTTLS),
        Pairing(465, Security.TLS),
        Pairing(2525, Security.STARTTLS),
        Pairing(25, Security.STARTTLS),
    }
    assert not picker.region.isVisible()
    assert "apikey" in picker.info.text() and "api_keys" in picker.info.text()
    screenshot(wizard, "server-sendgrid")
    click_next(qtbot, wizard)
    signin = wizard.signin_page
    assert signin.username.text() == "apikey"
    assert signin.password_label.text() == "&API key:"
    assert "https://app.sendgrid.com/settings/api_keys" in signin.provider_hint.text()
    screenshot(wizard, "signin-sendgrid")
    # Back and another service: its own user name, region and secret
    click_back(qtbot, wizard)
    pick(qtbot, picker.services, "Amazon SES")
    assert picker.region.isVisible()
    pick(qtbot, picker.region, "Europe (Ireland)")
    assert page.host.text() == "email-smtp.eu-west-1.amazonaws.com"
    assert "not your AWS access key" in picker.info.text()
    screenshot(wizard, "server-ses-region")
    click_next(qtbot, wizard)
    assert signin.password_label.text() == "&SMTP password:"
    assert signin.username.text() == ""  # SES issues its own SMTP user name
    assert "not your AWS access key" in signin.username.placeholderText()


def test_mailgun_eu_resend_and_other(qtbot: Any, make_wizard: Any) -> None:
    wizard = to_server_page_as_service(qtbot, make_wizard)
    page = wizard.server_page
    picker = page.service_picker
    pick(qtbot, picker.services, "Mailgun")
    pick(qtbot, picker.region, "EU")
    assert page.host.text() == "smtp.eu.mailgun.org"
    pick(qtbot, picker.services, "Resend")
    assert page.host.text() == "smtp.resend.com"
    assert "resend" in picker.info.text()
    pick(qtbot, picker.services, words.OTHER)
    assert page.host.text() == "" and page.source.text() == words.OTHER_HINT
    qtbot.keyClicks(page.host, "smtp.my-relay.example")
    assert page.host.text() == "smtp.my-relay.example"
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.SIGNIN
    assert wizard.signin_page.password_label.text() == "&Password or key:"
