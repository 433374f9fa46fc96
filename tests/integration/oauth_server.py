"""A real OAuth 2.0 authorization server on loopback, built with Authlib's server side.

It plays Google or Microsoft for the tests: an authorization endpoint (``GET /authorize``)
that consents (or refuses, ``deny_consent``) for its one user and redirects to the client's
loopback redirect URI, and a token endpoint (``POST /token``) for the authorization code
(PKCE S256 required, redirect URI checked) and refresh grants. Access tokens expire on the
server's own clock (:meth:`advance` moves it), and :meth:`validate` answers the SMTP lab's
question "is this a valid token for this user?".

Runs in a thread with :class:`http.server.ThreadingHTTPServer` on 127.0.0.1 and a random port.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from authlib.common.encoding import json_dumps
from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    ClientMixin,
    OAuth2Request,
    TokenMixin,
    grants,
)
from authlib.oauth2.rfc6749.errors import OAuth2Error
from authlib.oauth2.rfc6749.models import AuthorizationCodeMixin
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge

from smtpwizard.core.oauth.config import OAuthClient
from smtpwizard.core.oauth.endpoints import GOOGLE, OAuthEndpoints, with_endpoints

CLIENT_ID = "smtpwizard-test-client"
USER = "alice@example.com"


# --- models ------------------------------------------------------------------------------------


@dataclass
class Client(ClientMixin):  # type: ignore[misc]
    client_id: str
    client_secret: str | None
    scope: str

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return None  # a native app must always name its loopback redirect

    def get_allowed_scope(self, scope: str | None) -> str:
        allowed = set(self.scope.split())
        return " ".join(s for s in (scope or self.scope).split() if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        # RFC 8252 §7.3: any port on the loopback address; nothing else
        parts = urlsplit(redirect_uri)
        return (
            parts.scheme == "http"
            and parts.hostname == "127.0.0.1"
            and parts.port is not None
            and parts.path in ("", "/")
            and not parts.query
            and not parts.fragment
        )

    def check_client_secret(self, client_secret: str) -> bool:
        return self.client_secret is not None and secrets.compare_digest(
            client_secret, self.client_secret
        )

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == ("client_secret_post" if self.client_secret else "none")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in ("authorization_code", "refresh_token")


@dataclass
class AuthorizationCode(AuthorizationCodeMixin):  # type: ignore[misc]
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: str
    code_challenge: str | None
    code_challenge_method: str | None

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope


@dataclass
class Token(TokenMixin):  # type: ignore[misc]
    client_id: str
    user: str
    scope: str
    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    issued_at: float
    expires_in: int
    server: LoopbackAuthServer = field(repr=False)
    revoked: bool = False

    def check_client(self, client: Client) -> bool:
        return client.client_id == self.client_id

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return self.expires_in

    def is_expired(self) -> bool:
        return self.server.now() >= self.issued_at + self.expires_in

    def is_revoked(self) -> bool:
        return self.revoked

    def get_user(self) -> str:
        return self.user

    def get_client(self) -> Client:
        return self.server.client


# --- Authlib glue ------------------------------------------------------------------------------


class _Request(OAuth2Request):  # type: ignore[misc]
    def __init__(
        self,
        method: str,
        uri: str,
        headers: dict[str, str],
        args: dict[str, str],
        form: dict[str, str],
    ) -> None:
        super().__init__(method, uri, headers=headers)
        self._args = args
        self._form = form
        self.payload = BasicOAuth2Payload({**args, **form})

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form


class _CodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ["none", "client_secret_post"]  # noqa: RUF012

    @property
    def owner(self) -> LoopbackAuthServer:
        return self.server.owner  # type: ignore[no-any-return]

    def save_authorization_code(self, code: str, request: _Request) -> None:
        data = request.payload.data
        self.owner.codes[code] = AuthorizationCode(
            code,
            request.client.client_id,
            data.get("redirect_uri", ""),
            request.client.get_allowed_scope(data.get("scope")),
            request.user,
            data.get("code_challenge"),
            data.get("code_challenge_method"),
        )

    def query_authorization_code(self, code: str, client: Client) -> AuthorizationCode | None:
        item = self.owner.codes.get(code)
        return item if item is not None and item.client_id == client.client_id else None

    def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
        self.owner.codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code: AuthorizationCode) -> str:
        return authorization_code.user


class _RefreshGrant(grants.RefreshTokenGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ["none", "client_secret_post"]  # noqa: RUF012

    @property
    def owner(self) -> LoopbackAuthServer:
        return self.server.owner  # type: ignore[no-any-return]

    def authenticate_refresh_token(self, refresh_token: str) -> Token | None:
        for token in self.owner.tokens:
            if token.refresh_token == refresh_token and not token.revoked:
                return token
        return None

    def authenticate_user(self, refresh_token: Token) -> str:
        return refresh_token.user

    def issue_token(self, user: str, refresh_token: Token) -> dict[str, Any]:
        # like Microsoft, a rotating server sends a new refresh token with every refresh
        token: dict[str, Any] = self.generate_token(
            user=user,
            scope=self.request.payload.scope or refresh_token.get_scope(),
            include_refresh_token=self.owner.rotate_refresh_tokens,
        )
        return token

    def revoke_old_credential(self, refresh_token: Token) -> None:
        if self.owner.rotate_refresh_tokens:
            refresh_token.revoked = True
            refresh_token.refresh_token = None


class _Server(AuthorizationServer):  # type: ignore[misc]
    def __init__(self, owner: LoopbackAuthServer) -> None:
        super().__init__(scopes_supported=owner.client.scope.split())
        self.owner = owner

    def query_client(self, client_id: str) -> Client | None:
        return self.owner.client if client_id == self.owner.client.client_id else None

    def save_token(self, token: dict[str, Any], request: _Request) -> None:
        self.owner.tokens.append(
            Token(
                client_id=request.client.client_id,
                user=request.user,
                scope=token.get("scope", ""),
                access_token=token["access_token"],
                refresh_token=token.get("refresh_token"),
                issued_at=self.owner.now(),
                expires_in=int(token.get("expires_in", 0)),
                server=self.owner,
            )
        )

    def create_oauth2_request(self, request: Any) -> _Request:
        return request  # type: ignore[no-any-return]

    def handle_response(self, status: int, body: Any, headers: Any) -> tuple[int, Any, Any]:
        return status, body, headers

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        pass


# --- HTTP ----------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _request(self, form: dict[str, str]) -> _Request:
        owner = self.server.owner
        parts = urlsplit(self.path)
        args = dict(parse_qsl(parts.query, keep_blank_values=True))
        owner.requests.append((self.command, parts.path, tuple(sorted({**args, **form}))))
        return _Request(
            self.command, owner.base_url + self.path, dict(self.headers.items()), args, form
        )

    def _send(self, status: int, body: Any, headers: Any) -> None:
        payload = body if isinstance(body, str) else json_dumps(body)
        data = payload.encode("utf-8")
        self.send_response(status)
        names = set()
        for name, value in headers or []:
            self.send_header(name, value)
            names.add(name.lower())
        if "content-type" not in names:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        owner = self.server.owner
        if urlsplit(self.path).path != "/authorize":
            self._send(404, {"error": "not_found"}, [])
            return
        request = self._request({})
        with owner.lock:
            try:
                grant = owner.authlib.get_consent_grant(request, end_user=owner.user)
            except OAuth2Error as error:
                # a bad client or redirect URI is shown to the person, never redirected
                self._send(*owner.authlib.handle_error_response(request, error))
                return
            user = None if owner.deny_consent else owner.user
            response = owner.authlib.create_authorization_response(
                request, grant_user=user, grant=grant
            )
        self._send(*response)

    def do_POST(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8")
        if urlsplit(self.path).path != "/token":
            self._send(404, {"error": "not_found"}, [])
            return
        request = self._request(dict(parse_qsl(body, keep_blank_values=True)))
        with owner.lock:
            response = owner.authlib.create_token_response(request)
        self._send(*response)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: LoopbackAuthServer


class LoopbackAuthServer:
    """``with LoopbackAuthServer() as auth: auth.endpoints(), auth.client(), auth.validate()``."""

    def __init__(
        self,
        *,
        client_id: str = CLIENT_ID,
        client_secret: str | None = None,
        scope: str = "https://mail.google.com/",
        user: str = USER,
        expires_in: int = 3600,
        rotate_refresh_tokens: bool = False,
    ) -> None:
        self.client = Client(client_id, client_secret, scope)
        self.user = user
        self.expires_in = expires_in
        self.rotate_refresh_tokens = rotate_refresh_tokens
        self.deny_consent = False
        self.codes: dict[str, AuthorizationCode] = {}
        self.tokens: list[Token] = []
        # (method, path, parameter names) of every request: never the values
        self.requests: list[tuple[str, str, tuple[str, ...]]] = []
        self.lock = threading.Lock()
        self._offset = 0.0
        self.authlib = _Server(self)
        self.authlib.register_grant(_CodeGrant, [CodeChallenge(required=True)])
        self.authlib.register_grant(_RefreshGrant)
        self.authlib.register_token_generator(
            "default",
            BearerTokenGenerator(
                access_token_generator=lambda **_: secrets.token_urlsafe(32),
                refresh_token_generator=lambda **_: secrets.token_urlsafe(40),
                expires_generator=lambda client, grant_type: self.expires_in,
            ),
        )
        self._http: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- running ----------------------------------------------------------------------------

    def start(self) -> LoopbackAuthServer:
        self._http = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._http.owner = self
        self._thread = threading.Thread(
            target=self._http.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="oauth-test-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
            self._http = None
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def __enter__(self) -> LoopbackAuthServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._http is not None, "start the server first"
        return f"http://127.0.0.1:{self._http.server_address[1]}"

    # -- what the tests use ------------------------------------------------------------------

    def endpoints(self, base: OAuthEndpoints = GOOGLE) -> OAuthEndpoints:
        """``base`` (Google's name, scopes, extra fields) pointed at this server."""
        return with_endpoints(base, f"{self.base_url}/authorize", f"{self.base_url}/token")

    def oauth_client(self, provider: str = "google") -> OAuthClient:
        return OAuthClient(
            provider, self.client.client_id, self.client.client_secret, source="test server"
        )

    def now(self) -> float:
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the server's clock: tokens issued before may expire."""
        self._offset += seconds

    def validate(self, user: str, access_token: str) -> bool:
        """Is ``access_token`` a live token of ``user``? (the SMTP lab's token_validator)"""
        with self.lock:
            for token in self.tokens:
                if secrets.compare_digest(token.access_token, access_token):
                    return token.user == user and not token.revoked and not token.is_expired()
        return False

    def revoke_all(self) -> None:
        with self.lock:
            for token in self.tokens:
                token.revoked = True

    def issued_secrets(self) -> Iterator[str]:
        """Every token value this server handed out (to prove none leaked anywhere)."""
        for token in self.tokens:
            yield token.access_token
            if token.refresh_token:
                yield token.refresh_token


@dataclass
class Browser:
    """The "system browser" of the tests: follows the redirects with an HTTP client."""

    visited: list[str] = field(default_factory=list)
    # what the loopback listener showed: (HTTP status, page)
    pages: list[tuple[int, str]] = field(default_factory=list)
    tamper_state: bool = False

    def open(self, url: str) -> bool:
        import httpx

        self.visited.append(url)
        with httpx.Client(timeout=10, follow_redirects=False) as http:
            response = http.get(url)
            location = response.headers.get("location")
            if location is None:  # the server showed an error page instead of redirecting
                self.pages.append((response.status_code, response.text))
                return True
            if self.tamper_state:
                location = location.replace("state=", "state=forged")
            page = http.get(location)
            self.pages.append((page.status_code, page.text))
        return True
