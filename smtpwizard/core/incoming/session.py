"""One incoming pairing, one connection, one staged IMAP or POP3 session.

connect → (TLS) → greeting → CAPABILITY/CAPA → (STARTTLS/STLS → CAPABILITY/CAPA) → login →
INBOX (IMAP ``EXAMINE``: read-only, nothing is marked as read; POP3 ``STAT``) → LOGOUT/QUIT

The same rules as the SMTP session (:mod:`smtpwizard.core.probe.session`): connect and the
greeting sniff share its code, the password goes only over TLS that verified (or was pinned),
one sign-in goes first through the probe's :class:`~smtpwizard.core.probe.auth_gate.AuthGate`
(shared with the SMTP probe when both run together), and nothing raises to the caller.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import imaplib
import poplib
import select
import socket
import ssl
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from smtpwizard.core.incoming import diagnosis as incoming_diagnosis
from smtpwizard.core.incoming.blocking import IMAPClient, POP3Client, WorkerLine
from smtpwizard.core.models import (
    Attempt,
    AuthState,
    Failure,
    IncomingPairing,
    IncomingProtocol,
    Outcome,
    Security,
    StageName,
)
from smtpwizard.core.probe import diagnosis
from smtpwizard.core.probe.auth_gate import Turn
from smtpwizard.core.probe.recorder import AttemptRecorder
from smtpwizard.core.probe.session import ProbeStop, Shared, connect_socket
from smtpwizard.core.probe.tls_config import make_context
from smtpwizard.core.probe.tls_facts import tls_info
from smtpwizard.core.wording.codes import FailureCode

C = FailureCode
T = TypeVar("T")
GREETING_PEEK = 64
Client = IMAPClient | POP3Client


def _text(data: object) -> str:
    if isinstance(data, list | tuple):
        return " ".join(_text(item) for item in data if item is not None)
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    return str(data)


def _summary(sock: ssl.SSLSocket) -> str:
    cipher = sock.cipher()
    return f"{sock.version()} {cipher[0] if cipher else ''}".strip()


class _Session:
    def __init__(self, shared: Shared, rec: AttemptRecorder, *, verify: bool) -> None:
        assert isinstance(rec.pairing, IncomingPairing)
        self.shared = shared
        self.options = shared.options
        self.rec = rec
        self.pairing: IncomingPairing = rec.pairing
        self.verify = verify
        self.imap = self.pairing.protocol is IncomingProtocol.IMAP
        self.line = WorkerLine(f"smtpwizard-{self.pairing.protocol.value}-{self.pairing.port}")
        self.context = make_context(self.options, verify=verify)
        self.client: Client | None = None
        self.sock: socket.socket | None = None
        self.capabilities: tuple[str, ...] = ()

    # --- helpers ---------------------------------------------------------------------------

    def _stop(self, code: FailureCode, detail: str, **params: str) -> ProbeStop:
        base = {
            "host": self.rec.host,
            "port": str(self.pairing.port),
            "protocol": self.pairing.protocol.label,
        }
        return ProbeStop(Failure(code, detail=detail, params={**base, **params}))

    async def _call(self, function: Callable[[], T]) -> T:
        return await self.line.call(function)

    # --- the stages --------------------------------------------------------------------------

    async def run(self) -> Attempt:
        rec = self.rec
        try:
            sock = await connect_socket(self.shared, rec, self.options.dial_port(self.pairing.port))
            self.sock = sock
            self.line.watch(sock)
            if self.pairing.security is Security.TLS:
                await self._implicit_tls(sock)
            else:
                await self._sniff(sock)
            await self._open_client()
            await self._capabilities(StageName.CAPABILITY)
            if self.pairing.security is Security.STARTTLS:
                rec.auth_mechanisms_before_tls = self._mechanisms()
                await self._starttls()
                await self._capabilities(StageName.CAPABILITY_TLS)
            rec.auth_mechanisms = self._mechanisms()
            if not self.verify:
                pinned = rec.tls is not None and rec.tls.sha256 in self.options.pinned_sha256
                if rec.tls is not None:
                    rec.tls = replace(rec.tls, verified=pinned)
                if not pinned:
                    return rec.finish(Outcome.FAILED, None)
                rec.note("certificate accepted by you earlier (fingerprint pinned)")
            return await self._sign_in()
        except ProbeStop as stop:
            return rec.finish(Outcome.FAILED, stop.failure)
        except (imaplib.IMAP4.error, poplib.error_proto) as exc:
            return rec.finish(Outcome.FAILED, self._protocol_failure(exc))
        except (OSError, ssl.SSLError, EOFError) as exc:
            stage = rec.current or StageName.CONNECT
            failure = diagnosis.classify_exception(exc, stage, rec.host, self.pairing.port)
            return rec.finish(Outcome.FAILED, failure)
        except (UnicodeError, ValueError) as exc:  # a reply or a value the client cannot use
            return rec.finish(
                Outcome.FAILED,
                Failure(
                    C.NET_CLOSED,
                    detail=f"{type(exc).__name__}: {exc}"[:200],
                    params={"host": rec.host, "port": str(self.pairing.port)},
                ),
            )
        finally:
            await self._close()

    def _protocol_failure(self, exc: Exception) -> Failure:
        text = _text(exc.args)
        stage = self.rec.current
        if "socket error" in text.lower() or "eof" in text.lower():
            return Failure(
                C.NET_CLOSED,
                detail=text[:200],
                params={"host": self.rec.host, "port": str(self.pairing.port)},
            )
        if stage in (StageName.GREETING, StageName.CAPABILITY) and self.client is None:
            return incoming_diagnosis.classify_greeting_error(text, self.pairing, self.rec.host)
        if stage is StageName.STARTTLS:
            return Failure(
                C.TLS_STARTTLS_REFUSED,
                detail=text[:200],
                params={"host": self.rec.host, "port": str(self.pairing.port)},
            )
        return Failure(
            C.NET_CLOSED,
            detail=text[:200],
            params={"host": self.rec.host, "port": str(self.pairing.port)},
        )

    async def _implicit_tls(self, sock: socket.socket) -> None:
        rec = self.rec
        timeout = self.options.timeouts.command
        rec.begin(StageName.TLS)
        sock.setblocking(True)
        sock.settimeout(timeout)
        try:
            wrapped = await self._call(
                lambda: self.context.wrap_socket(sock, server_hostname=self.options.host)
            )
        except ssl.SSLError as exc:
            raise ProbeStop(diagnosis.classify_tls_error(exc, rec.host)) from None
        self.sock = wrapped
        rec.done(True, _summary(wrapped))
        rec.tls = tls_info(wrapped, verified=self.verify)
        rec.begin(StageName.GREETING)
        ready = await self._call(lambda: _wait_readable(wrapped, timeout))
        if not ready:
            raise self._stop(
                C.NET_NO_GREETING, f"encrypted, but the server said nothing for {timeout:.0f} s"
            )
        rec.done(True, "the server answered")

    async def _sniff(self, sock: socket.socket) -> None:
        """Wait for the first bytes (a silent port is likely implicit TLS) and check them."""
        rec = self.rec
        timeout = self.options.timeouts.command
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()

        def on_readable() -> None:
            if not ready.done():
                ready.set_result(None)

        rec.begin(StageName.GREETING)
        loop.add_reader(sock.fileno(), on_readable)
        try:
            await asyncio.wait_for(ready, timeout)
        except TimeoutError:
            raise self._stop(
                C.NET_NO_GREETING, f"connected, but the server said nothing for {timeout:.0f} s"
            ) from None
        finally:
            loop.remove_reader(sock.fileno())
        try:
            first = sock.recv(GREETING_PEEK, socket.MSG_PEEK)
        except OSError as exc:
            raise ProbeStop(
                diagnosis.classify_os_error(exc, StageName.GREETING, rec.host, self.pairing.port)
            ) from None
        if not first:
            raise self._stop(C.NET_CLOSED, "the server closed the connection without a greeting")
        failure = incoming_diagnosis.classify_first_bytes(first, self.pairing, rec.host)
        if failure is not None:
            rec.note(f"unexpected first bytes: {first[:40].decode('ascii', 'replace')!r}")
            raise ProbeStop(failure)
        rec.done(True, first.split(b"\r\n")[0][:120].decode("utf-8", "replace"))
        sock.setblocking(True)

    async def _open_client(self) -> None:
        """Read the greeting with the client (IMAP also asks CAPABILITY here, timed next)."""
        rec = self.rec
        sock = self.sock
        assert sock is not None
        host, port = self.options.host, self.pairing.port
        timeout = self.options.timeouts.command
        rec.begin(StageName.CAPABILITY)
        if self.imap:
            self.client = await self._call(lambda: IMAPClient(sock, host, port, timeout))
            rec.server_line(_text(self.client.welcome))
            rec.client("CAPABILITY")
        else:
            self.client = await self._call(lambda: POP3Client(sock, host, port, timeout))
            rec.server_line(_text(self.client.welcome))

    async def _capabilities(self, stage: StageName) -> None:
        rec = self.rec
        client = self.client
        if rec.current is not stage:
            rec.begin(stage)
        if isinstance(client, IMAPClient):
            if stage is StageName.CAPABILITY:
                words = tuple(client.capabilities)
            else:
                rec.client("CAPABILITY")
                words = await self._call(client.capability_list)
            rec.server_line("* CAPABILITY " + " ".join(words))
        else:
            assert isinstance(client, POP3Client)
            rec.client("CAPA")
            try:
                capa = await self._call(client.capa)
            except poplib.error_proto as exc:  # an old server without CAPA
                rec.server_line(_text(exc.args))
                capa = {}
            words = tuple(
                " ".join([name.upper(), *(arg.upper() for arg in args)])
                for name, args in capa.items()
            )
            rec.server_line("+OK " + ", ".join(words) if words else "(no capabilities listed)")
        self.capabilities = words
        rec.extensions = words
        rec.done(True, " ".join(words) or "no capabilities listed")

    def _mechanisms(self) -> tuple[str, ...]:
        if self.imap:
            return tuple(w.split("=", 1)[1] for w in self.capabilities if w.startswith("AUTH="))
        for word in self.capabilities:
            if word.startswith("SASL"):
                return tuple(word.split()[1:])
        return ()

    def _can_starttls(self) -> bool:
        return ("STARTTLS" if self.imap else "STLS") in self.capabilities

    def _password_allowed_here(self) -> bool:
        if self.imap:
            return "LOGINDISABLED" not in self.capabilities
        return not self.capabilities or "USER" in self.capabilities or "PLAIN" in self._mechanisms()

    async def _starttls(self) -> None:
        rec = self.rec
        client = self.client
        assert client is not None
        if not self._can_starttls():
            extra = {"auth_offered": "yes"} if self._password_allowed_here() else {}
            raise self._stop(
                C.TLS_STARTTLS_UNAVAILABLE,
                f"the server does not offer {'STARTTLS' if self.imap else 'STLS'}",
                **extra,
            )
        rec.begin(StageName.STARTTLS)
        rec.client("STARTTLS" if self.imap else "STLS")
        try:
            answer = await self._call(lambda: client.start_tls_only(self.context))
        except ssl.SSLError as exc:
            raise ProbeStop(diagnosis.classify_tls_error(exc, rec.host)) from None
        rec.server_line(answer)
        sock = client.sock
        assert isinstance(sock, ssl.SSLSocket)
        self.sock = sock
        rec.tls = tls_info(sock, verified=self.verify)
        rec.done(True, _summary(sock))

    async def _sign_in(self) -> Attempt:
        rec = self.rec
        opts = self.options
        pairing = self.pairing
        if pairing.security is Security.NONE and not (
            opts.credentials and opts.allow_plaintext_auth
        ):
            return rec.finish(
                Outcome.FAILED,
                self._stop(
                    C.AUTH_CLEARTEXT_REFUSED,
                    "the connection is not encrypted, so no password is sent over it",
                ).failure,
            )
        if not self._password_allowed_here():
            why = (
                "the server lists LOGINDISABLED"
                if self.imap
                else "the server offers neither USER nor SASL PLAIN"
            )
            return rec.finish(
                Outcome.FAILED, incoming_diagnosis.login_disabled(pairing, rec.host, why)
            )
        if opts.password is None or opts.username is None:
            if opts.oauth_token is not None:
                rec.note("a sign-in token was given: incoming sign-in with a token is not tested")
            else:
                rec.note("no credentials given: the sign-in itself was not tested")
            return rec.finish(Outcome.OK)
        utf8 = not (opts.username + opts.password).isascii()
        if self.imap and utf8 and "PLAIN" not in self._mechanisms():
            return rec.finish(
                Outcome.FAILED,
                self._stop(
                    C.AUTH_NO_COMMON_MECHANISM,
                    "the user name or password has characters IMAP LOGIN cannot carry, "
                    "and the server offers no AUTH=PLAIN",
                    mechanisms=", ".join(self._mechanisms()),
                ).failure,
            )
        decision = await self.shared.gate.ask(pairing)
        if decision.turn is Turn.DENIED:
            rec.auth_note = decision.note
            return rec.finish(Outcome.SKIPPED)
        rec.begin(StageName.AUTH)
        try:
            answer = await self._login(opts.username, opts.password)
        except (imaplib.IMAP4.error, poplib.error_proto) as exc:
            text = _text(exc.args)
            if isinstance(exc, imaplib.IMAP4.abort) or "socket error" in text.lower():
                self.shared.gate.report(
                    pairing, ok=False, note=f"not tried: the sign-in on {pairing} broke off"
                )
                return rec.finish(Outcome.FAILED, self._protocol_failure(exc))
            rec.server_line(text)
            rec.auth = AuthState.FAILED
            self.shared.gate.report(pairing, ok=False, note=f"not tried: rejected on {pairing}")
            return rec.finish(
                Outcome.FAILED,
                incoming_diagnosis.classify_login_refusal(text, pairing, rec.host),
            )
        except BaseException:
            self.shared.gate.report(
                pairing, ok=False, note=f"not tried: the sign-in on {pairing} broke off"
            )
            raise
        rec.server_line(answer)
        rec.auth = AuthState.OK
        rec.done(True, "signed in")
        self.shared.gate.report(pairing, ok=True)
        return await self._inbox()

    async def _login(self, user: str, password: str) -> str:
        client = self.client
        rec = self.rec
        if isinstance(client, IMAPClient):
            if not (user + password).isascii():
                # IMAP LOGIN carries ASCII only; SASL PLAIN carries UTF-8 (checked before)
                rec.client("AUTHENTICATE PLAIN ******** (credentials hidden)")
                sasl = f"\0{user}\0{password}".encode()
                done = await self._call(
                    lambda: client.authenticate("PLAIN", lambda _challenge: sasl)
                )
                return _text(list(done))
            rec.client(f"LOGIN {user} ******** (password hidden)")
            reply = await self._call(lambda: client.login(user, password))
            return _text([reply[0], *reply[1]])
        assert isinstance(client, POP3Client)
        if "USER" not in self.capabilities and "PLAIN" in self._mechanisms():
            rec.client("AUTH PLAIN ******** (credentials hidden)")
            blob = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
            return await self._call(lambda: client.command(f"AUTH PLAIN {blob}"))
        rec.client(f"USER {user}")
        accepted = await self._call(lambda: client.user(user))
        rec.server_line(_text(accepted))
        rec.client("PASS ******** (password hidden)")
        return _text(await self._call(lambda: client.pass_(password)))

    async def _inbox(self) -> Attempt:
        rec = self.rec
        client = self.client
        rec.begin(StageName.INBOX)
        if isinstance(client, IMAPClient):
            rec.client("EXAMINE INBOX")
            typ, data = await self._call(lambda: client.select("INBOX", readonly=True))
            if typ != "OK":
                rec.server_line(f"{typ} {_text(data)}")
                return rec.finish(
                    Outcome.FAILED,
                    incoming_diagnosis.no_inbox(_text(data), self.pairing, rec.host),
                )
            rec.server_line(f"OK [READ-ONLY] {_text(data)} messages")
            rec.done(True, f"{_text(data)} messages (opened read-only)")
            return rec.finish(Outcome.OK)
        assert isinstance(client, POP3Client)
        rec.client("STAT")
        try:
            count, size = await self._call(client.stat)
        except poplib.error_proto as exc:
            rec.server_line(_text(exc.args))
            return rec.finish(
                Outcome.FAILED,
                incoming_diagnosis.no_inbox(_text(exc.args), self.pairing, rec.host),
            )
        rec.server_line(f"+OK {count} {size}")
        rec.done(True, f"{count} messages")
        return rec.finish(Outcome.OK)

    async def _close(self) -> None:
        """Say goodbye (LOGOUT/QUIT) briefly, and always close the connection."""
        client, self.client = self.client, None
        sock, self.sock = self.sock, None
        try:
            if client is not None:
                goodbye = client.logout if isinstance(client, IMAPClient) else client.quit
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self._call(goodbye), 1.0)
        finally:
            self.line.forget()
            client_sock = getattr(client, "sock", None)
            if isinstance(client_sock, socket.socket):
                with contextlib.suppress(OSError):
                    client_sock.close()
            if sock is not None:
                sock.close()
            self.line.close()


def _wait_readable(sock: ssl.SSLSocket, timeout: float) -> bool:
    if sock.pending():
        return True
    readable, _, _ = select.select([sock], [], [], timeout)
    return bool(readable)


async def run_incoming_session(
    shared: Shared, rec: AttemptRecorder, *, verify: bool = True
) -> Attempt:
    """Run the whole staged session of ``rec.pairing`` (an IncomingPairing); always returns."""
    return await _Session(shared, rec, verify=verify).run()
