"""The standard library's IMAP and POP3 clients, run one call at a time on a worker thread.

Why these clients (see the README, "Incoming mail"): ``imaplib`` and ``poplib`` are maintained
with Python itself, parse the protocols completely (IMAP literals, POP3 multi-line answers),
and cover every command the probe needs; no maintained asyncio library covers both protocols.
Their calls block, so each attempt gets its own worker thread (:class:`WorkerLine`) and every
call has a deadline: the socket's own timeout per read, and the attempt's overall deadline,
which — when it passes, or the probe is cancelled — shuts the socket down from the event loop,
so the blocked call returns at once with an error and the thread ends.

The clients take a socket the probe already connected (so connect, TLS handshake and greeting
are timed as separate stages, exactly like the SMTP session).
"""

from __future__ import annotations

import asyncio
import contextlib
import imaplib
import poplib
import socket
import ssl
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class IMAPClient(imaplib.IMAP4):
    """``imaplib.IMAP4`` on a connected (possibly already TLS-wrapped) socket."""

    def __init__(self, sock: socket.socket, host: str, port: int, timeout: float) -> None:
        self._given_socket = sock
        super().__init__(host, port, timeout)

    def _create_socket(self, timeout: float | None = None) -> socket.socket:
        sock = self._given_socket
        sock.settimeout(timeout)
        return sock

    def capability_list(self) -> tuple[str, ...]:
        """Ask CAPABILITY again (after STARTTLS, as RFC 3501 requires) and remember the answer."""
        typ, data = self.capability()
        if typ != "OK" or not data or not isinstance(data[-1], bytes):
            raise self.error(f"CAPABILITY failed: {data!r}")
        words = tuple(data[-1].decode("ascii", "replace").upper().split())
        self.capabilities = words
        return words

    def start_tls_only(self, context: ssl.SSLContext) -> str:
        """STARTTLS without imaplib's implicit capability refresh (that is its own stage)."""
        typ, data = self._simple_command("STARTTLS")
        text = _text(data)
        if typ != "OK":
            raise self.error(f"STARTTLS refused: {typ} {text}")
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)
        self.file = self.sock.makefile("rb")
        self._tls_established = True
        return f"{typ} {text}".strip()


class POP3Client(poplib.POP3):
    """``poplib.POP3`` on a connected (possibly already TLS-wrapped) socket."""

    def __init__(self, sock: socket.socket, host: str, port: int, timeout: float) -> None:
        self._given_socket = sock
        super().__init__(host, port, timeout)

    def _create_socket(self, timeout: float) -> socket.socket:
        sock = self._given_socket
        sock.settimeout(timeout)
        return sock

    def _short(self, line: str) -> bytes:
        # poplib's one-line command (public API has no STLS without a CAPA first, nor AUTH)
        command: Callable[[str], bytes] = getattr(self, "_shortcmd")  # noqa: B009
        return command(line)

    def start_tls_only(self, context: ssl.SSLContext) -> str:
        """STLS (RFC 2595) without poplib's capability check (the probe did that already)."""
        response = self._short("STLS")
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)
        self.file = self.sock.makefile("rb")
        self._tls_established = True
        return response.decode("utf-8", "replace")

    def command(self, line: str) -> str:
        """A one-line command with a one-line answer (AUTH PLAIN …); raises on ``-ERR``."""
        return self._short(line).decode("utf-8", "replace")


def _text(data: object) -> str:
    if isinstance(data, list | tuple):
        return " ".join(_text(item) for item in data if item is not None)
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    return str(data)


class WorkerLine:
    """One worker thread for one attempt: blocking calls in order, each awaited with a deadline.

    :meth:`abort` (from the event loop) shuts the attempt's socket down so a blocked call
    returns; it is safe to call at any time, also after the socket was closed.
    """

    def __init__(self, name: str) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._lock = threading.Lock()
        self._fd = -1

    def watch(self, sock: socket.socket) -> None:
        """The socket to shut down on :meth:`abort` (its file descriptor survives TLS wrapping)."""
        with self._lock:
            self._fd = sock.fileno()

    def forget(self) -> None:
        with self._lock:
            self._fd = -1

    async def call(self, function: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, function)
        except asyncio.CancelledError:
            self.abort()
            raise

    def abort(self) -> None:
        with self._lock:
            fd = self._fd
            if fd < 0:
                return
            # shutdown() on a duplicate reaches the shared connection; the thread's blocked
            # read returns, and the thread itself closes its socket
            with contextlib.suppress(OSError):
                dup = socket.socket(fileno=socket.dup(fd))
                with contextlib.suppress(OSError):
                    dup.shutdown(socket.SHUT_RDWR)
                dup.close()

    def close(self) -> None:
        self.abort()
        self._executor.shutdown(wait=False, cancel_futures=True)
