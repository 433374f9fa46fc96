"""GUI labels that show server-chosen text render it as text, never as Qt rich text.

A certificate's names and issuer are the server's choice; in a QLabel with the default
``AutoText`` format ``<img src=…>`` or ``<a href=…>`` would be drawn as markup.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from smtpwizard.core.models import Attempt, Failure, Outcome, Pairing, Security, TlsInfo
from smtpwizard.core.probe.trust import TrustOffer
from smtpwizard.core.wording.codes import FailureCode as C
from smtpwizard.gui.widgets.details import AttemptDetails
from smtpwizard.gui.widgets.trust_dialog import TrustDialog

pytestmark = pytest.mark.gui

HOSTILE = '<a href="https://evil.example">Ready</a><img src="x">'
TLS = TlsInfo(
    "TLSv1.3",
    "TLS_AES_256_GCM_SHA384",
    subject=HOSTILE,
    issuer=HOSTILE,
    names=(HOSTILE,),
    sha256="ab" * 32,
)


def test_the_details_show_server_names_as_text(qtbot: object) -> None:
    details = AttemptDetails()
    qtbot.addWidget(details)  # type: ignore[attr-defined]
    attempt = Attempt(
        "smtp.example.com",
        Pairing(465, Security.TLS),
        Outcome.FAILED,
        Failure(C.TLS_CERT_HOSTNAME_MISMATCH, detail=HOSTILE),
        tls=TLS,
    )
    details.show_attempt(attempt)
    for label in (details.headline, details.explanation, details.fix):
        assert label.textFormat() is Qt.TextFormat.PlainText


def test_the_trust_dialog_shows_certificate_names_as_text(qtbot: object) -> None:
    offer = TrustOffer("smtp.example.com", Pairing(465, Security.TLS), TLS, False, True)
    dialog = TrustDialog(offer)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert HOSTILE in dialog.subject.text() and HOSTILE in dialog.issuer.text()
    assert dialog.subject.textFormat() is Qt.TextFormat.PlainText
    assert dialog.issuer.textFormat() is Qt.TextFormat.PlainText
