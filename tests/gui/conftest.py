"""Fixtures for driving the real wizard offscreen against the loopback lab.

The qasync recipe from NOTES.md: sync tests; one ``QEventLoop(app, already_running=True)`` made
the current loop while a test runs; coroutines advance whenever Qt processes events
(``qtbot.waitUntil``). The loop is never stopped with ``loop.stop()``/``app.quit()`` (that sets
Qt's quit flag and breaks every later ``qtbot.wait*``): teardown cancels the tasks instead.
"""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from smtpwizard.gui.page_ids import PageId
from smtpwizard.gui.state import DemoConfig, WizardState
from smtpwizard.gui.wizard import SetupWizard
from smtpwizard.lab import DemoLabThread, LabCA, ServerSpec, ThreadedLabServer


@pytest.fixture(scope="session")
def _session_loop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    loop = qasync.QEventLoop(qapp, already_running=True)
    executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="gui-test-executor")
    loop.set_default_executor(executor)
    asyncio.events._set_running_loop(None)  # made current per test (see qloop)
    yield loop
    # qasync thinks this loop runs (already_running); mark it stopped without app.exit()
    loop._QEventLoop__is_running = False  # type: ignore[attr-defined]
    loop.close()
    executor.shutdown(wait=True, cancel_futures=True)


def pending_tasks(loop: asyncio.AbstractEventLoop) -> list[asyncio.Task[Any]]:
    return [t for t in asyncio.all_tasks(loop) if not t.done()]


@pytest.fixture
def qloop(_session_loop: qasync.QEventLoop, qtbot: Any) -> Iterator[qasync.QEventLoop]:
    """The qasync loop, current and "running" for the duration of one test."""
    loop = _session_loop
    asyncio.set_event_loop(loop)
    asyncio.events._set_running_loop(loop)
    try:
        yield loop
    finally:
        for task in pending_tasks(loop):
            task.cancel()
        qtbot.waitUntil(lambda: not pending_tasks(loop), timeout=5000)
        qtbot.wait(30)  # let closed transports run their scheduled connection_lost callbacks
        asyncio.events._set_running_loop(None)
        asyncio.set_event_loop(None)


@pytest.fixture(autouse=True)
def _private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Window size and the saved-accounts index go to a temporary folder, never the home."""
    monkeypatch.setenv("SMTPWIZARD_SETTINGS_DIR", str(tmp_path / "settings"))
    monkeypatch.setenv("SMTPWIZARD_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("SMTPWIZARD_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def distinct_colours(image: QImage, step: int = 3) -> int:
    colours = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colours.add(image.pixel(x, y))
    return len(colours)


@pytest.fixture
def screenshot(
    screenshot_dir: Path, request: pytest.FixtureRequest
) -> Callable[[QWidget, str], Path]:
    """``screenshot(widget, "name")``: save a PNG and check it is not blank."""

    def take(widget: QWidget, name: str) -> Path:
        QApplication.processEvents()
        pixmap = widget.grab()
        path = screenshot_dir / f"{request.node.name}--{name}.png"
        assert pixmap.save(str(path)), path
        colours = distinct_colours(pixmap.toImage())
        assert colours > 12, f"{path} looks blank ({colours} colours)"
        return path

    return take


# --- the lab ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_lab() -> Iterator[DemoLabThread]:
    """The built-in demo provider (465 TLS, 587 STARTTLS, 25 MX-like, 2525 blocked)."""
    with DemoLabThread() as lab:
        yield lab


@pytest.fixture
def demo(demo_lab: DemoLabThread) -> DemoLabThread:
    for server in demo_lab.lab.servers.values():
        server.clear_records()
    return demo_lab


@pytest.fixture
def lab_server() -> Iterator[Callable[[ServerSpec], ThreadedLabServer]]:
    """Start scripted lab servers for one test: ``lab_server(ServerSpec(...))``."""
    started: list[ThreadedLabServer] = []

    def start(spec: ServerSpec) -> ThreadedLabServer:
        server = ThreadedLabServer(spec, ca=LabCA.shared()).start()
        started.append(server)
        return server

    yield start
    # stop() finishes the server's own loop from this thread: step out of the qasync loop
    running = asyncio.events._get_running_loop()
    asyncio.events._set_running_loop(None)
    try:
        for server in started:
            server.stop()
    finally:
        asyncio.events._set_running_loop(running)


@pytest.fixture
def make_wizard(
    qtbot: Any, qloop: qasync.QEventLoop, screenshot: Callable[[QWidget, str], Path]
) -> Callable[..., SetupWizard]:
    """A shown wizard for ``state``; closed (and its probe cancelled) after the test.

    Every page the test reaches is saved as a screenshot (and checked not to be blank) the
    moment it is shown: ``<test>--pageNN-<page>.png``.
    """

    def make(state: WizardState) -> SetupWizard:
        wizard = SetupWizard(state)
        qtbot.addWidget(wizard)
        shots = itertools.count(1)

        def on_page(page_id: int) -> None:
            if page_id >= 0 and wizard.isVisible():
                screenshot(wizard, f"page{next(shots):02d}-{PageId(page_id).name.lower()}")

        wizard.currentIdChanged.connect(on_page)
        wizard.show()
        qtbot.waitExposed(wizard)
        # as a person's window: active, so keyboard focus is real (on X it needs a window manager)
        with qtbot.waitActive(wizard):
            wizard.activateWindow()
        on_page(wizard.currentId())  # the start page was set while the window was hidden
        return wizard

    return make


def demo_state(lab: DemoLabThread, **overrides: Any) -> WizardState:
    state = WizardState(demo=DemoConfig.from_lab(lab), **overrides)
    state.discovery_overrides = {"offline": True}
    return state
