"""The index of saved accounts: which accounts have a secret in the keyring. Never the secret.

One JSON file, ``accounts.json``, in the platform's config folder
(``platformdirs.user_config_dir("smtpwizard")``; the environment variable
``SMTPWIZARD_CONFIG_DIR`` overrides the folder — tests point it at a temporary one). Each row:
host, port, security, user name, provider, and when the settings were last verified (ISO 8601,
UTC). It lets the wizard list, re-test and forget saved accounts; the secret itself lives only
in the keyring (:mod:`smtpwizard.core.credentials.keyring_store`).

Writes are atomic (a temporary file in the same folder, flushed and renamed over the old one),
so a crash never leaves half a file. A file that cannot be understood is moved aside as
``accounts.json.bak`` (nothing is lost) and the program carries on with a clear notice in
:attr:`AccountList.notice` — it never crashes on a bad file.

API: ``AccountIndex(path=None)`` with ``.load() -> AccountList``, ``.accounts()``,
``.find(host, user)``, ``.record_verified(settings, verified_at=None) -> SavedAccount`` and
``.remove(host, user) -> bool``. Problems writing the file raise :class:`AccountIndexError`
(plain words).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from smtpwizard.core.errors import SmtpWizardError
from smtpwizard.core.jsoninput import parse_json
from smtpwizard.core.models import Security, Settings
from smtpwizard.core.paths import CONFIG_DIR_ENV as CONFIG_DIR_ENV  # re-exported
from smtpwizard.core.paths import INDEX_FILE as INDEX_FILE
from smtpwizard.core.paths import config_dir as config_dir
from smtpwizard.core.paths import index_path
from smtpwizard.core.validation import InputError, normalize_host, validate_port, validate_username
from smtpwizard.core.wording.base import N_, _

INDEX_SCHEMA = "smtpwizard.accounts/1"


#: Every word about the index file (paths and reasons are filled in).
INDEX_WORDING: dict[str, str] = {
    "corrupt": N_(
        "The list of saved accounts ({path}) could not be read ({reason}). It was moved aside "
        "to {backup} and a new list was started. Passwords in the keyring were not touched."
    ),
    "unreadable": N_(
        "The list of saved accounts ({path}) could not be opened ({reason}). Saved accounts "
        "are not shown; passwords in the keyring were not touched."
    ),
    "unwritable": N_(
        "The list of saved accounts ({path}) could not be written ({reason}). Check that the "
        "folder exists and that you may write to it."
    ),
}


class AccountIndexError(SmtpWizardError, OSError):
    """The index file could not be written; the message says so in plain words."""


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class SavedAccount:
    """One row of the index. Holds no secret by construction."""

    host: str
    port: int
    security: Security
    user: str
    provider: str | None
    last_verified: str  # ISO 8601, UTC
    # the certificate the user explicitly trusted for this server (SHA-256, lower-case hex);
    # not a secret. "Test again" accepts exactly this certificate and warns loudly about another.
    pinned_sha256: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.host, self.user)

    def to_settings(self) -> Settings:
        return Settings(
            host=self.host,
            port=self.port,
            security=self.security,
            username=self.user,
            provider=self.provider,
            pinned_sha256=self.pinned_sha256,
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "security": self.security.value,
            "user": self.user,
            "provider": self.provider,
            "last_verified": self.last_verified,
        }
        if self.pinned_sha256:  # additive: older readers ignore it
            data["pinned_sha256"] = self.pinned_sha256
        return data

    @classmethod
    def from_dict(cls, data: Any) -> SavedAccount:
        """Parse one row; raises ``ValueError`` (with a reason) on anything unexpected."""
        if not isinstance(data, dict):
            raise ValueError("a row is not an object")
        try:
            provider = data.get("provider")
            pin = data.get("pinned_sha256")
            last = str(data["last_verified"])
            datetime.fromisoformat(last.replace("Z", "+00:00"))
            return cls(
                host=normalize_host(str(data["host"])),
                port=validate_port(data["port"]),
                security=Security(str(data["security"])),
                user=validate_username(str(data["user"])),
                provider=None if provider is None else str(provider),
                last_verified=last,
                pinned_sha256=None if pin is None else _checked_pin(pin),
            )
        except KeyError as exc:
            raise ValueError(f"a row has no {exc.args[0]!r}") from None


def _checked_pin(value: object) -> str:
    text = str(value).lower()
    if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
        raise ValueError("a row has a certificate fingerprint that is not a SHA-256 in hex")
    return text


@dataclass(frozen=True)
class AccountList:
    """What :meth:`AccountIndex.load` found; ``notice`` explains a problem with the file."""

    accounts: tuple[SavedAccount, ...]
    notice: str | None = None
    readable: bool = True  # False: the file exists but could not be opened (do not overwrite)


def _lock_file(fd: int) -> None:
    """Block until this process holds the exclusive lock on ``fd``."""
    try:
        # lazy: platform-specific module
        import fcntl
    except ImportError:  # Windows
        # lazy: platform-specific module
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined,unused-ignore]
        return
    fcntl.flock(fd, fcntl.LOCK_EX)


class AccountIndex:
    """The ``accounts.json`` file. Cheap to create; every call reads the file afresh."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else index_path()

    def __repr__(self) -> str:
        return f"AccountIndex({str(self.path)!r})"

    # --- reading -------------------------------------------------------------------------------

    def load(self) -> AccountList:
        try:
            raw = self.path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):  # nothing saved yet
            return AccountList(())
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            notice = _(INDEX_WORDING["unreadable"]).format(path=self.path, reason=reason)
            return AccountList((), notice, readable=False)
        try:
            return AccountList(self._parse(raw))
        except ValueError as exc:
            backup = self._set_aside()
            return AccountList(
                (),
                _(INDEX_WORDING["corrupt"]).format(path=self.path, reason=exc, backup=backup),
            )

    def accounts(self) -> tuple[SavedAccount, ...]:
        return self.load().accounts

    def find(self, host: str, user: str) -> SavedAccount | None:
        key = (normalize_host(host), validate_username(user))
        return next((a for a in self.accounts() if a.key == key), None)

    @staticmethod
    def _parse(raw: bytes) -> tuple[SavedAccount, ...]:
        try:
            data = parse_json(raw.decode("utf-8"), "it")
        except UnicodeDecodeError:
            raise ValueError("it is not text") from None
        except InputError as exc:
            raise ValueError(str(exc).removeprefix("it ").rstrip(".")) from None
        if not isinstance(data, dict) or data.get("schema") != INDEX_SCHEMA:
            raise ValueError(f"it is not a {INDEX_SCHEMA} file")
        rows = data.get("accounts")
        if not isinstance(rows, list):
            raise ValueError("it has no list of accounts")
        return tuple(SavedAccount.from_dict(row) for row in rows)

    def _set_aside(self) -> Path:
        """Move the unreadable file to ``.bak`` (``.bak.1``, … if taken) and return its name."""
        backup = self.path.with_name(self.path.name + ".bak")
        n = 0
        while backup.exists():
            n += 1
            backup = self.path.with_name(f"{self.path.name}.bak.{n}")
        with contextlib.suppress(OSError):
            os.replace(self.path, backup)
        return backup

    # --- writing -------------------------------------------------------------------------------

    def record_verified(
        self, settings: Settings, verified_at: datetime | None = None
    ) -> SavedAccount:
        """Add or update the row for ``settings`` (host + user name) as verified now."""
        if not settings.username:
            raise ValueError("settings without a user name cannot be saved as an account")
        row = SavedAccount(
            host=normalize_host(settings.host),
            port=validate_port(settings.port),
            security=Security(settings.security),
            user=validate_username(settings.username),
            provider=settings.provider,
            last_verified=_iso(verified_at or _now()),
            pinned_sha256=settings.pinned_sha256,
        )
        with self._locked():  # read, merge and write under one lock: no update is lost
            rows = [a for a in self._rows_for_update() if a.key != row.key]
            rows.append(row)
            self._write(rows)
        return row

    def remove(self, host: str, user: str) -> bool:
        """Remove the row; ``False`` when there was none."""
        key = (normalize_host(host), validate_username(user))
        if not self.path.exists():
            return False
        with self._locked():
            rows = list(self._rows_for_update())
            kept = [a for a in rows if a.key != key]
            if len(kept) == len(rows):
                return False
            self._write(kept)
        return True

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold an exclusive lock on the index's folder (POSIX ``flock``; on Windows a lock
        file beside the index), released when the process ends, even by a crash. Two
        programs saving at once (the wizard and ``probe --save``) then each read the other's
        row before writing."""
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if os.name == "nt":
                lock_path = self.path.with_name(self.path.name + ".lock")
                fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            else:
                fd = os.open(folder, os.O_RDONLY)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise AccountIndexError(
                _(INDEX_WORDING["unwritable"]).format(path=self.path, reason=reason)
            ) from None
        try:
            _lock_file(fd)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _rows_for_update(self) -> tuple[SavedAccount, ...]:
        current = self.load()
        if not current.readable:
            raise AccountIndexError(current.notice)
        return current.accounts

    def _write(self, rows: list[SavedAccount]) -> None:
        rows = sorted(rows, key=lambda a: a.key)
        payload = {"schema": INDEX_SCHEMA, "accounts": [a.to_dict() for a in rows]}
        text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
        folder = self.path.parent
        tmp_name: str | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp_name = tempfile.mkstemp(prefix=".accounts-", suffix=".tmp", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp_name, self.path)
            tmp_name = None
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise AccountIndexError(
                _(INDEX_WORDING["unwritable"]).format(path=self.path, reason=reason)
            ) from None
        finally:
            if tmp_name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)
