"""The non-secret index of saved accounts: location, atomic writes, bad files never crash."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import keyring.backends.fail
import pytest

from smtpwizard.cli import main as cli_main
from smtpwizard.core.credentials import accounts, keyring_store
from smtpwizard.core.credentials.accounts import (
    CONFIG_DIR_ENV,
    INDEX_SCHEMA,
    AccountIndex,
    AccountIndexError,
    SavedAccount,
)
from smtpwizard.core.models import Security, Settings
from tests.fixtures.keyring_doubles import MemoryKeyring, use_backend

HOST = "smtp.example.com"
USER = "ada@example.com"
SETTINGS = Settings(HOST, 587, Security.STARTTLS, username=USER, provider="example")
WHEN = datetime(2026, 11, 22, 10, 30, 5, 123456, tzinfo=UTC)


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv(CONFIG_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def index(config_dir: Path) -> AccountIndex:
    return AccountIndex()


def test_the_folder_comes_from_the_environment_or_platformdirs(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert accounts.config_dir() == config_dir
    assert AccountIndex().path == config_dir / "accounts.json"
    monkeypatch.delenv(CONFIG_DIR_ENV)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config_dir.parent / "xdg"))
    assert accounts.config_dir() == config_dir.parent / "xdg" / "smtpwizard"


def test_missing_file_is_an_empty_list_and_creates_nothing(
    index: AccountIndex, config_dir: Path
) -> None:
    listing = index.load()
    assert listing.accounts == () and listing.notice is None
    assert index.remove(HOST, USER) is False
    assert not config_dir.exists()


def test_record_writes_one_private_row_without_any_secret(
    index: AccountIndex, config_dir: Path
) -> None:
    row = index.record_verified(SETTINGS, verified_at=WHEN)
    when = "2026-11-22T10:30:05Z"
    assert row == SavedAccount(HOST, 587, Security.STARTTLS, USER, "example", when)
    data = json.loads(index.path.read_text())
    assert data == {"schema": INDEX_SCHEMA, "accounts": [row.to_dict()]}
    assert set(data["accounts"][0]) == {
        "host",
        "port",
        "security",
        "user",
        "provider",
        "last_verified",
    }
    assert stat.S_IMODE(index.path.stat().st_mode) == 0o600
    assert [p.name for p in config_dir.iterdir()] == ["accounts.json"]  # no temporary left


def test_record_again_updates_the_row_for_the_same_host_and_user(index: AccountIndex) -> None:
    index.record_verified(SETTINGS, verified_at=WHEN)
    later = datetime(2026, 11, 23, tzinfo=UTC)
    moved = Settings("SMTP.example.com", 465, Security.TLS, username=USER)
    index.record_verified(moved, verified_at=later)
    index.record_verified(Settings("mail.other.org", 587, Security.STARTTLS, username="bob"))
    rows = index.accounts()
    assert [(a.host, a.user) for a in rows] == [("mail.other.org", "bob"), (HOST, USER)]
    ada = index.find(HOST, USER)
    assert ada is not None
    assert (ada.port, ada.security) == (465, Security.TLS)
    assert ada.last_verified == "2026-11-23T00:00:00Z"
    assert ada.to_settings() == Settings(HOST, 465, Security.TLS, username=USER)


def test_remove_only_that_row(index: AccountIndex) -> None:
    index.record_verified(SETTINGS)
    index.record_verified(Settings(HOST, 587, Security.STARTTLS, username="bob"))
    assert index.remove("Smtp.Example.Com", USER) is True
    assert [a.user for a in index.accounts()] == ["bob"]
    assert index.remove(HOST, USER) is False


def test_settings_without_user_name_cannot_be_recorded(index: AccountIndex) -> None:
    with pytest.raises(ValueError, match="user name"):
        index.record_verified(Settings(HOST, 587, Security.STARTTLS))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not text"),
        (b'{"schema": "something/else", "accounts": []}', "is not a smtpwizard.accounts/1 file"),
        (json.dumps({"schema": INDEX_SCHEMA}).encode(), "no list of accounts"),
        (json.dumps({"schema": INDEX_SCHEMA, "accounts": [{"host": HOST}]}).encode(), "has no"),
        (
            json.dumps(
                {
                    "schema": INDEX_SCHEMA,
                    "accounts": [
                        {
                            "host": HOST,
                            "port": 99999,
                            "security": "tls",
                            "user": "a",
                            "provider": None,
                            "last_verified": "2026-01-01T00:00:00Z",
                        }
                    ],
                }
            ).encode(),
            "Port 99999",
        ),
        (b"[]", "is not a smtpwizard.accounts/1 file"),
    ],
)
def test_a_corrupt_file_is_set_aside_with_a_clear_notice(
    index: AccountIndex, content: bytes, reason: str
) -> None:
    index.path.parent.mkdir(parents=True)
    index.path.write_bytes(content)
    listing = index.load()
    assert listing.accounts == ()
    assert listing.notice is not None
    assert reason in listing.notice
    assert "accounts.json.bak" in listing.notice
    assert "keyring were not touched" in listing.notice
    backup = index.path.with_name("accounts.json.bak")
    assert backup.read_bytes() == content
    assert not index.path.exists()
    # the program carries on: the next save starts a fresh list
    index.record_verified(SETTINGS)
    assert index.load().notice is None
    assert len(index.accounts()) == 1


def test_an_older_backup_is_never_overwritten(index: AccountIndex) -> None:
    index.path.parent.mkdir(parents=True)
    for n, content in enumerate((b"first broken", b"second broken")):
        index.path.write_bytes(content)
        notice = index.load().notice
        assert notice is not None
        assert ("accounts.json.bak.1" in notice) == (n == 1)
    assert index.path.with_name("accounts.json.bak").read_bytes() == b"first broken"
    assert index.path.with_name("accounts.json.bak.1").read_bytes() == b"second broken"


def test_an_unopenable_file_is_reported_and_never_overwritten(index: AccountIndex) -> None:
    index.path.mkdir(parents=True)  # a folder where the file should be: cannot be read
    listing = index.load()
    assert listing.readable is False
    assert listing.notice is not None and "could not be opened" in listing.notice
    with pytest.raises(AccountIndexError, match="could not be opened"):
        index.record_verified(SETTINGS)
    assert index.path.is_dir()


def test_an_unwritable_folder_raises_plain_words(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    index = AccountIndex(blocker / "accounts.json")
    with pytest.raises(AccountIndexError, match="could not be written") as info:
        index.record_verified(SETTINGS)
    assert "Traceback" not in str(info.value)
    assert blocker.read_text() == "x"


# --- the command line: smtpwizard accounts list|forget ------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli_main(["accounts", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_list_shows_rows_and_json(
    index: AccountIndex, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _cli(capsys, "list")
    assert code == 0 and "No saved accounts" in out
    index.record_verified(SETTINGS, verified_at=WHEN)
    code, out, _ = _cli(capsys, "list")
    assert code == 0
    assert "smtp.example.com  587 STARTTLS  ada@example.com  example   2026-11-22 10:30:05" in out
    code, out, _ = _cli(capsys, "list", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["schema"] == INDEX_SCHEMA and data["notice"] is None
    assert data["accounts"] == [index.accounts()[0].to_dict()]


def test_cli_list_with_a_corrupt_index_explains_and_carries_on(
    index: AccountIndex, capsys: pytest.CaptureFixture[str]
) -> None:
    index.path.parent.mkdir(parents=True)
    index.path.write_text("{oops")
    code, out, err = _cli(capsys, "list", "--json")
    assert code == 0
    assert json.loads(out)["accounts"] == []
    assert "moved aside" in err and "Traceback" not in err


def test_cli_forget_with_a_memory_keyring(
    index: AccountIndex, capsys: pytest.CaptureFixture[str]
) -> None:
    with use_backend(MemoryKeyring()):
        keyring_store.remember_verified(SETTINGS, "a-secret-value")
        code, out, _ = _cli(capsys, "forget", "SMTP.example.com", USER)
        assert code == 0
        assert "removed the password" in out and "removed the account" in out
        assert keyring_store.load_secret(HOST, USER) is None
        code, out, _ = _cli(capsys, "forget", HOST, USER, "--json")
    assert code == 3
    assert json.loads(out)["removed_from_index"] is False
    assert index.accounts() == ()


def test_cli_forget_without_a_keyring_explains_and_changes_nothing(
    index: AccountIndex, capsys: pytest.CaptureFixture[str]
) -> None:
    index.record_verified(SETTINGS)
    before = index.path.read_bytes()
    with use_backend(keyring.backends.fail.Keyring()):
        code, out, err = _cli(capsys, "forget", HOST, USER, "--json")
        assert code == 1
        assert json.loads(out)["problem"]["kind"] == "no_backend"
        assert "No keyring on this computer" in err and "--index-only" in err
        assert index.path.read_bytes() == before
        code, out, _ = _cli(capsys, "forget", HOST, USER, "--index-only")
    assert code == 0 and "removed the account from the list" in out
    assert index.accounts() == ()


def test_cli_usage_errors_are_one_line(
    index: AccountIndex, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _cli(capsys, "forget", "http://smtp.example.com/", USER)
    assert code == 2 and err.count("\n") == 1 and "server name" in err
    code, _, err = _cli(capsys)
    assert code == 2 and "list" in err
