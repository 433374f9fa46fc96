"""Bad input gets one line and a documented exit code, never a traceback; reads are capped.

Each case is one of the security review's findings, run through the real command line
(``smtpwizard.cli.main``) with real files and a real byte stream on standard input.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import smtpwizard
from smtpwizard.cli import main
from smtpwizard.core.validation import InputError
from smtpwizard.exit_codes import ExportExit, GuiExit

SETTINGS = (
    '{{"schema": "smtpwizard.settings/1", "host": {host}, "port": {port}, "security": "tls"}}'
)


def _run(
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stdin: bytes | None = None,
) -> tuple[int, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("smtpwizard: ")
    return code, err


def _doc(tmp_path: Path, text: str) -> str:
    path = tmp_path / "settings.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("host", "port", "said"),
    [
        ('"a.example.com"', "Infinity", "Infinity"),
        ('"a.example.com"', "1e400", "too large"),
        ('"a.example.com"', "NaN", "NaN"),
        ('"a.example.com"', "1" + "0" * 5000, "not usable JSON"),
        ('"a.example.com\\udcff"', "465", "U+DCFF"),
        ("true", "465", "'host' must be text"),
        ('"a.example.com"', "587.5", "whole number"),
        ('"a.example.com"', "true", "whole number"),
    ],
)
def test_export_from_hostile_settings(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    host: str,
    port: str,
    said: str,
) -> None:
    source = _doc(tmp_path, SETTINGS.format(host=host, port=port))
    code, err = _run(["export", "-f", "env", "--from", source], capsys, monkeypatch)
    assert code == ExportExit.FAILED and said in err


def test_export_from_json_nested_100000_deep(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _doc(tmp_path, "[" * 100_000 + "]" * 100_000)
    code, err = _run(["export", "-f", "env", "--from", source], capsys, monkeypatch)
    assert code == ExportExit.FAILED and "nested too deeply" in err


def test_export_from_an_endless_file_stops_at_the_cap(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, err = _run(["export", "-f", "env", "--from", "/dev/zero"], capsys, monkeypatch)
    assert code == ExportExit.FAILED and "larger than 8 MiB" in err


def test_export_from_endless_standard_input_stops_at_the_cap(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with open("/dev/zero", "rb") as zero:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(zero))
        code = main(["export", "-f", "env"])
    err = capsys.readouterr().err
    assert code == ExportExit.FAILED and "standard input is larger than 8 MiB" in err


def test_password_on_stdin_that_is_not_utf8(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ["probe", "127.0.0.1", "--user", "me", "--password-stdin"]
    code, err = _run(argv, capsys, monkeypatch, stdin=b"Pa\xffss\n")
    assert code == 2 and "not UTF-8" in err


def test_user_name_argument_that_is_not_utf8(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    user = b"a\xff".decode("utf-8", "surrogateescape")  # how Python hands over such an argv
    code, err = _run(["probe", "127.0.0.1", "--user", user], capsys, monkeypatch)
    assert code == 2 and "U+DCFF" in err


def test_python_api_raises_its_documented_error() -> None:
    with pytest.raises(InputError, match="U\\+DCFF"):
        smtpwizard.probe("127.0.0.1", user="a\udcff", password="x")
    with pytest.raises(InputError, match="U\\+DCFF"):
        smtpwizard.probe("127.0.0.1", user="a", password="p\udcff")
    assert issubclass(InputError, smtpwizard.SmtpWizardError)


@pytest.mark.parametrize(
    ("argv", "code", "said"),
    [
        (["gui", "--secret-fd", "99999999999999999999"], GuiExit.USAGE, "--secret-fd"),
        (["probe", "127.0.0.1", "--port-map", "465=99999"], 2, "--port-map"),
        (["discover", "a@example.com", "--nameserver", "999.1.1.1"], 2, "--nameserver"),
        (["discover", "a@example.com", "--nameserver", "127.0.0.1:99999"], 2, "--nameserver"),
    ],
)
def test_hidden_and_numeric_options(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    code: int,
    said: str,
) -> None:
    got, err = _run(argv, capsys, monkeypatch)
    assert got == code and said in err


def test_deeply_nested_preset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    preset = tmp_path / "preset.json"
    preset.write_text('{"schema": "smtpwizard.preset/1", "x": ' + "[" * 60_000 + "]" * 60_000 + "}")
    code, err = _run(["gui", "--preset", str(preset)], capsys, monkeypatch)
    assert code == GuiExit.USAGE and "nested too deeply" in err
