"""A private, real Secret Service for tests: gnome-keyring-daemon on its own D-Bus session bus.

Nothing here touches the real session bus or the real keyrings: HOME and the XDG folders point
into a temporary folder, DISPLAY is removed (so an unlock prompt fails at once instead of
waiting for a window nobody sees), and both daemons are killed by :meth:`stop`.

    service = PrivateSecretService(tmp_path)
    service.start()                     # unlocked login keyring with a known password
    service.lookup("smtpwizard:host", "user")   # what `secret-tool lookup` sees
    service.lock()                      # lock the collection over D-Bus
    service.restart(unlock=False)       # a fresh daemon that leaves the keyring locked
    service.stop()

``service.env`` is the environment for subprocesses (the CLI, ``secret-tool``);
:func:`secret_service_backend` selects the real ``SecretService`` backend in this process.
"""

from __future__ import annotations

import gc
import os
import shutil
import signal
import subprocess
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
import keyring.backends.SecretService

SECRETS_BUS_NAME = "org.freedesktop.secrets"
KEYRING_PASSWORD = "private-test-keyring-password"
BACKEND_NAME = "keyring.backends.SecretService.Keyring"


def missing_tools() -> list[str]:
    """Programs this needs that are not installed (packaging/dev.sh installs them)."""
    needed = ("dbus-daemon", "gnome-keyring-daemon", "secret-tool")
    return [tool for tool in needed if shutil.which(tool) is None]


class PrivateSecretService:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.bus_address = ""
        self._bus: subprocess.Popen[str] | None = None
        self._daemon: subprocess.Popen[bytes] | None = None
        folders = {
            "HOME": root / "home",
            "XDG_DATA_HOME": root / "data",
            "XDG_CONFIG_HOME": root / "config",
            "XDG_CACHE_HOME": root / "cache",
            "XDG_RUNTIME_DIR": root / "run",
        }
        for folder in folders.values():
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"}
        }
        env.update({k: str(v) for k, v in folders.items()})
        self.env = env

    # --- life cycle ---------------------------------------------------------------------------

    def start(self, unlock: bool = True) -> None:
        self._bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=self.env,
            text=True,
            start_new_session=True,
        )
        assert self._bus.stdout is not None
        self.bus_address = self._bus.stdout.readline().strip()
        if not self.bus_address:
            self.stop()
            raise RuntimeError("the private dbus-daemon did not print its address")
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self.bus_address
        self._start_keyring(unlock)

    def _start_keyring(self, unlock: bool) -> None:
        args = ["gnome-keyring-daemon", "--foreground", "--components=secrets"]
        if unlock:
            args.append("--unlock")
        self._daemon = subprocess.Popen(
            args,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=self.env,
            start_new_session=True,
        )
        assert self._daemon.stdin is not None
        if unlock:
            self._daemon.stdin.write(KEYRING_PASSWORD.encode())
        self._daemon.stdin.close()
        self._wait_for_secret_service()

    def restart(self, unlock: bool) -> None:
        """Stop the keyring daemon (the bus stays) and start a fresh one."""
        _terminate(self._daemon)
        self._wait_for_secret_service(gone=True)
        self._start_keyring(unlock)

    def stop(self) -> None:
        _terminate(self._daemon)
        _terminate(self._bus)
        if self._bus is not None and self._bus.stdout is not None:
            self._bus.stdout.close()
        self._daemon = self._bus = None

    def _wait_for_secret_service(self, gone: bool = False, limit: float = 10.0) -> None:
        """Poll NameHasOwner (which never starts a service by D-Bus activation)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self._name_has_owner(SECRETS_BUS_NAME) != gone:
                return
            if not gone and self._daemon is not None and self._daemon.poll() is not None:
                raise RuntimeError("gnome-keyring-daemon exited at start")
            time.sleep(0.02)
        raise RuntimeError(f"the private Secret Service did not {'stop' if gone else 'start'}")

    def _name_has_owner(self, name: str) -> bool:
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection

        bus = DBusAddress("/org/freedesktop/DBus", "org.freedesktop.DBus", "org.freedesktop.DBus")
        with open_dbus_connection(self.bus_address) as conn:
            reply = conn.send_and_get_reply(
                new_method_call(bus, "NameHasOwner", "s", (name,)), timeout=5
            )
        return bool(reply.body[0])

    # --- looking inside -----------------------------------------------------------------------

    def secret_tool(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["secret-tool", *args], env=self.env, capture_output=True, text=True, timeout=10
        )

    def lookup(self, service: str, user: str) -> str | None:
        """The secret ``secret-tool lookup service SERVICE username USER`` finds, or None."""
        done = self.secret_tool("lookup", "service", service, "username", user)
        return done.stdout if done.returncode == 0 else None

    def search(self, service: str) -> str:
        """``secret-tool search --all service SERVICE``: items on stdout, attributes on stderr."""
        done = self.secret_tool("search", "--all", "service", service)
        return done.stdout + done.stderr

    def lock(self) -> None:
        """Lock the default collection over D-Bus (no prompt needed to lock)."""
        import secretstorage
        from jeepney.io.blocking import open_dbus_connection

        with open_dbus_connection(self.bus_address) as conn:
            collection = secretstorage.get_default_collection(conn)
            collection.lock()
            assert collection.is_locked()

    def files(self) -> Iterator[Path]:
        """Every file under the private HOME and XDG folders."""
        return (p for p in self.root.rglob("*") if p.is_file())


def _terminate(process: subprocess.Popen[str] | subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)  # its own session: children (prompters) too
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@contextmanager
def secret_service_backend(service: PrivateSecretService) -> Iterator[None]:
    """Point this process at ``service`` and select the SecretService backend explicitly."""
    saved = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    previous = keyring.get_keyring()
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = service.bus_address
    keyring.set_keyring(keyring.backends.SecretService.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)
        if saved is None:
            os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
        else:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = saved


@contextmanager
def collect_leaked_bus_connections() -> Iterator[None]:
    """keyring's SecretService backend opens a D-Bus connection and never closes it when the
    collection is locked (``get_preferred_collection`` raises before ``closing``). Collect those
    sockets here, inside the test, instead of letting a ResourceWarning surface in a later one.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            yield
        finally:
            gc.collect()
