"""Credentials against a REAL Secret Service: gnome-keyring-daemon in a private D-Bus session.

Each test gets its own bus and keyring daemon in a temporary HOME (never the real keyring);
what was stored is checked from outside with ``secret-tool``.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from smtpwizard.cli import main as cli_main
from smtpwizard.core.credentials.accounts import CONFIG_DIR_ENV, AccountIndex
from smtpwizard.core.credentials.keyring_store import (
    KeyringProblem,
    SecretKind,
    describe_backend,
    forget,
    load_secret,
    load_secret_async,
    remember_verified,
    remember_verified_async,
    store_verified,
)
from smtpwizard.core.models import Security, Settings
from tests.integration.keyring_env import (
    BACKEND_NAME,
    PrivateSecretService,
    collect_leaked_bus_connections,
    missing_tools,
    secret_service_backend,
)

_missing = missing_tools()
pytestmark = [
    pytest.mark.keyring_integration,
    pytest.mark.skipif(
        bool(_missing),
        reason=f"needs {', '.join(_missing)} (bash packaging/dev.sh setup installs them)",
    ),
]

HOST = "smtp.example.com"
SERVICE = "smtpwizard:smtp.example.com"
USER = "ada@example.com"
SECRET = "correct horse battery staple 7!"
SETTINGS = Settings(HOST, 465, Security.TLS, username=USER, provider="example")


@pytest.fixture
def private_secret_service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[PrivateSecretService]:
    """An unlocked private Secret Service, selected as this process's keyring backend."""
    service = PrivateSecretService(tmp_path / "session")
    config = tmp_path / "session" / "smtpwizard-config"
    service.env[CONFIG_DIR_ENV] = str(config)
    monkeypatch.setenv(CONFIG_DIR_ENV, str(config))
    service.start()
    try:
        with secret_service_backend(service):
            yield service
    finally:
        service.stop()


def _cli(service: PrivateSecretService, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run the real ``smtpwizard`` command, its keyring chosen by PYTHON_KEYRING_BACKEND."""
    env = dict(service.env, PYTHON_KEYRING_BACKEND=BACKEND_NAME)
    return subprocess.run(
        [sys.executable, "-m", "smtpwizard", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        cwd=Path(__file__).parents[2],
    )


def test_round_trip_through_the_real_secret_service(
    private_secret_service: PrivateSecretService,
) -> None:
    service = private_secret_service
    assert "SecretService" in describe_backend()
    assert load_secret(HOST, USER) is None
    remember_verified(SETTINGS, SECRET)
    assert service.lookup(SERVICE, USER) == SECRET  # seen from outside, by convention
    assert f"attribute.username = {USER}" in service.search(SERVICE)
    assert load_secret(HOST, USER) == SECRET
    result = forget(HOST, USER)
    assert result.removed_secrets == (SecretKind.PASSWORD,) and result.removed_from_index
    assert service.lookup(SERVICE, USER) is None
    assert load_secret(HOST, USER) is None
    assert AccountIndex().accounts() == ()


def test_a_verified_new_secret_replaces_the_old_one_in_place(
    private_secret_service: PrivateSecretService,
) -> None:
    service = private_secret_service
    store_verified(HOST, USER, "old-working-secret")
    # a retyped password that failed its probe is never stored: the old one stays
    assert load_secret(HOST, USER) == "old-working-secret"
    store_verified(HOST, USER, SECRET)
    assert service.lookup(SERVICE, USER) == SECRET
    assert service.search(SERVICE).count("[/") == 1  # replaced, not added


def test_oauth_refresh_token_is_its_own_item_and_forget_removes_both(
    private_secret_service: PrivateSecretService,
) -> None:
    service = private_secret_service
    store_verified(HOST, USER, SECRET)
    store_verified(HOST, USER, "refresh-token-value", SecretKind.OAUTH_REFRESH)
    assert service.lookup(SERVICE, f"{USER}#oauth-refresh") == "refresh-token-value"
    assert service.lookup(SERVICE, USER) == SECRET
    result = forget(HOST, USER)
    assert set(result.removed_secrets) == {SecretKind.PASSWORD, SecretKind.OAUTH_REFRESH}
    assert service.search(SERVICE) == ""


@pytest.mark.asyncio
async def test_async_round_trip_through_the_real_secret_service(
    private_secret_service: PrivateSecretService,
) -> None:
    await remember_verified_async(SETTINGS, SECRET)
    assert await load_secret_async(HOST, USER) == SECRET
    assert private_secret_service.lookup(SERVICE, USER) == SECRET


def test_a_locked_keyring_is_reported_fast_and_nothing_changes(
    private_secret_service: PrivateSecretService,
) -> None:
    service = private_secret_service
    remember_verified(SETTINGS, SECRET)
    index_before = AccountIndex().path.read_bytes()
    service.lock()
    with collect_leaked_bus_connections():
        for call in (
            lambda: load_secret(HOST, USER, timeout=10),
            lambda: store_verified(HOST, USER, "new-secret", settings=SETTINGS, timeout=10),
            lambda: forget(HOST, USER, timeout=10),
        ):
            start = time.monotonic()
            with pytest.raises(KeyringProblem) as info:
                call()
            assert info.value.kind == "locked", info.value.detail
            assert time.monotonic() - start < 5  # the unlock prompt fails; it does not hang
    assert AccountIndex().path.read_bytes() == index_before
    # unlocked again (a fresh daemon given the password): the saved secret is intact
    service.restart(unlock=True)
    assert load_secret(HOST, USER) == SECRET


def test_a_keyring_left_locked_after_login_is_reported_as_locked(
    private_secret_service: PrivateSecretService,
) -> None:
    service = private_secret_service
    store_verified(HOST, USER, SECRET)
    service.restart(unlock=False)  # like a session where the keyring was not unlocked
    with collect_leaked_bus_connections(), pytest.raises(KeyringProblem) as info:
        load_secret(HOST, USER, timeout=10)
    assert info.value.kind == "locked"
    assert "locked" in str(info.value)


def test_cli_list_and_forget_with_the_real_secret_service(
    private_secret_service: PrivateSecretService,
) -> None:
    service = private_secret_service
    remember_verified(SETTINGS, SECRET)
    listed = _cli(service, "accounts", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)["accounts"]
    assert [(r["host"], r["user"], r["port"]) for r in rows] == [(HOST, USER, 465)]
    assert SECRET not in listed.stdout + listed.stderr
    store_verified(HOST, USER, "refresh-token-value", SecretKind.OAUTH_REFRESH)
    gone = _cli(service, "accounts", "forget", HOST, USER)
    assert gone.returncode == 0, gone.stderr
    assert (
        "removed the password and the saved Google/Microsoft sign-in from this computer's keyring"
    ) in gone.stdout
    assert service.lookup(SERVICE, USER) is None
    assert service.lookup(SERVICE, f"{USER}#oauth-refresh") is None
    again = _cli(service, "accounts", "forget", HOST, USER)
    assert again.returncode == 3
    assert _cli(service, "accounts", "list").stdout.startswith("No saved accounts")


def test_no_file_written_anywhere_contains_the_secret(
    private_secret_service: PrivateSecretService,
) -> None:
    service = private_secret_service
    remember_verified(SETTINGS, SECRET)
    store_verified(HOST, USER, SECRET, SecretKind.OAUTH_REFRESH)
    assert _cli(service, "accounts", "list", "--json").returncode == 0
    assert load_secret(HOST, USER) == SECRET
    files = list(service.files())
    names = {p.name for p in files}
    assert "accounts.json" in names and "login.keyring" in names  # the flow wrote both
    for path in files:
        assert SECRET.encode() not in path.read_bytes(), path


def test_cli_probe_save_and_from_keyring_against_the_demo_server(
    private_secret_service: PrivateSecretService,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The full flow through the CLI (in this process, on the real Secret Service): a verified
    password is saved; a mistyped one that fails its probe never replaces it; the saved one is
    used again; no file the program wrote holds it."""
    service = private_secret_service
    user, good = "demo@smtpwizard.test", "demo-password"
    demo_service = "smtpwizard:localhost"
    base = ["probe", "--demo", "--user", user, "--pairings", "465/tls,587/starttls"]

    def probe(*extra: str, stdin: str = "") -> tuple[int, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = cli_main([*base, *extra])
        out, err = capsys.readouterr()
        return code, out + err

    code, out = probe("--password-stdin", "--save", stdin=good + "\n")
    assert code == 0, out
    assert "Saved the password" in out
    assert service.lookup(demo_service, user) == good

    code, out = probe("--password-stdin", "--save", stdin="demo-pasword\n")
    assert code == 5, out  # sign-in failed
    assert "not saved" in out
    assert service.lookup(demo_service, user) == good  # the working one is intact

    report = tmp_path / "session" / "home" / "report.html"
    code, out = probe("--from-keyring", "--report", str(report))
    assert code == 0, out
    assert cli_main(["accounts", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["accounts"]
    assert [(r["host"], r["user"]) for r in listed] == [("localhost", user)]

    files = list(service.files())
    assert report in files
    for path in files:
        assert good.encode() not in path.read_bytes(), path
