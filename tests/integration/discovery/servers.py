"""Real servers on loopback for the discovery tests: dnsmasq (DNS) and an HTTPS/HTTP server.

Both listen on 127.0.0.1 only, on ports the operating system picks.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import dns.exception
import dns.resolver

DNSMASQ = shutil.which("dnsmasq") or "/usr/sbin/dnsmasq"


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def dnsmasq(records: list[str], local_domains: tuple[str, ...] = ("test",)) -> Iterator[int]:
    """Run dnsmasq with ``records`` (extra command-line options); yields its port."""
    if not Path(DNSMASQ).exists():
        raise FileNotFoundError("dnsmasq is not installed (Debian package dnsmasq-base)")
    for _attempt in range(5):
        port = free_udp_port()
        cmd = [
            DNSMASQ,
            "--no-daemon",
            "--no-resolv",
            "--no-hosts",
            "--conf-file=/dev/null",
            "--listen-address=127.0.0.1",
            "--bind-interfaces",
            f"--port={port}",
            "--pid-file=",
            *(f"--local=/{d}/" for d in local_domains),
            *records,
        ]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if _wait_for_dns(port, proc):
            break
        proc.kill()  # the port was taken meanwhile (another process): try another one
        proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()
    else:
        raise RuntimeError("dnsmasq did not start")
    try:
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


def _wait_for_dns(port: int, proc: subprocess.Popen[bytes]) -> bool:
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = ["127.0.0.1"]
    resolver.port = port
    resolver.lifetime = 0.2
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            resolver.resolve("ready-check.test", "A")
        except dns.resolver.NXDOMAIN:
            return True  # it answers
        except dns.exception.DNSException:
            time.sleep(0.02)
        else:
            return True
    return False


@contextlib.contextmanager
def silent_udp_server() -> Iterator[int]:
    """A UDP port that receives queries and never answers (a resolver that times out)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    try:
        yield int(sock.getsockname()[1])
    finally:
        sock.close()


Route = Callable[["Handler"], None]


class Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        self.server.site.requests.append(self.path)
        path = self.path.split("?", 1)[0]
        for prefix, route in self.server.site.routes.items():
            if path.startswith(prefix):
                route(self)
                return
        self.reply(404, b"not here")

    def reply(
        self,
        status: int,
        body: bytes,
        headers: dict[str, str] | None = None,
        content_type: str = "application/xml",
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        with contextlib.suppress(OSError):  # the client may have given up (timeout tests)
            self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.reply(status, b"", {"Location": location})

    def chunked(self, chunks: Iterator[bytes]) -> None:
        """Send a body without Content-Length (chunked), so only streaming can cap its size."""
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for chunk in chunks:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass  # the client gave up, as it should


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    site: WebSite

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early are part of the tests, not errors


class WebSite:
    """One set of routes served over HTTPS (certificate from the test CA) and plain HTTP."""

    def __init__(self, server_context: ssl.SSLContext) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self.release = threading.Event()  # set at shutdown: frees handlers that stall on purpose
        self._https = _Server(("127.0.0.1", 0), Handler)
        self._https.socket = server_context.wrap_socket(self._https.socket, server_side=True)
        self._http = _Server(("127.0.0.1", 0), Handler)
        self._threads: list[threading.Thread] = []
        for server in (self._https, self._http):
            server.site = self
            thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def https(self, path: str) -> str:
        return f"https://127.0.0.1:{self._https.server_address[1]}{path}"

    def https_localhost(self, path: str) -> str:
        return f"https://localhost:{self._https.server_address[1]}{path}"

    def http(self, path: str) -> str:
        return f"http://127.0.0.1:{self._http.server_address[1]}{path}"

    def close(self) -> None:
        self.release.set()
        for server in (self._https, self._http):
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=2)
