"""Start the wizard: QApplication, the qasync event loop, the window; return the exit code.

Exit codes: 0 configured, 1 cancelled by the user, 3 settings not working.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QWidget

from smtpwizard.gui.icons import icon
from smtpwizard.gui.state import DemoConfig, WizardState
from smtpwizard.gui.translation import choose_language, install_translators
from smtpwizard.gui.wizard import SetupWizard

if TYPE_CHECKING:
    from smtpwizard.core.installer.preset import Preset


def application(argv: Sequence[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = (
        existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv[:1]))
    )
    app.setApplicationName("smtpwizard")
    app.setOrganizationName("smtpwizard")
    app.setApplicationDisplayName("SMTP Wizard")
    app.setWindowIcon(icon("app"))
    return app


@contextlib.contextmanager
def demo_lab() -> Iterator[DemoConfig]:
    """Run the built-in demo servers on loopback for as long as the wizard is open."""
    # lazy: the demo servers load only in demo mode, after the first paint
    from smtpwizard.lab import DemoLabThread

    lab: Any = DemoLabThread()
    lab.start()
    try:
        yield DemoConfig.from_lab(lab)
    finally:
        lab.stop()


def draw_now(window: QWidget, wait: float = 0.25) -> None:
    """Put ``window`` on screen before anything slow: wait (briefly) until the window system
    shows it, then paint it at once instead of on a later turn of the event loop."""
    deadline = time.monotonic() + wait
    QApplication.processEvents()
    handle = window.windowHandle()
    while (
        handle is not None
        and window.isVisible()  # closed at once: nothing to wait for
        and not handle.isExposed()
        and time.monotonic() < deadline
    ):
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        time.sleep(0.005)  # wait for the window system, do not spin
    window.repaint()
    QApplication.processEvents()


def run_wizard(
    state: WizardState,
    argv: Sequence[str] | None = None,
    *,
    after_paint: Callable[[WizardState], AbstractContextManager[Any]] | None = None,
) -> int:
    """Open the wizard and run it until it closes; its exit code.

    ``after_paint(state)``: a context entered once the first page is drawn and left when the
    wizard has closed (the demo lab: started after the first paint, stopped at the end).
    """
    app = application(argv)
    install_translators(app, choose_language(state.preset.language if state.preset else None))
    # the first page is drawn before asyncio, qasync and the other pages are even imported
    wizard = SetupWizard(state, defer=True)
    wizard.show()
    draw_now(wizard)
    with contextlib.ExitStack() as stack:
        if after_paint is not None:
            stack.enter_context(after_paint(state))
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        import asyncio

        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        import qasync

        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        wizard.complete()
        closed: asyncio.Future[None] = loop.create_future()

        def on_finished(_result: int) -> None:
            if not closed.done():
                closed.set_result(None)

        wizard.finished.connect(on_finished)
        if not wizard.isVisible():  # closed while the rest was loading
            on_finished(0)
        with loop:
            loop.run_until_complete(closed)
            wizard.runner.shut_down()  # no signal of a late task reaches a page from here on
            pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        asyncio.set_event_loop(None)
    code = wizard.exit_code
    for problem in wizard.delivery_problems:
        print(f"smtpwizard: {problem}", file=sys.stderr)
    # the window and its pages go now, while Python is whole, not in the interpreter's teardown
    # lazy: not needed for the first paint (the wizard draws before loading the rest)
    import shiboken6

    shiboken6.delete(wizard)
    return code


@contextlib.contextmanager
def _demo_lab_for(state: WizardState) -> Iterator[None]:
    """Start the demo lab (after the first paint) and give the wizard its ports."""
    with demo_lab() as config:
        state.demo = config
        yield


def run(
    *,
    demo: bool = False,
    argv: Sequence[str] | None = None,
    preset: Preset | None = None,
    result_file: Path | None = None,
    secret_fd: int | None = None,
) -> int:
    """Open the wizard; with a preset, a result file and a secret descriptor for installers."""
    state = WizardState(
        demo=DemoConfig.before_start() if demo else None,
        preset=preset,
        result_file=result_file,
        secret_fd=secret_fd,
    )
    return run_wizard(state, argv, after_paint=_demo_lab_for if demo else None)
