"""Export formats: the secret stays out unless asked, the right words per consumer, safe input."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

import smtpwizard
from smtpwizard.core.contract import probe_json
from smtpwizard.core.export.base import PLAINTEXT_WARNING, SecretMode
from smtpwizard.core.export.registry import (
    PASSWORD_PLACEHOLDER,
    ExportError,
    NoWorkingSettings,
    export,
    get_format,
    list_formats,
    settings_from_document,
    write_export,
)
from smtpwizard.core.models import ProbeReport, Security, Settings

SECRET = "s3cr3t-Pa55word-only-here"
NAMES = [fmt.name for fmt in list_formats()]
#: formats that have no place for a password at all: the client asks for it
NEVER_CARRY_SECRET = {"thunderbird", "mobileconfig"}
SECURITIES = [(465, Security.TLS), (587, Security.STARTTLS), (25, Security.NONE)]


def settings(port: int = 587, security: Security = Security.STARTTLS, **kw: str) -> Settings:
    values = {"username": "alice@example.com", **kw}
    return Settings("smtp.example.com", port, security, **values)  # type: ignore[arg-type]


def test_every_format_the_issue_names_is_registered_with_metadata() -> None:
    assert set(NAMES) == {
        "thunderbird",
        "mobileconfig",
        "msmtp",
        "env",
        "json",
        "phpmailer",
        "wordpress",
        "django",
        "laravel",
        "nodemailer",
        "python",
        "swaks",
        "postfix",
    }
    for fmt in list_formats():
        assert fmt.title and fmt.description and fmt.default_filename
        assert get_format(fmt.name.upper()) is fmt
    assert get_format("mobileconfig").suffix == ".mobileconfig"
    assert smtpwizard.export is export  # the public API


def test_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(ExportError, match="thunderbird"):
        export(settings(), "outlook")


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("port", "security"), SECURITIES)
def test_no_export_contains_the_password_unless_asked(
    name: str, port: int, security: Security
) -> None:
    s = settings(port, security)
    text = export(s, name, secret=SECRET)  # given, but not asked to include
    assert SECRET not in text
    assert "smtp.example.com" in text
    included = export(s, name, secret=SECRET, include_secret=True)
    assert (SECRET in included) is (name not in NEVER_CARRY_SECRET)


@pytest.mark.parametrize("name", NAMES)
def test_plaintext_settings_carry_a_prominent_warning(name: str) -> None:
    text = export(settings(25, Security.NONE), name)
    flat = " ".join(text.split()).replace("# ", "").replace("// ", "")
    assert "WITHOUT encryption" in flat
    assert "WITHOUT encryption" not in export(settings(465, Security.TLS), name)
    assert PLAINTEXT_WARNING.startswith("WARNING")


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("field", ["username", "sender"])
def test_line_breaks_in_a_field_are_refused(name: str, field: str) -> None:
    bad = "alice@example.com\r\nX-Injected: yes"
    with pytest.raises(ExportError, match="line break"):
        export(settings(**{field: bad}), name)


@pytest.mark.parametrize("name", NAMES)
def test_a_bad_host_or_secret_is_refused(name: str) -> None:
    with pytest.raises(ExportError, match="line break"):
        export(Settings("smtp.example.com\nevil", 587, Security.STARTTLS), name)
    with pytest.raises(ExportError, match="line break"):
        export(settings(), name, secret="pass\nword", include_secret=True)


def test_include_without_a_secret_is_an_error() -> None:
    with pytest.raises(ExportError, match="needs the secret"):
        export(settings(), "env", include_secret=True)


def test_secret_mode_never_shows_the_secret_in_its_repr() -> None:
    assert SECRET not in repr(SecretMode.include(SECRET))


def test_report_without_recommendation_has_nothing_to_export() -> None:
    report = ProbeReport(host="smtp.example.com", attempts=(), duration_ms=1.0)
    with pytest.raises(NoWorkingSettings, match="no working settings"):
        export(report, "env")
    with pytest.raises(NoWorkingSettings):
        export(probe_json(report), "env")


def test_exports_the_recommendation_of_a_probe_report_and_its_json() -> None:
    rec = settings(465, Security.TLS)
    report = ProbeReport(host=rec.host, attempts=(), duration_ms=1.0, recommended=rec)
    assert export(report, "env") == export(rec, "env")
    assert export(json.loads(json.dumps(probe_json(report))), "env") == export(rec, "env")


def test_json_is_versioned_and_reads_back() -> None:
    s = settings(465, Security.TLS, sender="alice@example.com")
    doc = json.loads(export(s, "json"))
    assert doc["schema"] == "smtpwizard.settings/1"
    assert doc["keyring"] == {
        "service": "smtpwizard:smtp.example.com",
        "username": "alice@example.com",
    }
    assert "password" not in doc
    assert settings_from_document(doc) == s
    assert json.loads(export(s, "json", secret=SECRET, include_secret=True))["password"] == SECRET


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ([1, 2], "not an object"),
        ({"schema": "smtpwizard.discover/1"}, "discover"),
        ({"host": "smtp.example.com"}, "lack port, security"),
        ({"host": "smtp.example.com", "port": "x", "security": "tls"}, "whole number"),
        ({"host": "smtp.example.com", "port": 25, "security": "ssl3"}, "not valid"),
        ({"schema": "smtpwizard.probe/1", "recommended": "yes"}, "not an object"),
    ],
)
def test_bad_documents_get_a_clear_message(doc: object, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        settings_from_document(doc)


def test_host_is_normalised_for_every_consumer() -> None:
    text = export(Settings("SMTP.Bücher.example.", 587, Security.STARTTLS), "env")
    assert "SMTP_HOST=smtp.xn--bcher-kva.example\n" in text


# --- the words each consumer needs ------------------------------------------------------------


def test_phpmailer_words() -> None:
    assert "PHPMailer::ENCRYPTION_SMTPS" in export(settings(465, Security.TLS), "phpmailer")
    text = export(settings(587, Security.STARTTLS), "phpmailer")
    assert "PHPMailer::ENCRYPTION_STARTTLS" in text and "ENCRYPTION_SMTPS" not in text


def test_wordpress_words() -> None:
    assert "define( 'WPMS_SSL', 'ssl' );" in export(settings(465, Security.TLS), "wordpress")
    assert "define( 'WPMS_SSL', 'tls' );" in export(settings(), "wordpress")
    assert "define( 'WPMS_SSL', '' );" in export(settings(25, Security.NONE), "wordpress")
    assert "define( 'WPMS_MAILER', 'smtp' );" in export(settings(), "wordpress")


@pytest.mark.parametrize(("port", "security"), SECURITIES)
def test_django_never_sets_both_ssl_and_tls(port: int, security: Security) -> None:
    namespace: dict[str, object] = {}
    exec(export(settings(port, security), "django"), namespace)  # the settings snippet is Python
    assert not (namespace["EMAIL_USE_SSL"] and namespace["EMAIL_USE_TLS"])
    assert namespace["EMAIL_USE_SSL"] is (security is Security.TLS)
    assert namespace["EMAIL_USE_TLS"] is (security is Security.STARTTLS)
    assert namespace["EMAIL_HOST_PASSWORD"] == PASSWORD_PLACEHOLDER


def test_nodemailer_words() -> None:
    tls = export(settings(465, Security.TLS), "nodemailer")
    assert "secure: true," in tls and "requireTLS: true," not in tls
    starttls = export(settings(), "nodemailer")
    assert "secure: false," in starttls and "requireTLS: true," in starttls


def test_laravel_scheme() -> None:
    assert "MAIL_SCHEME=smtps\n" in export(settings(465, Security.TLS), "laravel")
    assert "MAIL_SCHEME=smtp\n" in export(settings(), "laravel")
    assert "MAIL_MAILER=smtp\n" in export(settings(), "laravel")


def test_postfix_words() -> None:
    tls = export(settings(465, Security.TLS), "postfix")
    assert "relayhost = [smtp.example.com]:465\n" in tls
    assert "smtp_tls_wrappermode = yes\n" in tls
    assert "smtp_tls_security_level = encrypt\n" in tls
    assert f"[smtp.example.com]:465 alice@example.com:{PASSWORD_PLACEHOLDER}\n" in tls
    assert "wrappermode" not in export(settings(), "postfix")
    with pytest.raises(ExportError, match="colon"):
        export(settings(username="a:b"), "postfix")


def test_msmtp_reads_the_keyring_and_swaks_lets_swaks_prompt() -> None:
    msmtp = export(settings(), "msmtp")
    assert (
        'passwordeval "secret-tool lookup service smtpwizard:smtp.example.com username '
        'alice@example.com"'
    ) in msmtp
    assert "tls_starttls on" in msmtp
    assert "tls_starttls off" in export(settings(465, Security.TLS), "msmtp")
    swaks = export(settings(465, Security.TLS), "swaks")
    assert "--tls-on-connect" in swaks and "--auth-password" not in swaks
    assert "--tls " in export(settings(), "swaks")


def test_python_snippet_uses_the_keyring_and_the_right_class() -> None:
    tls = export(settings(465, Security.TLS), "python")
    assert "smtplib.SMTP_SSL(" in tls and "starttls" not in tls
    assert "keyring.get_password('smtpwizard:smtp.example.com', USERNAME)" in tls
    starttls = export(settings(), "python")
    assert "smtp.starttls(context=context)" in starttls and "SMTP_SSL" not in starttls
    compile(starttls, "send_mail.py", "exec")


def test_without_a_user_name_nothing_asks_for_a_password() -> None:
    s = Settings("smtp.example.com", 587, Security.STARTTLS)
    for name in NAMES:
        assert PASSWORD_PLACEHOLDER not in export(s, name)


def test_mobileconfig_uuids_are_deterministic_per_account() -> None:
    a = export(settings(), "mobileconfig")
    assert a == export(settings(), "mobileconfig")
    assert a != export(settings(username="bob@example.com"), "mobileconfig")


# --- write_export -----------------------------------------------------------------------------


def test_write_export_is_atomic_and_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.env"
    write_export(target, "one\n")
    assert target.read_text() == "one\n"
    with pytest.raises(FileExistsError, match="already exists"):
        write_export(target, "two\n")
    assert target.read_text() == "one\n"
    write_export(target, "two\n", force=True)
    assert target.read_text() == "two\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.env"]  # no temp file left


def test_write_export_private_files_are_owner_only(tmp_path: Path) -> None:
    private = write_export(tmp_path / "secret.env", "x", private=True)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    umask = os.umask(0o022)
    try:
        public = write_export(tmp_path / "public.xml", "x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(public.stat().st_mode) == 0o644


def test_write_export_clear_errors_for_missing_folder_and_folder_target(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        write_export(tmp_path / "nope" / "x.env", "x")
    with pytest.raises(IsADirectoryError, match="folder"):
        write_export(tmp_path, "x", force=True)


# --- settings verified with an OAuth sign-in ---------------------------------------------------

GMAIL_OAUTH = Settings(
    "smtp.gmail.com", 465, Security.TLS, "someone@gmail.com", provider="gmail", oauth=True
)


def test_oauth_settings_round_trip_through_the_probe_json() -> None:
    data = GMAIL_OAUTH.to_dict()
    assert data["auth"] == "oauth2"
    assert Settings.from_dict({**data, "provider": "gmail"}) == GMAIL_OAUTH
    # a password account keeps the contract's four keys exactly
    assert "auth" not in settings().to_dict()


def test_thunderbird_and_msmtp_sign_in_with_oauth_themselves() -> None:
    xml = export(GMAIL_OAUTH, "thunderbird")
    assert "<authentication>OAuth2</authentication>" in xml
    assert "password-cleartext" not in xml and "OAuth 2.0" not in xml  # no note needed
    rc = export(GMAIL_OAUTH, "msmtp")
    assert "auth xoauth2" in rc
    assert (
        'passwordeval "smtpwizard accounts token smtp.gmail.com someone@gmail.com '
        '--oauth-provider google"'
    ) in rc
    assert "secret-tool" not in rc
    module = export(GMAIL_OAUTH, "python")
    compile(module, "send_mail.py", "exec")
    assert 'smtp.auth("XOAUTH2", xoauth2(access_token()))' in module
    assert "'accounts', 'token', 'smtp.gmail.com', 'someone@gmail.com'" in module
    assert "keyring" not in module.replace("keyring (smtpwizard", "")


def test_json_points_at_the_refresh_token_not_a_password() -> None:
    doc = json.loads(export(GMAIL_OAUTH, "json"))
    assert doc["auth"] == "oauth2"
    assert doc["keyring"] == {
        "service": "smtpwizard:smtp.gmail.com",
        "username": "someone@gmail.com#oauth-refresh",
    }
    assert "accounts token" in doc["note"]


@pytest.mark.parametrize(
    "name",
    [
        "mobileconfig",
        "env",
        "phpmailer",
        "wordpress",
        "django",
        "laravel",
        "nodemailer",
        "swaks",
        "postfix",
    ],
)
def test_formats_without_oauth_say_what_to_use_instead(name: str) -> None:
    text = export(GMAIL_OAUTH, name)
    flat = " ".join(text.split())
    for words in ("OAuth 2.0", "app password", "smtpwizard accounts token"):
        assert words in flat.replace("// ", "").replace("# ", ""), (name, words)
    assert "OAuth 2.0" not in export(settings(), name)
