"""Every use of aiosmtplib's private internals, in one place, checked before it is relied on.

The probe times the TLS handshake and the greeting as separate stages and classifies the
greeting itself, on a socket it connected (so "refused", "timed out" and "no route" are told
apart). aiosmtplib's public API connects, handshakes and reads the greeting in one step
(``SMTP.connect``), and its public ``sock=``/``tls_context=`` arguments do not split those
steps, so :class:`StagedConnection` overrides the private ``SMTP._create_connection`` and calls
``SMTP._get_tls_context`` and ``SMTP._on_connection_lost``.

:func:`check_compatible` compares those internals with what this module was written against
(aiosmtplib 5.x) and raises :class:`AiosmtplibIncompatible` naming the difference, so a
different aiosmtplib fails loudly when a probe starts (the engine calls it before any
session) instead of misbehaving quietly.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Awaitable
from typing import Any

import aiosmtplib
from aiosmtplib.protocol import SMTPProtocol
from aiosmtplib.response import SMTPResponse

from smtpwizard.core.errors import SmtpWizardError

# name -> (parameter names, is a coroutine function): what the override relies on
_EXPECTED_METHODS: dict[str, tuple[tuple[str, ...], bool]] = {
    "_create_connection": (("self", "timeout"), True),
    "_get_tls_context": (("self",), True),
    "_on_connection_lost": (("self", "protocol"), False),
}
_EXPECTED_PROTOCOL_ARGS = ("loop", "connection_lost_callback")
# attributes the override reads or sets on the client
_EXPECTED_ATTRIBUTES = ("use_tls", "sock", "hostname", "protocol", "transport")


class AiosmtplibIncompatible(SmtpWizardError):
    """The installed aiosmtplib's internals differ from those the probe relies on."""


def problems(
    smtp_class: type[Any] = aiosmtplib.SMTP, protocol_class: type[Any] = SMTPProtocol
) -> list[str]:
    """What differs between ``smtp_class``/``protocol_class`` and the expected internals."""
    found: list[str] = []
    for name, (params, is_coroutine) in _EXPECTED_METHODS.items():
        method = getattr(smtp_class, name, None)
        if method is None or not callable(method):
            found.append(f"SMTP.{name} is missing")
            continue
        have = tuple(inspect.signature(method).parameters)
        if have != params:
            found.append(f"SMTP.{name}{have} differs from {params}")
        if inspect.iscoroutinefunction(method) != is_coroutine:
            found.append(f"SMTP.{name} is {'not ' if is_coroutine else ''}a coroutine function")
    init_params = inspect.signature(protocol_class.__init__).parameters
    for arg in _EXPECTED_PROTOCOL_ARGS:
        if arg not in init_params:
            found.append(f"SMTPProtocol() takes no {arg!r}")
    try:
        client = smtp_class()
    except Exception as exc:  # any failure here is an incompatibility
        found.append(f"SMTP() cannot be created without arguments: {exc}")
    else:
        found.extend(
            f"SMTP has no attribute {attr!r}"
            for attr in _EXPECTED_ATTRIBUTES
            if not hasattr(client, attr)
        )
    return found


@functools.cache
def check_compatible() -> None:
    """Raise :class:`AiosmtplibIncompatible` once if the installed aiosmtplib differs."""
    found = problems()
    if found:
        version = getattr(aiosmtplib, "__version__", "unknown")
        raise AiosmtplibIncompatible(
            f"aiosmtplib {version} is not supported by this smtpwizard: " + "; ".join(found)
        )


class StagedConnection(aiosmtplib.SMTP):
    """aiosmtplib's client on a socket we connected, with the connection step split into hooks.

    Subclasses override :meth:`tls_starting`, :meth:`tls_handshake`, :meth:`tls_done`,
    :meth:`greeting_starting`, :meth:`greeting_unreadable` and :meth:`greeted` (which may raise
    to stop the session); everything private stays here.
    """

    def tls_starting(self) -> None:
        """The TLS handshake (implicit TLS) begins."""

    def tls_done(self, ssl_object: object) -> None:
        """The TLS handshake succeeded; ``ssl_object`` is the connection's SSL object."""

    def greeting_starting(self) -> None:
        """The connection is up; the server's greeting is awaited."""

    def greeted(self, response: SMTPResponse) -> None:
        """The server's first reply arrived (any code); raise to end the session."""

    async def tls_handshake(
        self, connecting: Awaitable[tuple[asyncio.Transport, asyncio.BaseProtocol]]
    ) -> asyncio.Transport:
        """Connect with TLS (``connecting`` also does the handshake); override to race it."""
        transport, _ = await connecting
        return transport

    def greeting_unreadable(self, exc: aiosmtplib.SMTPResponseException) -> None:
        """The first reply could not be parsed; raise a better error, or return to re-raise."""

    async def _create_connection(self, timeout: float | None) -> SMTPResponse:
        loop = asyncio.get_running_loop()
        protocol = SMTPProtocol(loop=loop, connection_lost_callback=self._on_connection_lost)
        tls_context = await self._get_tls_context() if self.use_tls else None
        if tls_context is not None:
            self.tls_starting()
        connecting = asyncio.wait_for(
            loop.create_connection(
                lambda: protocol,
                sock=self.sock,
                ssl=tls_context,
                server_hostname=self.hostname if tls_context else None,
                ssl_handshake_timeout=timeout if tls_context else None,
            ),
            timeout=timeout,
        )
        if tls_context is not None:
            transport = await self.tls_handshake(connecting)
            self.tls_done(transport.get_extra_info("ssl_object"))
        else:
            transport, _ = await connecting
        self.protocol = protocol
        self.transport = transport
        self.greeting_starting()
        try:
            response = await protocol.read_response(timeout=timeout)
        except aiosmtplib.SMTPResponseException as exc:
            self.greeting_unreadable(exc)
            raise
        self.greeted(response)
        return response
