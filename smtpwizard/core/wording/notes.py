"""Our own technical notes (``Failure.detail``, stage details), translated where they are shown.

The probe keeps these notes in English in its data (the probe JSON, the logs): they are made
from the templates below (marked with ``N_``, filled with ``str.format``). :func:`local_note`
recognises a filled template and gives it in the current language; anything else — a server's
reply, an exception's text — is returned exactly as it came.
"""

from __future__ import annotations

import re
from functools import cache

from smtpwizard.core.wording.base import N_, _

GREETS_PLAINTEXT = N_(
    "port {port} greets in plaintext (another attempt on it got an SMTP greeting), so it "
    "does not speak SSL/TLS from the first byte"
)
SPEAKS_TLS = N_(
    "no plaintext greeting: port {port} answered a TLS handshake, so it speaks SSL/TLS from "
    "the first byte, not plaintext or STARTTLS"
)
SAID_NOTHING = N_("connected, but the server said nothing for {seconds} s")
CLOSED_WITHOUT_GREETING = N_("the server closed the connection without a greeting")
ANSWERED = N_("the server answered {reply}")
GREETED_WITH = N_("the server greeted with {reply}")
NO_STARTTLS = N_("the server's EHLO reply does not offer STARTTLS")
NOT_ENCRYPTED = N_("the connection is not encrypted, so no password is sent over it")
NO_AUTH_BEFORE_TLS = N_("no AUTH before encryption; the server offers STARTTLS")
NO_AUTH = N_("the server offers no AUTH on this port")
NO_XOAUTH2 = N_("the server does not offer XOAUTH2 (it offers {mechanisms})")
OFFERS_ONLY = N_("the server offers only {mechanisms}")
NAME_SERVER_SILENT = N_("no answer from the name server within {seconds} s")
STILL_WAITING = N_(
    "no answer yet after {seconds} s ({stage}); still waiting when the verdict was reached"
)
STAGE_NO_ANSWER = N_("{stage}: no answer after {seconds} s")
STAGE_TIMED_OUT = N_("{stage}: timed out after {seconds} s")
NOT_CONFIRMED = N_("the server did not confirm the test message")
NO_IMAP_SIGN_IN = N_("no IMAP sign-in to look with")
NOT_IN_INBOX = N_("not found in the inbox")

TEMPLATES = (
    GREETS_PLAINTEXT,
    SPEAKS_TLS,
    SAID_NOTHING,
    CLOSED_WITHOUT_GREETING,
    ANSWERED,
    GREETED_WITH,
    NO_STARTTLS,
    NOT_ENCRYPTED,
    NO_AUTH_BEFORE_TLS,
    NO_AUTH,
    NO_XOAUTH2,
    OFFERS_ONLY,
    NAME_SERVER_SILENT,
    STILL_WAITING,
    STAGE_NO_ANSWER,
    STAGE_TIMED_OUT,
    NOT_CONFIRMED,
    NO_IMAP_SIGN_IN,
    NOT_IN_INBOX,
)

_FIELD = re.compile(r"\{(\w+)\}")


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = _FIELD.split(template)  # text, name, text, name, …, text
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
    )
    return re.compile(regex, re.DOTALL)


def local_note(detail: str) -> str:
    """``detail`` in the current language when it is one of our notes; otherwise unchanged."""
    for template in TEMPLATES:
        match = _pattern(template).fullmatch(detail)
        if match is not None:
            return _(template).format(**match.groupdict())
    return detail


__all__ = ["TEMPLATES", "local_note"]
