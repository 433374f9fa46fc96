"""Keyring backends for tests: in memory, failing, locked, denied, forgetful and hanging.

Every class has a NEGATIVE priority, so keyring never picks one by itself merely because it was
imported; tests select one explicitly with :func:`use_backend`, which restores the previous
backend afterwards.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import keyring
import keyring.backend
import keyring.errors


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real (if volatile) keyring in a dict. Records every write and delete."""

    priority = -1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.writes: list[tuple[str, str, str]] = []  # (operation, service, user) — no secret

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.writes.append(("set", service, username))
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.writes.append(("delete", service, username))
        if (service, username) not in self.entries:
            raise keyring.errors.PasswordDeleteError("No such password!")
        del self.entries[(service, username)]


class RaisingKeyring(MemoryKeyring):
    """Reads and writes raise ``error`` (an exception instance) once ``armed`` is True."""

    priority = -1  # type: ignore[assignment]

    def __init__(self, error: BaseException, armed: bool = True) -> None:
        super().__init__()
        self.error = error
        self.armed = armed

    def get_password(self, service: str, username: str) -> str | None:
        if self.armed:
            raise self.error
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.armed:
            raise self.error
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        if self.armed:
            raise self.error
        super().delete_password(service, username)


class ForgetfulKeyring(MemoryKeyring):
    """Accepts every write and keeps nothing (like a misconfigured or null backend)."""

    priority = -1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None


class HangingKeyring(MemoryKeyring):
    """Every call blocks until :meth:`release` (like an unlock prompt nobody can see)."""

    priority = -1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.calls = 0

    def release(self) -> None:
        self.gate.set()

    def _wait(self) -> None:
        self.calls += 1
        self.gate.wait(30)

    def get_password(self, service: str, username: str) -> str | None:
        self._wait()
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._wait()
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self._wait()
        super().delete_password(service, username)


@contextmanager
def use_backend(backend: keyring.backend.KeyringBackend) -> Iterator[None]:
    """Select ``backend`` for the duration of the block; restore the previous one after."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield
    finally:
        keyring.set_keyring(previous)
