"""One pairing, one connection, one staged SMTP session.

connect → (TLS) → greeting → EHLO → (STARTTLS → EHLO) → AUTH → MAIL FROM + RSET → (test message)

Each stage is timed and recorded. Nothing here raises to the caller: every path ends in
``recorder.finish(...)``. The password is only sent over TLS whose certificate verified (or was
pinned by the user), or over plaintext when the user explicitly allowed it.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import time
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import aiosmtplib
from aiosmtplib.auth import auth_xoauth2_encode
from aiosmtplib.response import SMTPResponse

from smtpwizard.core.models import (
    Attempt,
    AuthState,
    Failure,
    Outcome,
    Security,
    StageName,
    TlsInfo,
)
from smtpwizard.core.probe import diagnosis
from smtpwizard.core.probe.aiosmtplib_compat import StagedConnection
from smtpwizard.core.probe.auth_gate import AuthGate, Turn
from smtpwizard.core.probe.options import ProbeOptions
from smtpwizard.core.probe.port_modes import PortModes
from smtpwizard.core.probe.recorder import AttemptRecorder
from smtpwizard.core.probe.tls_config import make_context
from smtpwizard.core.probe.tls_facts import fingerprint, tls_info
from smtpwizard.core.validation import looks_like_email
from smtpwizard.core.wording import notes
from smtpwizard.core.wording.base import _
from smtpwizard.core.wording.codes import FailureCode
from smtpwizard.core.wording.messages import security_label

C = FailureCode

# one mechanism per login, in this order of preference (no cycling through mechanisms)
MECHANISMS = ("plain", "login", "cram-md5")
GREETING_PEEK = 64
# a plaintext attempt that hears no greeting for this many connect round trips (and at least
# SILENCE_FLOOR seconds) asks for an SSL/TLS attempt on its port: the modes may be swapped
SILENCE_ROUND_TRIPS = 4
SILENCE_FLOOR = 0.03


class ProbeStop(Exception):
    """Ends a session early with a classified failure."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.detail)
        self.failure = failure


@dataclass
class Shared:
    """What all attempts of one probe share."""

    options: ProbeOptions
    addresses: Sequence[tuple[int, tuple[str, int]]]  # (family, sockaddr without port)
    gate: AuthGate
    test_message_sent: bool = False
    ports: PortModes = field(default_factory=PortModes)


class _StagedSMTP(StagedConnection):
    """aiosmtplib's client on a socket we connected, with TLS and greeting timed separately."""

    recorder: AttemptRecorder
    ports: PortModes

    def tls_starting(self) -> None:
        self.recorder.begin(StageName.TLS)

    def tls_done(self, ssl_object: object) -> None:
        self.recorder.done(True, _tls_summary(ssl_object))
        self.ports.heard_tls(self.recorder.pairing.port)

    def greeting_starting(self) -> None:
        self.recorder.begin(StageName.GREETING)

    def greeting_unreadable(self, exc: aiosmtplib.SMTPResponseException) -> None:
        # a reply aiosmtplib cannot parse (e.g. longer than its line limit): what the
        # first bytes said still counts (a 554 greeting is a refusal, whatever follows)
        rec = self.recorder
        sniffed = rec.first_bytes
        if sniffed[:1] in ("4", "5") and sniffed[:3].isdigit():
            rec.server(int(sniffed[:3]), sniffed[4:].strip())
            raise ProbeStop(
                diagnosis.classify_greeting(int(sniffed[:3]), sniffed[4:] or exc.message)
            ) from None

    def greeted(self, response: SMTPResponse) -> None:
        rec = self.recorder
        rec.server(response.code, response.message)
        if response.code != 220:
            raise ProbeStop(diagnosis.classify_greeting(response.code, response.message))
        rec.done(True, f"{response.code} {response.message.splitlines()[0][:120]}")

    async def tls_handshake(
        self, connecting: Awaitable[tuple[asyncio.Transport, asyncio.BaseProtocol]]
    ) -> asyncio.Transport:
        """The TLS handshake, given up at once if the port turns out to greet in plaintext."""
        port = self.recorder.pairing.port
        handshake = asyncio.ensure_future(connecting)
        plain = asyncio.ensure_future(self.ports.speaks_plain(port).wait())
        try:
            await asyncio.wait({handshake, plain}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            plain.cancel()
            if not handshake.done():
                handshake.cancel()
                await asyncio.gather(handshake, return_exceptions=True)
                if self.sock is not None:
                    self.sock.close()
        if handshake.cancelled():
            raise ProbeStop(
                Failure(
                    C.TLS_WRONG_MODE,
                    detail=notes.GREETS_PLAINTEXT.format(port=port),
                    params={"host": self.recorder.host, "port": str(port), "answered": "yes"},
                )
            )
        transport, _ = handshake.result()
        return transport


def _tls_summary(ssl_object: object) -> str:
    if isinstance(ssl_object, ssl.SSLObject | ssl.SSLSocket):
        cipher = ssl_object.cipher()
        return f"{ssl_object.version()} {cipher[0] if cipher else ''}".strip()
    return ""


async def _connect_socket(shared: Shared, rec: AttemptRecorder, port: int) -> socket.socket:
    """TCP connect to the first address that answers; classified failures on error."""
    opts = shared.options
    rec.begin(StageName.CONNECT)
    loop = asyncio.get_running_loop()
    last: OSError | None = None
    deadline = time.monotonic() + opts.timeouts.connect
    for family, sockaddr in shared.addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setblocking(False)
        # commands are small and each waits for its reply: never hold them back (Nagle)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        target = (sockaddr[0], port, *sockaddr[2:])
        try:
            await asyncio.wait_for(loop.sock_connect(sock, target), remaining)
        except TimeoutError:
            sock.close()
            last = TimeoutError(
                f"no answer from {sockaddr[0]} port {port} within {opts.timeouts.connect:.0f} s"
            )
            continue
        except OSError as exc:
            sock.close()
            last = exc
            continue
        except BaseException:
            sock.close()
            raise
        rec.done(True, f"{sockaddr[0]} port {port}")
        return sock
    error = last or TimeoutError("no address answered")
    # the advice names the port the person knows (465, 587…), never the one dialled for it
    # (the demo lab and the tests map them to high loopback ports); the detail keeps both
    raise ProbeStop(
        diagnosis.classify_os_error(error, StageName.CONNECT, rec.host, rec.pairing.port)
    )


async def _sniff_greeting(
    shared: Shared, sock: socket.socket, rec: AttemptRecorder, timeout: float
) -> None:
    """Peek at the first bytes without consuming them: SMTP greets with three digits.

    Gives up at once when another attempt learns that the port speaks TLS from the first byte;
    asks for an SSL/TLS attempt on the port when the silence lasts a few round trips.
    """
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[bool] = loop.create_future()
    port = rec.pairing.port
    ports = shared.ports

    def on_readable() -> None:
        if not ready.done():
            ready.set_result(True)

    connect = rec.stage_ms(StageName.CONNECT) / 1000
    rec.begin(StageName.GREETING)
    loop.add_reader(sock.fileno(), on_readable)
    tls_heard: asyncio.Future[bool] = asyncio.ensure_future(ports.speaks_tls(port).wait())
    silence = loop.call_later(max(SILENCE_FLOOR, SILENCE_ROUND_TRIPS * connect), ports.silent, port)
    try:
        done, _ = await asyncio.wait(
            {ready, tls_heard}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
    finally:
        silence.cancel()
        tls_heard.cancel()
        loop.remove_reader(sock.fileno())
    if ready not in done:
        ready.cancel()
        if tls_heard in done:
            raise ProbeStop(
                Failure(
                    C.NET_NO_GREETING,
                    detail=notes.SPEAKS_TLS.format(port=port),
                    params={"host": rec.host, "port": str(port), "speaks_tls": "yes"},
                )
            )
        raise ProbeStop(
            Failure(
                C.NET_NO_GREETING,
                detail=notes.SAID_NOTHING.format(seconds=f"{timeout:.0f}"),
                params={"host": rec.host, "port": str(port)},
            )
        )
    try:
        first = sock.recv(GREETING_PEEK, socket.MSG_PEEK)
    except OSError as exc:
        raise ProbeStop(
            diagnosis.classify_os_error(exc, StageName.GREETING, rec.host, rec.pairing.port)
        ) from None
    if not first:
        raise ProbeStop(
            Failure(
                C.NET_CLOSED,
                detail=notes.CLOSED_WITHOUT_GREETING,
                params={"host": rec.host, "port": str(rec.pairing.port)},
            )
        )
    if not (first[:3].isdigit() and first[3:4] in (b" ", b"-", b"\r", b"\n", b"")):
        shown = first[:40].decode("ascii", "replace")
        rec.note(f"unexpected first bytes: {shown!r}")
        raise ProbeStop(
            Failure(
                C.SMTP_NOT_SMTP,
                detail=notes.ANSWERED.format(reply=repr(shown)),
                params={"host": rec.host, "port": str(rec.pairing.port)},
            )
        )
    rec.first_bytes = first.decode("utf-8", "replace")
    ports.heard_greeting(port)
    # the real greeting is read (and timed) by the SMTP client right after
    rec.current = None


async def _command(rec: AttemptRecorder, line: str, coro: object) -> SMTPResponse:
    rec.client(line)
    assert asyncio.iscoroutine(coro)
    try:
        response: SMTPResponse = await coro
    except aiosmtplib.SMTPResponseException as exc:
        rec.server(exc.code, exc.message)
        raise
    rec.server(response.code, response.message)
    return response


async def _ehlo(client: _StagedSMTP, rec: AttemptRecorder, stage: StageName) -> None:
    opts_name = client.local_hostname or "localhost"
    rec.begin(stage)
    try:
        await _command(rec, f"EHLO {opts_name}", client.ehlo())
    except aiosmtplib.SMTPResponseException as exc:
        if 400 <= exc.code < 500:
            failure = diagnosis.classify_command_reply(stage, exc.code, exc.message)
            raise ProbeStop(failure) from None
        # an old server without ESMTP: HELO still lets us look further (no AUTH, no STARTTLS)
        try:
            await _command(rec, f"HELO {opts_name}", client.helo())
        except aiosmtplib.SMTPResponseException as exc2:
            raise ProbeStop(
                diagnosis.classify_command_reply(stage, exc2.code, exc2.message)
            ) from None
    rec.done(True, ", ".join(sorted(client.esmtp_extensions)) or "no extensions")


def _mechanisms(client: _StagedSMTP) -> tuple[str, ...]:
    return tuple(m.upper() for m in client.server_auth_methods)


class _OAuthRefused(aiosmtplib.SMTPAuthenticationError):
    """An XOAUTH2 refusal, with the JSON error the server sent first (Gmail), if any."""

    def __init__(self, code: int, message: str, oauth_error: dict[str, str]) -> None:
        super().__init__(code, message)
        self.oauth_error = oauth_error


async def _xoauth2(
    client: _StagedSMTP, rec: AttemptRecorder, user: str, token: str
) -> SMTPResponse:
    """aiosmtplib's XOAUTH2 exchange, keeping the server's 334 JSON error for the diagnosis."""
    response = await client.execute_command(b"AUTH", b"XOAUTH2", auth_xoauth2_encode(user, token))
    oauth_error: dict[str, str] = {}
    if response.code == 334:
        oauth_error = diagnosis.decode_oauth_challenge(response.message)
        shown = ", ".join(f"{k}={v}" for k, v in oauth_error.items()) or response.message
        rec.server(334, f"(sign-in refused: {shown})")
        rec.client("(empty line: asking for the final reply)")
        response = await client.execute_command(b"")
    if response.code != 235:
        raise _OAuthRefused(response.code, response.message, oauth_error)
    return response


async def _login(
    client: _StagedSMTP, rec: AttemptRecorder, user: str, password: str, mechanism: str
) -> None:
    rec.client(f"AUTH {mechanism.upper()} ******** (credentials hidden)")
    if mechanism == "xoauth2":
        response = await _xoauth2(client, rec, user, password)
    elif mechanism == "plain":
        response = await client.auth_plain(user, password)
    elif mechanism == "login":
        response = await client.auth_login(user, password)
    else:
        response = await client.auth_crammd5(user, password)
    rec.server(response.code, response.message)


async def run_session(
    shared: Shared, rec: AttemptRecorder, *, verify: bool = True, inspect_only: bool = False
) -> Attempt:
    """Run the whole staged session of ``rec.pairing``; always returns an Attempt."""
    opts = shared.options
    pairing = rec.pairing
    port = opts.dial_port(pairing.port)
    client: _StagedSMTP | None = None
    sock: socket.socket | None = None
    try:
        sock = await _connect_socket(shared, rec, port)
        if pairing.security is not Security.TLS:
            await _sniff_greeting(shared, sock, rec, opts.timeouts.command)
        context = make_context(opts, verify=verify)
        client = _StagedSMTP(
            hostname=opts.host,
            sock=sock,
            use_tls=pairing.security is Security.TLS,
            start_tls=False,
            validate_certs=verify,
            tls_context=context,
            local_hostname=opts.local_hostname,
            timeout=opts.timeouts.command,
        )
        client.recorder = rec
        client.ports = shared.ports
        sock = None  # owned by the client now
        await client.connect()
        if pairing.security is Security.TLS:
            rec.tls = tls_info(client.get_transport_info("ssl_object"), verified=verify)
            if not verify and not _pinned(rec, opts, inspect_only):
                _abort(client)  # the certificate was all we came for
                client = None
                return rec.finish(Outcome.FAILED, None)
        await _ehlo(client, rec, StageName.EHLO)
        rec.extensions = tuple(sorted(client.esmtp_extensions))
        if pairing.security is Security.STARTTLS:
            rec.auth_mechanisms_before_tls = _mechanisms(client)
            await _starttls(client, rec, context)
            rec.tls = tls_info(client.get_transport_info("ssl_object"), verified=verify)
            if not verify and not _pinned(rec, opts, inspect_only):
                _abort(client)
                client = None
                return rec.finish(Outcome.FAILED, None)
            await _ehlo(client, rec, StageName.EHLO_TLS)
            rec.extensions = tuple(sorted(client.esmtp_extensions))
        rec.auth_mechanisms = _mechanisms(client)
        if not verify:
            if rec.tls is None:  # plaintext: nothing to inspect
                return rec.finish(Outcome.FAILED, None)
            rec.note("certificate accepted by you earlier (fingerprint pinned)")
        return await _after_channel(shared, rec, client)
    except ProbeStop as stop:
        return rec.finish(Outcome.FAILED, stop.failure)
    except aiosmtplib.SMTPResponseException as exc:
        stage = rec.current or StageName.EHLO
        return rec.finish(
            Outcome.FAILED, diagnosis.classify_command_reply(stage, exc.code, exc.message)
        )
    except (OSError, ssl.SSLError, aiosmtplib.SMTPException, EOFError) as exc:
        stage = rec.current or StageName.CONNECT
        failure = diagnosis.classify_exception(exc, stage, rec.host, pairing.port)
        if (
            stage is StageName.TLS
            and failure.params.get("answered") == "yes"
            and failure.code is not C.TLS_WRONG_MODE
        ):
            shared.ports.heard_tls(pairing.port)  # a certificate or an alert: TLS it is
        return rec.finish(Outcome.FAILED, failure)
    except asyncio.CancelledError:
        if client is not None:
            _abort(client)
            client = None
        raise
    finally:
        if sock is not None:
            sock.close()
        if client is not None:
            await _close(client)


def _pinned(rec: AttemptRecorder, opts: ProbeOptions, inspect_only: bool) -> bool:
    """An unverified session (reading the certificate): did the user pin this certificate?
    Marks ``rec.tls`` verified if so; only then does the session go on (unless inspecting)."""
    pinned = rec.tls is not None and rec.tls.sha256 in opts.pinned_sha256
    if rec.tls is not None:
        rec.tls = _with_verified(rec, pinned)
    return pinned and not inspect_only


def _with_verified(rec: AttemptRecorder, verified: bool) -> TlsInfo:
    assert rec.tls is not None
    return replace(rec.tls, verified=verified)


async def _close(client: _StagedSMTP) -> None:
    """Say goodbye (QUIT) briefly, and always close the connection."""
    try:
        if client.is_connected:
            with contextlib.suppress(aiosmtplib.SMTPException, OSError, TimeoutError, ssl.SSLError):
                await asyncio.wait_for(client.quit(), 1.0)
    finally:
        _abort(client)


def _abort(client: _StagedSMTP) -> None:
    """Close at once, without a goodbye (the probe was cancelled or the deadline passed)."""
    transport = client.transport
    if isinstance(transport, asyncio.Transport) and not transport.is_closing():
        transport.abort()
    client.close()


async def _starttls(client: _StagedSMTP, rec: AttemptRecorder, context: ssl.SSLContext) -> None:
    if not client.supports_extension("starttls"):
        params = {"host": rec.host, "port": str(rec.pairing.port)}
        if rec.auth_mechanisms_before_tls:
            params["auth_offered"] = "yes"
        raise ProbeStop(
            Failure(
                C.TLS_STARTTLS_UNAVAILABLE,
                detail=notes.NO_STARTTLS,
                params=params,
            )
        )
    rec.begin(StageName.STARTTLS)
    rec.client("STARTTLS")
    try:
        response = await client.starttls(server_hostname=rec.host, tls_context=context)
    except aiosmtplib.SMTPResponseException as exc:
        rec.server(exc.code, exc.message)
        raise ProbeStop(
            diagnosis.classify_command_reply(StageName.STARTTLS, exc.code, exc.message)
        ) from None
    except ssl.SSLError as exc:
        raise ProbeStop(diagnosis.classify_tls_error(exc, rec.host)) from None
    rec.server(response.code, response.message)
    rec.done(True, _tls_summary(client.get_transport_info("ssl_object")))


async def _after_channel(shared: Shared, rec: AttemptRecorder, client: _StagedSMTP) -> Attempt:
    """The channel is up (and, unless plaintext, verified). Decide about AUTH and go on."""
    opts = shared.options
    pairing = rec.pairing
    mechs = [m.lower() for m in rec.auth_mechanisms]
    params = {
        "host": rec.host,
        "port": str(pairing.port),
        "mechanisms": ", ".join(rec.auth_mechanisms),
    }
    plaintext = pairing.security is Security.NONE
    if plaintext and not (opts.credentials and opts.allow_plaintext_auth):
        if mechs:
            return rec.finish(
                Outcome.FAILED,
                Failure(
                    C.AUTH_CLEARTEXT_REFUSED,
                    detail=notes.NOT_ENCRYPTED,
                    params=params,
                ),
            )
        if client.supports_extension("starttls"):
            return rec.finish(
                Outcome.FAILED,
                Failure(
                    C.AUTH_UNAVAILABLE_BEFORE_TLS,
                    detail=notes.NO_AUTH_BEFORE_TLS,
                    params=params,
                ),
            )
        return rec.finish(
            Outcome.FAILED,
            Failure(C.AUTH_UNAVAILABLE, detail=notes.NO_AUTH, params=params),
        )
    if not mechs:
        return rec.finish(
            Outcome.FAILED,
            Failure(C.AUTH_UNAVAILABLE, detail=notes.NO_AUTH, params=params),
        )
    if opts.oauth_token is not None:
        # a sign-in token goes only with XOAUTH2: no falling back to anything else
        mechanism: str | None = "xoauth2" if "xoauth2" in mechs else None
        if mechanism is None:
            return rec.finish(
                Outcome.FAILED,
                Failure(
                    C.AUTH_NO_COMMON_MECHANISM,
                    detail=notes.NO_XOAUTH2.format(mechanisms=params["mechanisms"]),
                    params=params,
                ),
            )
    else:
        mechanism = next((m for m in MECHANISMS if m in mechs), None)
    if mechanism is None:
        return rec.finish(
            Outcome.FAILED,
            Failure(
                C.AUTH_NO_COMMON_MECHANISM,
                detail=notes.OFFERS_ONLY.format(mechanisms=params["mechanisms"]),
                params=params,
            ),
        )
    if not opts.credentials:
        rec.note("no credentials given: the sign-in itself was not tested")
        return rec.finish(Outcome.OK)
    secret = opts.oauth_token if opts.oauth_token is not None else opts.password
    assert opts.username is not None and secret is not None
    decision = await shared.gate.ask(pairing)
    if decision.turn is Turn.DENIED:
        rec.auth_note = decision.note
        return rec.finish(Outcome.SKIPPED)
    leader = decision.turn is Turn.LEAD
    rec.begin(StageName.AUTH)
    try:
        await _login(client, rec, opts.username, secret, mechanism)
    except aiosmtplib.SMTPResponseException as exc:
        rec.server(exc.code, exc.message)
        rec.auth = AuthState.FAILED
        shared.gate.report(
            pairing, ok=False, note=_("not tried: rejected on {pairing}").format(pairing=pairing)
        )
        if mechanism == "xoauth2":
            oauth_error = exc.oauth_error if isinstance(exc, _OAuthRefused) else None
            return rec.finish(
                Outcome.FAILED, diagnosis.classify_oauth_reply(exc.code, exc.message, oauth_error)
            )
        return rec.finish(Outcome.FAILED, diagnosis.classify_auth_reply(exc.code, exc.message))
    except BaseException:
        shared.gate.report(
            pairing,
            ok=False,
            note=_("not tried: the sign-in on {pairing} broke off").format(pairing=pairing),
        )
        raise
    rec.auth = AuthState.OK
    rec.done(True, f"{mechanism.upper()} accepted")
    shared.gate.report(pairing, ok=True)
    return await _check_sender(shared, rec, client, send=leader)


async def _check_sender(
    shared: Shared, rec: AttemptRecorder, client: _StagedSMTP, *, send: bool
) -> Attempt:
    opts = shared.options
    sender = opts.sender or (opts.username if _is_address(opts.username) else None)
    if sender is None:
        rec.note("no sender address known: skipped the sender check")
        return rec.finish(Outcome.OK)
    rec.begin(StageName.SENDER)
    try:
        await _command(rec, f"MAIL FROM:<{sender}>", client.mail(sender))
    except aiosmtplib.SMTPResponseException as exc:
        return rec.finish(Outcome.FAILED, diagnosis.classify_mail_reply(exc.code, exc.message))
    if send and opts.send_test_to and not shared.test_message_sent:
        rec.done(True, f"{sender} accepted")
        shared.test_message_sent = True
        return await _send_test(shared, rec, client, sender, opts.send_test_to)
    try:
        await _command(rec, "RSET", client.rset())
    except aiosmtplib.SMTPResponseException as exc:
        return rec.finish(
            Outcome.FAILED,
            diagnosis.classify_command_reply(StageName.SENDER, exc.code, exc.message),
        )
    rec.done(True, f"{sender} accepted (nothing was sent)")
    return rec.finish(Outcome.OK)


async def _send_test(
    shared: Shared, rec: AttemptRecorder, client: _StagedSMTP, sender: str, recipient: str
) -> Attempt:
    opts = shared.options
    rec.begin(StageName.SEND)
    try:
        await _command(rec, f"RCPT TO:<{recipient}>", client.rcpt(recipient))
    except aiosmtplib.SMTPResponseException as exc:
        return rec.finish(Outcome.FAILED, diagnosis.classify_rcpt_reply(exc.code, exc.message))
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = _("smtpwizard test message")
    message["Date"] = format_datetime(_now())
    message["Message-ID"] = opts.test_message_id or make_msgid(domain=opts.local_hostname)
    message.set_content(
        _(
            "This is a test message from smtpwizard.\n\nIt was sent through {host}, "
            "port {port} ({security}). If you can read it, these settings work.\n"
        ).format(
            host=opts.host,
            port=rec.pairing.port,
            security=security_label(rec.pairing.security),
        )
    )
    try:
        await _command(rec, "DATA (test message)", client.data(message.as_bytes()))
    except aiosmtplib.SMTPResponseException as exc:
        return rec.finish(Outcome.FAILED, diagnosis.classify_data_reply(exc.code, exc.message))
    rec.done(True, f"test message to {recipient} accepted")
    return rec.finish(Outcome.OK)


def _now() -> datetime:
    return datetime.now(UTC)


def _is_address(value: str | None) -> bool:
    return looks_like_email(value)


# the incoming-mail session connects the same way
connect_socket = _connect_socket

__all__ = ["ProbeStop", "Shared", "connect_socket", "fingerprint", "run_session"]
