"""The HTML diagnostic report as a person sees it: rendered by Qt's rich-text engine, saved as a
screenshot (``report-html``), and free of the password that was tried."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QTextBrowser

from smtpwizard.core.models import Pairing, Security
from smtpwizard.core.probe.engine import probe
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.core.report.render import render_html

pytestmark = pytest.mark.gui

WRONG = "not-the-Passw0rd"
PAIRINGS = (
    Pairing(25, Security.NONE),
    Pairing(465, Security.TLS),
    Pairing(587, Security.STARTTLS),
    Pairing(2525, Security.STARTTLS),
)


def test_the_html_report_renders_without_the_password(
    qtbot: Any, demo: Any, screenshot: Any
) -> None:
    report = probe(
        ProbeOptions(
            host=demo.host,
            username=demo.username,
            password=WRONG,
            pairings=PAIRINGS,
            port_map=dict(demo.port_map),
            ca_pem=demo.ca_pem,
            timeouts=Timeouts(connect=1.0, command=1.0, attempt=3.0),
        )
    )
    document = render_html(report, secrets=[WRONG])
    assert WRONG not in document
    assert "<script" not in document.lower()
    view = QTextBrowser()
    qtbot.addWidget(view)
    view.setHtml(document)
    view.resize(1000, 1500)
    view.show()
    qtbot.waitExposed(view)
    text = view.toPlainText()
    assert "NOT WORKING: User name or password not accepted" in text
    assert "Ports and encryption" in text and "Conversation with the server" in text
    assert WRONG not in text
    screenshot(view, "report-html")
