"""The installer contract: preset validation, the result document, the secret on a descriptor."""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from smtpwizard.core.installer.preset import (
    PRESET_SCHEMA,
    RESULT_SCHEMA,
    PresetError,
    check_result_path,
    check_secret_fd,
    load_preset,
    parse_preset,
    result_document,
    write_result_file,
    write_secret_to_fd,
)
from smtpwizard.core.models import Pairing, Security, Settings

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8">'
    b'<rect width="8" height="8"/></svg>'
)


def preset(**fields: Any) -> dict[str, Any]:
    return {"schema": PRESET_SCHEMA, **fields}


def test_full_preset_is_parsed(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_bytes(SVG)
    file = tmp_path / "preset.json"
    file.write_text(
        json.dumps(
            preset(
                window_title="Acme: set up email",
                logo="logo.svg",
                email="alex@Bücher.example",
                display_name="Alex Smith",
                provider="gmail",
                host="SMTP.Example.com.",
                pairings=["465/tls", "587/starttls", "465/ssl"],
                username="alex",
                locked=["host", "pairings"],
                skip_pages=["server"],
                oauth_client_ids={"google": "1234.apps.googleusercontent.com"},
            )
        )
    )
    p = load_preset(file)
    assert p.window_title == "Acme: set up email"
    assert p.logo == tmp_path / "logo.svg"
    assert p.email == "alex@xn--bcher-kva.example"
    assert p.host == "smtp.example.com"
    assert p.pairings == (Pairing(465, Security.TLS), Pairing(587, Security.STARTTLS))
    assert p.is_locked("host") and not p.is_locked("username")
    assert p.skips("server") and not p.skips("account")
    assert p.oauth_client_ids == {"google": "1234.apps.googleusercontent.com"}


def test_empty_preset_is_fine() -> None:
    p = parse_preset(preset())
    assert p.host is None and p.locked == frozenset() and p.oauth_client_ids == {}


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (preset(hots="x"), "hots", 'did you mean "host"'),
        (preset(colour="red"), "colour", "known keys"),
        ({"host": "smtp.example.com"}, "schema", PRESET_SCHEMA),
        ({"schema": "smtpwizard.preset/2"}, "schema", "found"),
        (preset(host=587), "host", "text string, not a number"),
        (preset(host="smtp example.com"), "host", "space"),
        (preset(host="smtp.example.com\r\nX"), "host", "line break"),
        (preset(email="not-an-address"), "email", "not an email address"),
        (preset(username="alex\n"), "username", "line break"),
        (preset(display_name="Alex\rSmith"), "display_name", "line break"),
        (preset(window_title="a\x07b"), "window_title", "control character"),
        (preset(pairings="465/tls"), "pairings", "non-empty list"),
        (preset(pairings=[]), "pairings", "non-empty list"),
        (preset(pairings=[465]), "pairings", "not a number"),
        (preset(pairings=["70000/tls"]), "pairings", "outside"),
        (preset(pairings=["587/maybe"]), "pairings", "not a security mode"),
        (preset(provider="gmial"), "provider", 'did you mean "gmail"'),
        (preset(locked=["host"]), "locked", "gives no value"),
        (preset(locked=["password"], host="h.example"), "locked", "not one of"),
        (preset(locked="host", host="h.example"), "locked", "must be a list"),
        (preset(skip_pages=["server"]), "skip_pages", 'must give "host"'),
        (preset(skip_pages=["account"]), "skip_pages", '"email" or "host"'),
        (preset(skip_pages=["signin"]), "skip_pages", "not one of"),
        (preset(oauth_client_ids=["x"]), "oauth_client_ids", "object"),
        (preset(oauth_client_ids={"google": "a\nb"}), "oauth_client_ids.google", "line break"),
        (preset(logo="missing.svg"), "logo", "does not exist"),
        (preset(logo="logo.gif"), "logo", ".svg or .png"),
    ],
)
def test_bad_presets_name_the_field(
    data: dict[str, Any], field: str, words: str, tmp_path: Path
) -> None:
    with pytest.raises(PresetError) as caught:
        parse_preset(data, base_dir=tmp_path)
    assert caught.value.field_name == field
    assert str(caught.value).startswith(f'field "{field}": ')
    assert words in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_a_png_that_is_not_a_png_is_refused(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(SVG)
    with pytest.raises(PresetError, match="not a valid PNG"):
        parse_preset(preset(logo="logo.png"), base_dir=tmp_path)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"[1, 2]", "JSON object"),
        (b" " * 300_000, "larger than"),
    ],
)
def test_bad_files(tmp_path: Path, content: bytes, words: str) -> None:
    file = tmp_path / "p.json"
    file.write_bytes(content)
    with pytest.raises(PresetError, match=words):
        load_preset(file)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PresetError, match="does not exist"):
        load_preset(tmp_path / "nope.json")


SETTINGS = Settings(
    host="smtp.example.com",
    port=465,
    security=Security.TLS,
    username="alex@example.com",
    provider="gmail",
)
WHEN = datetime(2026, 11, 22, 10, 30, 5, 123, tzinfo=UTC)


def test_result_document_with_and_without_keyring() -> None:
    saved = result_document(
        SETTINGS,
        verified_at=WHEN,
        saved_in_keyring=True,
        email="alex@example.com",
        display_name="Alex",
    )
    assert saved == {
        "schema": RESULT_SCHEMA,
        "host": "smtp.example.com",
        "port": 465,
        "security": "tls",
        "username": "alex@example.com",
        "provider": "gmail",
        "email": "alex@example.com",
        "display_name": "Alex",
        "verified_at": "2026-11-22T10:30:05Z",
        "keyring": {"service": "smtpwizard:smtp.example.com", "username": "alex@example.com"},
    }
    assert result_document(SETTINGS, verified_at=WHEN, saved_in_keyring=False)["keyring"] is None


def test_result_file_is_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    target.write_text("old")
    write_result_file(target, {"schema": RESULT_SCHEMA, "host": "h"})
    assert json.loads(target.read_text()) == {"schema": RESULT_SCHEMA, "host": "h"}
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]  # no temporary file left


def test_result_path_checked_early(tmp_path: Path) -> None:
    assert check_result_path(tmp_path / "r.json") == tmp_path / "r.json"
    with pytest.raises(PresetError, match="does not exist"):
        check_result_path(tmp_path / "missing" / "r.json")
    with pytest.raises(PresetError, match="is a folder"):
        check_result_path(tmp_path)


def test_secret_fd_round_trip() -> None:
    read_end, write_end = os.pipe()
    try:
        assert check_secret_fd(write_end) == write_end
        write_secret_to_fd(write_end, "pä$$ word")
        with os.fdopen(read_end, "rb") as reader:
            assert reader.read() == "pä$$ word".encode()
    finally:
        with pytest.raises(OSError):
            os.fstat(write_end)  # closed after writing


def test_secret_fd_closed_without_writing() -> None:
    read_end, write_end = os.pipe()
    write_secret_to_fd(write_end, None)
    with os.fdopen(read_end, "rb") as reader:
        assert reader.read() == b""  # EOF: the installer knows there is no secret


def test_secret_fd_checks() -> None:
    with pytest.raises(PresetError, match="not stdin"):
        check_secret_fd(1)
    read_end, write_end = os.pipe()
    os.close(write_end)
    try:
        with pytest.raises(PresetError, match="reading only"):
            check_secret_fd(read_end)
    finally:
        os.close(read_end)
    with pytest.raises(PresetError, match="not open"):
        check_secret_fd(write_end)


def test_result_document_of_an_oauth_sign_in_points_at_the_refresh_token() -> None:
    oauth = dataclasses.replace(SETTINGS, oauth=True)
    saved = result_document(oauth, verified_at=WHEN, saved_in_keyring=True)
    assert saved["auth"] == "oauth2"
    assert saved["keyring"]["username"] == f"{SETTINGS.username}#oauth-refresh"
    assert "auth" not in result_document(SETTINGS, verified_at=WHEN, saved_in_keyring=True)


def test_egress_keys_reach_the_probe_checks() -> None:
    from smtpwizard.core.probe.checks import ExtraChecks, with_egress

    preset = parse_preset(
        {
            "schema": "smtpwizard.preset/1",
            "egress_check": True,
            "egress_references": ["smtp.example.net", "Relay.Example.ORG"],
        }
    )
    assert preset.egress_check is True
    assert preset.egress_references == ("smtp.example.net", "relay.example.org")
    checks = with_egress(ExtraChecks(), preset.egress_check, preset.egress_references)
    assert checks.egress and checks.egress_references == preset.egress_references
    off = parse_preset({"schema": "smtpwizard.preset/1", "egress_check": False})
    assert not with_egress(ExtraChecks.everything(), off.egress_check, None).egress


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("egress_check", "yes", "true or false"),
        ("egress_references", [], "non-empty list"),
        ("egress_references", ["not a host"], "space"),
    ],
)
def test_bad_egress_keys_name_the_field(key: str, value: Any, words: str) -> None:
    with pytest.raises(PresetError) as caught:
        parse_preset({"schema": "smtpwizard.preset/1", key: value})
    assert caught.value.field_name == key
    assert words in str(caught.value)
