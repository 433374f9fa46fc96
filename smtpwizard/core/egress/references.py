"""Try the silent port on neutral reference servers: a TCP connect, nothing more.

No SMTP is spoken and nothing is sent: the connection is closed as soon as it opens. If the
references answer, this network lets the port out and the tested server (or its network) is
the silent one; if they time out too, the block is on this side.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Sequence

from smtpwizard.core.egress import DEFAULT_REFERENCES
from smtpwizard.core.models import EgressCheck, EgressReference

__all__ = ["DEFAULT_REFERENCES", "check_port", "pending", "verdict"]

BLOCKED_LOCALLY = "blocked_locally"
SERVER_SILENT = "server_silent"
INCONCLUSIVE = "inconclusive"
PENDING = "pending"


async def _try(host: str, port: int, timeout: float) -> EgressReference:
    started = time.perf_counter()

    def done(result: str) -> EgressReference:
        return EgressReference(host, result, (time.perf_counter() - started) * 1000)

    try:
        async with asyncio.timeout(timeout):
            _reader, writer = await asyncio.open_connection(host, port)
    except TimeoutError:
        return done("timeout")
    except ConnectionRefusedError:
        return done("refused")
    except socket.gaierror:
        return done("unresolved")
    except OSError:
        return done("error")
    writer.close()
    try:
        async with asyncio.timeout(1.0):
            await writer.wait_closed()
    except (OSError, TimeoutError):
        pass
    return done("answered")


def verdict(references: Sequence[EgressReference]) -> str:
    """``server_silent`` if any reference answered; ``blocked_locally`` if every reference that
    could be looked up timed out; otherwise ``inconclusive``."""
    results = [r.result for r in references]
    if "answered" in results:
        return SERVER_SILENT
    reachable = [r for r in results if r != "unresolved"]
    if reachable and all(r == "timeout" for r in reachable):
        return BLOCKED_LOCALLY
    return INCONCLUSIVE


async def check_port(port: int, references: Sequence[str], timeout: float) -> EgressCheck:
    """Connect to every reference on ``port`` at once; never longer than ``timeout``."""
    tried = await asyncio.gather(*(_try(host, port, timeout) for host in references))
    return EgressCheck(port, verdict(tried), tuple(tried))


def pending(port: int, references: Sequence[str]) -> EgressCheck:
    return EgressCheck(port, PENDING, tuple(EgressReference(h, "pending") for h in references))
