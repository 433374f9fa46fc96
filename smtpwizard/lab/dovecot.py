"""A private Dovecot instance (IMAP and POP3) on loopback, for the incoming-mail tests and bench.

Needs the Debian packages ``dovecot-imapd`` and ``dovecot-pop3d`` (the ``dovecot`` binary); the
system's own Dovecot is never touched: the instance has its own folder (``base_dir``,
``instance_name``, ``state_dir``, log), listens on free ports of ``127.0.0.2`` only, reads its
certificate from the lab CA and its accounts from a ``passwd-file``, and keeps mail in Maildirs.

Why ``127.0.0.2``: Dovecot counts a connection whose two ends have the same address as secure,
so on ``127.0.0.1`` it would allow a password without TLS; from ``127.0.0.1`` to ``127.0.0.2``
it behaves as it does on the internet (``LOGINDISABLED`` until TLS).

Run as root, the mail files belong to ``nobody``; run as another user, everything runs as that
user. ``with DovecotServer(DovecotSpec(accounts={...})) as server: server.ports["imaps"]``.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from smtpwizard.lab.certs import CertKind, LabCA

DOVECOT_HOST = "127.0.0.2"
LISTENERS = ("imap", "imaps", "pop3", "pop3s")
_START_TIMEOUT = 10.0


def dovecot_binary() -> str | None:
    """The path of the ``dovecot`` binary, or None when it is not installed."""
    return shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot",) if os.access(p, os.X_OK)), None
    )


@dataclass(frozen=True)
class DovecotSpec:
    """What the instance does.

    ``cert``: the certificate it shows (``None``: no TLS at all, so no STARTTLS/STLS offered and
    no implicit-TLS listeners). ``plaintext_login``: allow a password without TLS (Dovecot's
    ``disable_plaintext_auth = no``). ``listeners``: which of imap/imaps/pop3/pop3s to open.
    """

    accounts: Mapping[str, str] = field(default_factory=dict)
    cert: CertKind | None = CertKind.VALID
    plaintext_login: bool = False
    listeners: tuple[str, ...] = LISTENERS


def _die_with_parent() -> None:
    """In the child, before exec: on Linux, end Dovecot when the thread that started it ends
    (a killed test run must not leave mail servers behind; start it from a thread that lives
    as long as the server, as the tests and the benchmark do)."""
    if sys.platform.startswith("linux"):
        # lazy: only when a lab server or certificate is made
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
    return port


def _mail_ids() -> tuple[int, int]:
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        return nobody.pw_uid, nobody.pw_gid
    return os.getuid(), os.getgid()


class DovecotServer:
    """A running private Dovecot; stop it with :meth:`stop` (or use ``with``)."""

    def __init__(self, spec: DovecotSpec, *, ca: LabCA | None = None) -> None:
        self.spec = spec
        self.ca = ca or LabCA.shared()
        self.host = DOVECOT_HOST
        self.ports: dict[str, int] = {}
        self.folder: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._uid, self._gid = _mail_ids()

    # -- life cycle ------------------------------------------------------------------------------

    def start(self) -> DovecotServer:
        binary = dovecot_binary()
        if binary is None:
            raise RuntimeError("dovecot is not installed (apt-get install dovecot-imapd)")
        folder = Path(tempfile.mkdtemp(prefix="smtpwizard-dovecot-"))
        folder.chmod(0o755)  # the mail user must reach its home inside
        self.folder = folder
        enabled = [name for name in self.spec.listeners if self._listener_allowed(name)]
        self.ports = {name: _free_port(self.host) for name in enabled}
        self._write_files(folder)
        self._process = subprocess.Popen(
            [binary, "-F", "-c", str(folder / "dovecot.conf")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=_die_with_parent,
        )
        try:
            self._wait_listening()
        except BaseException:
            self.stop()
            raise
        return self

    def _listener_allowed(self, name: str) -> bool:
        return self.spec.cert is not None or not name.endswith("s")

    def _wait_listening(self) -> None:
        deadline = time.monotonic() + _START_TIMEOUT
        waiting = set(self.ports.values())
        while waiting:
            assert self._process is not None
            if self._process.poll() is not None:
                raise RuntimeError(f"dovecot did not start: {self.log()}")
            for port in list(waiting):
                with contextlib.suppress(OSError), socket.create_connection((self.host, port), 0.2):
                    waiting.discard(port)
            if waiting and time.monotonic() > deadline:
                raise RuntimeError(f"dovecot did not open its ports in time: {self.log()}")
            if waiting:
                time.sleep(0.02)

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
            if process.stderr is not None:
                process.stderr.close()
        folder, self.folder = self.folder, None
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def __enter__(self) -> DovecotServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- mail ------------------------------------------------------------------------------------

    def maildir(self, user: str) -> Path:
        assert self.folder is not None
        return self.folder / "home" / user / "Maildir"

    def deliver(self, user: str, message: bytes) -> Path:
        """Put ``message`` into ``user``'s inbox (``new/``), as a delivery agent would."""
        root = self.maildir(user)
        for sub in ("", "tmp", "new", "cur"):
            path = root / sub
            try:
                path.mkdir(parents=True, mode=0o700)
            except FileExistsError:  # Dovecot made it meanwhile (a sign-in creates the Maildir)
                continue
            os.chown(path, self._uid, self._gid)
        name = f"{time.time():.6f}.{uuid.uuid4().hex}.smtpwizard"
        temporary = root / "tmp" / name
        temporary.write_bytes(message)
        os.chown(temporary, self._uid, self._gid)
        final = root / "new" / name
        temporary.rename(final)
        return final

    def messages(self, user: str) -> list[Path]:
        root = self.maildir(user)
        return sorted(
            p for sub in ("new", "cur") if (root / sub).is_dir() for p in (root / sub).iterdir()
        )

    def log(self) -> str:
        if self.folder is None:
            return ""
        path = self.folder / "dovecot.log"
        return path.read_text("utf-8", "replace") if path.exists() else ""

    @property
    def login_failures(self) -> int:
        """How many sign-ins Dovecot refused (from its log)."""
        return self.log().count("auth failed")

    # -- configuration -------------------------------------------------------------------------

    def _write_files(self, folder: Path) -> None:
        (folder / "run").mkdir()
        (folder / "state").mkdir()
        home = folder / "home"
        home.mkdir()
        os.chown(home, self._uid, self._gid)
        passwd = "".join(
            f"{user}:{{PLAIN}}{password}::::::\n" for user, password in self.spec.accounts.items()
        )
        (folder / "passwd").write_text(passwd, "utf-8")
        if self.spec.cert is not None:
            cert, key = self.ca.server_pem(self.spec.cert, extra_names=(self.host,))
            (folder / "cert.pem").write_bytes(cert)
            (folder / "key.pem").write_bytes(key)
            (folder / "key.pem").chmod(0o600)
        (folder / "dovecot.conf").write_text(self._config(folder), "utf-8")

    def _config(self, folder: Path) -> str:
        spec = self.spec
        lines = [
            f"base_dir = {folder}/run",
            f"instance_name = smtpwizard-{folder.name}",
            f"state_dir = {folder}/state",
            f"log_path = {folder}/dovecot.log",
            "protocols = imap pop3",
            f"listen = {self.host}",
            "auth_failure_delay = 0",
            "auth_mechanisms = plain login",
            f"disable_plaintext_auth = {'no' if spec.plaintext_login else 'yes'}",
            "mail_location = maildir:~/Maildir",
            "passdb {",
            "  driver = passwd-file",
            f"  args = scheme=PLAIN {folder}/passwd",
            "}",
            "userdb {",
            "  driver = static",
            f"  args = uid={self._uid} gid={self._gid} home={folder}/home/%u",
            "}",
        ]
        # no growing delay after a refused sign-in (tests refuse on purpose, then sign in)
        lines += [
            "service anvil {",
            "  unix_listener anvil-auth-penalty {",
            "    mode = 0",
            "  }",
            "}",
        ]
        if spec.cert is None:
            lines.append("ssl = no")
        else:
            lines += ["ssl = yes", f"ssl_cert = <{folder}/cert.pem", f"ssl_key = <{folder}/key.pem"]
        if os.geteuid() != 0:
            user = pwd.getpwuid(os.getuid()).pw_name
            lines += [f"default_internal_user = {user}", f"default_login_user = {user}"]
        for service, plain, tls in (
            ("imap-login", "imap", "imaps"),
            ("pop3-login", "pop3", "pop3s"),
        ):
            lines.append(f"service {service} {{")
            # Dovecot's "high-performance" login mode: processes ready and reused, so a
            # connection does not wait for a new process (the lab measures the client)
            lines += ["  service_count = 0", "  process_min_avail = 1"]
            if os.geteuid() != 0:
                lines.append("  chroot =")
            for name in (plain, tls):
                # a listener we do not want still needs a port of 0 (Dovecot's defaults: 143…)
                port = self.ports.get(name, 0)
                lines.append(f"  inet_listener {name} {{")
                lines.append(f"    port = {port}")
                if name == tls and port:
                    lines.append("    ssl = yes")
                lines.append("  }")
            lines.append("}")
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        return f"<DovecotServer {self.host} {self.ports}>"
