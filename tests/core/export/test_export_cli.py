"""``smtpwizard export``: input from --from or stdin, --output with --force, secrets and errors."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest

from smtpwizard.cli import main
from smtpwizard.core.contract import probe_json
from smtpwizard.core.export.registry import PASSWORD_PLACEHOLDER, list_formats
from smtpwizard.core.models import ProbeReport, Security, Settings

SECRET = "cli-secret-never-printed"
RECOMMENDED = Settings("smtp.example.com", 465, Security.TLS, "alice@example.com")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _probe_json(tmp_path: Path, recommended: Settings | None = RECOMMENDED) -> Path:
    report = ProbeReport(
        host="smtp.example.com", attempts=(), duration_ms=12.0, recommended=recommended
    )
    path = tmp_path / "result.json"
    path.write_text(json.dumps(probe_json(report)))
    return path


def test_list_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--list-formats"]) == 0
    out = capsys.readouterr().out
    for fmt in list_formats():
        assert fmt.name in out and fmt.default_filename in out


def test_exports_the_recommendation_of_a_probe_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", "env", "--from", str(_probe_json(tmp_path))]) == 0
    captured = capsys.readouterr()
    assert "SMTP_HOST=smtp.example.com\nSMTP_PORT=465\nSMTP_SECURITY=tls\n" in captured.out
    assert f"SMTP_PASSWORD={PASSWORD_PLACEHOLDER}" in captured.out
    assert captured.err == ""


def test_no_recommendation_is_a_clear_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "-f", "msmtp", "--from", str(_probe_json(tmp_path, None))]) == 1
    captured = capsys.readouterr()
    assert "no working settings" in captured.err and captured.out == ""


def test_reads_settings_json_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = {"host": "smtp.example.com", "port": 587, "security": "starttls", "username": "bob"}
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(doc)))
    assert main(["export", "--format", "django"]) == 0
    assert "EMAIL_USE_TLS = True" in capsys.readouterr().out


def test_a_terminal_on_stdin_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", _Tty())
    assert main(["export", "--format", "env"]) == 2
    assert "--from RESULT.json" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export"], "needs --format"),
        (["export", "--format", "outlook"], "no export format 'outlook'"),
        (["export", "-f", "env", "--password-stdin"], "only makes sense with --include"),
        (["export", "-f", "env", "--include-password", "--password-stdin"], "needs --from"),
        (["export", "-f", "env", "--force"], "only makes sense with --output"),
    ],
)
def test_usage_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        ("{not json", "not valid JSON"),
        ('{"schema": "smtpwizard.discover/1"}', "discover"),
        ('{"host": "smtp.example.com\\nx", "port": 25, "security": "none"}', "line break"),
    ],
)
def test_bad_input_files_get_one_clear_line(
    tmp_path: Path, content: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.json"
    source.write_text(content)
    assert main(["export", "-f", "env", "--from", str(source)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert main(["export", "-f", "env", "--from", str(tmp_path / "missing.json")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_output_is_written_and_never_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(_probe_json(tmp_path))
    out = tmp_path / "config-v1.1.xml"
    assert main(["export", "-f", "thunderbird", "--from", source, "-o", str(out)]) == 0
    first = out.read_text()
    assert "<socketType>SSL</socketType>" in first
    assert capsys.readouterr().out == ""
    out.write_text("precious")
    assert main(["export", "-f", "thunderbird", "--from", source, "-o", str(out)]) == 1
    assert "add --force" in capsys.readouterr().err
    assert out.read_text() == "precious"
    assert main(["export", "-f", "thunderbird", "--from", source, "-o", str(out), "--force"]) == 0
    assert out.read_text() == first


def test_include_password_from_stdin_warns_and_writes_a_private_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(SECRET + "\n"))
    out = tmp_path / "mailer.js"
    argv = [
        "export",
        "-f",
        "nodemailer",
        "--from",
        str(_probe_json(tmp_path)),
        "--include-password",
        "--password-stdin",
        "-o",
        str(out),
    ]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "password in plain text" in err and SECRET not in err
    assert f'pass: "{SECRET}"' in out.read_text()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_include_password_without_a_keyring_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # tests/conftest.py selects the "fail" backend: there is no keyring here
    argv = ["export", "-f", "env", "--from", str(_probe_json(tmp_path)), "--include-password"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "keyring" in err.lower() and "--password-stdin" in err
