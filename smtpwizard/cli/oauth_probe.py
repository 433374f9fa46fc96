"""``smtpwizard probe --oauth``: sign in in the browser (or with the saved sign-in), then probe
with XOAUTH2. Output and exit codes only; the work is in :mod:`smtpwizard.core.oauth`."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import webbrowser
from dataclasses import dataclass, replace

from smtpwizard.cli import CommandFailed, UsageError
from smtpwizard.core.errors import SmtpWizardError
from smtpwizard.core.models import ProbeReport
from smtpwizard.core.probe.options import ProbeOptions
from smtpwizard.core.validation import InputError
from smtpwizard.core.wording import messages
from smtpwizard.core.wording.base import _
from smtpwizard.exit_codes import ProbeExit

#: exit code when the sign-in itself failed (like a refused login: 5)


class SignInFailed(SmtpWizardError):
    """The OAuth sign-in did not give a token; ``str()`` is the plain-words message."""

    exit_code = ProbeExit.AUTH_FAILED


@dataclass
class OAuthProbe:
    report: ProbeReport
    options: ProbeOptions  # with the access token (for redacting the report)
    tokens: object  # smtpwizard.core.oauth.OAuthTokens


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--oauth",
        action="store_true",
        help=_(
            "sign in with Google or Microsoft in the browser (OAuth 2.0) instead "
            "of a password; with --from-keyring, use the saved sign-in"
        ),
    )
    p.add_argument(
        "--oauth-provider",
        choices=("google", "microsoft"),
        help=_("who signs you in, when it cannot be told from HOST"),
    )


def browser_available() -> bool:
    """A graphical browser can open (or $BROWSER names one); else the URL is printed."""
    if os.environ.get("BROWSER"):
        return True
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def open_browser(url: str) -> bool:
    if not browser_available():
        return False
    return webbrowser.open(url)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _words(error: object, provider: str | None) -> str:
    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.core.oauth import OAuthError

    assert isinstance(error, OAuthError)
    return messages.describe(error.failure, provider).paragraph()


def probe_with_oauth(args: argparse.Namespace, options: ProbeOptions) -> OAuthProbe:
    """Sign in, probe with the access token; raises UsageError/SignInFailed/CommandFailed."""
    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.core import oauth

    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.core.credentials.keyring_store import KeyringProblem

    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.core.discovery.providers import bundled_providers

    if options.username is None:
        raise UsageError("--oauth needs --user (the email address you sign in as)")
    found = bundled_providers().for_smtp_host(options.host)
    provider_id = args.oauth_provider or oauth.oauth_provider_id(host=options.host)
    if provider_id is None:
        raise UsageError(
            f"cannot tell who signs you in for {options.host}: add "
            "--oauth-provider google or --oauth-provider microsoft"
        )
    app_password_url = (
        found.app_password_url
        if found
        else ("https://myaccount.google.com/apppasswords" if provider_id == "google" else None)
    )
    wording = options.provider or (found.id if found else None)
    try:
        client = oauth.require_client(provider_id, app_password_url=app_password_url)
        endpoints = oauth.endpoints_for(client)
    except oauth.OAuthError as exc:
        raise UsageError(_words(exc, wording)) from None
    except InputError as exc:
        raise UsageError(str(exc)) from None

    async def run() -> OAuthProbe:
        # lazy: each command loads only the parts it uses (start-up time)
        from smtpwizard.core.probe.engine import probe_async

        if args.from_keyring:
            assert options.username is not None
            tokens = await oauth.OAuthTokens.from_keyring(
                endpoints, client, options.host, options.username
            )
            if tokens is None:
                raise CommandFailed(
                    f"No sign-in for {options.username} on {options.host} is "
                    "saved in this computer's keyring. Run again with --oauth "
                    "--save (without --from-keyring) to sign in and save it."
                )
        else:
            _say(
                f"Opening your browser to sign in with {endpoints.name} as "
                f"{options.username} (Ctrl+C cancels)…"
            )
            token_set = await oauth.sign_in(
                endpoints,
                client,
                login_hint=options.username,
                open_url=open_browser,
                show_url=lambda url: _say(
                    f"No browser could be opened. Open this address in "
                    f"a browser on this computer to sign in:\n\n{url}\n"
                ),
            )
            tokens = oauth.OAuthTokens(endpoints, client, token_set)
        with_token = replace(options, oauth_token=await tokens.access_token())
        return OAuthProbe(await probe_async(with_token), with_token, tokens)

    try:
        return asyncio.run(run())
    except oauth.OAuthError as exc:
        raise SignInFailed(_words(exc, wording)) from None
    except KeyringProblem as exc:
        raise CommandFailed(str(exc)) from None
    except InputError as exc:
        raise UsageError(str(exc)) from None


def save_refresh_token(result: OAuthProbe) -> tuple[str, bool]:
    """Store the refresh token after the probe verified the sign-in; a line for the person
    and whether it was saved."""
    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.core import oauth

    # lazy: each command loads only the parts it uses (start-up time)
    from smtpwizard.core.credentials.keyring_store import KeyringProblem

    report, options, tokens = result.report, result.options, result.tokens
    assert isinstance(tokens, oauth.OAuthTokens)
    if report.recommended is None or not report.credentials_given:
        return "The sign-in was not saved: it has not been proven to work.", False
    if tokens.refresh_token is None:
        return "The sign-in was not saved: the provider gave no refresh token.", False
    assert options.username is not None
    try:
        asyncio.run(
            tokens.store_verified(options.host, options.username, settings=report.recommended)
        )
    except KeyringProblem as exc:
        return f"The sign-in was not saved: {exc}", False
    return (
        f"Saved the sign-in for {options.username} in this computer's keyring "
        "(use --oauth --from-keyring next time).",
        True,
    )
