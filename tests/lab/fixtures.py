"""pytest fixtures of the lab (enable with ``pytest_plugins = ["tests.lab.fixtures"]``).

* ``lab_ca``                 session: the process-wide :class:`LabCA`
* ``smtp_server``            async factory: ``server = await smtp_server(ServerSpec(...))``
* ``threaded_smtp_server``   sync factory (server in a background thread), for sync/GUI tests
* ``blackhole``              a started :class:`Blackhole` (connect() times out)
* ``demo_lab``               async: a running :class:`DemoLab`
* ``demo_lab_thread``        sync: a running :class:`DemoLabThread`
* ``recording_proxy``        async factory: ``proxy = await recording_proxy(server.port)``

Everything is stopped after the test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import pytest
import pytest_asyncio

from smtpwizard.lab import (
    Blackhole,
    DemoLab,
    DemoLabThread,
    LabCA,
    LabServer,
    ServerSpec,
    ThreadedLabServer,
)
from tests.lab.proxy import RecordingProxy

ServerFactory = Callable[..., Awaitable[LabServer]]
ProxyFactory = Callable[..., Awaitable[RecordingProxy]]


@pytest.fixture(scope="session")
def lab_ca() -> LabCA:
    return LabCA.shared()


@pytest_asyncio.fixture
async def smtp_server(lab_ca: LabCA) -> AsyncIterator[ServerFactory]:
    servers: list[LabServer] = []

    async def make(spec: ServerSpec | None = None, **kwargs: Any) -> LabServer:
        """``await smtp_server(spec)`` or ``await smtp_server(mode=Mode.TLS, accounts=...)``."""
        if spec is None:
            spec = ServerSpec(**kwargs)
        elif kwargs:
            spec = spec.with_(**kwargs)
        server = LabServer(spec, ca=lab_ca)
        servers.append(server)
        return await server.start()

    yield make
    for server in servers:
        await server.stop()


@pytest.fixture
def threaded_smtp_server(lab_ca: LabCA) -> Iterator[Callable[..., ThreadedLabServer]]:
    servers: list[ThreadedLabServer] = []

    def make(spec: ServerSpec | None = None, **kwargs: Any) -> ThreadedLabServer:
        if spec is None:
            spec = ServerSpec(**kwargs)
        elif kwargs:
            spec = spec.with_(**kwargs)
        server = ThreadedLabServer(spec, ca=lab_ca)
        servers.append(server)
        return server.start()

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def blackhole() -> Iterator[Blackhole]:
    with Blackhole() as hole:
        yield hole


@pytest_asyncio.fixture
async def demo_lab(lab_ca: LabCA) -> AsyncIterator[DemoLab]:
    async with DemoLab(ca=lab_ca) as lab:
        yield lab


@pytest.fixture
def demo_lab_thread(lab_ca: LabCA) -> Iterator[DemoLabThread]:
    with DemoLabThread(ca=lab_ca) as lab:
        yield lab


@pytest_asyncio.fixture
async def recording_proxy() -> AsyncIterator[ProxyFactory]:
    proxies: list[RecordingProxy] = []

    async def make(target_port: int, target_host: str = "127.0.0.1") -> RecordingProxy:
        proxy = RecordingProxy(target_port, target_host)
        proxies.append(proxy)
        return await proxy.start()

    yield make
    for proxy in proxies:
        await proxy.stop()
