"""Classify what an IMAP or POP3 server said into the stable failure codes.

Sign-in refusals reuse the SMTP sign-in classifier (the providers' words are the same: "app
password", "web login", "basic authentication is disabled"), after the incoming-only cases:
a server that does not allow a password sign-in on this connection at all (IMAP
``LOGINDISABLED``, POP3 "plaintext authentication disallowed", "IMAP access is disabled").
"""

from __future__ import annotations

from smtpwizard.core.models import Failure, IncomingPairing
from smtpwizard.core.probe import diagnosis
from smtpwizard.core.wording import notes
from smtpwizard.core.wording.codes import FailureCode

C = FailureCode

GREETING_PREFIX = {"imap": (b"* ",), "pop3": (b"+OK", b"-ERR")}

_LOGIN_DISABLED_WORDS = (
    "plaintext authentication disallowed",
    "plaintext authentication not allowed",
    "imap access is disabled",
    "pop access is disabled",
    "pop3 access is disabled",
    "imap is disabled",
    "pop3 is disabled",
    "imap not enabled",
    "pop not enabled",
    "access via imap",
    "access via pop",
    "web interface",
    "[privacyrequired]",
)
_TEMPORARY_WORDS = ("[unavailable]", "[sys/temp]", "[in-use]", "try again later", "too many")


def _params(pairing: IncomingPairing, host: str, **extra: str) -> dict[str, str]:
    return {
        "host": host,
        "port": str(pairing.port),
        "protocol": pairing.protocol.label,
        **extra,
    }


def classify_first_bytes(first: bytes, pairing: IncomingPairing, host: str) -> Failure | None:
    """The first bytes a plaintext server sent; None when they greet like the protocol."""
    shown = first[:60].decode("ascii", "replace").strip()
    if pairing.protocol.value == "imap" and first.upper().startswith(b"* BYE"):
        return Failure(
            C.IMAP_GREETING_REJECTED,
            detail=notes.GREETED_WITH.format(reply=repr(shown)),
            params=_params(pairing, host),
        )
    if pairing.protocol.value == "pop3" and first.upper().startswith(b"-ERR"):
        return Failure(
            C.IMAP_GREETING_REJECTED,
            detail=notes.GREETED_WITH.format(reply=repr(shown)),
            params=_params(pairing, host),
        )
    if first.startswith(GREETING_PREFIX[pairing.protocol.value]):
        return None
    extra = {"answered": "yes", **({"speaks": "SMTP"} if first[:3].isdigit() else {})}
    return Failure(
        C.IMAP_WRONG_PROTOCOL,
        detail=f"the server answered {shown!r}",
        params=_params(pairing, host, **extra),
    )


def classify_greeting_error(text: str, pairing: IncomingPairing, host: str) -> Failure:
    """The client library refused the greeting (``* BYE``, ``-ERR`` or something else)."""
    lowered = text.lower()
    code = (
        C.IMAP_GREETING_REJECTED if "bye" in lowered or "-err" in lowered else C.IMAP_WRONG_PROTOCOL
    )
    return Failure(code, detail=text[:200], params=_params(pairing, host))


def login_disabled(pairing: IncomingPairing, host: str, why: str) -> Failure:
    return Failure(C.IMAP_LOGIN_DISABLED, detail=why, params=_params(pairing, host))


def classify_login_refusal(text: str, pairing: IncomingPairing, host: str) -> Failure:
    """The server refused the user name and password (IMAP ``NO``, POP3 ``-ERR``)."""
    lowered = text.lower()
    if any(word in lowered for word in _LOGIN_DISABLED_WORDS):
        return login_disabled(pairing, host, text[:200])
    reply_code = 454 if any(word in lowered for word in _TEMPORARY_WORDS) else 535
    failure = diagnosis.classify_auth_reply(reply_code, text)
    return Failure(
        failure.code,
        detail=text[:200],
        params={**failure.params, **_params(pairing, host)},
    )


def no_inbox(text: str, pairing: IncomingPairing, host: str) -> Failure:
    return Failure(C.IMAP_NO_INBOX, detail=text[:200], params=_params(pairing, host))
