"""Lab servers in a background thread with their own event loop (for the GUI, the CLI and
synchronous tests)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from smtpwizard.lab.certs import LabCA
from smtpwizard.lab.server import LabServer
from smtpwizard.lab.spec import ServerSpec

T = TypeVar("T")


class LoopThread:
    """An asyncio event loop running in a daemon thread; :meth:`run` executes a coroutine in it
    and waits for the result."""

    def __init__(self, name: str = "smtpwizard-lab") -> None:
        self._name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            raise RuntimeError("the lab thread is not running")
        return self._loop

    def start(self) -> None:
        if self._thread is not None:
            return
        loop = asyncio.new_event_loop()
        ready = threading.Event()

        def main() -> None:
            asyncio.set_event_loop(loop)
            loop.call_soon(ready.set)
            loop.run_forever()

        self._loop = loop
        self._thread = threading.Thread(target=main, name=self._name, daemon=True)
        self._thread.start()
        ready.wait(5)

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 10.0) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        self.run(_cancel_other_tasks())
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
        self._loop = None
        self._thread = None


async def _cancel_other_tasks() -> None:
    me = asyncio.current_task()
    tasks = [t for t in asyncio.all_tasks() if t is not me]
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.wait(tasks, timeout=2)


class AsyncService(Protocol):
    """Something with coroutine start()/stop(), like LabServer and DemoLab."""

    @property
    def running(self) -> bool: ...

    async def start(self) -> Any: ...

    async def stop(self) -> None: ...


class ThreadedService:
    """Runs an :class:`AsyncService` in its own :class:`LoopThread`, so synchronous code (the
    GUI, the CLI, sync tests) can ``start()``/``stop()`` it or use ``with``."""

    def __init__(self, service: AsyncService, thread_name: str) -> None:
        self._service = service
        self._thread = LoopThread(thread_name)

    @property
    def running(self) -> bool:
        return self._service.running

    def start(self) -> Self:
        if self._service.running:
            return self
        self._thread.start()
        try:
            self._thread.run(self._service.start())
        except BaseException:
            self._thread.stop()
            raise
        return self

    def stop(self) -> None:
        if self._thread._loop is None:
            return
        try:
            self._thread.run(self._service.stop())
        finally:
            self._thread.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class ThreadedLabServer(ThreadedService):
    """A :class:`LabServer` running in its own :class:`LoopThread`: ``start()``/``stop()`` (or
    ``with``) from synchronous code. Records (``received``, ``auth_attempts`` ...) are read
    through :attr:`server`."""

    def __init__(
        self, spec: ServerSpec | None = None, *, ca: LabCA | None = None, **kwargs: Any
    ) -> None:
        self.server = LabServer(spec, ca=ca, **kwargs)
        super().__init__(self.server, "smtpwizard-lab-server")

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def host(self) -> str:
        return self.server.host
