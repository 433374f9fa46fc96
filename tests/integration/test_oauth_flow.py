"""OAuth sign-in end to end on loopback: a real Authlib authorization server, the loopback
listener, httpx as "the browser", and aiosmtpd lab servers that check XOAUTH2 tokens with it."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from smtpwizard.core.contract import probe_json
from smtpwizard.core.export.registry import export
from smtpwizard.core.models import Outcome, Pairing, ProbeReport
from smtpwizard.core.oauth import (
    MICROSOFT,
    OAuthError,
    OAuthTokens,
    Pkce,
    SignIn,
    TokenSet,
    refresh,
    sign_in,
)
from smtpwizard.core.oauth.flow import s256
from smtpwizard.core.probe.engine import probe_async
from smtpwizard.core.probe.options import ProbeOptions, Timeouts
from smtpwizard.core.probe.verdict import Verdict, verdict_of
from smtpwizard.core.report import render as report_module
from smtpwizard.core.wording import messages
from smtpwizard.core.wording.codes import FailureCode as C
from smtpwizard.lab import spec as S
from smtpwizard.lab.certs import LabCA
from smtpwizard.lab.server import LabServer
from smtpwizard.lab.spec import ServerSpec
from smtpwizard.lab.threads import ThreadedLabServer
from tests.fixtures.keyring_doubles import MemoryKeyring, use_backend
from tests.integration.oauth_server import USER, Browser, LoopbackAuthServer

FAST = Timeouts(connect=2.0, command=2.0, attempt=5.0)


@pytest.fixture
def auth() -> Iterator[LoopbackAuthServer]:
    with LoopbackAuthServer() as server:
        yield server


@pytest.fixture
def ms_auth() -> Iterator[LoopbackAuthServer]:
    with LoopbackAuthServer(scope=MICROSOFT.scope, rotate_refresh_tokens=True) as server:
        yield server


async def signed_in(auth: LoopbackAuthServer, browser: Browser | None = None) -> TokenSet:
    return await sign_in(
        auth.endpoints(),
        auth.oauth_client(),
        login_hint=USER,
        open_url=(browser or Browser()).open,
        timeout=10,
        clock=auth.now,
    )


async def probe_with(
    server: LabServer, token: str, pairing: str = "465/tls", provider: str | None = "gmail"
) -> ProbeReport:
    pair = Pairing.parse(pairing)
    return await probe_async(
        ProbeOptions(
            "localhost",
            username=USER,
            oauth_token=token,
            pairings=(pair,),
            timeouts=FAST,
            ca_pem=LabCA.shared().ca_pem,
            port_map={pair.port: server.port},
            provider=provider,
        )
    )


async def page_of(browser: Browser) -> tuple[int, str]:
    """The listener's page (the browser thread may still be reading it)."""
    for _ in range(200):
        if browser.pages:
            return browser.pages[-1]
        await asyncio.sleep(0.01)
    raise AssertionError("the browser got no page")


def only_attempt(report: ProbeReport):  # type: ignore[no-untyped-def]
    assert len(report.attempts) == 1
    return report.attempts[0]


# --- the browser flow ----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_sign_in_end_to_end(auth: LoopbackAuthServer) -> None:
    browser = Browser()
    tokens = await signed_in(auth, browser)
    assert auth.validate(USER, tokens.access_token)
    assert tokens.refresh_token and tokens.scope == "https://mail.google.com/"
    query = parse_qs(urlsplit(browser.visited[0]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"][0].startswith("http://127.0.0.1:")
    assert query["login_hint"] == [USER] and query["access_type"] == ["offline"]
    assert len(query["state"][0]) >= 32
    token_request = next(r for r in auth.requests if r[1] == "/token")
    assert "code_verifier" in token_request[2]
    status, page = await page_of(browser)
    assert status == 200 and "close this tab" in page


@pytest.mark.asyncio
async def test_pkce_mismatch_is_refused(auth: LoopbackAuthServer) -> None:
    real = Pkce.new()
    wrong = Pkce("x" * 60, real.challenge)  # a verifier that does not match the challenge
    flow = SignIn(auth.endpoints(), auth.oauth_client(), pkce=wrong, timeout=10)
    url = await flow.start()
    await asyncio.to_thread(Browser().open, url)
    with pytest.raises(OAuthError) as caught:
        await flow.finish()
    assert caught.value.code is C.AUTH_OAUTH_FAILED
    assert "invalid_grant" in caught.value.failure.detail
    assert not auth.tokens


def test_the_server_enforces_pkce_and_the_loopback_redirect(auth: LoopbackAuthServer) -> None:
    with httpx.Client(timeout=5) as http:
        query = {
            "response_type": "code",
            "client_id": auth.client.client_id,
            "state": "s",
            "scope": "https://mail.google.com/",
            "redirect_uri": "http://127.0.0.1:9",
            "code_challenge": s256("v" * 50),
            "code_challenge_method": "S256",
        }
        answer = http.get(f"{auth.base_url}/authorize", params=query)
        code = parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]
        missing = http.post(
            f"{auth.base_url}/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "client_id": auth.client.client_id,
                "redirect_uri": "http://127.0.0.1:9",
            },
        )
        assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"
        evil = http.get(
            f"{auth.base_url}/authorize", params={**query, "redirect_uri": "http://evil.example/cb"}
        )
        assert evil.status_code == 400 and "location" not in evil.headers


@pytest.mark.asyncio
async def test_an_answer_with_a_wrong_state_is_ignored_never_exchanged(
    auth: LoopbackAuthServer,
) -> None:
    browser = Browser(tamper_state=True)
    flow = SignIn(auth.endpoints(), auth.oauth_client(), timeout=2, clock=auth.now)
    url = await flow.start()
    await asyncio.to_thread(browser.open, url)
    with pytest.raises(OAuthError) as caught:
        await flow.finish()
    assert caught.value.code is C.AUTH_OAUTH_TIMED_OUT  # still waiting for the real answer
    assert flow.ignored_requests == 1
    assert (await page_of(browser))[0] == 400
    assert not [r for r in auth.requests if r[1] == "/token"]  # the code was never exchanged


@pytest.mark.asyncio
async def test_a_forged_request_does_not_kill_the_sign_in(auth: LoopbackAuthServer) -> None:
    """Any local process that finds the loopback port may send answers; the sign-in ignores
    (and counts) those without its state, and the person's real answer still signs in."""
    flow = SignIn(auth.endpoints(), auth.oauth_client(), timeout=10, clock=auth.now)
    url = await flow.start()
    async with httpx.AsyncClient(timeout=5) as forger:
        for query in ("code=forged&state=wrong", "error=access_denied&state=", "code=x"):
            page = await forger.get(f"{flow.redirect_uri}?{query}")
            assert page.status_code == 400
    await asyncio.to_thread(Browser().open, url)
    tokens = await flow.finish()
    assert tokens.access_token and flow.ignored_requests == 3


@pytest.mark.asyncio
async def test_consent_refused_is_explained(auth: LoopbackAuthServer) -> None:
    auth.deny_consent = True
    browser = Browser()
    with pytest.raises(OAuthError) as caught:
        await signed_in(auth, browser)
    assert caught.value.code is C.AUTH_OAUTH_CONSENT_REFUSED
    text = messages.describe(caught.value.failure)
    assert text.title == "The sign-in was cancelled"
    assert "Google" in text.explanation and "Allow" in text.fix
    assert "cancelled" in (await page_of(browser))[1]


@pytest.mark.asyncio
async def test_no_browser_shows_the_url_and_times_out(auth: LoopbackAuthServer) -> None:
    shown: list[str] = []
    with pytest.raises(OAuthError) as caught:
        await sign_in(
            auth.endpoints(),
            auth.oauth_client(),
            open_url=lambda url: False,
            show_url=shown.append,
            timeout=0.3,
        )
    assert caught.value.code is C.AUTH_OAUTH_TIMED_OUT
    assert shown and shown[0].startswith(f"{auth.base_url}/authorize?")
    assert "waited 0.3 seconds" in messages.describe(caught.value.failure).explanation


@pytest.mark.asyncio
async def test_cancel_closes_the_listener_at_once(auth: LoopbackAuthServer) -> None:
    urls: list[str] = []
    task = asyncio.create_task(
        sign_in(
            auth.endpoints(), auth.oauth_client(), open_url=lambda url: urls.append(url) or True
        )
    )
    for _ in range(100):
        if urls:
            break
        await asyncio.sleep(0.01)
    port = int(parse_qs(urlsplit(urls[0]).query)["redirect_uri"][0].rsplit(":", 1)[1])
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), 1):
        pass


# --- tokens: refresh, rotation, revocation, keyring -----------------------------------------------


@pytest.mark.asyncio
async def test_refresh_on_expiry_and_the_smtp_server_agrees(auth: LoopbackAuthServer) -> None:
    tokens = OAuthTokens(
        auth.endpoints(), auth.oauth_client(), await signed_in(auth), clock=auth.now
    )
    first = await tokens.access_token()
    async with LabServer(S.gmail_oauth(auth.validate)) as server:
        ok = await probe_with(server, first)
        assert only_attempt(ok).outcome is Outcome.OK and verdict_of(ok) is Verdict.WORKING
        auth.advance(3700)  # an hour later: the access token has expired
        assert tokens.expired()
        expired = only_attempt(await probe_with(server, first))
        assert expired.failure is not None
        assert expired.failure.code is C.AUTH_OAUTH_TOKEN_REJECTED
        assert expired.failure.params.get("oauth_status") == "401"  # Gmail's 334 JSON error
        assert "Username and Password not accepted" in expired.failure.detail
        fresh = await tokens.access_token()  # refreshed, because it expired
        assert fresh != first
        assert only_attempt(await probe_with(server, fresh)).outcome is Outcome.OK
        assert server.failed_logins == 1


@pytest.mark.asyncio
async def test_microsoft_replies(ms_auth: LoopbackAuthServer) -> None:
    endpoints = ms_auth.endpoints(MICROSOFT)
    token_set = await sign_in(
        endpoints,
        ms_auth.oauth_client("microsoft"),
        open_url=Browser().open,
        timeout=10,
        clock=ms_auth.now,
    )
    async with LabServer(S.microsoft_oauth(ms_auth.validate)) as server:
        ok = await probe_with(server, token_set.access_token, "587/starttls", "microsoft365")
        assert only_attempt(ok).outcome is Outcome.OK
        ms_auth.revoke_all()
        refused = only_attempt(
            await probe_with(server, token_set.access_token, "587/starttls", "microsoft365")
        )
        assert refused.failure is not None
        assert refused.failure.code is C.AUTH_OAUTH_TOKEN_REJECTED
        assert "5.7.3" in refused.failure.detail
        words = messages.describe(refused.failure, "microsoft365")
        assert words.title == "Microsoft did not accept the sign-in"
    disabled_spec = S.microsoft_oauth(ms_auth.validate, auth_reply=S.MICROSOFT_BASIC_AUTH_DISABLED)
    async with LabServer(disabled_spec) as server:
        report = await probe_with(server, "any-token", "587/starttls", "microsoft365")
        failure = only_attempt(report).failure
        assert failure is not None and failure.code is C.AUTH_OAUTH_SMTP_DISABLED
        assert verdict_of(report) is Verdict.AUTH_FAILED
        assert "Set-CASMailbox" in messages.describe(failure, "microsoft365").fix


@pytest.mark.asyncio
async def test_rotated_refresh_tokens_are_kept(ms_auth: LoopbackAuthServer) -> None:
    endpoints = ms_auth.endpoints(MICROSOFT)
    client = ms_auth.oauth_client("microsoft")
    first = await sign_in(endpoints, client, open_url=Browser().open, timeout=10)
    second = await refresh(endpoints, client, first.refresh_token or "")
    assert second.refresh_token and second.refresh_token != first.refresh_token
    with pytest.raises(OAuthError) as caught:  # the old one was revoked by the rotation
        await refresh(endpoints, client, first.refresh_token or "")
    assert caught.value.code is C.AUTH_OAUTH_TOKEN_REJECTED


@pytest.mark.asyncio
async def test_a_revoked_refresh_token_means_sign_in_again(auth: LoopbackAuthServer) -> None:
    tokens = OAuthTokens(
        auth.endpoints(), auth.oauth_client(), await signed_in(auth), clock=auth.now
    )
    auth.revoke_all()
    auth.advance(4000)
    with pytest.raises(OAuthError) as caught:
        await tokens.access_token()
    assert caught.value.code is C.AUTH_OAUTH_TOKEN_REJECTED
    assert "invalid_grant" in caught.value.failure.detail


@pytest.mark.asyncio
async def test_refresh_token_goes_to_the_keyring_and_comes_back(
    auth: LoopbackAuthServer, tmp_path: Path
) -> None:
    from smtpwizard.core.credentials.accounts import AccountIndex

    tokens = OAuthTokens(auth.endpoints(), auth.oauth_client(), await signed_in(auth))
    backend = MemoryKeyring()
    with use_backend(backend):
        async with LabServer(S.gmail_oauth(auth.validate)) as server:
            report = await probe_with(server, await tokens.access_token())
        assert report.recommended is not None
        index = AccountIndex(tmp_path / "accounts.json")
        await tokens.store_verified("localhost", USER, settings=report.recommended, index=index)
        assert backend.entries == {
            ("smtpwizard:localhost", f"{USER}#oauth-refresh"): tokens.refresh_token
        }
        assert index.find("localhost", USER) is not None
        again = await OAuthTokens.from_keyring(
            auth.endpoints(), auth.oauth_client(), "localhost", USER
        )
        assert again is not None and auth.validate(USER, await again.access_token())
        assert (
            await OAuthTokens.from_keyring(
                auth.endpoints(), auth.oauth_client(), "localhost", "nobody@example.com"
            )
            is None
        )


# --- the probe around XOAUTH2 --------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_server_without_xoauth2_gets_no_token(auth: LoopbackAuthServer) -> None:
    tokens = await signed_in(auth)
    async with LabServer(S.submission_tls({USER: "pw"})) as server:
        report = await probe_with(server, tokens.access_token)
    failure = only_attempt(report).failure
    assert failure is not None and failure.code is C.AUTH_NO_COMMON_MECHANISM
    assert "XOAUTH2" in failure.detail
    assert not server.auth_attempts


@pytest.mark.asyncio
async def test_tokens_never_in_reports_exports_or_logs(
    auth: LoopbackAuthServer, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG)
    tokens = await signed_in(auth)
    async with LabServer(S.gmail_oauth(auth.validate)) as server:
        good = await probe_with(server, tokens.access_token)
        auth.revoke_all()
        bad = await probe_with(server, tokens.access_token)
    secrets = list(auth.issued_secrets())
    assert secrets
    # the test authorization server (Authlib) logs what it issues; everything else must not
    texts = [r.getMessage() for r in caplog.records if not r.name.startswith("authlib")]
    for report in (good, bad):
        texts.append(json.dumps(probe_json(report)))
        texts.append(report_module.render_text(report, secrets=[tokens.access_token]))
        texts.append(report_module.render_html(report, secrets=[tokens.access_token]))
        texts.extend(report.attempts[0].transcript)
    assert good.recommended is not None
    for fmt in ("msmtp", "env", "json"):
        texts.append(export(good.recommended, fmt))
    joined = "\n".join(texts)
    for secret in secrets:
        assert secret not in joined
    assert "C: AUTH XOAUTH2 ******** (credentials hidden)" in bad.attempts[0].transcript


# --- the command line ----------------------------------------------------------------------------


def test_cli_probe_oauth_signs_in_probes_and_saves(
    auth: LoopbackAuthServer, tmp_path: Path
) -> None:
    lab = ThreadedLabServer(S.gmail_oauth(auth.validate))
    lab.start()
    try:
        ca_file = LabCA.shared().write_ca_pem(str(tmp_path / "ca.pem"))
        (tmp_path / "oauth.toml").write_text(
            f'[google]\nclient_id = "{auth.client.client_id}"\n'
            f'authorization_endpoint = "{auth.base_url}/authorize"\n'
            f'token_endpoint = "{auth.base_url}/token"\n',
            encoding="utf-8",
        )
        browser = Path(__file__).with_name("fake_browser.py")
        env = {
            **os.environ,
            "SMTPWIZARD_CONFIG_DIR": str(tmp_path),
            "BROWSER": f"{sys.executable} {browser} %s",
            "PYTHONPATH": str(Path(__file__).parents[2]),
            "PYTHONWARNINGS": "ignore::DeprecationWarning",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "smtpwizard",
                "probe",
                "localhost",
                "--oauth",
                "--oauth-provider",
                "google",
                "--user",
                USER,
                "--pairings",
                "465/tls",
                "--port-map",
                f"465={lab.port}",
                "--ca-file",
                ca_file,
                "--timeout",
                "5",
                "--json",
                "--save",
                "--report",
                str(tmp_path / "report.txt"),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
        # the sign-in works, but the --save asked for could not happen here (no keyring): 1
        assert result.returncode == 1, result.stderr
        data = json.loads(result.stdout)
        assert data["attempts"][0]["outcome"] == "ok"
        assert data["recommended"]["auth"] == "oauth2"  # exports sign in with OAuth too
        assert "Opening your browser to sign in with Google" in result.stderr
        # the keyring of this run is the `fail` backend: saving is refused in plain words
        assert "The sign-in was not saved" in result.stderr
        everything = result.stdout + result.stderr + (tmp_path / "report.txt").read_text()
        for secret in auth.issued_secrets():
            assert secret not in everything
    finally:
        lab.stop()


def test_cli_oauth_without_client_id_says_what_to_set(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SMTPWIZARD_CONFIG_DIR": str(tmp_path),
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
    }
    env.pop("SMTPWIZARD_OAUTH_GOOGLE_CLIENT_ID", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "smtpwizard",
            "probe",
            "smtp.gmail.com",
            "--oauth",
            "--user",
            "someone@gmail.com",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 2
    assert "SMTPWIZARD_OAUTH_GOOGLE_CLIENT_ID" in result.stderr
    assert str(tmp_path / "oauth.toml") in result.stderr
    assert "https://myaccount.google.com/apppasswords" in result.stderr
    assert "Traceback" not in result.stderr


def test_lab_spec_offers_auth_with_a_validator_only() -> None:
    spec = ServerSpec(mechanisms=("XOAUTH2",), token_validator=lambda user, token: False)
    assert spec.offers_auth


# --- using the saved sign-in outside smtpwizard: `accounts token`, msmtp --------------------------


def _oauth_toml(auth: LoopbackAuthServer, folder: Path, provider: str = "google") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "oauth.toml").write_text(
        f'[{provider}]\nclient_id = "{auth.client.client_id}"\n'
        f'authorization_endpoint = "{auth.base_url}/authorize"\n'
        f'token_endpoint = "{auth.base_url}/token"\n',
        encoding="utf-8",
    )


def _token_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from smtpwizard.cli import main

    code = main(["accounts", "token", "localhost", USER, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_accounts_token_prints_a_fresh_token_and_keeps_a_rotated_refresh_token(
    ms_auth: LoopbackAuthServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SMTPWIZARD_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("SMTPWIZARD_SETTINGS_DIR", str(tmp_path / "settings"))
    _oauth_toml(ms_auth, tmp_path, "microsoft")
    endpoints = ms_auth.endpoints(MICROSOFT)
    first = asyncio.run(
        sign_in(endpoints, ms_auth.oauth_client("microsoft"), open_url=Browser().open, timeout=10)
    )
    backend = MemoryKeyring()
    key = ("smtpwizard:localhost", f"{USER}#oauth-refresh")
    with use_backend(backend):
        code, out, err = _token_cli(capsys, "--oauth-provider", "microsoft")
        assert (code, out) == (3, "") and "--oauth --user" in err  # nothing saved yet
        backend.entries[key] = first.refresh_token
        code, out, err = _token_cli(capsys, "--oauth-provider", "microsoft")
        assert code == 0, err
        token = out.strip()
        assert ms_auth.validate(USER, token) and token != first.access_token
        # Microsoft hands out a new refresh token each time: the keyring keeps the new one
        assert backend.entries[key] != first.refresh_token
        ms_auth.revoke_all()
        code, out, err = _token_cli(capsys, "--oauth-provider", "microsoft")
        assert (code, out) == (5, "") and "Sign in again" in err
        for secret in ms_auth.issued_secrets():
            assert secret not in err


@pytest.mark.parametrize(
    ("host", "user", "words"),
    [
        ("exa mple", USER, "contains a space"),
        ("localhost", "alice\r\nRCPT TO:<x@y>", "line break"),
    ],
)
def test_accounts_token_checks_what_was_typed_first(
    host: str, user: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from smtpwizard.cli import main

    code = main(["accounts", "token", host, user, "--oauth-provider", "google"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "") and words in err


def test_accounts_token_needs_to_know_the_provider(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SMTPWIZARD_SETTINGS_DIR", str(tmp_path / "settings"))
    code, out, err = _token_cli(capsys)
    assert (code, out) == (2, "") and "--oauth-provider google" in err


@pytest.mark.keyring_integration
def test_msmtp_and_python_exports_send_with_xoauth2_through_the_token_command(
    auth: LoopbackAuthServer, tmp_path: Path
) -> None:
    """The msmtp and Python exports of OAuth settings, run by msmtp and Python: both get their
    token from `smtpwizard accounts token`, which renews the sign-in saved in a real Secret
    Service, and sign in with XOAUTH2."""
    import shutil

    import keyring

    from smtpwizard.core.export.registry import write_export
    from smtpwizard.core.models import Security, Settings
    from tests.integration.keyring_env import (
        PrivateSecretService,
        missing_tools,
        secret_service_backend,
    )

    if missing_tools() or shutil.which("msmtp") is None:
        pytest.skip("needs msmtp, dbus-daemon, gnome-keyring and secret-tool")
    token_set = asyncio.run(signed_in(auth))
    # auth_required: a client that does not really sign in cannot send
    lab = ThreadedLabServer(S.gmail_oauth(auth.validate, auth_required=True))
    lab.start()
    service = PrivateSecretService(tmp_path / "keyring")
    service.start()
    try:
        with secret_service_backend(service):
            keyring.set_password(
                "smtpwizard:localhost", f"{USER}#oauth-refresh", token_set.refresh_token
            )
        _oauth_toml(auth, tmp_path / "config")
        settings = Settings(
            "localhost", lab.port, Security.TLS, USER, sender=USER, provider="gmail", oauth=True
        )
        rc = write_export(tmp_path / "msmtprc", export(settings, "msmtp"), private=True)
        ca_file = LabCA.shared().write_ca_pem(str(tmp_path / "ca.pem"))
        env = {
            **service.env,
            "DBUS_SESSION_BUS_ADDRESS": service.bus_address,
            "PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring",
            "SMTPWIZARD_CONFIG_DIR": str(tmp_path / "config"),
            "PYTHONWARNINGS": "ignore::DeprecationWarning",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        }
        done = subprocess.run(
            ["msmtp", "-C", str(rc), f"--tls-trust-file={ca_file}", "bob@example.net"],
            input=f"From: {USER}\nTo: bob@example.net\nSubject: oauth\n\nhello\n",
            capture_output=True,
            text=True,
            timeout=30,
            env=env,
        )
        assert done.returncode == 0, done.stderr
        assert [(a.mechanism, a.success) for a in lab.server.auth_attempts] == [("XOAUTH2", True)]
        [message] = lab.server.received
        assert message.auth_user == USER and message.tls

        module = tmp_path / "send_mail.py"
        module.write_text(export(settings, "python"), encoding="utf-8")
        sent = subprocess.run(
            [sys.executable, str(module), "bob@example.net"],
            capture_output=True,
            text=True,
            timeout=30,
            env={**env, "SSL_CERT_FILE": ca_file},
        )
        assert sent.returncode == 0, sent.stderr
        for _ in range(100):  # the lab's thread records the session as it ends
            if len(lab.server.auth_attempts) == 2 and len(lab.server.received) == 2:
                break
            time.sleep(0.02)
        assert [(a.mechanism, a.success) for a in lab.server.auth_attempts] == [
            ("XOAUTH2", True),
            ("XOAUTH2", True),
        ]
        assert len(lab.server.received) == 2
        for secret in auth.issued_secrets():
            assert secret not in done.stdout + done.stderr + sent.stdout + sent.stderr
    finally:
        service.stop()
        lab.stop()
