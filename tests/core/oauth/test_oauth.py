"""OAuth pieces without a network: endpoints, client configuration, diagnosis, options, words."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from smtpwizard.core.oauth import (
    GOOGLE,
    MICROSOFT,
    OAuthClient,
    OAuthError,
    Pkce,
    TokenSet,
    env_var,
    load_client,
    microsoft,
    oauth_provider_for,
    require_client,
)
from smtpwizard.core.oauth.endpoints import OAuthEndpoints, check_endpoint_url
from smtpwizard.core.oauth.flow import s256
from smtpwizard.core.probe.diagnosis import classify_oauth_reply, decode_oauth_challenge
from smtpwizard.core.probe.options import ProbeOptions
from smtpwizard.core.validation import InputError
from smtpwizard.core.wording import messages
from smtpwizard.core.wording.codes import FailureCode as C
from smtpwizard.lab import spec as S

# --- endpoints -----------------------------------------------------------------------------------


def test_scopes_are_the_documented_ones() -> None:
    assert GOOGLE.scopes == ("https://mail.google.com/",)
    assert MICROSOFT.scope == "https://outlook.office.com/SMTP.Send offline_access"
    assert GOOGLE.extra_authorization_params["access_type"] == "offline"
    assert microsoft("organizations").token_endpoint == (
        "https://login.microsoftonline.com/organizations/oauth2/v2.0/token"
    )


@pytest.mark.parametrize(
    ("provider", "host", "expected"),
    [
        ("gmail", None, "google"),
        ("google-workspace", None, "google"),
        ("outlook", None, "microsoft"),
        ("microsoft365", None, "microsoft"),
        (None, "smtp.gmail.com", "google"),
        (None, "smtp.office365.com", "microsoft"),
        (None, "smtp-mail.outlook.com", "microsoft"),
        ("google", None, "google"),
        ("yahoo", None, None),
        (None, "smtp.example.com", None),
    ],
)
def test_which_provider_signs_in(
    provider: str | None, host: str | None, expected: str | None
) -> None:
    found = oauth_provider_for(provider, host)
    assert (found.id if found else None) == expected


def test_endpoints_must_be_https_except_on_loopback() -> None:
    assert check_endpoint_url("http://127.0.0.1:8080/token")
    with pytest.raises(InputError, match="https"):
        check_endpoint_url("http://login.example.com/token")
    with pytest.raises(InputError):
        OAuthEndpoints("x", "X", "https://x", "http://x.example/a", "https://x/t", ("s",))
    with pytest.raises(InputError):
        microsoft("common/../evil")


def test_pkce_is_s256_of_a_long_random_verifier() -> None:
    pkce = Pkce.new()
    assert 43 <= len(pkce.verifier) <= 128
    assert pkce.method == "S256"
    # RFC 7636 appendix B
    assert s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == (
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    )
    assert pkce.verifier not in repr(pkce)


def test_token_set_hides_its_tokens_and_knows_expiry() -> None:
    tokens = TokenSet("ya29.secret-access", expires_at=1000.0, refresh_token="1//secret-refresh")
    assert "secret" not in repr(tokens)
    assert tokens.expired(now=950.0)  # inside the 60 s margin
    assert not tokens.expired(now=900.0)


# --- client configuration ------------------------------------------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "oauth.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_client_from_the_config_file(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[google]\nclient_id = "123-abc.apps.googleusercontent.com"\n'
        'client_secret = "GOCSPX-x"\n[microsoft]\nclient_id = "0000-1111"\n'
        'tenant = "organizations"\n',
    )
    google = load_client("google", environ={}, path=path)
    assert google is not None and google.client_id == "123-abc.apps.googleusercontent.com"
    assert google.client_secret == "GOCSPX-x" and "GOCSPX" not in repr(google)
    ms = load_client("microsoft", environ={}, path=path)
    assert ms is not None and ms.tenant == "organizations"
    assert str(path) in ms.source


def test_preset_beats_environment_beats_file(tmp_path: Path) -> None:
    path = _write(tmp_path, '[google]\nclient_id = "from-file"\n')
    environ = {"SMTPWIZARD_OAUTH_GOOGLE_CLIENT_ID": "from-env"}
    preset = {"google": {"client_id": "from-preset"}}
    assert load_client("google", preset=preset, environ=environ, path=path).client_id == (
        "from-preset"
    )  # type: ignore[union-attr]
    assert load_client("google", environ=environ, path=path).client_id == "from-env"  # type: ignore[union-attr]
    assert load_client("google", environ={}, path=path).client_id == "from-file"  # type: ignore[union-attr]
    assert env_var("microsoft") == "SMTPWIZARD_OAUTH_MICROSOFT_CLIENT_ID"


def test_config_dir_override_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMTPWIZARD_CONFIG_DIR", str(tmp_path))
    _write(tmp_path, '[microsoft]\nclient_id = "abc"\n')
    found = load_client("microsoft", environ={})
    assert found is not None and found.client_id == "abc"


@pytest.mark.parametrize(
    "text",
    [
        '[google\nclient_id = "x"',
        'google = "x"',
        "[google]\nclient_id = 5\n",
        '[google]\nclient_id = "a b"\n',
    ],
)
def test_a_broken_config_file_is_named_in_plain_words(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_client("google", environ={}, path=path)
    assert "google" in str(caught.value) or str(path) in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_missing_client_id_names_the_file_the_variable_and_the_app_password(tmp_path: Path) -> None:
    path = tmp_path / "oauth.toml"
    with pytest.raises(OAuthError) as caught:
        require_client(
            "google",
            environ={},
            path=path,
            app_password_url="https://myaccount.google.com/apppasswords",
        )
    failure = caught.value.failure
    assert failure.code is C.AUTH_OAUTH_NOT_CONFIGURED
    text = messages.describe(failure, "gmail")
    assert "Google" in text.title
    assert "SMTPWIZARD_OAUTH_GOOGLE_CLIENT_ID" in text.fix
    assert str(path) in text.fix
    assert "https://myaccount.google.com/apppasswords" in text.fix
    without = messages.describe(require_failure("microsoft", path), "microsoft365")
    assert "app password" not in without.fix
    assert "SMTPWIZARD_OAUTH_MICROSOFT_CLIENT_ID" in without.fix


def require_failure(provider: str, path: Path) -> messages.Failure:
    with pytest.raises(OAuthError) as caught:
        require_client(provider, environ={}, path=path)
    return caught.value.failure


def test_client_rejects_odd_values() -> None:
    with pytest.raises(InputError):
        OAuthClient("google", "has space")
    with pytest.raises(InputError):
        OAuthClient("google", "")


# --- diagnosis of XOAUTH2 refusals ---------------------------------------------------------------


def test_gmail_json_challenge_is_decoded() -> None:
    blob = base64.b64encode(S.GMAIL_XOAUTH2_ERROR.encode()).decode()
    assert decode_oauth_challenge(blob) == {
        "status": "401",
        "schemes": "bearer",
        "scope": "https://mail.google.com/",
    }
    assert decode_oauth_challenge("not base64 !!") == {}
    assert decode_oauth_challenge(base64.b64encode(b"[1, 2]").decode()) == {}


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (S.GMAIL_XOAUTH2_REJECTED, C.AUTH_OAUTH_TOKEN_REJECTED),
        (S.MICROSOFT_XOAUTH2_REJECTED, C.AUTH_OAUTH_TOKEN_REJECTED),
        (S.MICROSOFT_BASIC_AUTH_DISABLED, C.AUTH_OAUTH_SMTP_DISABLED),
        (
            "550 5.7.30 Basic authentication is not supported for Client Submission.",
            C.AUTH_OAUTH_SMTP_DISABLED,
        ),
        (S.AUTH_RATE_LIMITED, C.AUTH_RATE_LIMITED),
        (S.ENCRYPTION_REQUIRED, C.AUTH_ENCRYPTION_REQUIRED),
    ],
)
def test_oauth_refusals_get_oauth_codes(reply: str, expected: C) -> None:
    code = int(reply[:3])
    failure = classify_oauth_reply(code, reply[4:], {"status": "401"})
    assert failure.code is expected


def test_token_refusal_words_say_sign_in_again_not_app_password() -> None:
    failure = classify_oauth_reply(535, S.GMAIL_XOAUTH2_REJECTED[4:], {"status": "401"})
    assert failure.params["oauth_status"] == "401"
    text = messages.describe(failure, "gmail")
    assert "Sign in with Google again" in text.fix
    assert "app password" not in text.fix.lower()
    ms = messages.describe(
        classify_oauth_reply(535, S.MICROSOFT_BASIC_AUTH_DISABLED[4:]), "microsoft365"
    )
    assert "Authenticated SMTP" in ms.fix and "OAuth" in ms.fix
    assert "SmtpClientAuthenticationDisabled" in ms.fix


def test_password_replies_are_unchanged() -> None:
    from smtpwizard.core.probe.diagnosis import classify_auth_reply

    assert classify_auth_reply(535, S.MICROSOFT_BASIC_AUTH_DISABLED[4:]).code is (
        C.AUTH_BASIC_AUTH_DISABLED
    )
    assert classify_auth_reply(535, S.GMAIL_BAD_CREDENTIALS[4:]).code is C.AUTH_REJECTED


# --- probe options -------------------------------------------------------------------------------


def test_a_token_needs_a_user_and_excludes_a_password() -> None:
    with pytest.raises(InputError, match="user name"):
        ProbeOptions("smtp.gmail.com", oauth_token="ya29.token")
    with pytest.raises(InputError, match="not both"):
        ProbeOptions(
            "smtp.gmail.com", username="a@gmail.com", password="pw", oauth_token="ya29.token"
        )
    with pytest.raises(InputError):
        ProbeOptions("smtp.gmail.com", username="a@gmail.com", oauth_token="bad\x01token")
    options = ProbeOptions("smtp.gmail.com", username="a@gmail.com", oauth_token="ya29.tok")
    assert options.credentials
    assert options.secrets == ("ya29.tok",)
    assert "ya29" not in repr(options)
