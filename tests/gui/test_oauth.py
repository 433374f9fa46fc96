"""The wizard's "Sign in with Google/Microsoft", end to end on loopback.

A real Authlib authorization server (tests/integration/oauth_server.py) signs in; the "browser"
follows its redirect to the wizard's loopback listener with an HTTP client; an aiosmtpd lab
server accepts XOAUTH2 only with a token that server issued. The client ID and the server's
endpoints come from ``oauth.toml`` in the test's private config folder, the way a real
installation is configured. The keyring is the in-memory test double.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from smtpwizard.core.credentials.keyring_store import SecretKind, keyring_username, service_name
from smtpwizard.core.models import Pairing, Security
from smtpwizard.core.probe.options import Timeouts
from smtpwizard.core.wording import messages
from smtpwizard.core.wording.codes import FailureCode
from smtpwizard.gui.page_ids import PageId
from smtpwizard.gui.state import DemoConfig, WizardState
from smtpwizard.gui.wizard import SetupWizard
from smtpwizard.lab import spec as S
from smtpwizard.lab.certs import LabCA
from tests.fixtures.keyring_doubles import MemoryKeyring, use_backend
from tests.gui.helpers import choose_pairings, click, click_back, click_next, wait_all_final
from tests.integration.oauth_server import USER, Browser, LoopbackAuthServer

pytestmark = pytest.mark.gui

FAST = Timeouts(connect=2.0, command=2.0, attempt=5.0)
GMAIL_465 = Pairing(465, Security.TLS)
MS_587 = Pairing(587, Security.STARTTLS)


@pytest.fixture
def auth() -> Iterator[LoopbackAuthServer]:
    with LoopbackAuthServer() as server:
        yield server


def configure(auth: LoopbackAuthServer, provider: str = "google") -> None:
    """``oauth.toml`` in the test's config folder: the client ID and the loopback endpoints."""
    import os

    folder = Path(os.environ["SMTPWIZARD_CONFIG_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "oauth.toml").write_text(
        f'[{provider}]\nclient_id = "{auth.client.client_id}"\n'
        f'authorization_endpoint = "{auth.base_url}/authorize"\n'
        f'token_endpoint = "{auth.base_url}/token"\n',
        encoding="utf-8",
    )


def oauth_state(port: int, pairing: Pairing, provider: str, **overrides: Any) -> WizardState:
    """A wizard aimed at one lab server that plays ``provider`` (no password anywhere)."""
    config = DemoConfig(
        host="127.0.0.1",
        port_map={pairing.port: port},
        ca_pem=LabCA.shared().ca_pem,
        email=USER,
        username=USER,
        password="",
        provider=provider,
    )
    state = WizardState(demo=config, timeouts=FAST, pairings=(pairing,), **overrides)
    state.discovery_overrides = {"offline": True}
    return state


def to_signin(qtbot: Any, wizard: SetupWizard) -> None:
    click_next(qtbot, wizard)
    choose_pairings(qtbot, wizard, wizard.state.pairings)  # only the lab's port
    click_next(qtbot, wizard)
    assert wizard.currentId() == PageId.SIGNIN


def gmail_at_signin(
    qtbot: Any, make_wizard: Any, lab_server: Any, auth: LoopbackAuthServer, **overrides: Any
) -> tuple[SetupWizard, Any]:
    """Google on loopback (``oauth.toml`` and an XOAUTH2-only server on 465) and a wizard at its
    sign-in page; the "browser" follows the redirect unless ``oauth_open_url`` is given."""
    configure(auth)
    server = lab_server(S.gmail_oauth(auth.validate))
    overrides.setdefault("oauth_open_url", Browser().open)
    wizard = make_wizard(oauth_state(server.port, GMAIL_465, "gmail", **overrides))
    to_signin(qtbot, wizard)
    return wizard, server


def sign_in(qtbot: Any, wizard: SetupWizard) -> None:
    box = wizard.signin_page.oauth
    qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.running, timeout=10000)


def next_enabled(wizard: SetupWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_sign_in_with_google_probes_with_xoauth2_and_saves_the_token(
    qtbot: Any, make_wizard: Any, lab_server: Any, auth: LoopbackAuthServer, screenshot: Any
) -> None:
    browser = Browser()
    backend = MemoryKeyring()
    with use_backend(backend):
        wizard, server = gmail_at_signin(
            qtbot, make_wizard, lab_server, auth, oauth_open_url=browser.open
        )
        page = wizard.signin_page
        box = page.oauth
        assert box.isVisible() and box.button.isEnabled()
        assert box.button.text() == "Sign in with Google…"
        assert not next_enabled(wizard)  # neither a password nor a sign-in yet
        screenshot(wizard, "signin-oauth")

        sign_in(qtbot, wizard)
        assert wizard.state.oauth_tokens is not None
        assert len(browser.visited) == 1 and browser.visited[0].startswith(auth.base_url)
        assert "login_hint=alice%40example.com" in browser.visited[0]
        assert not page.password.isEnabled() and page.password.text() == ""
        assert "Signed in with Google" in box.status.text()
        assert next_enabled(wizard)
        screenshot(wizard, "signin-oauth-signed-in")

        click_next(qtbot, wizard)
        wait_all_final(qtbot, wizard)
        report = wizard.state.report
        assert report is not None and report.recommended is not None
        assert report.recommended.oauth  # so the exports sign in with OAuth too
        assert [a.mechanism for a in server.server.auth_attempts] == ["XOAUTH2"]
        assert all(a.success for a in server.server.auth_attempts)
        screenshot(wizard, "testing-oauth")

        click_next(qtbot, wizard)  # result
        screenshot(wizard, "result-oauth")
        click_next(qtbot, wizard)  # save
        assert wizard.currentId() == PageId.SAVE
        status = wizard.save_page.keyring_status.text()
        assert "your sign-in is saved" in status
        card = wizard.save_page.card.toPlainText()
        save = wizard.save_page
        formats = [save.formats.itemText(i) for i in range(save.formats.count())]
        save.formats.setCurrentIndex(next(i for i, f in enumerate(formats) if "msmtp" in f))
        assert "auth xoauth2" in save.card.toPlainText()
        assert "XOAUTH2" in save.description.text() and "secret-tool" not in save.description.text()
        assert "smtpwizard accounts token 127.0.0.1" in save.card.toPlainText()
        screenshot(wizard, "save-oauth")
        assert backend.entries == {}  # nothing before Finish
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
        qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=5000)
    tokens = list(auth.issued_secrets())
    refresh_token = wizard.state.oauth_tokens.refresh_token
    key = (service_name("127.0.0.1"), keyring_username(USER, SecretKind.OAUTH_REFRESH))
    assert backend.entries == {key: refresh_token}  # the token, marked as one; no password
    report_text = wizard.testing_page.report_buttons
    assert report_text is not None
    for secret in tokens:
        assert secret not in card
        assert secret not in wizard.testing_page.details.technical.toPlainText()


def test_report_and_transcript_never_show_a_token(
    qtbot: Any, make_wizard: Any, lab_server: Any, auth: LoopbackAuthServer
) -> None:
    from smtpwizard.core.report.render import render_text

    wizard, _server = gmail_at_signin(qtbot, make_wizard, lab_server, auth)
    sign_in(qtbot, wizard)
    click_next(qtbot, wizard)
    wait_all_final(qtbot, wizard)
    report = wizard.state.report
    assert report is not None
    text = render_text(report, secrets=wizard.state.secrets())
    transcript = "\n".join(line for a in report.attempts for line in a.transcript)
    assert "AUTH XOAUTH2 ********" in transcript
    for secret in auth.issued_secrets():
        assert secret not in text and secret not in transcript


def test_consent_refused_is_explained_and_a_password_still_works(
    qtbot: Any, make_wizard: Any, lab_server: Any, auth: LoopbackAuthServer, screenshot: Any
) -> None:
    auth.deny_consent = True
    wizard, _server = gmail_at_signin(qtbot, make_wizard, lab_server, auth)
    sign_in(qtbot, wizard)
    box = wizard.signin_page.oauth
    assert wizard.state.oauth_tokens is None
    assert messages.title(FailureCode.AUTH_OAUTH_CONSENT_REFUSED) in box.status.text()
    assert box.button.isEnabled()  # try again
    assert not next_enabled(wizard)
    screenshot(wizard, "signin-oauth-refused")
    wizard.signin_page.password.setText("an app password")
    assert next_enabled(wizard)


def test_a_withdrawn_sign_in_is_explained_on_the_testing_page(
    qtbot: Any, make_wizard: Any, lab_server: Any, auth: LoopbackAuthServer, screenshot: Any
) -> None:
    wizard, server = gmail_at_signin(qtbot, make_wizard, lab_server, auth)
    sign_in(qtbot, wizard)
    auth.revoke_all()  # e.g. access removed in the account's security settings
    click_next(qtbot, wizard)
    wait_all_final(qtbot, wizard)
    title = messages.title(FailureCode.AUTH_OAUTH_TOKEN_REJECTED, "gmail")
    assert title in wizard.testing_page.banner.title.text()
    assert server.server.failed_logins == 1
    screenshot(wizard, "testing-oauth-rejected")


def test_an_expired_access_token_is_refreshed_before_the_test(
    qtbot: Any, make_wizard: Any, lab_server: Any
) -> None:
    with LoopbackAuthServer(expires_in=1) as auth:
        wizard, _server = gmail_at_signin(qtbot, make_wizard, lab_server, auth)
        sign_in(qtbot, wizard)
        tokens = wizard.state.oauth_tokens
        assert tokens is not None
        first = tokens.tokens.access_token
        qtbot.waitUntil(tokens.expired, timeout=5000)
        click_next(qtbot, wizard)
        wait_all_final(qtbot, wizard)
        assert tokens.tokens.access_token != first
        assert wizard.state.report is not None and wizard.state.report.recommended is not None


def test_microsoft_with_smtp_auth_switched_off_names_the_admin_fix(
    qtbot: Any, make_wizard: Any, lab_server: Any, screenshot: Any
) -> None:
    with LoopbackAuthServer(scope="https://outlook.office.com/SMTP.Send offline_access") as auth:
        configure(auth, "microsoft")
        server = lab_server(
            S.microsoft_oauth(auth.validate, auth_reply=S.MICROSOFT_BASIC_AUTH_DISABLED)
        )
        wizard = make_wizard(
            oauth_state(server.port, MS_587, "outlook", oauth_open_url=Browser().open)
        )
        to_signin(qtbot, wizard)
        box = wizard.signin_page.oauth
        assert box.button.text() == "Sign in with Microsoft…"
        assert "no longer accepts passwords" in box.intro.text()  # Outlook.com: OAuth only
        sign_in(qtbot, wizard)
        assert wizard.state.oauth_tokens is not None
        click_next(qtbot, wizard)
        wait_all_final(qtbot, wizard)
        banner = wizard.testing_page.banner.title.text()
        assert messages.title(FailureCode.AUTH_OAUTH_SMTP_DISABLED, "outlook") in banner
        screenshot(wizard, "testing-oauth-smtp-disabled")


def visible_words(page: Any) -> str:
    """Every text a person can see on ``page`` (labels, buttons, check boxes)."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    found = [w.text() for w in page.findChildren(QLabel) if w.isVisible()]
    found += [w.text() for w in page.findChildren(QAbstractButton) if w.isVisible()]
    return "\n".join(found)


def no_developer_words(text: str) -> None:
    for word in ("SMTPWIZARD_", "oauth.toml", "client ID", ".config", "~/", "AppData"):
        assert word not in text, word


def test_without_a_client_id_gmail_shows_the_app_password_path_once(
    qtbot: Any, make_wizard: Any, demo: Any, monkeypatch: pytest.MonkeyPatch, screenshot: Any
) -> None:
    monkeypatch.delenv("SMTPWIZARD_OAUTH_GOOGLE_CLIENT_ID", raising=False)
    state = oauth_state(demo.port_map[465], GMAIL_465, "gmail")
    wizard = make_wizard(state)
    to_signin(qtbot, wizard)
    page = wizard.signin_page
    assert not page.oauth.isVisible() and not page.oauth.button.isVisible()  # nothing disabled
    assert not page.or_password.isVisible()
    words = visible_words(page)
    assert words.count("https://myaccount.google.com/apppasswords") == 1
    assert "app password" in words
    no_developer_words(words)
    screenshot(wizard, "signin-oauth-not-configured")
    page.password.setText("an app password")
    assert next_enabled(wizard)


def test_without_a_client_id_outlook_says_plainly_who_to_ask(
    qtbot: Any, make_wizard: Any, demo: Any, monkeypatch: pytest.MonkeyPatch, screenshot: Any
) -> None:
    monkeypatch.delenv("SMTPWIZARD_OAUTH_MICROSOFT_CLIENT_ID", raising=False)
    state = oauth_state(demo.port_map[587], MS_587, "outlook")
    wizard = make_wizard(state)
    to_signin(qtbot, wizard)
    page = wizard.signin_page
    assert page.oauth.isVisible() and not page.oauth.button.isVisible()
    sentence = page.oauth.intro.text()
    assert "not set up for signing in with Microsoft" in sentence
    assert "Ask whoever installed smtpwizard" in sentence
    no_developer_words(visible_words(page.oauth))
    # nothing on the page contradicts it ("choose Sign in with Microsoft", an app password link)
    assert not page.provider_hint.isVisible() and not page.or_password.isVisible()
    screenshot(wizard, "signin-outlook-not-configured")


def test_no_browser_shows_the_address_and_cancel_stops_waiting(
    qtbot: Any,
    make_wizard: Any,
    lab_server: Any,
    auth: LoopbackAuthServer,
    qloop: Any,
    screenshot: Any,
) -> None:
    wizard, _server = gmail_at_signin(
        qtbot, make_wizard, lab_server, auth, oauth_open_url=lambda url: False
    )
    box = wizard.signin_page.oauth
    qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.address_box.isVisible(), timeout=5000)
    assert box.running and box.cancel_button.isVisible()
    assert box.address.text().startswith(f"{auth.base_url}/authorize?")
    assert "redirect_uri=http%3A%2F%2F127.0.0.1%3A" in box.address.text()
    assert not next_enabled(wizard)
    screenshot(wizard, "signin-oauth-no-browser")
    qtbot.mouseClick(box.cancel_button, Qt.MouseButton.LeftButton)
    assert not box.running and not box.address_box.isVisible()
    assert "cancelled" in box.status.text()
    qtbot.waitUntil(lambda: not [t for t in asyncio.all_tasks(qloop) if not t.done()], timeout=5000)


def test_changing_the_user_name_signs_out(
    qtbot: Any, make_wizard: Any, lab_server: Any, auth: LoopbackAuthServer
) -> None:
    wizard, _server = gmail_at_signin(qtbot, make_wizard, lab_server, auth)
    sign_in(qtbot, wizard)
    page = wizard.signin_page
    assert wizard.state.oauth_tokens is not None
    page.username.setFocus()
    qtbot.keyClicks(page.username, "x")
    assert wizard.state.oauth_tokens is None
    assert page.password.isEnabled()
    assert "signed out" in page.oauth.status.text()
    assert not next_enabled(wizard)


def test_no_box_for_a_provider_without_oauth(qtbot: Any, make_wizard: Any, demo: Any) -> None:
    wizard = make_wizard(oauth_state(demo.port_map[465], GMAIL_465, "fastmail"))
    to_signin(qtbot, wizard)
    assert not wizard.signin_page.oauth.isVisible()
    assert not wizard.signin_page.or_password.isVisible()


def test_test_again_uses_the_saved_sign_in(
    qtbot: Any, make_wizard: Any, lab_server: Any, auth: LoopbackAuthServer, screenshot: Any
) -> None:
    backend = MemoryKeyring()
    browser = Browser()
    with use_backend(backend):
        first, server = gmail_at_signin(
            qtbot, make_wizard, lab_server, auth, oauth_open_url=browser.open
        )
        sign_in(qtbot, first)
        click_next(qtbot, first)
        wait_all_final(qtbot, first)
        click_next(qtbot, first)
        click_next(qtbot, first)
        click(qtbot, first, QWizard.WizardButton.FinishButton)
        qtbot.waitUntil(lambda: first.result() == QWizard.DialogCode.Accepted, timeout=5000)
        first.close()
        saved_token = first.state.oauth_tokens.refresh_token

        # later: the saved account, tested again without a browser or a password
        again = make_wizard(
            oauth_state(server.port, GMAIL_465, "gmail", oauth_open_url=browser.open)
        )
        assert again.currentId() == PageId.SAVED
        qtbot.mouseClick(again.saved_page.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: again.currentId() == PageId.TESTING, timeout=5000)
        wait_all_final(qtbot, again)
        assert again.state.report is not None and again.state.report.recommended is not None
        assert len(browser.visited) == 1  # the saved sign-in was renewed, not asked for again
        assert again.state.oauth_tokens is not None
        assert (
            again.state.oauth_tokens.tokens.access_token
            != first.state.oauth_tokens.tokens.access_token
        )
        assert [a.mechanism for a in server.server.auth_attempts] == ["XOAUTH2", "XOAUTH2"]
        click_back(qtbot, again)
        assert "saved on this computer" in again.signin_page.oauth.status.text()
        assert again.signin_page.or_password.text() == "Or type an app password:"
        screenshot(again, "signin-oauth-saved")

        # the sign-in is withdrawn at the provider: Test again says so and offers signing in
        auth.revoke_all()
        third = make_wizard(
            oauth_state(server.port, GMAIL_465, "gmail", oauth_open_url=browser.open)
        )
        qtbot.mouseClick(third.saved_page.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: third.currentId() == PageId.SIGNIN, timeout=5000)
        notice = third.signin_page.notice
        qtbot.waitUntil(notice.isVisible, timeout=5000)
        assert messages.title(FailureCode.AUTH_OAUTH_TOKEN_REJECTED, "gmail") in notice.text()
        assert third.state.oauth_tokens is None
        assert third.signin_page.oauth.button.isEnabled()
    assert (
        backend.entries[
            (service_name("127.0.0.1"), keyring_username(USER, SecretKind.OAUTH_REFRESH))
        ]
        == saved_token
    )


def test_a_sign_in_never_finished_times_out_in_plain_words(
    qtbot: Any, make_wizard: Any, lab_server: Any, auth: LoopbackAuthServer
) -> None:
    opened: list[str] = []

    def open_and_walk_away(url: str) -> bool:  # the browser opens; nobody signs in
        opened.append(url)
        return True

    wizard, _server = gmail_at_signin(
        qtbot, make_wizard, lab_server, auth, oauth_open_url=open_and_walk_away, oauth_timeout=0.5
    )
    sign_in(qtbot, wizard)
    box = wizard.signin_page.oauth
    assert len(opened) == 1 and wizard.state.oauth_tokens is None
    assert messages.title(FailureCode.AUTH_OAUTH_TIMED_OUT) in box.status.text()
    assert box.button.isEnabled() and not box.cancel_button.isVisible()
