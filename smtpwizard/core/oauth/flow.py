"""The native-app sign-in of RFC 8252: authorization code + PKCE, system browser, loopback.

1. A one-shot HTTP listener starts on ``127.0.0.1`` with a random port; the redirect URI is
   ``http://127.0.0.1:<port>`` (providers allow any port for loopback redirects).
2. The authorization URL (PKCE S256 challenge, a random ``state``) opens in the system browser
   through an injectable ``open_url`` callable (default :func:`webbrowser.open`); when it cannot
   open one, ``show_url`` gets the address so the person can open it themselves.
3. The browser comes back to the listener with ``code`` and ``state`` (or ``error``). The state
   must match, ``iss`` (RFC 9207) too when present; the page tells the person to go back. A
   request without this sign-in's state (any local program can find the port) is counted in
   ``ignored_requests`` and ignored: only the right answer completes or fails the sign-in.
4. The code is exchanged for tokens (with the PKCE verifier) at the token endpoint over httpx.

Everything has a timeout, and cancelling the coroutine closes the listener at once.
:func:`refresh` turns a refresh token into a new access token.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import html
import logging
import secrets
import ssl
import sys
import threading
import time
import webbrowser
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from smtpwizard.core.oauth.config import OAuthClient
from smtpwizard.core.oauth.endpoints import OAuthEndpoints
from smtpwizard.core.oauth.errors import OAuthError
from smtpwizard.core.wording import messages
from smtpwizard.core.wording.codes import FailureCode

log = logging.getLogger(__name__)

C = FailureCode

#: seconds the person has to finish signing in in the browser
SIGN_IN_TIMEOUT = 300.0
#: seconds for one request to the token endpoint
HTTP_TIMEOUT = 20.0
#: assumed lifetime when the token endpoint does not say (seconds)
DEFAULT_EXPIRES_IN = 3600
_MAX_REQUEST = 16 * 1024
_REQUEST_READ_TIMEOUT = 10.0

OpenUrl = Callable[[str], bool]
ShowUrl = Callable[[str], None]


# --- records -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pkce:
    """RFC 7636 proof key: the verifier stays here, the S256 challenge goes to the browser."""

    verifier: str = field(repr=False)
    challenge: str
    method: str = "S256"

    @classmethod
    def new(cls) -> Pkce:
        verifier = secrets.token_urlsafe(64)  # 86 characters of [A-Za-z0-9_-]
        return cls(verifier, s256(verifier))


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class TokenSet:
    """What the token endpoint answered. ``expires_at`` is on the ``clock`` that made it."""

    access_token: str = field(repr=False)
    expires_at: float
    refresh_token: str | None = field(default=None, repr=False)
    scope: str = ""
    token_type: str = "Bearer"

    def expired(self, now: float, margin: float = 60.0) -> bool:
        """True when the token expires within ``margin`` seconds."""
        return now + margin >= self.expires_at

    @property
    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.access_token, self.refresh_token) if s)


# --- the token endpoint --------------------------------------------------------------------------


def _system_trust() -> ssl.SSLContext:
    if sys.platform in ("win32", "darwin"):
        # lazy: used on Windows and macOS only
        import truststore

        context: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    else:
        context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def _http_client() -> httpx.AsyncClient:
    return httpx.AsyncClient(verify=_system_trust(), timeout=HTTP_TIMEOUT, follow_redirects=False)


def _params(endpoints: OAuthEndpoints) -> dict[str, str]:
    return {"oauth_provider": endpoints.name}


async def _token_request(
    endpoints: OAuthEndpoints,
    client: OAuthClient,
    data: dict[str, str],
    http: httpx.AsyncClient | None,
    clock: Callable[[], float],
) -> TokenSet:
    data = {**data, "client_id": client.client_id}
    if client.client_secret:
        data["client_secret"] = client.client_secret
    grant = data["grant_type"]
    owned = http is None
    session = http or _http_client()
    try:
        response = await session.post(
            endpoints.token_endpoint,
            data=data,
            headers={"Accept": "application/json"},
            timeout=HTTP_TIMEOUT,
        )
    except httpx.HTTPError as exc:
        raise OAuthError(
            C.AUTH_OAUTH_FAILED,
            f"the token endpoint "
            f"{endpoints.token_endpoint} could not be reached: "
            f"{type(exc).__name__}: {exc}",
            _params(endpoints),
        ) from None
    finally:
        if owned:
            await session.aclose()
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise OAuthError(
            C.AUTH_OAUTH_FAILED,
            f"the token endpoint answered HTTP {response.status_code} without a JSON object",
            _params(endpoints),
        )
    if response.status_code != 200 or "error" in body:
        error = str(body.get("error", f"HTTP {response.status_code}"))[:80]
        description = " ".join(str(body.get("error_description", "")).split())[:300]
        detail = f"token endpoint ({grant}): {error}" + (f": {description}" if description else "")
        # a refresh token that no longer works: expired, revoked, password changed
        code = (
            C.AUTH_OAUTH_TOKEN_REJECTED
            if (grant == "refresh_token" and error == "invalid_grant")
            else C.AUTH_OAUTH_FAILED
        )
        raise OAuthError(code, detail, _params(endpoints))
    return _token_set(endpoints, body, clock())


def _token_set(endpoints: OAuthEndpoints, body: Mapping[str, Any], now: float) -> TokenSet:
    access = body.get("access_token")
    token_type = str(body.get("token_type", "Bearer"))
    if not isinstance(access, str) or not access:
        raise OAuthError(
            C.AUTH_OAUTH_FAILED, "the token endpoint sent no access token", _params(endpoints)
        )
    if token_type.lower() != "bearer":
        raise OAuthError(
            C.AUTH_OAUTH_FAILED,
            f"the token endpoint sent a {token_type!r} token; XOAUTH2 needs a Bearer token",
            _params(endpoints),
        )
    try:
        expires_in = int(body.get("expires_in", DEFAULT_EXPIRES_IN))
    except (TypeError, ValueError):
        expires_in = DEFAULT_EXPIRES_IN
    refresh = body.get("refresh_token")
    return TokenSet(
        access_token=access,
        expires_at=now + max(0, expires_in),
        refresh_token=refresh if isinstance(refresh, str) and refresh else None,
        scope=str(body.get("scope", "")),
        token_type="Bearer",  # noqa: S106 (a token type)
    )


async def refresh(
    endpoints: OAuthEndpoints,
    client: OAuthClient,
    refresh_token: str,
    *,
    http: httpx.AsyncClient | None = None,
    clock: Callable[[], float] = time.time,
) -> TokenSet:
    """A new access token for ``refresh_token``. A provider may also send a new refresh token
    (Microsoft rotates them); otherwise the old one is kept in the result.

    Raises ``OAuthError``: ``auth.oauth_token_rejected`` when the refresh token is no longer
    valid (sign in again), ``auth.oauth_failed`` otherwise.
    """
    tokens = await _token_request(
        endpoints,
        client,
        {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "scope": endpoints.scope,
        },
        http,
        clock,
    )
    if tokens.refresh_token is None:
        tokens = TokenSet(
            tokens.access_token, tokens.expires_at, refresh_token, tokens.scope, tokens.token_type
        )
    return tokens


# --- the loopback listener -----------------------------------------------------------------------

_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>smtpwizard</title><style>body{{font-family:sans-serif;max-width:36em;margin:4em auto;
line-height:1.5}}</style></head><body><h1>{title}</h1><p>{text}</p></body></html>"""


def _page(title: str, text: str) -> bytes:
    return _PAGE.format(title=html.escape(title), text=html.escape(text)).encode("utf-8")


def _http_response(status: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nCache-Control: no-store\r\n"
        "Referrer-Policy: no-referrer\r\nConnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


async def _read_request_target(reader: asyncio.StreamReader) -> str | None:
    """The target of a ``GET`` request (``/?code=...``), or ``None`` for anything else."""
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), _REQUEST_READ_TIMEOUT)
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ConnectionError):
        return None
    line = head.split(b"\r\n", 1)[0].decode("latin-1")
    parts = line.split(" ")
    if len(parts) != 3 or parts[0] != "GET" or not parts[2].startswith("HTTP/1."):
        return None
    return parts[1]


# --- the sign-in ---------------------------------------------------------------------------------


class SignIn:
    """One sign-in: :meth:`start` (listener up, URL known), then :meth:`finish` (tokens).

    Use :func:`sign_in` unless you need the URL before waiting (e.g. to show it in a dialog).
    ``pkce`` and ``state`` can be given for tests; by default they are fresh random values.
    """

    def __init__(
        self,
        endpoints: OAuthEndpoints,
        client: OAuthClient,
        *,
        login_hint: str | None = None,
        timeout: float = SIGN_IN_TIMEOUT,
        http: httpx.AsyncClient | None = None,
        pkce: Pkce | None = None,
        state: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.endpoints = endpoints
        self.client = client
        self.login_hint = login_hint
        self.timeout = timeout
        self._http = http
        self._pkce = pkce or Pkce.new()
        self._state = state or secrets.token_urlsafe(32)
        #: answers that came to the listener without this sign-in's state (ignored)
        self.ignored_requests = 0
        self._clock = clock
        self._server: asyncio.Server | None = None
        self._answer: asyncio.Future[dict[str, str]] | None = None
        self.redirect_uri = ""
        self.authorization_url = ""

    async def start(self) -> str:
        """Start the loopback listener; returns the authorization URL to open."""
        loop = asyncio.get_running_loop()
        self._answer = loop.create_future()
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, limit=_MAX_REQUEST)
        port = self._server.sockets[0].getsockname()[1]
        self.redirect_uri = f"http://127.0.0.1:{port}"
        query = {
            "response_type": "code",
            "client_id": self.client.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": self.endpoints.scope,
            "state": self._state,
            "code_challenge": self._pkce.challenge,
            "code_challenge_method": self._pkce.method,
            **self.endpoints.extra_authorization_params,
        }
        if self.login_hint:
            query["login_hint"] = self.login_hint
        separator = "&" if urlsplit(self.endpoints.authorization_endpoint).query else "?"
        self.authorization_url = (
            self.endpoints.authorization_endpoint + separator + urlencode(query)
        )
        return self.authorization_url

    async def finish(self) -> TokenSet:
        """Wait for the browser's answer and exchange the code. Raises OAuthError."""
        if self._answer is None:
            await self.start()
        assert self._answer is not None
        try:
            try:
                answer = await asyncio.wait_for(asyncio.shield(self._answer), self.timeout)
            except TimeoutError:
                raise OAuthError(
                    C.AUTH_OAUTH_TIMED_OUT,
                    f"no answer from the browser within {self.timeout:.0f} s",
                    {**_params(self.endpoints), "seconds": f"{self.timeout:g}"},
                ) from None
        finally:
            await self.aclose()
        return await _token_request(
            self.endpoints,
            self.client,
            {
                "grant_type": "authorization_code",
                "code": answer["code"],
                "redirect_uri": self.redirect_uri,
                "code_verifier": self._pkce.verifier,
            },
            self._http,
            self._clock,
        )

    async def aclose(self) -> None:
        """Stop listening (idempotent). Pending page writes are not waited for."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
        if self._answer is not None and not self._answer.done():
            self._answer.cancel()

    # -- the listener ---------------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            target = await _read_request_target(reader)
            status, body = self._handle(target)
            writer.write(_http_response(status, body))
            with contextlib.suppress(ConnectionError, TimeoutError):
                await asyncio.wait_for(writer.drain(), 5.0)
        finally:
            writer.close()

    def _handle(self, target: str | None) -> tuple[str, bytes]:
        answer = self._answer
        if target is None:
            return "400 Bad Request", _page("smtpwizard", "This is not a sign-in answer.")
        parts = urlsplit(target)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if parts.path not in ("", "/") or not ({"code", "error"} & query.keys()):
            return "404 Not Found", _page("smtpwizard", "Nothing here.")
        if answer is None or answer.done():
            return "409 Conflict", _page(
                "smtpwizard", "This sign-in is already over; go back to smtpwizard."
            )
        if not secrets.compare_digest(query.get("state", "").encode(), self._state.encode()):
            # not the answer to this sign-in: any local program can find the port and send one,
            # so it is counted and ignored, and the real answer can still arrive
            self.ignored_requests += 1
            log.info("ignored an answer with a wrong state on the sign-in listener")
            return "400 Bad Request", _page(
                "smtpwizard", "This answer does not belong to the sign-in smtpwizard started."
            )
        try:
            answer.set_result(self._check(query))
        except OAuthError as error:
            answer.set_exception(error)
            text = messages.describe(error.failure)
            return "400 Bad Request", _page(text.title, f"{text.explanation} {text.fix}")
        return "200 OK", _page(
            f"Signed in with {self.endpoints.name}",
            "You can close this tab and go back to smtpwizard.",
        )

    def _check(self, query: Mapping[str, str]) -> dict[str, str]:
        params = _params(self.endpoints)
        if not secrets.compare_digest(query.get("state", "").encode(), self._state.encode()):
            raise OAuthError(
                C.AUTH_OAUTH_FAILED,
                "the browser's answer does not carry the "
                "state of this sign-in (not the sign-in smtpwizard started)",
                params,
            )
        issuer = query.get("iss")
        if issuer is not None and issuer != self.endpoints.issuer:
            raise OAuthError(
                C.AUTH_OAUTH_FAILED,
                f"the answer came from issuer {issuer!r}, not {self.endpoints.issuer!r}",
                params,
            )
        if "error" in query:
            error = query["error"][:80]
            description = " ".join(query.get("error_description", "").split())[:300]
            detail = f"authorization: {error}" + (f": {description}" if description else "")
            code = (
                C.AUTH_OAUTH_CONSENT_REFUSED if error == "access_denied" else (C.AUTH_OAUTH_FAILED)
            )
            raise OAuthError(code, detail, params)
        if not query.get("code"):
            raise OAuthError(
                C.AUTH_OAUTH_FAILED, "the answer carries no authorization code", params
            )
        return {"code": query["code"]}


def _open_in_thread(open_url: OpenUrl, url: str, done: Callable[[bool], None]) -> None:
    """Run ``open_url`` in a daemon thread: a browser launcher may block for long."""

    def work() -> None:
        try:
            opened = bool(open_url(url))
        except Exception as exc:  # a broken browser set-up must not break the sign-in
            log.info("could not open a browser: %s", exc)
            opened = False
        done(opened)

    threading.Thread(target=work, name="smtpwizard-browser", daemon=True).start()


async def sign_in(
    endpoints: OAuthEndpoints,
    client: OAuthClient,
    *,
    login_hint: str | None = None,
    open_url: OpenUrl = webbrowser.open,
    show_url: ShowUrl | None = None,
    timeout: float = SIGN_IN_TIMEOUT,
    http: httpx.AsyncClient | None = None,
    clock: Callable[[], float] = time.time,
) -> TokenSet:
    """Sign in in the system browser and return the tokens. Raises :class:`OAuthError`.

    ``show_url(url)`` is called (on the event loop) when ``open_url`` returns False or fails,
    so the person can open the address by hand. Cancel the task to abort: the listener closes
    at once and ``CancelledError`` propagates.
    """
    flow = SignIn(endpoints, client, login_hint=login_hint, timeout=timeout, http=http, clock=clock)
    try:
        url = await flow.start()
        loop = asyncio.get_running_loop()

        def opened(ok: bool) -> None:
            if not ok and show_url is not None:
                with contextlib.suppress(RuntimeError):  # the loop is gone: nobody waits
                    loop.call_soon_threadsafe(show_url, url)

        _open_in_thread(open_url, url, opened)
        return await flow.finish()
    finally:
        await flow.aclose()
