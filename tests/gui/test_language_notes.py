"""In German the technical details and the report show our own notes in German, while the
server's replies and the conversation stay exactly as the server sent them (issue 18)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from smtpwizard.core.models import Pairing, Security
from smtpwizard.core.report.render import render_text
from smtpwizard.core.wording import notes
from smtpwizard.gui.translation import install_translators
from tests.gui.conftest import demo_state
from tests.gui.helpers import click_next, wait_all_final

pytestmark = pytest.mark.gui

GERMAN_NOTE = "kein AUTH vor der Verschlüsselung; der Server bietet STARTTLS an"


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    install_translators(qapp, "de")
    try:
        yield
    finally:
        install_translators(qapp, "en")


def test_technical_details_and_report_notes_in_german(
    german: None, qtbot: Any, make_wizard: Any, demo: Any, qloop: Any
) -> None:
    wizard = make_wizard(demo_state(demo))
    for _ in range(3):
        click_next(qtbot, wizard)
    wait_all_final(qtbot, wizard)
    report = wizard.state.report
    plain = next(
        a
        for a in report.attempts
        if a.pairing == Pairing(587, Security.NONE) and a.failure is not None
    )
    assert plain.failure.detail == notes.NO_AUTH_BEFORE_TLS  # the data stays English
    page = wizard.testing_page
    page.matrix.select(plain.pairing)
    page.details.toggle.setChecked(True)
    technical = page.details.technical.toPlainText()
    assert GERMAN_NOTE in technical
    assert "Serverantwort / Fehler:" in technical and "Schritte:" in technical  # our labels
    assert notes.NO_AUTH_BEFORE_TLS not in technical
    assert all(line in technical for line in plain.transcript[:3])  # the server's own words
    text = render_text(report)
    assert GERMAN_NOTE in text and notes.NO_AUTH_BEFORE_TLS not in text
