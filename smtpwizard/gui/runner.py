"""The one asyncio ↔ Qt adapter.

:class:`ProbeRunner` starts engine coroutines as tasks on the running qasync loop and turns
their progress into Qt signals. Pages never touch asyncio or the network themselves: they ask the
runner and react to its signals. Every task the runner starts is tracked, so ``cancel()`` /
``cancel_all()`` leave nothing running behind.

:func:`run_blocking` runs a blocking call (the keyring) on a daemon thread with a deadline, so a
backend that hangs can never freeze the window nor keep the program from exiting.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import importlib
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from smtpwizard.core.models import Failure, ProbeReport
from smtpwizard.core.probe.events import AttemptFinished, ProbeEvent, StageFinished, VerdictReached
from smtpwizard.core.probe.options import ProbeOptions
from smtpwizard.core.wording import messages

if TYPE_CHECKING:
    from smtpwizard.core.oauth import OAuthTokens

T = TypeVar("T")

ProbeFunction = Callable[[ProbeOptions, Callable[[ProbeEvent], None]], Awaitable[ProbeReport]]


def warm_up_engine() -> threading.Thread:
    """Import the engine's heavy modules (aiosmtplib, cryptography, dnspython, httpx) on a
    worker thread while the person reads the first page, so that the first probe or discovery
    does not freeze the window for the ~100 ms these imports take."""

    def work() -> None:
        for name in (
            "smtpwizard.core.probe.engine",
            "smtpwizard.core.discovery.pipeline",
            "smtpwizard.core.oauth",
        ):
            with contextlib.suppress(Exception):  # a real problem shows when it is used
                importlib.import_module(name)
        with contextlib.suppress(Exception):  # parse the provider list once, here
            # lazy: not needed for the first paint (the wizard draws before loading the rest)
            from smtpwizard.core.discovery.providers import bundled_providers

            bundled_providers()

    thread = threading.Thread(target=work, name="smtpwizard-warm-up", daemon=True)
    thread.start()
    return thread


def _default_probe() -> ProbeFunction:
    # lazy: not needed for the first paint (the wizard draws before loading the rest)
    from smtpwizard.core.probe.engine import probe_async

    return probe_async


def _problem_words(exc: BaseException, provider: str | None) -> str:
    """The text of an error that ended a probe: plain words for a failed OAuth sign-in."""
    failure = getattr(exc, "failure", None)
    if isinstance(failure, Failure):
        return messages.describe(failure, provider).paragraph()
    return str(exc) or type(exc).__name__


async def _with_token(
    probe: ProbeFunction,
    options: ProbeOptions,
    on_event: Callable[[ProbeEvent], None],
    tokens: OAuthTokens | None,
) -> ProbeReport:
    """Probe with a fresh OAuth access token (refreshed first if it has expired)."""
    if tokens is not None:
        options = dataclasses.replace(
            options, password=None, oauth_token=await tokens.access_token()
        )
    return await probe(options, on_event)


async def run_blocking(fn: Callable[[], T], timeout: float) -> T:
    """Run ``fn()`` on a daemon thread; raise ``TimeoutError`` if it takes longer than ``timeout``.

    A call that hangs is abandoned (its thread is a daemon, so it cannot block the exit).
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def deliver(ok: bool, value: Any) -> None:
        if future.done():
            return
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)

    def work() -> None:
        try:
            value: Any = fn()
            ok = True
        except BaseException as exc:
            value, ok = exc, False
        # the loop may be gone when an abandoned call finally returns
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(deliver, ok, value)

    threading.Thread(target=work, name="smtpwizard-blocking", daemon=True).start()
    return await asyncio.wait_for(future, timeout)


class ProbeRunner(QObject):
    """Runs a probe (and small helper jobs) on the qasync loop; reports through signals.

    Signals carry engine records: ``stage_finished(StageFinished)``, ``attempt_finished(Attempt)``,
    ``verdict_reached(ProbeReport)``, ``final(ProbeReport)`` (the answer cannot change any more;
    attempts may still be running), ``finished(ProbeReport)``; ``failed(str)`` carries the
    text of an unexpected error (the engine never raises for network trouble, so this means a
    bug or bad input); ``running_changed(bool)``.
    """

    stage_finished = Signal(object)
    attempt_finished = Signal(object)
    verdict_reached = Signal(object)
    final = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, probe: ProbeFunction | None = None) -> None:
        super().__init__(parent)
        self._probe = probe
        self._task: asyncio.Task[ProbeReport] | None = None
        self._run = 0
        self._jobs: set[asyncio.Task[Any]] = set()
        self._closed = False

    # --- the probe -------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self, options: ProbeOptions, tokens: OAuthTokens | None = None) -> None:
        """Start a probe; a probe still running is cancelled first (its signals are dropped).

        ``tokens`` (an ``OAuthTokens``): sign in with its access token (XOAUTH2), not a password.
        """
        self.cancel()
        self._run += 1
        run = self._run
        probe = self._probe or _default_probe()

        def on_event(event: ProbeEvent) -> None:
            if run != self._run:
                return  # a stale event of a cancelled probe
            if threading.current_thread() is not threading.main_thread():
                loop.call_soon_threadsafe(on_event, event)
                return
            if isinstance(event, StageFinished):
                self.stage_finished.emit(event)
            elif isinstance(event, AttemptFinished):
                self.attempt_finished.emit(event.attempt)
            elif isinstance(event, VerdictReached):
                self.verdict_reached.emit(event.report)
                if event.final:
                    self.final.emit(event.report)

        loop = asyncio.get_event_loop()
        task = asyncio.ensure_future(_with_token(probe, options, on_event, tokens), loop=loop)
        task.set_name("smtpwizard-probe")
        self._task = task
        task.add_done_callback(lambda t: self._probe_done(run, t, options.provider))
        self.running_changed.emit(True)

    def cancel(self) -> None:
        """Cancel the running probe, if any. Returns at once; no signal of it follows."""
        task, self._task = self._task, None
        self._run += 1
        if task is not None and not task.done():
            task.cancel()
            self.running_changed.emit(False)

    def _probe_done(
        self, run: int, task: asyncio.Task[ProbeReport], provider: str | None = None
    ) -> None:
        if run != self._run:
            return
        self._task = None
        self.running_changed.emit(False)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            self.failed.emit(_problem_words(exc, provider))
        else:
            self.finished.emit(task.result())

    def probe_quietly(
        self,
        options: ProbeOptions,
        tokens: OAuthTokens | None,
        on_result: Callable[[ProbeReport], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> asyncio.Task[ProbeReport]:
        """A short probe beside the shown one (the test message): no progress signals, and the
        shown report stays as it is."""
        probe = self._probe or _default_probe()
        return self.call(
            _with_token(probe, options, lambda _event: None, tokens), on_result, on_error
        )

    # --- small jobs (discovery, keyring) -------------------------------------------------------
    def call(
        self,
        coro: Coroutine[Any, Any, T],
        on_result: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> asyncio.Task[T]:
        """Run ``coro`` as a tracked task; call back with its result or its exception."""
        task = asyncio.get_event_loop().create_task(coro)
        self._jobs.add(task)

        def done(t: asyncio.Task[T]) -> None:
            self._jobs.discard(t)
            if t.cancelled():
                return
            exc = t.exception()
            if self._closed:
                return
            if exc is None:
                on_result(t.result())
            elif on_error is not None:
                on_error(exc)

        task.add_done_callback(done)
        return task

    def cancel_all(self) -> None:
        """Cancel the probe and every job; used when the window closes."""
        self.cancel()
        for job in list(self._jobs):
            job.cancel()

    def shut_down(self) -> None:
        """The window has closed: cancel everything, and from now on call nothing back (a
        cancelled job's callbacks and late events would reach pages that are going away)."""
        self._closed = True
        self.cancel_all()
        self.blockSignals(True)
