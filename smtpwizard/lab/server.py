"""A lab server on loopback: one :class:`ServerSpec`, a random free port, clean start and stop."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import socket
import ssl
from collections.abc import Sequence
from typing import Any

from smtpwizard.lab.certs import LabCA
from smtpwizard.lab.lifecycle import AsyncStartStop
from smtpwizard.lab.protocol import LabRecorder, LabSMTP, RawProtocol
from smtpwizard.lab.records import AuthAttempt, MailCommand, ReceivedMessage
from smtpwizard.lab.spec import Behaviour, Mode, ServerSpec
from smtpwizard.lab.tlslayer import FlushingSSLProtocol, server_tls

LOOPBACK = "127.0.0.1"
LOOPBACK_V6 = "::1"


def bind_loopback(
    hosts: Sequence[str], port: int = 0, *, backlog: int = 100
) -> list[socket.socket]:
    """Listening sockets on every address in ``hosts`` sharing one port (the first address picks
    it when ``port`` is 0). Extra addresses that cannot be bound (no IPv6) are skipped; if the port
    is taken on an extra address, a new port is tried."""
    for _ in range(20):
        socks: list[socket.socket] = []
        try:
            for index, host in enumerate(hosts):
                family = socket.AF_INET6 if ":" in host else socket.AF_INET
                try:
                    # proto=IPPROTO_TCP: asyncio then sets TCP_NODELAY on accepted connections
                    # (with proto 0 it does not, and every multi-line reply waits ~40 ms for
                    # the client's delayed ACK)
                    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
                except OSError:
                    if index == 0:
                        raise
                    continue
                try:
                    if family == socket.AF_INET6:
                        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                    sock.bind((host, port))
                    sock.listen(backlog)
                except OSError as exc:
                    sock.close()
                    if index == 0:
                        raise
                    if exc.errno == errno.EADDRINUSE and port == 0:
                        raise _Retry from None
                    continue  # address not available (no IPv6 on loopback): skip it
                socks.append(sock)
                if port == 0:
                    port = sock.getsockname()[1]
            return socks
        except _Retry:
            for s in socks:
                s.close()
            port = 0
            continue
        except BaseException:
            for s in socks:
                s.close()
            raise
    raise OSError("could not find a free loopback port for every address")


class _Retry(Exception):
    pass


def closed_port(host: str = LOOPBACK) -> int:
    """A port on which nothing listens right now (connecting is refused at once)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
    return port


class LabServer(AsyncStartStop):
    """A scripted SMTP (or non-SMTP) server on loopback.

    ``async with LabServer(spec) as server: ... server.port ...`` or ``await server.start()`` /
    ``await server.stop()``. Must be started and stopped on the same event loop; for a server in
    a background thread see :class:`smtpwizard.lab.threads.ThreadedLabServer`.
    """

    def __init__(
        self,
        spec: ServerSpec | None = None,
        *,
        ca: LabCA | None = None,
        hosts: Sequence[str] = (LOOPBACK,),
        port: int = 0,
    ) -> None:
        self.spec = spec if spec is not None else ServerSpec()
        self.ca = ca if ca is not None else (LabCA.shared() if self.spec.uses_tls else None)
        self.hosts = tuple(hosts)
        self._requested_port = port
        self.port = 0
        self._recorder = LabRecorder()
        self._servers: list[asyncio.Server] = []
        self._protocols: list[LabSMTP | RawProtocol] = []
        self._tls_layers: list[FlushingSSLProtocol] = []

    # -- records ------------------------------------------------------------------------------

    @property
    def host(self) -> str:
        return self.hosts[0]

    @property
    def received(self) -> list[ReceivedMessage]:
        """Every message accepted with DATA, oldest first."""
        return self._recorder.received

    @property
    def auth_attempts(self) -> list[AuthAttempt]:
        """Every AUTH command that named a mechanism (successful or not)."""
        return self._recorder.auth_attempts

    @property
    def failed_logins(self) -> int:
        return sum(1 for a in self._recorder.auth_attempts if not a.success)

    @property
    def mail_commands(self) -> list[MailCommand]:
        return self._recorder.mail_commands

    @property
    def connections(self) -> int:
        """How many TCP connections were accepted."""
        return self._recorder.connections

    def clear_records(self) -> None:
        self._recorder.clear()

    @property
    def running(self) -> bool:
        return bool(self._servers)

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> LabServer:
        if self._servers:
            return self
        loop = asyncio.get_running_loop()
        socks = bind_loopback(self.hosts, self._requested_port)
        self.port = socks[0].getsockname()[1]
        implicit: ssl.SSLContext | None = None
        starttls: ssl.SSLContext | None = None
        if self.spec.uses_tls:
            assert self.ca is not None
            ctx = self.ca.server_context(self.spec.cert)
            if self.spec.mode is Mode.TLS:
                implicit = ctx
            else:
                starttls = ctx
        try:
            for sock in socks:
                server = await loop.create_server(
                    lambda: self._protocol(starttls, implicit), sock=sock
                )
                self._servers.append(server)
        except BaseException:
            for sock in socks:
                sock.close()
            await self.stop()
            raise
        return self

    def _protocol(
        self, starttls: ssl.SSLContext | None, implicit: ssl.SSLContext | None
    ) -> asyncio.BaseProtocol:
        app: LabSMTP | RawProtocol
        if self.spec.behaviour is Behaviour.SMTP:
            app = LabSMTP(
                self.spec,
                self._recorder,
                starttls_context=starttls,
                implicit_tls=implicit is not None,
                on_connection=self._protocols.append,
            )
        else:
            app = RawProtocol(self.spec, self._recorder, on_connection=self._protocols.append)
        if implicit is None:
            return app
        # implicit TLS: our own layer, so a failed handshake sends its alert and logs nothing
        layer, _ = server_tls(asyncio.get_running_loop(), app, implicit)
        self._tls_layers.append(layer)
        return layer

    async def stop(self) -> None:
        """Stop listening, drop every open connection and wait for their tasks to end."""
        servers, self._servers = self._servers, []
        for server in servers:
            server.close()
        protocols, self._protocols = self._protocols, []
        layers, self._tls_layers = self._tls_layers, []
        for layer in layers:
            raw = layer.raw_transport
            if isinstance(raw, asyncio.Transport):
                raw.abort()
        tasks: list[asyncio.Task[Any]] = []
        for proto in protocols:
            for transport in (getattr(proto, "_original_transport", None), proto.transport):
                if isinstance(transport, asyncio.Transport):
                    transport.abort()
            task = getattr(proto, "_handler_coroutine", None)
            if task is not None and not task.done():
                task.cancel()
                tasks.append(task)
        for server in servers:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 2)
        if tasks:
            await asyncio.wait(tasks, timeout=2)
        # let transports finish their connection_lost callbacks
        for _ in range(3):
            await asyncio.sleep(0)

    def __repr__(self) -> str:
        return f"<LabServer {self.spec.mode}/{self.spec.behaviour} on {self.host}:{self.port}>"
