"""The report says whether sign-in with Google/Microsoft is set up, and where a client ID goes
(the wizard's page only says "not set up": file paths and variables belong here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from smtpwizard.core.environment import collect_environment, oauth_setup


def test_not_set_up_names_the_variable_and_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMTPWIZARD_CONFIG_DIR", str(tmp_path))
    text = oauth_setup({})
    assert "Google: not set up (set SMTPWIZARD_OAUTH_GOOGLE_CLIENT_ID" in text
    assert str(tmp_path / "oauth.toml") in text
    assert "Microsoft: not set up (set SMTPWIZARD_OAUTH_MICROSOFT_CLIENT_ID" in text


def test_set_up_by_variable_or_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMTPWIZARD_CONFIG_DIR", str(tmp_path))
    (tmp_path / "oauth.toml").write_text('[microsoft]\nclient_id = "abc"\n', encoding="utf-8")
    text = oauth_setup({"SMTPWIZARD_OAUTH_GOOGLE_CLIENT_ID": "x"})
    assert "Google: set up (SMTPWIZARD_OAUTH_GOOGLE_CLIENT_ID)" in text
    assert f"Microsoft: set up ({tmp_path / 'oauth.toml'})" in text


def test_the_report_carries_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from smtpwizard.core.models import ProbeReport
    from smtpwizard.core.report.render import render_text

    monkeypatch.setenv("SMTPWIZARD_CONFIG_DIR", str(tmp_path))
    monkeypatch.delenv("SMTPWIZARD_OAUTH_GOOGLE_CLIENT_ID", raising=False)
    report = ProbeReport(host="smtp.example.com", attempts=(), duration_ms=5.0)
    text = render_text(report, env=collect_environment())
    assert "Sign-in with Google/Microsoft" in text
    assert "SMTPWIZARD_OAUTH_GOOGLE_CLIENT_ID" in text
