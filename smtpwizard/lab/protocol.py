"""The scripted SMTP session (an aiosmtpd ``SMTP`` subclass) and the non-SMTP behaviours.

aiosmtpd traps handled here (see NOTES): it counts only STARTTLS as TLS, so AUTH gating is done
here for implicit TLS too; ``auth_required`` without TLS emits a warning, so sending without
AUTH is refused here; a failed authenticator must return ``handled=False`` to send a reply.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import ssl
from collections.abc import Callable
from typing import Any

from aiosmtpd.smtp import (
    MISSING,
    SMTP,
    AuthResult,
    Envelope,
    LoginPassword,
    Session,
    TLSSetupException,
)

from smtpwizard.lab.records import AuthAttempt, MailCommand, ReceivedMessage
from smtpwizard.lab.spec import AuthOffer, Behaviour, Mode, ServerSpec
from smtpwizard.lab.tlslayer import server_tls

SUCCESS_REPLY = "235 2.7.0 Authentication successful"
INVALID_REPLY = "535 5.7.8 Authentication credentials invalid"
ENCRYPTION_FIRST_REPLY = "538 5.7.11 Encryption required for requested authentication mechanism"
NO_AUTH_REPLY = "503 5.5.1 Error: authentication not enabled"


def wire(reply: str) -> str:
    """A reply as sent: multi-line replies joined by CRLF."""
    return "\r\n".join(line.rstrip("\r") for line in reply.split("\n"))


class _Session(Session):
    """aiosmtpd's session without the deprecation log line on every successful AUTH."""

    @property
    def login_data(self) -> Any:
        return self._login_data

    @login_data.setter
    def login_data(self, value: Any) -> None:
        self._login_data = value


class LabRecorder:
    """Where every session of one server writes what it saw (shared, append-only lists)."""

    def __init__(self) -> None:
        self.received: list[ReceivedMessage] = []
        self.auth_attempts: list[AuthAttempt] = []
        self.mail_commands: list[MailCommand] = []
        self.connections = 0

    def clear(self) -> None:
        self.received.clear()
        self.auth_attempts.clear()
        self.mail_commands.clear()
        self.connections = 0


class _Handler:
    """aiosmtpd hooks, driven by the spec."""

    def __init__(self, spec: ServerSpec, recorder: LabRecorder) -> None:
        self.spec = spec
        self.recorder = recorder

    async def handle_EHLO(
        self,
        server: LabSMTP,
        session: Session,
        envelope: Envelope,
        hostname: str,
        responses: list[str],
    ) -> list[str]:
        if self.spec.ehlo_reply is not None:  # e.g. "421 4.3.2 Service shutting down"
            return [wire(self.spec.ehlo_reply)]
        session.host_name = hostname
        kept = [r for r in responses if not r[4:].upper().startswith("AUTH")]
        if server.auth_allowed_now():
            last = kept.pop()  # "250 HELP"
            kept.append("250-AUTH " + " ".join(self.spec.mechanisms))
            kept.append(last)
        return kept

    async def handle_MAIL(
        self,
        server: LabSMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        mail_options: list[str],
    ) -> str:
        spec = self.spec
        if spec.mail_reply is not None:
            reply = wire(spec.mail_reply.format(sender=address))
        elif spec.auth_required and not session.authenticated:
            reply = "530 5.7.0 Authentication required"
        elif spec.allowed_senders is not None and address.lower() not in spec.allowed_senders:
            reply = f"553 5.7.1 <{address}>: Sender address rejected: not owned by user"
        else:
            envelope.mail_from = address
            envelope.mail_options.extend(mail_options)
            reply = "250 2.1.0 Ok"
        self.recorder.mail_commands.append(MailCommand(address, reply))
        return reply

    async def handle_RCPT(
        self,
        server: LabSMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if self.spec.rcpt_reply is not None:
            return wire(self.spec.rcpt_reply.format(recipient=address))
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server: LabSMTP, session: Session, envelope: Envelope) -> str:
        if self.spec.data_reply is not None:
            return wire(self.spec.data_reply)
        content = envelope.original_content or b""
        login = getattr(session.auth_data, "login", None)
        self.recorder.received.append(
            ReceivedMessage(
                mail_from=envelope.mail_from or "",
                rcpt_tos=tuple(envelope.rcpt_tos),
                data=bytes(content),
                auth_user=login.decode("utf-8", "replace") if isinstance(login, bytes) else None,
                tls=server.encrypted,
            )
        )
        if self.spec.deliver is not None:
            for recipient in envelope.rcpt_tos:
                self.spec.deliver(recipient, bytes(content))
        return "250 2.0.0 Ok: queued as LAB"

    async def handle_exception(self, error: Exception) -> str:
        # a failed STARTTLS handshake lands here; keep it out of the error log
        return f"500 5.0.0 lab server error: {type(error).__name__}"


class LabSMTP(SMTP):
    """One SMTP session following a :class:`ServerSpec`."""

    def __init__(
        self,
        spec: ServerSpec,
        recorder: LabRecorder,
        *,
        starttls_context: ssl.SSLContext | None,
        implicit_tls: bool,
        on_connection: Callable[[LabSMTP], None],
    ) -> None:
        self.spec = spec
        self.recorder = recorder
        self.implicit_tls = implicit_tls
        self._on_connection = on_connection
        self._greeting_pending = spec.greeting is not None
        self._last_reply = ""
        self._auth_user = ""
        super().__init__(
            _Handler(spec, recorder),
            hostname=spec.hostname,
            ident="ESMTP smtpwizard lab",
            tls_context=starttls_context,
            require_starttls=spec.mode is Mode.STARTTLS_REQUIRED,
            timeout=spec.idle_timeout,
            auth_require_tls=False,  # gated in auth_allowed_now (implicit TLS counts too)
            authenticator=self._authenticate_login,
            loop=asyncio.get_running_loop(),
        )
        self._auth_methods = {
            name: self._auth_methods[name] for name in spec.mechanisms if name in self._auth_methods
        }

    # -- state ------------------------------------------------------------------------------

    @property
    def encrypted(self) -> bool:
        return self.implicit_tls or self._tls_protocol is not None

    def _create_session(self) -> Session:
        return _Session(self.loop)

    def auth_allowed_now(self) -> bool:
        spec = self.spec
        if not spec.offers_auth:
            return False
        return spec.auth is AuthOffer.ALWAYS or self.encrypted

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        if self._original_transport is None and self.transport is None:
            self.recorder.connections += 1
            self._on_connection(self)
        super().connection_made(transport)

    async def push(self, status: str | bytes) -> None:
        if self._greeting_pending:
            self._greeting_pending = False
            assert self.spec.greeting is not None
            status = wire(self.spec.greeting)
            await super().push(status)
            if not status.startswith("220"):
                # refuse the session: the client reads the reply, then the connection ends
                assert self.transport is not None
                self.transport.close()
            return
        if isinstance(status, bytes):
            self._last_reply = status.decode("utf-8", "replace")
            await super().push(status)
        else:
            self._last_reply = status
            await super().push(status)

    # -- commands ---------------------------------------------------------------------------

    async def smtp_STARTTLS(self, arg: str) -> None:
        if self.spec.starttls_reply is not None and not arg:
            await self.push(wire(self.spec.starttls_reply))
            return
        if arg or not self.tls_context or self._tls_protocol is not None:
            await super().smtp_STARTTLS(arg)
            return
        # as aiosmtpd does it, but with a TLS layer that sends its alert when the handshake fails
        await self.push("220 2.0.0 Ready to start TLS")
        tls_protocol, waiter = server_tls(self.loop, self, self.tls_context)
        self._tls_protocol = tls_protocol
        self._original_transport = self.transport
        assert self._original_transport is not None
        self._original_transport.set_protocol(tls_protocol)
        self.transport = tls_protocol._app_transport
        tls_protocol.connection_made(self._original_transport)
        try:
            await waiter
        except asyncio.CancelledError:
            raise
        except Exception as error:
            raise TLSSetupException() from error

    async def smtp_AUTH(self, arg: str) -> None:
        assert self.session is not None
        mechanism = (arg or "").split(" ", 1)[0].upper()
        if not self.session.host_name or not self.session.extended_smtp or not mechanism:
            await super().smtp_AUTH(arg)
            return
        if not self.spec.offers_auth:
            await self._refuse_auth(mechanism, NO_AUTH_REPLY)
            return
        if not self.auth_allowed_now():
            await self._refuse_auth(mechanism, ENCRYPTION_FIRST_REPLY)
            return
        if self.spec.auth_reply is not None and self.spec.auth_reply_immediately:
            await self._refuse_auth(mechanism, wire(self.spec.auth_reply))
            return
        was_authenticated = bool(self.session.authenticated)
        self._auth_user = ""
        self._last_reply = ""
        await super().smtp_AUTH(arg)
        if was_authenticated or mechanism not in self._auth_methods:
            return
        self.recorder.auth_attempts.append(
            AuthAttempt(
                mechanism=mechanism,
                username=self._auth_user,
                success=bool(self.session.authenticated),
                reply=self._last_reply,
                tls=self.encrypted,
            )
        )

    async def _refuse_auth(self, mechanism: str, reply: str) -> None:
        await self.push(reply)
        self.recorder.auth_attempts.append(
            AuthAttempt(
                mechanism=mechanism, username="", success=False, reply=reply, tls=self.encrypted
            )
        )

    def _authenticate_login(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user = data.login.decode("utf-8", "replace")
        password = data.password.decode("utf-8", "replace")
        self._auth_user = user
        if self.spec.auth_reply is not None:
            return AuthResult(success=False, handled=False, message=wire(self.spec.auth_reply))
        expected = self.spec.accounts.get(user)
        if expected is not None and password == expected:
            return AuthResult(success=True, auth_data=data, message=SUCCESS_REPLY)
        return AuthResult(success=False, handled=False, message=INVALID_REPLY)

    async def auth_XOAUTH2(self, _: SMTP, args: list[str]) -> AuthResult:
        """``user=U\\x01auth=Bearer T\\x01\\x01``; the token is checked like a password."""
        if len(args) == 1:
            blob = await self.challenge_auth("", encode_to_b64=False)
            if not isinstance(blob, bytes):
                return AuthResult(success=False, handled=True)
        else:
            try:
                blob = base64.b64decode(args[1].encode(), validate=True)
            except (binascii.Error, ValueError):
                await self.push("501 5.5.2 Can't decode base64")
                return AuthResult(success=False, handled=True)
        fields = dict(part.split(b"=", 1) for part in blob.split(b"\x01") if b"=" in part)
        token = fields.get(b"auth", b"").removeprefix(b"Bearer ")
        if self.spec.token_validator is not None:
            return await self._check_token(fields.get(b"user", b""), token)
        return self._authenticate("XOAUTH2", LoginPassword(fields.get(b"user", b""), token))

    async def _check_token(self, user: bytes, token: bytes) -> AuthResult:
        """Ask the spec's validator; refuse like the real provider (spec.xoauth2_*)."""
        spec = self.spec
        assert spec.token_validator is not None
        self._auth_user = user.decode("utf-8", "replace")
        if spec.auth_reply is not None:  # e.g. SMTP AUTH switched off for the tenant
            return AuthResult(success=False, handled=False, message=wire(spec.auth_reply))
        if spec.token_validator(self._auth_user, token.decode("ascii", "replace")):
            return AuthResult(
                success=True, auth_data=LoginPassword(user, b""), message=SUCCESS_REPLY
            )
        if spec.xoauth2_error is not None:
            answer = await self.challenge_auth(spec.xoauth2_error)
            if answer is MISSING:  # the client aborted with "*": already answered
                return AuthResult(success=False, handled=True)
        return AuthResult(success=False, handled=False, message=wire(spec.xoauth2_reject_reply))


class RawProtocol(asyncio.Protocol):
    """The non-SMTP behaviours: silent, garbage banner, immediate close."""

    def __init__(
        self,
        spec: ServerSpec,
        recorder: LabRecorder,
        on_connection: Callable[[RawProtocol], None],
    ) -> None:
        self.spec = spec
        self.recorder = recorder
        self._on_connection = on_connection
        self.transport: asyncio.BaseTransport | None = None
        self._spoke = False  # the client sent something
        self._late: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        self.recorder.connections += 1
        self._on_connection(self)
        if self.spec.behaviour is Behaviour.CLOSE:
            transport.close()
        elif self.spec.behaviour in (Behaviour.GARBAGE, Behaviour.BANNER_THEN_CLOSE):
            assert isinstance(transport, asyncio.WriteTransport)
            transport.write(self.spec.banner)
        elif self.spec.behaviour is Behaviour.GREET_LATE:
            loop = asyncio.get_running_loop()
            self._late = loop.call_later(self.spec.greeting_delay, self._greet_late)

    def _greet_late(self) -> None:
        if isinstance(self.transport, asyncio.WriteTransport) and not self._spoke:
            self.transport.write(self.spec.banner)

    def data_received(self, data: bytes) -> None:
        """Ignore whatever the client says (or hang up, for BANNER_THEN_CLOSE)."""
        self._spoke = True
        if self.spec.behaviour is Behaviour.BANNER_THEN_CLOSE and self.transport is not None:
            self.transport.close()

    def eof_received(self) -> bool:
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        if self._late is not None:
            self._late.cancel()
