"""Server-side TLS that behaves like a real server when the handshake fails.

asyncio's ``SSLProtocol`` drops the TLS alert it has just produced when a handshake fails (it
aborts the socket before flushing), so the client sees a bare connection reset instead of
"protocol version" or "certificate required". This subclass flushes the alert first.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from asyncio import sslproto
from typing import Any


class FlushingSSLProtocol(sslproto.SSLProtocol):
    def _on_handshake_complete(self, handshake_exc: BaseException | None) -> None:
        if handshake_exc is not None:
            with contextlib.suppress(Exception):
                self._process_outgoing()  # type: ignore[attr-defined]
        super()._on_handshake_complete(handshake_exc)

    @property
    def raw_transport(self) -> asyncio.BaseTransport | None:
        return getattr(self, "_transport", None)


def _quiet(waiter: asyncio.Future[Any]) -> None:
    if not waiter.cancelled():
        waiter.exception()  # retrieved: a failed handshake is an expected lab outcome


def server_tls(
    loop: asyncio.AbstractEventLoop,
    app_protocol: asyncio.BaseProtocol,
    context: ssl.SSLContext,
    *,
    handshake_timeout: int = 10,
) -> tuple[FlushingSSLProtocol, asyncio.Future[Any]]:
    """A TLS layer in front of ``app_protocol``; the future resolves when the handshake ends."""
    waiter: asyncio.Future[Any] = loop.create_future()
    waiter.add_done_callback(_quiet)
    proto = FlushingSSLProtocol(
        loop,
        app_protocol,
        context,
        waiter,
        server_side=True,
        ssl_handshake_timeout=handshake_timeout,
    )
    return proto, waiter
