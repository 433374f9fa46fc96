"""The secret (password, app password, API key, SMTP key) in the operating system's keyring.

The secret lives only in the keyring — Windows Credential Locker, macOS Keychain, Secret Service
or KWallet on Linux — through the ``keyring`` package. There is never a fallback to a file: when
the keyring cannot be used, a :class:`KeyringProblem` says so in plain words and the caller
carries on without saving.

Naming convention (docs/contracts.md): service ``smtpwizard:<host>``, keyring user name = the
SMTP user
name. An OAuth refresh token (:attr:`SecretKind.OAUTH_REFRESH`) for the same account is stored
under the same service with the user name ``<username>#oauth-refresh``.

API (sync for the command line; ``*_async`` for an event loop — same arguments)
-------------------------------------------------------------------------------
``load_secret(host, user, kind=SecretKind.PASSWORD) -> str | None``
    The saved secret, or ``None`` when nothing is saved. Never writes anything.
``store_verified(host, user, secret, kind=SecretKind.PASSWORD, *, settings=None, index=None)``
    Save (or replace) the secret. Call it **only after a probe verified the secret**: a new
    secret replaces the saved one only through this call, so a failed retype never destroys a
    working saved password. The value is read back to prove the keyring really kept it. With
    ``settings`` (the verified :class:`~smtpwizard.core.models.Settings`; a missing user name is
    filled in from ``user``) the account is also recorded in the non-secret index of saved
    accounts (:mod:`smtpwizard.core.credentials.accounts`) and the row is returned (else
    ``None``). The row
    is written only after the keyring accepted the secret, so a failure writes nothing at all.
``remember_verified(settings, secret, index=None) -> SavedAccount``
    The same with host and user name taken from ``settings``.
``forget(host, user, index=None, index_only=False) -> ForgetResult``
    Remove every secret of the account (password and OAuth refresh token) and its index row.
    When the keyring cannot be reached the index row is kept (so the account can still be
    forgotten later) unless ``index_only`` is set.
``describe_backend() -> str``
    The name of the keyring in use, for reports and the GUI (never a secret).

Every keyring call runs in a worker thread with a bounded ``timeout`` (seconds). A backend that
hangs — typically a locked keyring waiting for an unlock window nobody can see — raises
``KeyringProblem(kind="timeout")``; the worker thread is abandoned (it is a daemon thread and
never blocks the program from exiting), never awaited forever. The async variants never block
the caller's event loop.

Failures: every problem is a :class:`KeyringProblem` with a stable ``kind``
(:class:`KeyringProblemKind`: ``no_backend``, ``locked``, ``denied``, ``failed``, ``timeout``),
a plain-language ``str()`` and a technical ``detail``. Neither ever contains the secret, and no
``repr`` here shows it.

The wording for keyring problems lives in :data:`KEYRING_WORDING` (one dict, so it can move to
:mod:`smtpwizard.core.wording.messages` later).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

import keyring
import keyring.errors

from smtpwizard.core.credentials.accounts import AccountIndex, SavedAccount
from smtpwizard.core.errors import SmtpWizardError
from smtpwizard.core.models import Settings
from smtpwizard.core.validation import InputError, normalize_host, validate_username
from smtpwizard.core.wording.base import N_, _

log = logging.getLogger(__name__)

T = TypeVar("T")

SERVICE_PREFIX = "smtpwizard:"
OAUTH_REFRESH_SUFFIX = "#oauth-refresh"
#: Seconds a keyring call may take. Generous because on a desktop a real unlock window may be
#: waiting for the person to type their login password.
DEFAULT_TIMEOUT = 30.0


class SecretKind(StrEnum):
    """What kind of secret an entry holds; each kind has its own keyring entry."""

    PASSWORD = "password"  # password, app password, API key or SMTP key
    OAUTH_REFRESH = "oauth_refresh"  # the refresh token of an OAuth 2.0 sign-in


class KeyringProblemKind(StrEnum):
    NO_BACKEND = "no_backend"
    LOCKED = "locked"
    DENIED = "denied"
    FAILED = "failed"
    TIMEOUT = "timeout"


class Operation(StrEnum):
    LOAD = "load"
    STORE = "store"
    DELETE = "delete"


#: Every word about keyring problems: a ``title`` and what happened (``explanation``) per kind,
#: then what the person can do next per operation (``next``). ``{action}`` is the phrase for
#: what could not be done (per operation), ``{seconds}`` the timeout.
KEYRING_WORDING: dict[str, dict[str, str]] = {
    "title": {
        KeyringProblemKind.NO_BACKEND: N_("No keyring on this computer"),
        KeyringProblemKind.LOCKED: N_("The keyring is locked"),
        KeyringProblemKind.DENIED: N_("The keyring refused access"),
        KeyringProblemKind.FAILED: N_("The keyring reported an error"),
        KeyringProblemKind.TIMEOUT: N_("The keyring did not answer"),
    },
    "explanation": {
        KeyringProblemKind.NO_BACKEND: N_(
            "This computer has no password keyring that smtpwizard can use, so {action}."
        ),
        KeyringProblemKind.LOCKED: N_(
            "Your keyring is locked and could not be unlocked (the unlock window was closed or "
            "could not be shown), so {action}. Unlocking the keyring (for example by logging "
            "out and in again) and retrying may help."
        ),
        KeyringProblemKind.DENIED: N_(
            "The keyring did not allow smtpwizard to use it, so {action}. Allow access when "
            "your computer asks and retry."
        ),
        KeyringProblemKind.FAILED: N_(
            "The keyring reported an error, so {action}. The technical detail may help if it "
            "keeps happening."
        ),
        KeyringProblemKind.TIMEOUT: N_(
            "The keyring did not answer within {seconds} seconds (it may be waiting for an "
            "unlock window that cannot be seen), so smtpwizard stopped waiting and {action}."
        ),
    },
    "action": {
        Operation.LOAD: N_("the saved password could not be read"),
        Operation.STORE: N_("the password was not saved"),
        Operation.DELETE: N_("the saved password was not removed"),
    },
    "next": {
        Operation.LOAD: N_("You can continue without the keyring by typing the password."),
        Operation.STORE: N_(
            "You can continue without saving it and type it again next time; smtpwizard never "
            "keeps passwords in a file instead."
        ),
        Operation.DELETE: N_("Nothing was changed; you can try again later."),
    },
}


class KeyringProblem(SmtpWizardError):
    """The keyring could not do what was asked. ``str()`` is plain words for a person.

    ``kind`` is stable (tests, JSON and the GUI rely on it); ``detail`` is the technical cause
    (backend exception type and message) for a "details" section. Neither contains a secret.
    """

    kind: KeyringProblemKind

    def __init__(
        self,
        kind: KeyringProblemKind | str,
        operation: Operation | str = Operation.LOAD,
        detail: str = "",
        seconds: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.kind = KeyringProblemKind(kind)
        self.operation = Operation(operation)
        self.detail = detail
        self.title = _(KEYRING_WORDING["title"][self.kind])
        action = _(KEYRING_WORDING["action"][self.operation])
        what = _(KEYRING_WORDING["explanation"][self.kind]).format(
            action=action, seconds=f"{seconds:g}"
        )
        self.explanation = f"{what} {_(KEYRING_WORDING['next'][self.operation])}"
        super().__init__(f"{self.title}. {self.explanation}")

    def __repr__(self) -> str:
        return f"KeyringProblem(kind={self.kind.value!r}, operation={self.operation.value!r})"

    def to_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind.value,
            "title": self.title,
            "explanation": self.explanation,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class ForgetResult:
    """What ``forget`` removed. ``anything_removed`` is False when nothing was saved."""

    host: str
    user: str
    removed_secrets: tuple[SecretKind, ...]
    removed_from_index: bool

    @property
    def anything_removed(self) -> bool:
        return bool(self.removed_secrets) or self.removed_from_index

    def to_dict(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "user": self.user,
            "removed_from_keyring": [k.value for k in self.removed_secrets],
            "removed_from_index": self.removed_from_index,
        }


# --- naming -----------------------------------------------------------------------------------


def service_name(host: str) -> str:
    """``smtpwizard:<host>`` with the host in its normalised ASCII form (raises InputError)."""
    return SERVICE_PREFIX + normalize_host(host)


def keyring_username(user: str, kind: SecretKind = SecretKind.PASSWORD) -> str:
    """The keyring's user name for ``kind``: the SMTP user name, plus a suffix for OAuth."""
    name = validate_username(user)
    if name.endswith(OAUTH_REFRESH_SUFFIX):
        raise InputError(f"A user name cannot end with {OAUTH_REFRESH_SUFFIX!r}.")
    return name + OAUTH_REFRESH_SUFFIX if kind is SecretKind.OAUTH_REFRESH else name


def keyring_entry(host: str, user: str, *, oauth: bool = False) -> dict[str, str]:
    """Where the secret of ``user`` on ``host`` is kept, for result files and exports: the
    refresh token's entry after an OAuth sign-in, else the password's (never the secret)."""
    return {
        "service": service_name(host),
        "username": keyring_username(user, SecretKind.OAUTH_REFRESH) if oauth else user,
    }


def account_secret_entries(
    outgoing: Settings, incoming: Settings | None, *, same_credentials: bool
) -> list[dict[str, str]]:
    """The keyring entries one mail account needs (docs/contracts.md, "Keyring convention").

    One secret per account when incoming and outgoing mail use the same user name and password:
    the outgoing entry (``smtpwizard:<smtp host>``) serves both, and the incoming server gets
    no entry of its own. Only credentials that differ get ``smtpwizard:<incoming host>``.
    """
    entries: list[dict[str, str]] = []
    if outgoing.username:
        entries.append(keyring_entry(outgoing.host, outgoing.username, oauth=outgoing.oauth))
    if incoming is not None and incoming.username and not same_credentials:
        entries.append(keyring_entry(incoming.host, incoming.username, oauth=incoming.oauth))
    return entries


def describe_backend() -> str:
    """A readable name of the keyring in use (e.g. ``SecretService Keyring``)."""
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken configuration must not break a report
        return "unknown"
    return str(getattr(type(backend), "name", type(backend).__name__))


# --- classification ---------------------------------------------------------------------------

_DENIED_WORDS = ("denied", "not allowed", "permission", "not permitted", "unauthori")
_LOCKED_WORDS = ("locked", "prompt dismissed", "dismissed")


def _redact(text: str, secret: str | None) -> str:
    if secret:
        text = text.replace(secret, "***")
    return text


def classify(
    exc: BaseException,
    operation: Operation,
    secret: str | None = None,
    seconds: float = DEFAULT_TIMEOUT,
) -> KeyringProblem:
    """Turn any exception a keyring backend raised into a :class:`KeyringProblem`."""
    detail = _redact(f"{type(exc).__module__}.{type(exc).__name__}: {exc}", secret)
    names = " ".join(t.__name__ for t in type(exc).__mro__).lower()
    text = f"{names} {exc}".lower()
    kind: KeyringProblemKind
    if isinstance(exc, keyring.errors.NoKeyringError):
        kind = KeyringProblemKind.NO_BACKEND
    elif isinstance(exc, keyring.errors.KeyringLocked) or any(w in text for w in _LOCKED_WORDS):
        kind = KeyringProblemKind.LOCKED
    elif isinstance(exc, PermissionError) or any(w in text for w in _DENIED_WORDS):
        kind = KeyringProblemKind.DENIED
    else:
        kind = KeyringProblemKind.FAILED
    return KeyringProblem(kind, operation, detail, seconds)


def _backend() -> Any:
    """The configured backend; a do-nothing backend counts as none (it would drop secrets)."""
    backend = keyring.get_keyring()
    module = type(backend).__module__
    if module.endswith(".null") or module.endswith(".fail"):
        raise keyring.errors.NoKeyringError(f"{type(backend).__module__} is not a real keyring")
    return backend


# --- bounded calls ----------------------------------------------------------------------------


class _Outcome(Generic[T]):
    """Where a worker thread leaves its result (or exception)."""

    def __init__(self) -> None:
        self.value: T | None = None
        self.error: BaseException | None = None


def _start(op: Callable[[], T], on_done: Callable[[_Outcome[T]], None]) -> None:
    outcome: _Outcome[T] = _Outcome()

    def work() -> None:
        try:
            outcome.value = op()
        except BaseException as exc:
            # Drop the backend's frames now: some backends leave resources (e.g. a D-Bus
            # connection) only in their locals when they fail; this frees them right here
            # instead of whenever the garbage collector finds the traceback cycle.
            traceback.clear_frames(exc.__traceback__)
            outcome.error = exc
        on_done(outcome)

    threading.Thread(target=work, name="smtpwizard-keyring", daemon=True).start()


def _unwrap(outcome: _Outcome[T], operation: Operation, secret: str | None, timeout: float) -> T:
    if outcome.error is not None:
        if isinstance(outcome.error, KeyringProblem):
            raise outcome.error
        raise classify(outcome.error, operation, secret, timeout) from None
    return outcome.value  # type: ignore[return-value]


def _timeout_problem(operation: Operation, timeout: float) -> KeyringProblem:
    return KeyringProblem(
        KeyringProblemKind.TIMEOUT, operation, f"no answer after {timeout:g} s", timeout
    )


def _run(op: Callable[[], T], operation: Operation, timeout: float, secret: str | None) -> T:
    done = threading.Event()
    box: list[_Outcome[T]] = []

    def on_done(outcome: _Outcome[T]) -> None:
        box.append(outcome)
        done.set()

    _start(op, on_done)
    if not done.wait(timeout):
        log.warning("keyring %s: no answer after %g s; worker abandoned", operation, timeout)
        raise _timeout_problem(operation, timeout)
    return _unwrap(box[0], operation, secret, timeout)


async def _run_async(
    op: Callable[[], T], operation: Operation, timeout: float, secret: str | None
) -> T:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[_Outcome[T]] = loop.create_future()

    def deliver(outcome: _Outcome[T]) -> None:
        if not future.done():
            future.set_result(outcome)

    def on_done(outcome: _Outcome[T]) -> None:
        # RuntimeError: the loop closed while the backend was still busy
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(deliver, outcome)

    _start(op, on_done)
    try:
        outcome = await asyncio.wait_for(future, timeout)
    except TimeoutError:
        log.warning("keyring %s: no answer after %g s; worker abandoned", operation, timeout)
        raise _timeout_problem(operation, timeout) from None
    return _unwrap(outcome, operation, secret, timeout)


# --- the operations (plain, run inside the worker) ---------------------------------------------


def _load_op(service: str, kr_user: str) -> Callable[[], str | None]:
    def op() -> str | None:
        value = _backend().get_password(service, kr_user)
        return None if value is None else str(value)

    return op


def _store_op(service: str, kr_user: str, secret: str) -> Callable[[], None]:
    def op() -> None:
        backend = _backend()
        backend.set_password(service, kr_user, secret)
        if backend.get_password(service, kr_user) != secret:
            raise keyring.errors.PasswordSetError(
                "the keyring accepted the secret but did not give it back"
            )

    return op


def _delete_op(
    service: str, kr_users: tuple[tuple[SecretKind, str], ...]
) -> Callable[[], tuple[SecretKind, ...]]:
    def op() -> tuple[SecretKind, ...]:
        backend = _backend()
        removed: list[SecretKind] = []
        for kind, kr_user in kr_users:
            if backend.get_password(service, kr_user) is None:
                continue
            try:
                backend.delete_password(service, kr_user)
            except keyring.errors.PasswordDeleteError:
                continue  # vanished in between: nothing left to remove
            removed.append(kind)
        return tuple(removed)

    return op


def _check_secret(secret: str) -> None:
    if not isinstance(secret, str) or secret == "":
        raise InputError(N_("There is no password to save."))


def _all_kinds(user: str) -> tuple[tuple[SecretKind, str], ...]:
    return tuple((kind, keyring_username(user, kind)) for kind in SecretKind)


# --- public API: sync ---------------------------------------------------------------------------


def load_secret(
    host: str,
    user: str,
    kind: SecretKind = SecretKind.PASSWORD,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> str | None:
    """The saved secret for ``user`` on ``host``, or ``None``. Raises KeyringProblem."""
    service, kr_user = service_name(host), keyring_username(user, kind)
    log.debug("keyring load %s for %s", service, kr_user)
    return _run(_load_op(service, kr_user), Operation.LOAD, timeout, None)


def store_verified(
    host: str,
    user: str,
    secret: str,
    kind: SecretKind = SecretKind.PASSWORD,
    *,
    settings: Settings | None = None,
    index: AccountIndex | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> SavedAccount | None:
    """Save ``secret`` (replacing a saved one). Call only after a probe verified it.

    With ``settings`` (the verified settings), the account is also recorded in the index —
    only after the keyring accepted the secret — and the index row is returned.
    """
    _check_secret(secret)
    service, kr_user = service_name(host), keyring_username(user, kind)
    log.debug("keyring store %s for %s", service, kr_user)
    _run(_store_op(service, kr_user, secret), Operation.STORE, timeout, secret)
    return _record(settings, user, index)


def _record(
    settings: Settings | None, user: str, index: AccountIndex | None
) -> SavedAccount | None:
    return None if settings is None else _record_row(settings, user, index)


def _record_row(settings: Settings, user: str, index: AccountIndex | None) -> SavedAccount:
    if not settings.username:
        settings = dataclasses.replace(settings, username=user)
    return (index or AccountIndex()).record_verified(settings)


def remember_verified(
    settings: Settings,
    secret: str,
    index: AccountIndex | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> SavedAccount:
    """``store_verified`` and then record the account (no secret) in the index."""
    user = _settings_user(settings)
    store_verified(settings.host, user, secret, timeout=timeout)
    return _record_row(settings, user, index)


def forget(
    host: str,
    user: str,
    index: AccountIndex | None = None,
    *,
    index_only: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> ForgetResult:
    """Remove every secret of the account from the keyring and its row from the index."""
    service = service_name(host)
    removed: tuple[SecretKind, ...] = ()
    if not index_only:
        removed = _run(_delete_op(service, _all_kinds(user)), Operation.DELETE, timeout, None)
    in_index = (index or AccountIndex()).remove(host, user)
    return ForgetResult(normalize_host(host), validate_username(user), removed, in_index)


# --- public API: async (same behaviour, never blocks the event loop) ----------------------------


def _check_op() -> None:
    # a real backend, unlocked: reading an entry that never exists asks for an unlock if needed
    _backend().get_password(service_name("keyring-check.invalid"), "smtpwizard")


async def check_usable_async(*, timeout: float = DEFAULT_TIMEOUT) -> None:
    """Could a verified password be saved here? Returns, or raises :class:`KeyringProblem`
    (operation: store) saying why not. Reads one entry that never exists; writes nothing."""
    await _run_async(_check_op, Operation.STORE, timeout, None)


async def load_secret_async(
    host: str,
    user: str,
    kind: SecretKind = SecretKind.PASSWORD,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> str | None:
    service, kr_user = service_name(host), keyring_username(user, kind)
    return await _run_async(_load_op(service, kr_user), Operation.LOAD, timeout, None)


async def store_verified_async(
    host: str,
    user: str,
    secret: str,
    kind: SecretKind = SecretKind.PASSWORD,
    *,
    settings: Settings | None = None,
    index: AccountIndex | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> SavedAccount | None:
    _check_secret(secret)
    service, kr_user = service_name(host), keyring_username(user, kind)
    await _run_async(_store_op(service, kr_user, secret), Operation.STORE, timeout, secret)
    # the index is a small local file: writing it on the loop thread is fine
    return _record(settings, user, index)


async def remember_verified_async(
    settings: Settings,
    secret: str,
    index: AccountIndex | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> SavedAccount:
    user = _settings_user(settings)
    await store_verified_async(settings.host, user, secret, timeout=timeout)
    return _record_row(settings, user, index)


async def forget_async(
    host: str,
    user: str,
    index: AccountIndex | None = None,
    *,
    index_only: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> ForgetResult:
    service = service_name(host)
    removed: tuple[SecretKind, ...] = ()
    if not index_only:
        removed = await _run_async(
            _delete_op(service, _all_kinds(user)), Operation.DELETE, timeout, None
        )
    in_index = (index or AccountIndex()).remove(host, user)
    return ForgetResult(normalize_host(host), validate_username(user), removed, in_index)


def _settings_user(settings: Settings) -> str:
    if not settings.username:
        raise InputError(N_("Enter your user name before saving the password."))
    return settings.username
