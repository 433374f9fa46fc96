"""What each port of the host speaks first, learnt from the attempts that share it.

A port that answered a TLS ClientHello with TLS (a completed handshake, a certificate, a TLS
alert) speaks TLS from the first byte: an attempt waiting there for a plaintext SMTP greeting
will never get one. A port whose plaintext attempt got an SMTP greeting does not speak implicit
TLS. The attempts of one probe share one :class:`PortModes` and wait on its events.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class PortModes:
    def __init__(self) -> None:
        self._tls: dict[int, asyncio.Event] = {}
        self._plain: dict[int, asyncio.Event] = {}
        # called once per port whose plaintext attempt hears no greeting for a while
        self.on_silent: Callable[[int], None] | None = None
        self._silent: set[int] = set()

    def speaks_tls(self, port: int) -> asyncio.Event:
        """Set once ``port`` answered a TLS ClientHello with TLS."""
        return self._tls.setdefault(port, asyncio.Event())

    def speaks_plain(self, port: int) -> asyncio.Event:
        """Set once ``port`` sent a plaintext SMTP greeting."""
        return self._plain.setdefault(port, asyncio.Event())

    def greeted(self, port: int) -> bool:
        """``port`` sent a plaintext SMTP greeting."""
        return port in self._plain and self._plain[port].is_set()

    def heard_tls(self, port: int) -> None:
        self.speaks_tls(port).set()

    def heard_greeting(self, port: int) -> None:
        self.speaks_plain(port).set()

    def silent(self, port: int) -> None:
        """A plaintext attempt on ``port`` is connected but has heard nothing for a while."""
        if port in self._silent or self.speaks_plain(port).is_set():
            return
        self._silent.add(port)
        if self.on_silent is not None:
            self.on_silent(port)
