"""Three kinds of matrix cell: it works, a real problem, or expected / not for this use.

A working result used to show red crosses for things that are normal: port 25 is for servers
and offers no sign-in; a plain pairing where the server rightly wants encryption first; the
wrong encryption kind on a port that speaks the other one; an extra port that is closed or
blocked when another one already works. Those are :attr:`CellKind.EXPECTED` (grey, with short
words such as "For servers only" or "Needs encryption — see STARTTLS"); only what really needs
attention is :attr:`CellKind.PROBLEM`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from smtpwizard.core.models import Attempt, Outcome, Security
from smtpwizard.core.wording import messages
from smtpwizard.core.wording.base import _
from smtpwizard.core.wording.codes import FailureCode as C


class CellKind(StrEnum):
    WORKS = "works"  # green
    PROBLEM = "problem"  # red: something to act on
    EXPECTED = "expected"  # grey: normal for this kind of port or encryption
    PENDING = "pending"  # not finished, not tried: shown as before


@dataclass(frozen=True)
class CellVerdict:
    kind: CellKind
    words: str | None = None  # the cell's short words (None: the usual ones for its state)


_SERVER_PORT = 25
_NO_SIGN_IN = frozenset({C.AUTH_UNAVAILABLE, C.AUTH_UNAVAILABLE_BEFORE_TLS})
# the server itself rightly wants encryption before a sign-in
_WANTS_ENCRYPTION = frozenset({C.AUTH_UNAVAILABLE_BEFORE_TLS, C.AUTH_ENCRYPTION_REQUIRED})
# normal for extra ports once another pairing works
_NOT_NEEDED = {
    C.NET_REFUSED: messages.CELL_NOT_OFFERED,
    C.NET_TIMEOUT: messages.CELL_BLOCKED_NOT_NEEDED,
    C.TLS_STARTTLS_UNAVAILABLE: messages.CELL_NO_STARTTLS,
}


def _expected(marked: str) -> CellVerdict:
    """A grey cell with its words in the current language (marked with ``N_`` in messages)."""
    return CellVerdict(CellKind.EXPECTED, _(marked))


def classify_cell(attempt: Attempt, *, report_ok: bool = False) -> CellVerdict:
    """The kind of ``attempt``'s cell; ``report_ok``: another pairing already works."""
    if attempt.outcome is Outcome.OK:
        return CellVerdict(CellKind.WORKS)
    failure = attempt.failure
    if attempt.outcome is not Outcome.FAILED or failure is None:
        return CellVerdict(CellKind.PENDING)
    code = failure.code
    if attempt.port == _SERVER_PORT and code in _NO_SIGN_IN:
        return _expected(messages.CELL_FOR_SERVERS)
    plain = attempt.security is Security.NONE
    if plain and (code in _WANTS_ENCRYPTION or (report_ok and code is C.AUTH_CLEARTEXT_REFUSED)):
        return _expected(messages.CELL_NEEDS_ENCRYPTION)
    if code is C.TLS_WRONG_MODE and attempt.security is Security.TLS:
        return _expected(messages.CELL_USES_STARTTLS)
    if code is C.NET_NO_GREETING and attempt.security is not Security.TLS:
        return _expected(messages.CELL_USES_TLS)
    if report_ok and code in _NOT_NEEDED:
        return _expected(_NOT_NEEDED[code])
    return CellVerdict(CellKind.PROBLEM)


__all__ = ["CellKind", "CellVerdict", "classify_cell"]
