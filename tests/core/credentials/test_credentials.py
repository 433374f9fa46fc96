"""The keyring wrapper: naming, round trips, every failure kind, timeouts, no secret leaks."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import keyring.errors
import pytest

from smtpwizard.core.credentials import keyring_store
from smtpwizard.core.credentials.accounts import CONFIG_DIR_ENV, AccountIndex
from smtpwizard.core.credentials.keyring_store import (
    KEYRING_WORDING,
    KeyringProblem,
    KeyringProblemKind,
    SecretKind,
    forget,
    forget_async,
    load_secret,
    load_secret_async,
    remember_verified,
    remember_verified_async,
    store_verified,
    store_verified_async,
)
from smtpwizard.core.models import Security, Settings
from smtpwizard.core.validation import InputError
from tests.fixtures.keyring_doubles import (
    ForgetfulKeyring,
    HangingKeyring,
    MemoryKeyring,
    RaisingKeyring,
    use_backend,
)

SECRET = "Tr0ub4dor&3-very-secret"
HOST = "smtp.example.com"
USER = "ada@example.com"
SETTINGS = Settings(HOST, 587, Security.STARTTLS, username=USER, provider="example")


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv(CONFIG_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def memory() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    with use_backend(backend):
        yield backend


@pytest.fixture
def hanging() -> Iterator[HangingKeyring]:
    backend = HangingKeyring()
    with use_backend(backend):
        yield backend
    backend.release()  # let the abandoned worker threads finish


def _files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


# --- naming -------------------------------------------------------------------------------------


def test_service_name_follows_the_convention_with_a_normalised_host() -> None:
    assert keyring_store.service_name("SMTP.Example.COM.") == "smtpwizard:smtp.example.com"
    assert keyring_store.service_name("bücher.example") == "smtpwizard:xn--bcher-kva.example"


def test_oauth_refresh_token_has_its_own_reserved_user_name() -> None:
    assert keyring_store.keyring_username(USER) == USER
    assert keyring_store.keyring_username(USER, SecretKind.OAUTH_REFRESH) == f"{USER}#oauth-refresh"
    with pytest.raises(InputError):
        keyring_store.keyring_username("ada#oauth-refresh")


def test_bad_host_or_user_is_an_input_error_before_any_keyring_call(memory: MemoryKeyring) -> None:
    with pytest.raises(InputError, match="server name"):
        load_secret("http://x/", USER)
    with pytest.raises(InputError, match="user name"):
        store_verified(HOST, "  ", SECRET)
    with pytest.raises(InputError, match="no password"):
        store_verified(HOST, USER, "")
    assert memory.writes == []


# --- round trips --------------------------------------------------------------------------------


def test_store_then_load_round_trip_uses_the_convention(memory: MemoryKeyring) -> None:
    assert load_secret(HOST, USER) is None
    store_verified(HOST, USER, SECRET)
    assert memory.entries == {("smtpwizard:smtp.example.com", USER): SECRET}
    assert load_secret("Smtp.Example.com", USER) == SECRET


def test_loading_never_writes(memory: MemoryKeyring) -> None:
    memory.entries[("smtpwizard:smtp.example.com", USER)] = SECRET
    for _ in range(3):
        assert load_secret(HOST, USER) == SECRET
    assert load_secret(HOST, "someone-else") is None
    assert memory.writes == []


def test_a_new_secret_replaces_the_old_only_through_store_verified(memory: MemoryKeyring) -> None:
    store_verified(HOST, USER, "old-working-secret")
    # A retyped secret that failed its probe is simply never passed to store_verified: loading
    # and describing cannot change the saved one.
    load_secret(HOST, USER)
    keyring_store.describe_backend()
    assert load_secret(HOST, USER) == "old-working-secret"
    store_verified(HOST, USER, "new-verified-secret")
    assert load_secret(HOST, USER) == "new-verified-secret"
    assert len(memory.entries) == 1


def test_a_failed_save_of_a_new_secret_keeps_the_saved_one() -> None:
    backend = RaisingKeyring(keyring.errors.PasswordSetError("write failed"), armed=False)
    with use_backend(backend):
        store_verified(HOST, USER, "old-working-secret")
        backend.armed = True
        with pytest.raises(KeyringProblem):
            store_verified(HOST, USER, "new-secret")
        backend.armed = False
        assert load_secret(HOST, USER) == "old-working-secret"


def test_password_and_oauth_refresh_token_are_separate_entries(memory: MemoryKeyring) -> None:
    store_verified(HOST, USER, SECRET)
    store_verified(HOST, USER, "refresh-token", SecretKind.OAUTH_REFRESH)
    assert load_secret(HOST, USER) == SECRET
    assert load_secret(HOST, USER, SecretKind.OAUTH_REFRESH) == "refresh-token"
    assert ("smtpwizard:smtp.example.com", f"{USER}#oauth-refresh") in memory.entries


def test_remember_verified_writes_keyring_and_index_row(
    memory: MemoryKeyring, config_dir: Path
) -> None:
    row = remember_verified(SETTINGS, SECRET)
    assert (row.host, row.port, row.security, row.user) == (HOST, 587, Security.STARTTLS, USER)
    assert row.provider == "example"
    assert load_secret(HOST, USER) == SECRET
    assert AccountIndex().find(HOST, USER) == row
    assert (config_dir / "accounts.json").is_file()


def test_store_verified_with_settings_also_records_the_account(memory: MemoryKeyring) -> None:
    recommended = Settings(HOST, 465, Security.TLS)  # a probe's recommendation: no user name
    row = store_verified(HOST, USER, SECRET, settings=recommended)
    assert row is not None
    assert (row.user, row.port, row.security) == (USER, 465, Security.TLS)
    assert AccountIndex().find(HOST, USER) == row
    assert store_verified(HOST, USER, SECRET) is None  # without settings: keyring only


def test_forget_removes_every_secret_and_the_index_row(memory: MemoryKeyring) -> None:
    remember_verified(SETTINGS, SECRET)
    store_verified(HOST, USER, "refresh-token", SecretKind.OAUTH_REFRESH)
    result = forget(HOST, USER)
    assert result.removed_secrets == (SecretKind.PASSWORD, SecretKind.OAUTH_REFRESH)
    assert result.removed_from_index
    assert memory.entries == {}
    assert AccountIndex().accounts() == ()
    again = forget(HOST, USER)
    assert not again.anything_removed


def test_forget_leaves_other_accounts_alone(memory: MemoryKeyring) -> None:
    remember_verified(SETTINGS, SECRET)
    other = Settings(HOST, 465, Security.TLS, username="bob@example.com")
    remember_verified(other, "bobs-secret")
    forget(HOST, USER)
    assert load_secret(HOST, "bob@example.com") == "bobs-secret"
    assert [a.user for a in AccountIndex().accounts()] == ["bob@example.com"]


# --- failure kinds ------------------------------------------------------------------------------


def test_no_backend_explains_and_writes_nothing(config_dir: Path) -> None:
    with use_backend(keyring.backends.fail.Keyring()):
        with pytest.raises(KeyringProblem) as info:
            load_secret(HOST, USER)
        assert info.value.kind == "no_backend"
        with pytest.raises(KeyringProblem) as info:
            remember_verified(SETTINGS, SECRET)
    problem = info.value
    assert problem.kind is KeyringProblemKind.NO_BACKEND
    assert "password was not saved" in str(problem)
    assert "continue without saving" in str(problem)
    assert "file" in str(problem)  # says there is no fallback to a file
    assert _files_under(config_dir) == []


def test_a_null_backend_counts_as_no_keyring() -> None:
    with use_backend(keyring.backends.null.Keyring()), pytest.raises(KeyringProblem) as info:
        store_verified(HOST, USER, SECRET)
    assert info.value.kind == "no_backend"


def test_a_keyring_that_drops_the_secret_is_a_failure_not_a_silent_success() -> None:
    with use_backend(ForgetfulKeyring()), pytest.raises(KeyringProblem) as info:
        store_verified(HOST, USER, SECRET)
    assert info.value.kind == "failed"


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (keyring.errors.KeyringLocked("Failed to unlock the collection!"), "locked"),
        (keyring.errors.InitError("Failed to create the collection: Prompt dismissed.."), "locked"),
        (keyring.errors.PasswordSetError("(5, 'CredWrite', 'Access is denied.')"), "denied"),
        (PermissionError(13, "Permission denied"), "denied"),
        (keyring.errors.KeyringError("D-Bus went away"), "failed"),
        (RuntimeError("backend bug"), "failed"),
    ],
)
def test_every_backend_error_becomes_a_keyring_problem_with_a_stable_kind(
    error: BaseException, kind: str, config_dir: Path
) -> None:
    with use_backend(RaisingKeyring(error)):
        for call in (
            lambda: load_secret(HOST, USER),
            lambda: remember_verified(SETTINGS, SECRET),
            lambda: forget(HOST, USER),
        ):
            with pytest.raises(KeyringProblem) as info:
                call()
            assert info.value.kind == kind
            assert info.value.title in str(info.value)
            assert type(error).__name__ in info.value.detail
    assert _files_under(config_dir) == []


def test_every_kind_has_plain_words_for_every_operation() -> None:
    for kind in KeyringProblemKind:
        for operation in keyring_store.Operation:
            problem = KeyringProblem(kind, operation, seconds=5)
            text = str(problem)
            assert "{" not in text
            assert problem.title in text
            assert KEYRING_WORDING["next"][operation] in text
            assert ("without saving" in text) == (operation is keyring_store.Operation.STORE)
            assert problem.to_dict()["kind"] == kind.value


def test_forget_keeps_the_index_row_when_the_keyring_cannot_be_reached() -> None:
    with use_backend(MemoryKeyring()):
        remember_verified(SETTINGS, SECRET)
    with use_backend(keyring.backends.fail.Keyring()):
        with pytest.raises(KeyringProblem):
            forget(HOST, USER)
        assert AccountIndex().find(HOST, USER) is not None
        result = forget(HOST, USER, index_only=True)
    assert result.removed_from_index
    assert result.removed_secrets == ()
    assert AccountIndex().accounts() == ()


# --- timeouts -----------------------------------------------------------------------------------


def test_a_hanging_backend_times_out_quickly(hanging: HangingKeyring) -> None:
    start = time.monotonic()
    with pytest.raises(KeyringProblem) as info:
        load_secret(HOST, USER, timeout=0.2)
    elapsed = time.monotonic() - start
    assert info.value.kind == "timeout"
    assert "0.2 seconds" in str(info.value)
    assert 0.15 < elapsed < 1.0
    assert hanging.calls == 1


@pytest.mark.asyncio
async def test_async_timeout_keeps_the_event_loop_running(hanging: HangingKeyring) -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    task = asyncio.create_task(ticker())
    start = time.monotonic()
    with pytest.raises(KeyringProblem) as info:
        await store_verified_async(HOST, USER, SECRET, timeout=0.2)
    elapsed = time.monotonic() - start
    task.cancel()
    assert info.value.kind == "timeout"
    assert SECRET not in str(info.value) and SECRET not in info.value.detail
    assert elapsed < 1.0
    assert ticks >= 10  # the loop kept running while the keyring hung


def test_a_hung_keyring_does_not_stop_the_program_from_exiting() -> None:
    code = (
        "import keyring, threading, time\n"
        "from tests.fixtures.keyring_doubles import HangingKeyring\n"
        "from smtpwizard.core.credentials.keyring_store import load_secret, KeyringProblem\n"
        "keyring.set_keyring(HangingKeyring())\n"
        "try:\n"
        "    load_secret('smtp.example.com', 'ada', timeout=0.1)\n"
        "except KeyringProblem as exc:\n"
        "    print(exc.kind)\n"
    )
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=20,
        cwd=Path(__file__).parents[3],
    )
    assert done.stdout.strip() == "timeout", done.stderr
    assert time.monotonic() - start < 10  # not the 30 s the hanging backend would wait


# --- async round trip ---------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_async_round_trip(memory: MemoryKeyring) -> None:
    assert await load_secret_async(HOST, USER) is None
    await remember_verified_async(SETTINGS, SECRET)
    assert await load_secret_async(HOST, USER) == SECRET
    result = await forget_async(HOST, USER)
    assert result.removed_secrets == (SecretKind.PASSWORD,)
    assert result.removed_from_index
    assert memory.entries == {}


@pytest.mark.asyncio
async def test_async_problem_is_classified() -> None:
    with use_backend(keyring.backends.fail.Keyring()), pytest.raises(KeyringProblem) as info:
        await load_secret_async(HOST, USER)
    assert info.value.kind == "no_backend"


# --- no secret anywhere -------------------------------------------------------------------------


def test_a_backend_error_that_echoes_the_secret_is_redacted() -> None:
    with (
        use_backend(RaisingKeyring(keyring.errors.PasswordSetError(f"cannot store {SECRET}"))),
        pytest.raises(KeyringProblem) as info,
    ):
        store_verified(HOST, USER, SECRET)
    problem = info.value
    for text in (str(problem), repr(problem), problem.detail, json.dumps(problem.to_dict())):
        assert SECRET not in text
    assert "***" in problem.detail


def test_no_secret_in_reprs_index_or_config_folder(memory: MemoryKeyring, config_dir: Path) -> None:
    row = remember_verified(SETTINGS, SECRET)
    result = forget("smtp.example.com", "bob")  # nothing there; still a record
    remember_verified(SETTINGS, SECRET)
    texts = (repr(row), str(row), repr(result), repr(AccountIndex()), json.dumps(row.to_dict()))
    for text in texts:
        assert SECRET not in text
    files = _files_under(config_dir)
    assert files
    for path in files:
        assert SECRET.encode() not in path.read_bytes()


def test_describe_backend_names_the_keyring(memory: MemoryKeyring) -> None:
    assert "MemoryKeyring" in keyring_store.describe_backend()


# --- the probe command without any keyring ------------------------------------------------------


def test_probe_save_without_a_keyring_explains_carries_on_and_writes_nothing(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from smtpwizard.cli import main as cli_main

    monkeypatch.setattr(sys, "stdin", io.StringIO("demo-password\n"))
    with use_backend(keyring.backends.fail.Keyring()):
        code = cli_main(
            [
                "probe",
                "--demo",
                "--user",
                "demo@smtpwizard.test",
                "--pairings",
                "465/tls",
                "--password-stdin",
                "--save",
            ]
        )
    out = capsys.readouterr().out
    assert code == 1  # the settings work, but the save that was asked for did not happen
    assert "not saved" in out and "No keyring on this computer" in out
    assert _files_under(config_dir) == []


def test_the_secret_never_reaches_the_log(
    memory: MemoryKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    remember_verified(SETTINGS, SECRET)
    assert load_secret(HOST, USER) == SECRET
    forget(HOST, USER)
    echoing = RaisingKeyring(keyring.errors.PasswordSetError(f"echo {SECRET}"))
    with use_backend(echoing), pytest.raises(KeyringProblem):
        store_verified(HOST, USER, SECRET)
    hanging = HangingKeyring()
    with use_backend(hanging), pytest.raises(KeyringProblem):
        store_verified(HOST, USER, SECRET, timeout=0.05)
    hanging.release()
    assert caplog.records  # the calls were logged, by service and user name only
    assert all(SECRET not in r.getMessage() for r in caplog.records)
