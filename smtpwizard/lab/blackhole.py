"""A loopback port where ``connect()`` hangs until the client gives up (a firewalled port).

A listening socket with a backlog of 0 that never accepts, its queue filled by our own
half-open connections: the kernel then drops every further SYN, exactly like a DROP rule,
without touching the firewall. (A server that accepts and never speaks is a different
failure: ``ServerSpec(behaviour=Behaviour.SILENT)``.)
"""

from __future__ import annotations

import socket
from collections.abc import Sequence
from types import TracebackType

from smtpwizard.lab.server import LOOPBACK, bind_loopback

_FILLERS = 2


class Blackhole:
    """``with Blackhole() as bh: ... bh.port ...`` (also ``async with``, or start()/stop())."""

    def __init__(self, *, hosts: Sequence[str] = (LOOPBACK,), port: int = 0) -> None:
        self.hosts = tuple(hosts)
        self._requested_port = port
        self.port = 0
        self._listeners: list[socket.socket] = []
        self._fillers: list[socket.socket] = []

    @property
    def host(self) -> str:
        return self.hosts[0]

    @property
    def running(self) -> bool:
        return bool(self._listeners)

    def start(self) -> Blackhole:
        if self._listeners:
            return self
        self._listeners = bind_loopback(self.hosts, self._requested_port, backlog=0)
        self.port = self._listeners[0].getsockname()[1]
        try:
            for listener in self._listeners:
                family, address = listener.family, listener.getsockname()[:2]
                for _ in range(_FILLERS):
                    filler = socket.socket(family, socket.SOCK_STREAM)
                    self._fillers.append(filler)
                    filler.setblocking(False)
                    filler.connect_ex(address)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        fillers, self._fillers = self._fillers, []
        listeners, self._listeners = self._listeners, []
        for sock in fillers + listeners:
            sock.close()

    def __enter__(self) -> Blackhole:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> Blackhole:
        return self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<Blackhole {self.host}:{self.port}>"
