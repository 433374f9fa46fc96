"""A TCP proxy on loopback that delays every chunk by a fixed one-way delay, in each direction.

Loopback has no latency, so on it a probe is pure CPU work: nine connections cost about nine
times the work of one, with nothing to overlap. Real networks take tens of milliseconds per round
trip, which concurrent attempts overlap. This proxy puts a network-like delay in front of a lab
server (the TCP handshake itself stays instant; data is delayed by ``delay`` seconds each way).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence

from smtpwizard.lab.server import bind_loopback


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    """Forward in order; each chunk leaves ``delay`` seconds after it arrived."""
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def deliver() -> None:
        while True:
            due, data = await queue.get()
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if not data:
                with contextlib.suppress(OSError):
                    writer.write_eof()
                return
            writer.write(data)
            await writer.drain()

    sender = asyncio.create_task(deliver())
    try:
        while True:
            data = await reader.read(65536)
            queue.put_nowait((time.monotonic() + delay, data))
            if not data:
                break
        await sender
    except (OSError, asyncio.IncompleteReadError):
        sender.cancel()
    finally:
        writer.close()


class LatencyProxy:
    """Listens on ``hosts`` (one port) and forwards to ``127.0.0.1:target`` with a delay."""

    def __init__(self, target: int, delay: float, hosts: Sequence[str]) -> None:
        self.target = target
        self.delay = delay
        self.hosts = tuple(hosts)
        self.port = 0
        self._servers: list[asyncio.Server] = []
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> LatencyProxy:
        socks = bind_loopback(self.hosts)
        self.port = socks[0].getsockname()[1]
        for sock in socks:
            self._servers.append(await asyncio.start_server(self._handle, sock=sock))
        return self

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        except OSError:
            writer.close()
            self._tasks.discard(task)
            return
        try:
            await asyncio.gather(
                _pump(reader, up_writer, self.delay), _pump(up_reader, writer, self.delay)
            )
        except asyncio.CancelledError:
            writer.close()
            up_writer.close()  # stopped by stop(): the end of this connection, not an error
        finally:
            self._tasks.discard(task)

    async def stop(self) -> None:
        for server in self._servers:
            server.close()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=2)
        self._servers.clear()
