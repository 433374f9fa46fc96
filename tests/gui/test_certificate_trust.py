"""Trust this certificate…: a self-signed or privately issued certificate can be trusted after
checking its fingerprint; the pin is saved with the account; a changed certificate is loud."""

from __future__ import annotations

import ssl
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from smtpwizard.core.credentials.accounts import AccountIndex
from smtpwizard.core.credentials.keyring_store import service_name
from smtpwizard.core.models import Pairing, Security, Settings
from smtpwizard.core.probe.options import Timeouts
from smtpwizard.core.wording import certificate as words
from smtpwizard.exit_codes import GuiExit
from smtpwizard.gui.state import DemoConfig, WizardState
from smtpwizard.gui.wizard import PageId, SetupWizard
from smtpwizard.lab import CertKind, LabCA, Mode, ServerSpec
from tests.fixtures.keyring_doubles import MemoryKeyring, use_backend
from tests.gui.helpers import (
    click,
    click_back,
    click_next,
    to_testing,
    wait_all_final,
    wait_verdict,
)

pytestmark = pytest.mark.gui

FAST = Timeouts(connect=1.0, command=2.0, attempt=3.0, greeting_sniff=0.5)
USER = "me@example.test"
PASSWORD = "secret-pw"
TLS465 = Pairing(465, Security.TLS)


def start_server(lab_server: Any, cert: CertKind) -> Any:
    return lab_server(
        ServerSpec(mode=Mode.TLS, cert=cert, accounts={USER: PASSWORD}, auth_required=True)
    )


def state_for(server: Any) -> WizardState:
    config = DemoConfig(
        host="127.0.0.1",
        port_map={465: server.port},
        ca_pem=LabCA.shared().ca_pem,
        email=USER,
        username=USER,
        password=PASSWORD,
    )
    return WizardState(demo=config, timeouts=FAST)


def served_fingerprint(server: Any) -> str:
    """What the server really presents, read independently of the wizard."""
    import hashlib

    der = ssl.get_server_certificate(("127.0.0.1", server.port))
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(der)).hexdigest()


def tick(qtbot: Any, box: Any) -> None:
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)


def test_trust_a_self_signed_certificate_then_it_works_and_is_saved(
    qtbot: Any, make_wizard: Any, lab_server: Any, screenshot: Any
) -> None:
    server = start_server(lab_server, CertKind.SELF_SIGNED)
    backend = MemoryKeyring()
    with use_backend(backend):
        wizard: SetupWizard = make_wizard(state_for(server))
        to_testing(qtbot, wizard, pairings=[TLS465])
        wait_all_final(qtbot, wizard)
        page = wizard.testing_page
        assert server.server.auth_attempts == []  # nothing sent before the person decides
        assert page.trust_button.isVisible()
        click_next(qtbot, wizard)  # the Result page says where the way on is
        assert wizard.result_page.next_hint.text() == words.BACK_TO_TRUST
        click_back(qtbot, wizard)
        qtbot.mouseClick(page.trust_button, Qt.MouseButton.LeftButton)
        dialog = page.trust_button.dialog
        assert dialog is not None and dialog.isVisible()
        sha = served_fingerprint(server)
        groups = words.fingerprint_groups(sha)
        assert len(groups) == 16 and all(len(g) == 4 for g in groups)
        assert dialog.fingerprint.text().split() == list(groups)  # readable on the phone
        assert "127.0.0.1" in dialog.subject.text()
        assert dialog.issuer.text() and " to " in dialog.validity.text()
        assert not dialog.warning_box.isVisible()  # right name, still valid: no extra warning
        assert not dialog.trust_button.isEnabled()  # an explicit confirmation first
        screenshot(dialog, "trust-dialog")
        tick(qtbot, dialog.confirm)
        assert dialog.trust_button.isEnabled()
        qtbot.mouseClick(dialog.trust_button, Qt.MouseButton.LeftButton)
        wait_verdict(qtbot, wizard)
        wait_all_final(qtbot, wizard)
        report = wizard.state.report
        assert report.ok and report.recommended.pinned_sha256 == sha
        assert [a.success for a in server.server.auth_attempts] == [True]
        assert page.banner.title.text().startswith("Ready:")
        assert " ".join(groups) in page.banner.text.text()  # trusted by you, not an authority
        assert not page.trust_button.isVisible()
        screenshot(wizard, "testing-trusted")
        click_next(qtbot, wizard)
        click_next(qtbot, wizard)
        assert wizard.currentId() == PageId.SAVE
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
        qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=5000)
    assert wizard.exit_code == GuiExit.CONFIGURED
    row = AccountIndex().find("127.0.0.1", USER)
    assert row is not None and row.pinned_sha256 == sha
    assert backend.entries == {(service_name("127.0.0.1"), USER): PASSWORD}


def test_a_changed_certificate_on_a_pinned_account_is_a_loud_warning(
    qtbot: Any, make_wizard: Any, lab_server: Any, screenshot: Any
) -> None:
    server = start_server(lab_server, CertKind.SELF_SIGNED)
    old_pin = "ab" * 32  # the certificate trusted earlier; the server now shows another
    backend = MemoryKeyring()
    with use_backend(backend):
        backend.entries[(service_name("127.0.0.1"), USER)] = PASSWORD
        AccountIndex().record_verified(
            Settings("127.0.0.1", 465, Security.TLS, username=USER, pinned_sha256=old_pin)
        )
        wizard: SetupWizard = make_wizard(state_for(server))
        assert wizard.currentId() == PageId.SAVED
        qtbot.mouseClick(wizard.saved_page.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: wizard.currentId() == PageId.TESTING, timeout=5000)
        wait_all_final(qtbot, wizard)
        page = wizard.testing_page
        assert not wizard.state.report.ok  # never re-trusted silently
        assert server.server.auth_attempts == []
        assert page.banner.title.text() == words.CHANGED_TITLE
        screenshot(wizard, "testing-certificate-changed")
        qtbot.mouseClick(page.trust_button, Qt.MouseButton.LeftButton)
        dialog = page.trust_button.dialog
        assert dialog.warning_box.isVisible()
        assert "CHANGED" in dialog.warning_text.text()
        assert " ".join(words.fingerprint_groups(old_pin)) in dialog.warning_text.text()
        tick(qtbot, dialog.confirm)
        assert not dialog.trust_button.isEnabled()  # the second, stronger confirmation too
        screenshot(dialog, "trust-dialog-changed")
        tick(qtbot, dialog.risk_confirm)
        assert dialog.trust_button.isEnabled()
        dialog.reject()


def test_a_wrong_name_certificate_needs_the_stronger_warning(
    qtbot: Any, make_wizard: Any, lab_server: Any, screenshot: Any
) -> None:
    server = start_server(lab_server, CertKind.WRONG_NAME)
    wizard: SetupWizard = make_wizard(state_for(server))
    to_testing(qtbot, wizard, pairings=[TLS465])
    wait_all_final(qtbot, wizard)
    page = wizard.testing_page
    qtbot.mouseClick(page.trust_button, Qt.MouseButton.LeftButton)
    dialog = page.trust_button.dialog
    assert dialog.warning_box.isVisible()
    assert "wrong.example" in dialog.warning_text.text()
    assert "127.0.0.1" in dialog.warning_text.text()
    tick(qtbot, dialog.confirm)
    assert not dialog.trust_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter never trusts by accident
    assert wizard.state.trusted_certificates == {}
    screenshot(wizard, "trust-dialog-wrong-name")
