"""The address page: a problem shows while typing, in a warning style, and a domain one typing
mistake from a well-known provider's gets "Did you mean …?" with a one-click fix."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from smtpwizard.gui.widgets.address_check import PAUSE_MS, WARNING_COLOUR
from tests.gui.conftest import demo_state

pytestmark = pytest.mark.gui


def _account(make_wizard: Any, demo: Any) -> Any:
    wizard = make_wizard(demo_state(demo))
    page = wizard.account_page
    page.email.clear()
    page.email.setFocus()
    return wizard, page


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("gmial.com", "gmail.com"),
        ("hotmial.com", "hotmail.com"),
        ("yaho.com", "yahoo.com"),
        ("outlok.com", "outlook.com"),
    ],
)
def test_typo_offer_fixes_the_domain_in_one_click(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any, typed: str, meant: str
) -> None:
    wizard, page = _account(make_wizard, demo)
    check = page.email_check
    qtbot.keyClicks(page.email, f"jane.doe@{typed}")
    assert check.suggestion() == meant
    assert check.offer.isVisible() and check.offer.text() == f"Did you mean {meant}?"
    assert check.use.isVisible() and check.message.text() == ""  # not "looks good"
    if typed == "gmial.com":
        screenshot(wizard, "typo-offer")
    qtbot.mouseClick(check.use, Qt.MouseButton.LeftButton)
    assert page.email.text() == f"jane.doe@{meant}"
    assert not check.offer.isVisible() and not check.use.isVisible()
    assert check.message.text() == "✓ Looks good."
    assert page.email.hasFocus()
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_no_offer_for_known_or_unrelated_domains(qtbot: Any, make_wizard: Any, demo: Any) -> None:
    _wizard, page = _account(make_wizard, demo)
    for address in ("jane@gmail.com", "jane@acme-bakery.de", "jane@gm.com"):
        page.email.setText(address)
        assert page.email_check.suggestion() is None
        assert not page.email_check.use.isVisible()


def test_problem_shows_while_typing_in_a_warning_style(
    qtbot: Any, make_wizard: Any, demo: Any, screenshot: Any
) -> None:
    wizard, page = _account(make_wizard, demo)
    check = page.email_check
    qtbot.keyClicks(page.email, "jane.doe@")
    assert not check.is_warning()  # not on the first keystrokes …
    qtbot.waitUntil(check.is_warning, timeout=PAUSE_MS * 5)  # … but after a pause in typing
    assert page.email.hasFocus()  # still typing: nothing was left with Tab
    assert check.message.text() and check.message.isVisible() and check.icon.isVisible()
    assert check.message.font().bold()
    colour = check.message.palette().color(check.message.foregroundRole())
    assert colour == WARNING_COLOUR
    screenshot(wizard, "address-warning")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.keyClicks(page.email, "example.org")  # fixed: the warning goes at once
    assert not check.is_warning() and check.message.text() == "✓ Looks good."


def test_leaving_the_field_shows_the_problem_at_once(
    qtbot: Any, make_wizard: Any, demo: Any
) -> None:
    _wizard, page = _account(make_wizard, demo)
    qtbot.keyClicks(page.email, "no-at-sign")
    qtbot.keyClick(page.email, Qt.Key.Key_Tab)
    assert page.email_check.is_warning()
    assert page.email_check.message.text()


def test_server_page_shows_the_providers_notes_from_the_data(
    qtbot: Any, make_wizard: Any, screenshot: Any
) -> None:
    from smtpwizard.gui.state import WizardState
    from smtpwizard.gui.wizard import PageId
    from tests.gui.helpers import click_next

    state = WizardState()
    state.discovery_overrides = {"offline": True}
    wizard = make_wizard(state)
    wizard.account_page.email.setText("jane@gmail.com")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.SERVER
    notes = wizard.server_page.notes
    qtbot.waitUntil(notes.isVisible, timeout=5000)
    text = notes.text()
    assert "<b>Gmail</b>" in text
    assert "Before you sign in:" in text and "app password" in text
    assert "Once it works:" in text and "Sending limit:" in text
    assert "Settings last checked: 20" in text
    assert wizard.server_page.host.text() == "smtp.gmail.com"
    screenshot(wizard, "server-notes")
