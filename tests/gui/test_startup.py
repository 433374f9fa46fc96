"""Start-up: the window is drawn with its first page before the rest of the wizard (asyncio,
qasync, the engine, the other pages) is loaded; after ``complete()`` it is the whole wizard."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWizard

from smtpwizard.core.credentials.accounts import AccountIndex
from smtpwizard.core.models import Security, Settings
from smtpwizard.gui.page_ids import PageId
from smtpwizard.gui.wizard import SetupWizard
from tests.gui.conftest import demo_state
from tests.gui.helpers import to_testing, wait_verdict

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


def test_a_deferred_wizard_starts_with_one_page_then_becomes_whole(
    qtbot: Any, qloop: Any, demo: Any, screenshot: Any
) -> None:
    wizard = SetupWizard(demo_state(demo), defer=True)
    qtbot.addWidget(wizard)
    assert not wizard.completed and wizard.pageIds() == [PageId.ACCOUNT]
    wizard.show()
    qtbot.waitExposed(wizard)
    # from the first paint on, the page offers Next, never Finish
    assert wizard.button(QWizard.WizardButton.NextButton).isVisible()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    screenshot(wizard, "first-paint")
    wizard.complete()
    wizard.complete()  # once only
    assert wizard.completed and sorted(wizard.pageIds()) == sorted(PageId)
    assert wizard.currentId() == PageId.ACCOUNT
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert next_button.isVisible() and next_button.isEnabled()
    to_testing(qtbot, wizard)
    wait_verdict(qtbot, wizard)
    assert wizard.state.report is not None and wizard.state.report.ok
    wizard.reject()


def test_with_saved_accounts_or_a_preset_everything_is_built_at_once(
    qtbot: Any, qloop: Any, demo: Any
) -> None:
    AccountIndex().record_verified(Settings(demo.host, 465, Security.TLS, demo.username))
    wizard = SetupWizard(demo_state(demo), defer=True)
    qtbot.addWidget(wizard)
    assert wizard.completed and wizard.startId() == PageId.SAVED


CHILD = textwrap.dedent("""
    import json, sys
    from PySide6.QtCore import QTimer
    from smtpwizard.gui import app
    from smtpwizard.gui.page_ids import PageId
    from smtpwizard.gui.wizard import SetupWizard

    seen = {}

    class Driven(SetupWizard):
        def showEvent(self, event):
            seen.setdefault("loaded_before_paint", sorted(
                m for m in ("asyncio", "qasync", "smtpwizard.lab", "smtpwizard.gui.runner",
                            "smtpwizard.gui.pages.testing") if m in sys.modules))
            seen.setdefault("next_shown", self.button(self.WizardButton.NextButton).isVisible())
            super().showEvent(event)

        def complete(self):
            super().complete()
            seen["pages"] = len(self.pageIds())
            QTimer.singleShot(0, self.drive)

        def drive(self):
            for _ in range(3):  # account, server, sign-in: on to the test
                self.next()
            self.poll()

        def poll(self):
            if self.state.report is None:
                QTimer.singleShot(20, self.poll)
                return
            seen["ok"] = self.state.report.ok
            self.reject()

    app.SetupWizard = Driven
    code = app.run(demo=True)
    print(json.dumps({**seen, "exit": code}))
""")


def test_the_real_start_draws_first_then_runs_a_probe_on_the_qasync_loop(tmp_path: Path) -> None:
    # the platform of this run: offscreen, or xcb in the Xvfb pass (draw_now waits for X)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "SMTPWIZARD_SETTINGS_DIR": str(tmp_path / "settings"),
        "SMTPWIZARD_CONFIG_DIR": str(tmp_path / "config"),
        "PYTHONPATH": str(ROOT),
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {
        "loaded_before_paint": [],
        "next_shown": True,
        "pages": 7,
        "ok": True,
        "exit": 1,
    }


def test_the_demo_account_is_known_before_its_lab_runs(demo: Any) -> None:
    from dataclasses import replace

    from smtpwizard.gui.state import DemoConfig

    early, running = DemoConfig.before_start(), DemoConfig.from_lab(demo)
    assert replace(running, port_map={}, ca_pem=None) == early


def test_a_damaged_list_is_still_explained_when_start_up_reads_it_first(
    qtbot: Any, qloop: Any, demo: Any
) -> None:
    index = AccountIndex()
    index.path.parent.mkdir(parents=True, exist_ok=True)
    index.path.write_text("{ not json")  # reading it sets it aside: it must be read only once
    wizard = SetupWizard(demo_state(demo), defer=True)
    qtbot.addWidget(wizard)
    assert wizard.completed and wizard.startId() == PageId.SAVED
    assert "could not be read" in wizard.saved_page.status.text()
