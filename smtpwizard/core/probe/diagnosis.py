"""Turn what went wrong (an exception, a server reply) into a stable failure code.

Pure functions, no I/O: the probe calls them with the stage it was in, the exception or the
server's reply, and gets back a :class:`Failure`. Provider-specific replies (Gmail, Microsoft,
Yahoo, …) are recognised by their enhanced status codes and wording.
"""

from __future__ import annotations

import base64
import binascii
import errno
import json
import re
import socket
import ssl
from collections.abc import Mapping

from smtpwizard.core.models import Failure, StageName
from smtpwizard.core.wording import notes
from smtpwizard.core.wording.codes import FailureCode

C = FailureCode

_ENHANCED = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")


def enhanced_status(message: str) -> str | None:
    """The RFC 3463 enhanced status code in a reply text (``"5.7.9"``), if any."""
    match = _ENHANCED.search(message)
    return match.group(0) if match else None


def _has(text: str, *needles: str) -> bool:
    low = text.lower()
    return any(n in low for n in needles)


def _reply_failure(code: FailureCode, reply_code: int, message: str, **params: str) -> Failure:
    one_line = " ".join(message.split())
    return Failure(code, detail=f"{reply_code} {one_line}", params=params, reply_code=reply_code)


# --- server replies --------------------------------------------------------------------------


def _temporary(reply_code: int, message: str) -> Failure:
    """``421``, at any stage: the service is not available for now (RFC 5321 4.2.3)."""
    return _reply_failure(C.SMTP_TEMPORARY, reply_code, message)


def classify_greeting(reply_code: int, message: str) -> Failure:
    if reply_code == 421:
        return _temporary(reply_code, message)
    if 400 <= reply_code < 600:
        return _reply_failure(C.SMTP_GREETING_REJECTED, reply_code, message)
    return _reply_failure(C.SMTP_NOT_SMTP, reply_code, message)


_SMTP_AUTH_OFF = (
    "smtpclientauthentication is disabled",
    "smtp auth is disabled",
    "authentication is disabled",
)


def decode_oauth_challenge(challenge: str) -> dict[str, str]:
    """The JSON error a server sends (base64, in a 334 reply) when it refuses an XOAUTH2 token.

    Gmail: ``{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}``.
    Anything that is not such an object gives ``{}``; values are kept as short strings.
    """
    text = challenge.strip()
    try:
        decoded = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
        data = json.loads(decoded.decode("utf-8"))
    except (binascii.Error, ValueError, RecursionError):  # the server chose the bytes
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k)[:40]: str(v)[:200] for k, v in data.items() if isinstance(v, str | int | float)}


def classify_oauth_reply(
    reply_code: int, message: str, oauth_error: Mapping[str, str] | None = None
) -> Failure:
    """Classify a failed XOAUTH2 exchange (an access token was sent, not a password).

    Gmail answers a bad token with a 334 JSON error (``oauth_error``) and then
    ``535 5.7.8``; Microsoft with ``535 5.7.3 Authentication unsuccessful``, and with
    ``5.7.139`` when SMTP AUTH is off for the tenant — which blocks OAuth too.
    """
    esc = enhanced_status(message) or ""
    params = {f"oauth_{k}": v for k, v in (oauth_error or {}).items() if k in ("status", "scope")}
    if esc in ("5.7.139", "5.7.30") or _has(message, *_SMTP_AUTH_OFF):
        return _reply_failure(C.AUTH_OAUTH_SMTP_DISABLED, reply_code, message, **params)
    password_failure = classify_auth_reply(reply_code, message)
    if password_failure.code in (
        C.SMTP_TEMPORARY,
        C.AUTH_ENCRYPTION_REQUIRED,
        C.AUTH_RATE_LIMITED,
        C.AUTH_NO_COMMON_MECHANISM,
        C.AUTH_WEB_LOGIN_REQUIRED,
    ):
        return password_failure
    return _reply_failure(C.AUTH_OAUTH_TOKEN_REJECTED, reply_code, message, **params)


def classify_auth_reply(reply_code: int, message: str) -> Failure:
    """Classify a failed AUTH exchange (the reply after the credentials were sent)."""
    if reply_code == 421:
        return _temporary(reply_code, message)
    esc = enhanced_status(message) or ""
    if esc == "5.7.9" or _has(
        message, "application-specific password", "app password", "InvalidSecondFactor".lower()
    ):
        return _reply_failure(C.AUTH_APP_PASSWORD_REQUIRED, reply_code, message)
    if esc == "5.7.14" or _has(message, "weblogin", "web browser", "log in via your web"):
        return _reply_failure(C.AUTH_WEB_LOGIN_REQUIRED, reply_code, message)
    if esc in ("5.7.139", "5.7.30") or _has(
        message,
        "smtpclientauthentication is disabled",
        "basic authentication is disabled",
        "basic auth",
        "smtp auth is disabled",
        "authentication is disabled",
    ):
        return _reply_failure(C.AUTH_BASIC_AUTH_DISABLED, reply_code, message)
    if reply_code in (530, 538) and (
        esc in ("5.7.0", "5.7.11") or _has(message, "starttls", "encryption", "tls first")
    ):
        return _reply_failure(C.AUTH_ENCRYPTION_REQUIRED, reply_code, message)
    if reply_code in (504, 502) or (esc == "5.5.4" and _has(message, "mechanism")):
        return _reply_failure(C.AUTH_NO_COMMON_MECHANISM, reply_code, message)
    if 400 <= reply_code < 500 or _has(message, "too many", "rate limit", "try again later"):
        return _reply_failure(C.AUTH_RATE_LIMITED, reply_code, message)
    return _reply_failure(C.AUTH_REJECTED, reply_code, message)


_QUOTA_WORDS = (
    "quota",
    "limit exceeded",
    "sending limit",
    "daily user sending",
    "too many messages",
    "exceeded",
)


def classify_mail_reply(reply_code: int, message: str) -> Failure:
    """Classify a refused ``MAIL FROM``."""
    if reply_code == 421:
        return _temporary(reply_code, message)
    esc = enhanced_status(message) or ""
    if (
        esc in ("5.7.57",)
        or (reply_code == 530 and not _has(message, "starttls"))
        or _has(
            message,
            "authentication required",
            "must authenticate",
            "not authenticated",
            "auth required",
        )
    ):
        return _reply_failure(C.SEND_UNAUTHENTICATED, reply_code, message)
    if reply_code == 530:
        return _reply_failure(C.AUTH_ENCRYPTION_REQUIRED, reply_code, message)
    if esc.startswith(("4.5.3", "5.2.2", "5.4.5")) or _has(message, *_QUOTA_WORDS):
        return _reply_failure(C.SEND_QUOTA_EXCEEDED, reply_code, message)
    if 400 <= reply_code < 500:
        return _reply_failure(C.SEND_TEMPORARY, reply_code, message)
    return _reply_failure(C.SEND_SENDER_REJECTED, reply_code, message)


def classify_rcpt_reply(reply_code: int, message: str) -> Failure:
    """Classify a refused ``RCPT TO``."""
    if reply_code == 421:
        return _temporary(reply_code, message)
    esc = enhanced_status(message) or ""
    if _has(message, *_QUOTA_WORDS) and not _has(message, "mailbox"):
        return _reply_failure(C.SEND_QUOTA_EXCEEDED, reply_code, message)
    if esc == "5.7.57" or _has(message, "authentication required", "must authenticate"):
        return _reply_failure(C.SEND_UNAUTHENTICATED, reply_code, message)
    if 400 <= reply_code < 500:
        return _reply_failure(C.SEND_TEMPORARY, reply_code, message)
    if (
        reply_code == 551
        or _has(message, "relay", "relaying")
        or (esc == "5.7.1" and _has(message, "denied", "not permitted"))
    ):
        return _reply_failure(C.SEND_RELAY_DENIED, reply_code, message)
    return _reply_failure(C.SEND_RECIPIENT_REJECTED, reply_code, message)


def classify_data_reply(reply_code: int, message: str) -> Failure:
    if reply_code == 421:
        return _temporary(reply_code, message)
    if _has(message, *_QUOTA_WORDS):
        return _reply_failure(C.SEND_QUOTA_EXCEEDED, reply_code, message)
    if 400 <= reply_code < 500:
        return _reply_failure(C.SEND_TEMPORARY, reply_code, message)
    return _reply_failure(C.SEND_RECIPIENT_REJECTED, reply_code, message)


def classify_command_reply(stage: StageName, reply_code: int, message: str) -> Failure:
    """A refused command outside AUTH and sending (EHLO, …)."""
    if reply_code == 421:
        return _temporary(reply_code, message)
    if stage is StageName.STARTTLS:
        return _reply_failure(C.TLS_STARTTLS_REFUSED, reply_code, message)
    if 400 <= reply_code < 500:
        return _reply_failure(C.SMTP_TEMPORARY, reply_code, message)
    return _reply_failure(C.SMTP_NOT_SMTP, reply_code, message)


# --- exceptions ------------------------------------------------------------------------------

_VERIFY_CODES: dict[int, FailureCode] = {
    9: C.TLS_CERT_EXPIRED,  # not yet valid
    10: C.TLS_CERT_EXPIRED,
    18: C.TLS_CERT_SELF_SIGNED,
    19: C.TLS_CERT_UNTRUSTED,  # self-signed root in the chain (a private CA)
    20: C.TLS_CERT_UNTRUSTED,
    21: C.TLS_CERT_UNTRUSTED,
    2: C.TLS_CERT_UNTRUSTED,
    62: C.TLS_CERT_HOSTNAME_MISMATCH,
    64: C.TLS_CERT_HOSTNAME_MISMATCH,
}

_WRONG_MODE = (
    "wrong_version_number",
    "wrong version number",
    "record layer failure",
    "packet length too long",
    "http_request",
    "unknown protocol",
    "record_layer_failure",
)
_TOO_OLD = (
    "unsupported_protocol",
    "unsupported protocol",
    "protocol_version",
    "protocol version",
    "no protocols available",
    "no_protocols_available",
    "tlsv1 alert protocol version",
)
_CLIENT_CERT = (
    "certificate_required",
    "certificate required",
    "peer did not return a certificate",
    "handshake_failure",
)


def exception_chain(exc: BaseException) -> list[BaseException]:
    """``exc`` followed by its causes/contexts (aiosmtplib wraps the real error)."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        chain.append(cur)
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return chain


def classify_tls_error(
    exc: ssl.SSLError, host: str, *, client_cert_requested: bool = False
) -> Failure:
    """An error of the TLS layer: the server sent something (a certificate, an alert, bytes
    that are not TLS), so these failures carry ``answered=yes`` (the exit category counts it)."""
    detail = f"{type(exc).__name__}: {exc}"
    answered = {"host": host, "answered": "yes"}
    if isinstance(exc, ssl.SSLCertVerificationError):
        code = _VERIFY_CODES.get(exc.verify_code, C.TLS_CERT_UNTRUSTED)
        params = {**answered, "verify_code": str(exc.verify_code)}
        if exc.verify_code == 9:
            params["not_yet_valid"] = "yes"
        return Failure(
            code,
            detail=f"{detail} (verify code {exc.verify_code}: {exc.verify_message})",
            params=params,
        )
    text = f"{getattr(exc, 'reason', '') or ''} {exc}".lower()
    if any(w in text for w in _WRONG_MODE):
        return Failure(C.TLS_WRONG_MODE, detail=detail, params=answered)
    if any(w in text for w in _TOO_OLD):
        return Failure(C.TLS_PROTOCOL_TOO_OLD, detail=detail, params=answered)
    if (
        "certificate_required" in text
        or "certificate required" in text
        or (client_cert_requested and any(w in text for w in _CLIENT_CERT))
    ):
        return Failure(C.TLS_CLIENT_CERT_REQUIRED, detail=detail, params=answered)
    return Failure(C.TLS_HANDSHAKE_FAILED, detail=detail, params=answered)


def classify_os_error(exc: OSError, stage: StageName, host: str, port: int) -> Failure:
    params = {"host": host, "port": str(port)}
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, socket.gaierror):
        not_found = (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5))
        code = C.DNS_NOT_FOUND if exc.errno in not_found else C.DNS_FAILED
        return Failure(code, detail=detail, params=params)
    if isinstance(exc, ConnectionRefusedError):
        return Failure(C.NET_REFUSED, detail=detail, params=params)
    if isinstance(exc, TimeoutError):
        return Failure(_timeout_code(stage), detail=detail, params=params)
    if exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL):
        return Failure(C.NET_UNREACHABLE, detail=detail, params=params)
    if stage is StageName.RESOLVE:
        return Failure(C.DNS_FAILED, detail=detail, params=params)
    if stage in (StageName.TLS, StageName.STARTTLS):
        return Failure(C.TLS_HANDSHAKE_FAILED, detail=detail, params=params)
    return Failure(C.NET_CLOSED, detail=detail, params=params)


def _timeout_code(stage: StageName) -> FailureCode:
    return {
        StageName.RESOLVE: C.DNS_FAILED,
        StageName.CONNECT: C.NET_TIMEOUT,
        StageName.GREETING: C.NET_NO_GREETING,
        StageName.TLS: C.TLS_HANDSHAKE_FAILED,
        StageName.STARTTLS: C.TLS_HANDSHAKE_FAILED,
    }.get(stage, C.NET_CLOSED)


def classify_timeout(stage: StageName, host: str, port: int, seconds: float) -> Failure:
    """The stage did not finish in time (the overall deadline of the attempt, or its own)."""
    code = _timeout_code(stage)
    template = notes.STAGE_NO_ANSWER if code is C.NET_CLOSED else notes.STAGE_TIMED_OUT
    return Failure(
        code,
        detail=template.format(stage=stage.value, seconds=f"{seconds:.1f}"),
        params={"host": host, "port": str(port), "seconds": f"{seconds:.0f}"},
    )


def classify_exception(
    exc: BaseException,
    stage: StageName,
    host: str,
    port: int,
    *,
    client_cert_requested: bool = False,
) -> Failure:
    """Classify any exception met during ``stage``; walks the cause chain for the real error."""
    chain = exception_chain(exc)
    for item in chain:
        if isinstance(item, ssl.SSLError):
            return classify_tls_error(item, host, client_cert_requested=client_cert_requested)
    for item in chain:
        if isinstance(item, TimeoutError):
            return Failure(
                _timeout_code(stage),
                detail=f"{type(exc).__name__}: {exc}",
                params={"host": host, "port": str(port)},
            )
    for item in chain:
        if isinstance(item, OSError) and not _is_smtp_exception(item):
            return classify_os_error(item, stage, host, port)
    return Failure(
        C.NET_CLOSED,
        detail=f"{type(exc).__name__}: {exc}",
        params={"host": host, "port": str(port)},
    )


def _is_smtp_exception(exc: BaseException) -> bool:
    return type(exc).__module__.startswith("aiosmtplib")
