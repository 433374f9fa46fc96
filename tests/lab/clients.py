"""Small aiosmtplib helpers for the lab's own tests."""

from __future__ import annotations

import aiosmtplib

from smtpwizard.lab import LabCA, LabServer


def client(
    server: LabServer,
    ca: LabCA,
    *,
    tls: bool = False,
    timeout: float = 3.0,
    hostname: str = "localhost",
    port: int | None = None,
) -> aiosmtplib.SMTP:
    return aiosmtplib.SMTP(
        hostname=hostname,
        port=port if port is not None else server.port,
        use_tls=tls,
        start_tls=False,
        tls_context=ca.client_context(),
        local_hostname="selftest.localdomain",
        timeout=timeout,
    )


def cause_chain(exc: BaseException | None) -> str:
    parts = []
    while exc is not None:
        parts.append(repr(exc))
        exc = exc.__cause__ or exc.__context__
    return " <- ".join(parts)
