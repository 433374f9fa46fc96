"""The baseline most tools implement: test the pairings one after another.

Same client (aiosmtplib), same timeouts, same work per pairing as the engine: connect, (TLS),
EHLO, (STARTTLS, EHLO), AUTH PLAIN over a verified channel only, MAIL FROM + RSET, QUIT. No
concurrency, no early answer; a blocked port costs its whole connect timeout before the next
pairing starts.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Sequence
from dataclasses import dataclass

import aiosmtplib

from smtpwizard.core.models import Pairing, Security
from smtpwizard.core.probe.options import SAFE_LOCAL_HOSTNAME, Timeouts


@dataclass(frozen=True)
class SequentialOutcome:
    pairing: Pairing
    ok: bool
    ms: float
    error: str = ""


@dataclass(frozen=True)
class SequentialRun:
    outcomes: tuple[SequentialOutcome, ...]
    total_ms: float
    first_ok_ms: float | None  # when the first working pairing was known


async def check_pairing(
    host: str,
    port: int,
    security: Security,
    *,
    context: ssl.SSLContext,
    timeouts: Timeouts,
    username: str,
    password: str,
) -> None:
    """One pairing, start to end; raises on any failure (the caller only needs ok / not ok)."""
    client = aiosmtplib.SMTP(
        hostname=host,
        port=port,
        use_tls=security is Security.TLS,
        start_tls=False,
        tls_context=context,
        local_hostname=SAFE_LOCAL_HOSTNAME,
        timeout=timeouts.command,
    )
    async with asyncio.timeout(timeouts.attempt):
        await client.connect(timeout=timeouts.connect)
        try:
            await client.ehlo()
            if security is Security.STARTTLS:
                await client.starttls(tls_context=context)
                await client.ehlo()
            if security is Security.NONE:
                raise PermissionError("no password over plaintext")
            if "plain" not in client.server_auth_methods:
                raise PermissionError("no AUTH PLAIN")
            await client.auth_plain(username, password)
            await client.mail(username)
            await client.rset()
        finally:
            try:
                await asyncio.wait_for(client.quit(), 1.0)
            except (aiosmtplib.SMTPException, OSError, TimeoutError):
                client.close()


async def run_sequential(
    host: str,
    port_map: dict[int, int],
    pairings: Sequence[Pairing],
    *,
    ca_pem: str,
    timeouts: Timeouts,
    username: str,
    password: str,
) -> SequentialRun:
    context = ssl.create_default_context(cadata=ca_pem)
    started = time.perf_counter()
    first_ok: float | None = None
    outcomes = []
    for pairing in pairings:
        began = time.perf_counter()
        try:
            await check_pairing(
                host,
                port_map.get(pairing.port, pairing.port),
                pairing.security,
                context=context,
                timeouts=timeouts,
                username=username,
                password=password,
            )
            ok, error = True, ""
        except (
            aiosmtplib.SMTPException,
            OSError,
            TimeoutError,
            ssl.SSLError,
            PermissionError,
        ) as exc:
            ok, error = False, f"{type(exc).__name__}: {exc}"[:200]
        now = time.perf_counter()
        if ok and first_ok is None:
            first_ok = (now - started) * 1000
        outcomes.append(SequentialOutcome(pairing, ok, (now - began) * 1000, error))
    return SequentialRun(tuple(outcomes), (time.perf_counter() - started) * 1000, first_ok)
