"""Does the server still accept TLS 1.0/1.1? One extra handshake, offering only those versions.

Informational: smtpwizard itself never uses them (its contexts require TLS 1.2). The client side
must be allowed to offer them: OpenSSL 3 refuses TLS 1.0/1.1 at its default security level, so
the context lowers it to 0 for this one handshake (nothing is sent over it — the connection is
closed right after the handshake). If this computer's OpenSSL cannot offer them at all, the
answer is "could not test", with the reason, never a guess.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import warnings
from dataclasses import dataclass

from smtpwizard.core.models import Security

ACCEPTED = "accepted"
REFUSED = "refused"
UNTESTED = "untested"

# OpenSSL reasons meaning "this client could not even offer TLS 1.0/1.1"
_LOCAL_REFUSALS = ("NO_PROTOCOLS_AVAILABLE", "UNSUPPORTED_PROTOCOL", "NO_CIPHERS_AVAILABLE")


@dataclass(frozen=True)
class LegacyResult:
    state: str  # accepted, refused, untested
    version: str = ""
    reason: str = ""


def legacy_context() -> ssl.SSLContext:
    """A client context offering only TLS 1.0 and 1.1 (raises ``ssl.SSLError``/``ValueError``
    when this OpenSSL cannot)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # only the protocol version is asked, nothing is sent
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = ssl.TLSVersion.TLSv1
        context.maximum_version = ssl.TLSVersion.TLSv1_1
    context.set_ciphers("DEFAULT:@SECLEVEL=0")
    return context


async def _read_reply(reader: asyncio.StreamReader) -> int:
    while True:
        line = await reader.readline()
        if len(line) < 4:
            raise ConnectionError("the server closed the connection")
        if line[3:4] != b"-":
            return int(line[:3])


async def _starttls(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, local_hostname: str
) -> None:
    if await _read_reply(reader) != 220:
        raise ConnectionError("no SMTP greeting")
    writer.write(f"EHLO {local_hostname}\r\n".encode("ascii"))
    if await _read_reply(reader) != 250:
        raise ConnectionError("EHLO refused")
    writer.write(b"STARTTLS\r\n")
    if await _read_reply(reader) != 220:
        raise ConnectionError("STARTTLS refused")


def _reason(exc: BaseException) -> str:
    return getattr(exc, "reason", None) or str(exc) or type(exc).__name__


async def check_legacy_tls(
    host: str,
    address: str,
    port: int,
    security: Security,
    *,
    timeout: float,
    local_hostname: str,
) -> LegacyResult:
    """One handshake to ``address``:``port`` offering only TLS 1.0/1.1."""
    try:
        context = legacy_context()
    except (ssl.SSLError, ValueError) as exc:
        return LegacyResult(UNTESTED, reason=f"this computer's OpenSSL: {_reason(exc)}")
    writer: asyncio.StreamWriter | None = None
    try:
        async with asyncio.timeout(timeout):
            if security is Security.TLS:
                _, writer = await asyncio.open_connection(
                    address, port, ssl=context, server_hostname=host
                )
            else:
                reader, writer = await asyncio.open_connection(address, port)
                await _starttls(reader, writer, local_hostname)
                await writer.start_tls(context, server_hostname=host)
            ssl_object = writer.get_extra_info("ssl_object")
            version = ssl_object.version() if ssl_object is not None else ""
            return LegacyResult(ACCEPTED, version=str(version or ""))
    except ssl.SSLError as exc:
        reason = _reason(exc)
        if any(local in reason.upper() for local in _LOCAL_REFUSALS):
            return LegacyResult(UNTESTED, reason=f"this computer's OpenSSL: {reason}")
        return LegacyResult(REFUSED, reason=reason)
    except (OSError, TimeoutError, ConnectionError, ValueError) as exc:
        return LegacyResult(UNTESTED, reason=f"the extra connection failed: {_reason(exc)}")
    finally:
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError, TimeoutError, ssl.SSLError):
                async with asyncio.timeout(1.0):
                    await writer.wait_closed()
