"""OAuth sign-in for the wizard ("Sign in with Google/Microsoft"), on the runner's task machinery.

:func:`oauth_setup` decides, without any network, whether the sign-in page offers the button
and whether it can work (a client ID is configured). :class:`OAuthSignIn` runs the browser flow
of :mod:`smtpwizard.core.oauth` as one tracked runner job and reports through Qt signals, so the
page never touches asyncio. Cancelling the job closes the loopback listener at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import webbrowser
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from smtpwizard.core.models import Failure
from smtpwizard.core.validation import InputError
from smtpwizard.core.wording.codes import FailureCode
from smtpwizard.gui.runner import ProbeRunner

if TYPE_CHECKING:
    from smtpwizard.core.oauth import OAuthClient, OAuthEndpoints

OpenUrl = Callable[[str], bool]


@dataclass(frozen=True)
class OAuthSetup:
    """What the sign-in page can offer for one provider.

    ``client``/``endpoints`` are set when the sign-in can start; otherwise ``failure`` says why
    (``auth.oauth_not_configured``, with the settings file, variable and app password page).
    """

    oauth_provider: str  # "google" | "microsoft"
    name: str  # "Google" | "Microsoft"
    client: OAuthClient | None = None
    endpoints: OAuthEndpoints | None = None
    failure: Failure | None = None
    # OAuth is the only sign-in that keeps working there (Outlook.com, Microsoft 365)
    passwords_retired: bool = False

    @property
    def ready(self) -> bool:
        return self.client is not None and self.endpoints is not None


def preset_clients(client_ids: Mapping[str, str]) -> dict[str, dict[str, str]] | None:
    """An installer preset's ``{"google": "ID"}`` in the form ``require_client`` reads."""
    return {pid: {"client_id": cid} for pid, cid in client_ids.items() if cid} or None


def oauth_setup(
    provider: str | None,
    host: str | None,
    *,
    client_ids: Mapping[str, str] | None = None,
    app_password_url: str | None = None,
) -> OAuthSetup | None:
    """The sign-in the page offers for ``provider``/``host``; ``None`` when there is none."""
    # lazy: not needed for the first paint (the wizard draws before loading the rest)
    from smtpwizard.core import oauth

    # lazy: not needed for the first paint (the wizard draws before loading the rest)
    from smtpwizard.core.discovery.providers import OAuthSupport, bundled_providers

    try:
        pid = oauth.oauth_provider_id(provider=provider, host=host or None)
    except InputError:
        return None
    if pid is None:
        return None
    record = bundled_providers().get(provider) if provider else None
    if record is None and host:
        record = bundled_providers().for_smtp_host(host)
    retired = record is not None and record.oauth is OAuthSupport.REQUIRED
    name = oauth.GOOGLE.name if pid == "google" else oauth.MICROSOFT.name
    if app_password_url is None and record is not None:
        app_password_url = record.app_password_url
    try:
        client = oauth.require_client(
            pid, preset=preset_clients(client_ids or {}), app_password_url=app_password_url
        )
        endpoints = oauth.endpoints_for(client)
    except oauth.OAuthError as error:
        return OAuthSetup(pid, name, failure=error.failure, passwords_retired=retired)
    except InputError as error:  # a broken oauth.toml or variable: say which, in its words
        return OAuthSetup(
            pid,
            name,
            failure=Failure(
                FailureCode.AUTH_OAUTH_NOT_CONFIGURED,
                detail=str(error),
                params={
                    "oauth_provider": name,
                    **({"app_password_url": app_password_url} if app_password_url else {}),
                },
            ),
            passwords_retired=retired,
        )
    return OAuthSetup(pid, name, client, endpoints, passwords_retired=retired)


def _failure_of(error: BaseException, name: str) -> Failure:
    failure = getattr(error, "failure", None)
    if isinstance(failure, Failure):
        return failure
    return Failure(
        FailureCode.AUTH_OAUTH_FAILED,
        detail=f"{type(error).__name__}: {error}",
        params={"oauth_provider": name},
    )


class OAuthSignIn(QObject):
    """One browser sign-in at a time, run as a tracked job of the runner.

    Signals: ``address(url, opened)`` — the address the browser was sent to (``opened`` False:
    no browser could be opened, the person must open it); ``succeeded(OAuthTokens)``;
    ``failed(Failure)``; ``running_changed(bool)``. Nothing is emitted after :meth:`cancel`.
    """

    address = Signal(str, bool)
    succeeded = Signal(object)
    failed = Signal(object)
    running_changed = Signal(bool)

    def __init__(self, runner: ProbeRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._task: asyncio.Task[Any] | None = None
        self._run = 0
        self._name = ""

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(
        self,
        setup: OAuthSetup,
        login_hint: str | None,
        *,
        open_url: OpenUrl | None = None,
        timeout: float | None = None,
    ) -> None:
        """Open the browser and wait for the sign-in; a sign-in still running is cancelled."""
        self.cancel()
        assert setup.client is not None and setup.endpoints is not None
        self._run += 1
        run = self._run
        self._name = setup.name
        self._task = self.runner.call(
            self._sign_in(run, setup, login_hint, open_url or webbrowser.open, timeout),
            lambda tokens: self._done(run, tokens, None),
            lambda error: self._done(run, None, error),
        )
        self.running_changed.emit(True)

    def cancel(self) -> None:
        """Stop waiting (returns at once; the listener closes as the task unwinds)."""
        task, self._task = self._task, None
        self._run += 1
        if task is not None and not task.done():
            task.cancel()
            self.running_changed.emit(False)

    async def _sign_in(
        self,
        run: int,
        setup: OAuthSetup,
        login_hint: str | None,
        open_url: OpenUrl,
        timeout: float | None,
    ) -> Any:
        # lazy: not needed for the first paint (the wizard draws before loading the rest)
        from smtpwizard.core import oauth

        assert setup.client is not None and setup.endpoints is not None
        loop = asyncio.get_running_loop()

        def show(url: str, opened: bool) -> None:  # on the loop: the GUI thread
            if run == self._run:
                self.address.emit(url, opened)

        def opener(url: str) -> bool:  # a worker thread: no Qt here, only the loop
            with contextlib.suppress(RuntimeError):  # the loop is gone: nobody listens
                loop.call_soon_threadsafe(show, url, True)
            return open_url(url)

        extra: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
        token_set = await oauth.sign_in(
            setup.endpoints,
            setup.client,
            login_hint=login_hint,
            open_url=opener,
            show_url=lambda url: show(url, False),
            **extra,
        )
        return oauth.OAuthTokens(setup.endpoints, setup.client, token_set)

    def _done(self, run: int, tokens: Any, error: BaseException | None) -> None:
        if run != self._run:
            return
        self._task = None
        self.running_changed.emit(False)
        if error is None:
            self.succeeded.emit(tokens)
        else:
            self.failed.emit(_failure_of(error, self._name))
