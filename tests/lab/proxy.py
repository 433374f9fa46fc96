"""A TCP proxy on loopback that records every byte in both directions.

Put it between the probe and a lab server (``port_map={465: proxy.port}``) and assert that no
form of the password crossed the wire readable: the recording is the raw stream, so TLS bytes
are ciphertext and any match is a cleartext leak.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib

from smtpwizard.lab.lifecycle import AsyncStartStop


def secret_forms(user: str, password: str) -> list[bytes]:
    """Every way a password can appear on the wire in an AUTH exchange (plus the user name in
    base64, which a plaintext AUTH LOGIN would reveal)."""
    u, p = user.encode("utf-8"), password.encode("utf-8")
    b64 = base64.b64encode
    forms = [
        p,
        b64(p),
        b64(b"\0" + u + b"\0" + p),
        b64(u + b"\0" + u + b"\0" + p),
        b64(b"user=" + u + b"\x01auth=Bearer " + p + b"\x01\x01"),
        b64(u),
    ]
    return list(dict.fromkeys(forms))


class RecordingProxy(AsyncStartStop):
    """``async with RecordingProxy(port) as proxy:`` then connect to ``proxy.port``.

    ``upstream`` / ``downstream`` hold what the client sent and what the server sent (all
    connections, in order); :meth:`leaks` lists the forms found in either direction.
    """

    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target_host = target_host
        self.target_port = target_port
        self.host = "127.0.0.1"
        self.port = 0
        self.upstream = bytearray()  # client -> server
        self.downstream = bytearray()  # server -> client
        self.connections = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def recorded(self) -> bytes:
        return bytes(self.upstream) + b"\n" + bytes(self.downstream)

    def leaks(self, forms: list[bytes]) -> list[bytes]:
        """The forms that appear anywhere in the recording (empty = nothing leaked)."""
        both = (bytes(self.upstream), bytes(self.downstream))
        return [f for f in forms if f and any(f in stream for stream in both)]

    async def start(self) -> RecordingProxy:
        self._server = await asyncio.start_server(self._handle, self.host, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.add(writer)
        try:
            up_reader, up_writer = await asyncio.open_connection(self.target_host, self.target_port)
        except OSError:
            writer.close()
            self._writers.discard(writer)
            return
        self._writers.add(up_writer)
        pumps = [
            asyncio.ensure_future(self._pump(reader, up_writer, self.upstream)),
            asyncio.ensure_future(self._pump(up_reader, writer, self.downstream)),
        ]
        self._tasks.update(pumps)
        try:
            await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
            # let the other direction drain what is already in flight
            await asyncio.wait(pumps, timeout=0.5)
        finally:
            for pump in pumps:
                pump.cancel()
            await asyncio.gather(*pumps, return_exceptions=True)
            self._tasks.difference_update(pumps)
            for w in (writer, up_writer):
                w.close()
                with contextlib.suppress(Exception):
                    await w.wait_closed()
                self._writers.discard(w)

    @staticmethod
    async def _pump(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, record: bytearray
    ) -> None:
        try:
            while data := await reader.read(65536):
                record.extend(data)
                writer.write(data)
                await writer.drain()
            if writer.can_write_eof():
                writer.write_eof()
        except (ConnectionError, OSError):
            pass

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for task in list(self._tasks):
            task.cancel()
        for writer in list(self._writers):
            writer.transport.abort()
        if server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 2)
        for _ in range(3):
            await asyncio.sleep(0)
