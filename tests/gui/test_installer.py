"""Installers: a preset pre-fills and locks, the result file, exit codes, --secret-fd.

Driven through pytest-qt against the demo lab, the way an installer's user meets the wizard.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard

from smtpwizard.cli import main as cli_main
from smtpwizard.core.credentials.keyring_store import service_name
from smtpwizard.core.installer.preset import PRESET_SCHEMA, RESULT_SCHEMA, Preset, parse_preset
from smtpwizard.core.models import Pairing, Security
from smtpwizard.exit_codes import GuiExit
from smtpwizard.gui.page_ids import PageId
from smtpwizard.gui.wizard import SetupWizard
from tests.fixtures.keyring_doubles import MemoryKeyring, use_backend
from tests.gui.conftest import demo_state
from tests.gui.helpers import click, click_next, wait_all_final, wait_verdict

pytestmark = pytest.mark.gui

LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
    b'<circle cx="32" cy="32" r="28" fill="#d94f1e"/>'
    b'<rect x="18" y="24" width="28" height="18" fill="#fff"/></svg>'
)
TWO = [Pairing(465, Security.TLS), Pairing(587, Security.STARTTLS)]


def make_preset(tmp_path: Path, demo: Any, **fields: Any) -> Preset:
    (tmp_path / "logo.svg").write_bytes(LOGO)
    return parse_preset({"schema": PRESET_SCHEMA, **fields}, base_dir=tmp_path)


def locked_preset(tmp_path: Path, demo: Any) -> Preset:
    return make_preset(
        tmp_path,
        demo,
        window_title="Acme Mailer: set up email",
        logo="logo.svg",
        email="demo@smtpwizard.test",
        display_name="Demo Person",
        host=demo.host,
        pairings=[str(p) for p in TWO],
        username=demo.username,
        provider="gmail",
        locked=["email", "display_name", "host", "pairings", "username"],
        oauth_client_ids={"google": "1234.apps.googleusercontent.com"},
    )


@pytest.fixture
def pipe() -> Iterator[tuple[int, int]]:
    read_end, write_end = os.pipe()
    yield read_end, write_end
    for fd in (read_end, write_end):
        with contextlib.suppress(OSError):  # the wizard already closed the write end
            os.close(fd)


def read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 4096):
        chunks.append(chunk)
    return b"".join(chunks)


def try_to_edit(qtbot: Any, widget: Any) -> None:
    """Every way a keyboard changes a line edit: typing, deleting, cutting, pasting, undo."""
    QGuiApplication.clipboard().setText("pasted")
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_End)
    qtbot.keyClicks(widget, "typed")
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    qtbot.keyClick(widget, Qt.Key.Key_Home)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_locked_fields_cannot_be_edited(
    qtbot: Any, make_wizard: Any, demo: Any, tmp_path: Path, screenshot: Any
) -> None:
    preset = locked_preset(tmp_path, demo)
    wizard: SetupWizard = make_wizard(demo_state(demo, preset=preset))
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    assert wizard.windowTitle() == "Acme Mailer: set up email"
    assert not wizard.pixmap(QWizard.WizardPixmap.LogoPixmap).isNull()
    assert wizard.state.oauth_client_ids == {"google": "1234.apps.googleusercontent.com"}
    assert wizard.currentId() == PageId.ACCOUNT  # a preset never shows saved accounts
    account = wizard.account_page
    screenshot(wizard, "account-locked")
    for edit, value in ((account.email, "demo@smtpwizard.test"), (account.name, "Demo Person")):
        assert edit.isReadOnly()
        try_to_edit(qtbot, edit)
        assert edit.text() == value
    assert account.locked_hint.isVisible()
    click_next(qtbot, wizard)

    server = wizard.server_page
    qtbot.mouseClick(server.advanced_toggle, Qt.MouseButton.LeftButton)
    screenshot(wizard, "server-locked")
    assert server.host.isReadOnly()
    try_to_edit(qtbot, server.host)
    assert server.host.text() == demo.host
    for pairing, check in server.checks.items():
        assert not check.isEnabled()
        qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
        qtbot.keyClick(check, Qt.Key.Key_Space)
        assert check.isChecked() == (pairing in TWO)
    assert set(server.pairings()) == set(TWO)
    assert not server.custom_box.isEnabled()
    click_next(qtbot, wizard)

    signin = wizard.signin_page
    screenshot(wizard, "signin-locked")
    assert signin.username.isReadOnly()
    try_to_edit(qtbot, signin.username)
    assert signin.username.text() == demo.username
    assert not signin.password.isReadOnly()  # the password is always the person's to type
    click_next(qtbot, wizard)
    wait_verdict(qtbot, wizard)
    assert set(wizard.testing_page.matrix.pairings()) == set(TWO)
    assert wizard.state.provider == "gmail"  # the preset's provider, not a discovered one
    screenshot(wizard, "testing-preset")


def test_a_preset_can_skip_the_first_pages(
    qtbot: Any, make_wizard: Any, demo: Any, tmp_path: Path, screenshot: Any
) -> None:
    preset = make_preset(
        tmp_path,
        demo,
        host=demo.host,
        email="demo@smtpwizard.test",
        pairings=["465/tls"],
        skip_pages=["account", "server"],
        window_title="Acme Mailer",
    )
    wizard = make_wizard(demo_state(demo, preset=preset))
    assert wizard.currentId() == PageId.SIGNIN
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()
    screenshot(wizard, "signin-first")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.TESTING
    wait_verdict(qtbot, wizard)
    assert list(wizard.testing_page.matrix.pairings()) == [Pairing(465, Security.TLS)]
    assert wizard.testing_page.banner.title.text().startswith(f"Ready: {demo.host}")


def finish(qtbot: Any, wizard: SetupWizard) -> None:
    click_next(qtbot, wizard)
    wait_verdict(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.RESULT
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.SAVE


def test_finish_writes_the_result_and_hands_over_the_secret(
    qtbot: Any, make_wizard: Any, demo: Any, tmp_path: Path, pipe: tuple[int, int]
) -> None:
    read_end, write_end = pipe
    result_file = tmp_path / "result.json"
    preset = make_preset(
        tmp_path,
        demo,
        host=demo.host,
        username=demo.username,
        display_name="Demo Person",
        skip_pages=["server"],
        locked=["host"],
    )
    backend = MemoryKeyring()
    with use_backend(backend):
        wizard = make_wizard(
            demo_state(demo, preset=preset, result_file=result_file, secret_fd=write_end)
        )
        click_next(qtbot, wizard)  # account → sign-in (server skipped)
        assert wizard.currentId() == PageId.SIGNIN
        finish(qtbot, wizard)
        assert not result_file.exists()  # nothing before Finish
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
        qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=5000)
    assert wizard.exit_code == GuiExit.CONFIGURED
    result = json.loads(result_file.read_text())
    rec = wizard.state.report.recommended
    assert result == {
        "schema": RESULT_SCHEMA,
        "host": demo.host,
        "port": rec.port,
        "security": rec.security.value,
        "username": demo.username,
        "provider": None,
        "email": "demo@smtpwizard.test",
        "display_name": "Demo Person",
        "verified_at": result["verified_at"],
        "keyring": {"service": service_name(demo.host), "username": demo.username},
    }
    assert result["verified_at"].endswith("Z")
    assert demo.password not in result_file.read_text()
    assert backend.entries[(service_name(demo.host), demo.username)] == demo.password
    assert read_all(read_end) == demo.password.encode()  # then EOF: the wizard closed it
    with pytest.raises(OSError):
        os.fstat(write_end)


def test_without_saving_the_result_says_keyring_null(
    qtbot: Any, make_wizard: Any, demo: Any, tmp_path: Path
) -> None:
    result_file = tmp_path / "result.json"
    wizard = make_wizard(demo_state(demo, result_file=result_file))
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    wizard.signin_page.remember.setChecked(False)
    finish(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.exit_code == GuiExit.CONFIGURED
    assert json.loads(result_file.read_text())["keyring"] is None


def test_cancel_writes_nothing_and_closes_the_secret_fd(
    qtbot: Any, make_wizard: Any, demo: Any, tmp_path: Path, pipe: tuple[int, int]
) -> None:
    read_end, write_end = pipe
    result_file = tmp_path / "result.json"
    wizard = make_wizard(demo_state(demo, result_file=result_file, secret_fd=write_end))
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    finish(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert wizard.exit_code == GuiExit.CANCELLED
    assert not result_file.exists()
    assert read_all(read_end) == b""


def test_settings_not_working_exit_3(
    qtbot: Any, make_wizard: Any, demo: Any, tmp_path: Path, pipe: tuple[int, int]
) -> None:
    read_end, write_end = pipe
    result_file = tmp_path / "result.json"
    state = demo_state(
        demo,
        result_file=result_file,
        secret_fd=write_end,
        preset=make_preset(tmp_path, demo, pairings=["465/tls"]),
    )
    state.demo = dataclasses.replace(state.demo, password="not-the-password")
    wizard = make_wizard(state)
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    wait_all_final(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.RESULT
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)  # nothing to save: last page
    assert wizard.exit_code == GuiExit.NOT_WORKING
    assert not result_file.exists()
    assert read_all(read_end) == b""  # a password that did not work is never handed over


def test_an_unwritable_result_file_is_reported(
    qtbot: Any, make_wizard: Any, demo: Any, tmp_path: Path
) -> None:
    result_file = tmp_path / "gone" / "result.json"  # its folder vanished after the start
    wizard = make_wizard(demo_state(demo, result_file=result_file))
    wizard.signin_page.remember.setChecked(False)
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    finish(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.exit_code == GuiExit.CANCELLED
    assert "could not be written" in wizard.delivery_problems[0]


def check_report_buttons(qtbot: Any, page: Any, password: str, host: str, folder: Path) -> None:
    encoded = base64.b64encode(password.encode()).decode()
    buttons = page.report_buttons
    assert buttons.isVisible() and buttons.copy_button.isEnabled()
    assert page.report_buttons._secrets() == [password]
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(buttons.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "copied" in buttons.status.text(), timeout=10000)
    text = QGuiApplication.clipboard().text()
    assert "leaked" in text and host in text
    assert password not in text and encoded not in text
    for name in ("report.html", "report.txt"):
        path = folder / name
        buttons.save_report(str(path))
        qtbot.waitUntil(
            lambda p=path: p.exists() and "saved" in buttons.status.text(), timeout=10000
        )
        content = path.read_text()
        assert "leaked" in content
        assert password not in content and encoded not in content


def test_report_buttons_pass_the_password_for_redaction(
    qtbot: Any, make_wizard: Any, demo: Any, tmp_path: Path
) -> None:
    preset = make_preset(tmp_path, demo, pairings=["465/tls", "587/starttls"])
    wizard = make_wizard(demo_state(demo, preset=preset))
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    wait_all_final(qtbot, wizard)
    # a report that (by some bug) carried the password: the buttons must still mask it
    wizard.state.report = dataclasses.replace(
        wizard.state.report, summary=f"leaked {demo.password} here"
    )
    wizard.testing_page.report_buttons.refresh()
    (tmp_path / "testing").mkdir()
    check_report_buttons(qtbot, wizard.testing_page, demo.password, demo.host, tmp_path / "testing")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.RESULT
    (tmp_path / "result").mkdir()
    check_report_buttons(qtbot, wizard.result_page, demo.password, demo.host, tmp_path / "result")


def test_gui_command_rejects_a_bad_preset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    preset = tmp_path / "preset.json"
    preset.write_text(
        json.dumps(
            {"schema": PRESET_SCHEMA, "host": "smtp.example.com", "username": "me\r\nRCPT TO:<x>"}
        )
    )
    assert cli_main(["gui", "--preset", str(preset)]) == 2
    err = capsys.readouterr().err
    assert 'field "username"' in err and "line break" in err and "Traceback" not in err
    assert cli_main(["gui", "--secret-fd", "2"]) == 2
    assert "--secret-fd" in capsys.readouterr().err
    assert cli_main(["gui", "--result-file", str(tmp_path / "no" / "r.json")]) == 2
    assert "--result-file" in capsys.readouterr().err
