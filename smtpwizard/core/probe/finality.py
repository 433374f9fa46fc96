"""When the answer of a probe is final: no attempt still running could change it.

The answer is three things a person (or an installer) acts on: the recommended pairing, the
headline failure (the one problem told first when nothing works) and the exit category. After
every step of every attempt the engine asks :func:`is_final`: for each attempt still running,
it lists what that attempt could still end as (its *futures*, given how far it got and what the
probe already knows) and checks whether any of them would change the answer. If none would, the
answer is final now and the running attempts are reported ``unfinished`` (or keep running, when
someone watches them).

What the probe already knows narrows the futures:

* the password was refused (the auth gate said no): nobody else sends it, so no attempt can sign
  in, and none can produce another sign-in refusal;
* the password worked, then the server answered a temporary ``4xx`` (or ``421``): the service of
  this host is failing for now; the other pairings reach the same server and account;
* an attempt still connecting cannot beat a top-tier recommendation (a blocked port does not
  hold a working answer hostage), but it can still change a failure.

Pure functions over plain records: unit-testable without a network.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from smtpwizard.core.models import TOP_TIER, AuthState, Pairing, Security
from smtpwizard.core.probe.verdict import Facts, Verdict, verdict_from
from smtpwizard.core.wording.codes import FailureCode
from smtpwizard.core.wording.messages import importance

C = FailureCode


class Phase(Enum):
    """How far a running attempt got."""

    CONNECTING = "connecting"  # no TCP connection yet
    OPENING = "opening"  # connected; waiting for the greeting (or the TLS handshake)
    TALKING = "talking"  # greeted; the channel is not yet verified-encrypted (before STARTTLS)
    CHANNEL = "channel"  # the channel is up (verified TLS, or plaintext): AUTH comes next
    SIGNED_IN = "signed_in"  # the login worked; the sender check (or test message) runs
    SETTLED = "settled"  # its result is known but details are still being read (certificate)


class Login(Enum):
    """The one sign-in of the probe (security rule: at most one failed login)."""

    NONE = "none"  # no credentials given: nothing to sign in with
    OPEN = "open"  # nobody has tried the credentials yet
    REFUSED = "refused"  # they were refused: nobody else sends them
    ACCEPTED = "accepted"  # they worked: the others may sign in too


@dataclass(frozen=True)
class Running:
    """An attempt still running: its pairing, how far it got, and what the report shows now."""

    pairing: Pairing
    phase: Phase
    now: Facts  # as the report would show it if the answer were given now (unfinished)
    answered: bool = False  # the server already said something on it
    secure: bool = False  # its channel is already verified-encrypted


@dataclass(frozen=True)
class Knowledge:
    """What the probe as a whole knows so far."""

    login: Login = Login.NONE
    leader: Pairing | None = None  # the pairing trying the credentials right now, if any
    allow_plaintext_auth: bool = False
    temporary_after_signin: bool = False  # a 4xx/421 after a successful sign-in


@dataclass(frozen=True)
class Answer:
    recommended: Pairing | None
    headline: FailureCode | None
    exit: Verdict


@dataclass(frozen=True)
class Finished:
    """A finished attempt as the answer sees it."""

    pairing: Pairing
    ok: bool
    facts: Facts
    headline_candidate: bool  # failed or unfinished with a failure: may be the headline


Rank = Callable[[Pairing], int]
_IMPORTANCE = {code: importance(code) for code in FailureCode}

# --- what an attempt can still end as ------------------------------------------------------------

_CONNECT_CODES = (C.NET_TIMEOUT, C.NET_REFUSED, C.NET_UNREACHABLE, C.NET_CLOSED)
_GREETING_CODES = (
    C.NET_NO_GREETING,
    C.NET_CLOSED,
    C.SMTP_NOT_SMTP,
    C.SMTP_GREETING_REJECTED,
    C.SMTP_TEMPORARY,
)
_TLS_CODES = (
    C.TLS_WRONG_MODE,
    C.TLS_HANDSHAKE_FAILED,
    C.TLS_PROTOCOL_TOO_OLD,
    C.TLS_CERT_SELF_SIGNED,
    C.TLS_CERT_UNTRUSTED,
    C.TLS_CERT_EXPIRED,
    C.TLS_CERT_HOSTNAME_MISMATCH,
    C.TLS_CLIENT_CERT_REQUIRED,
)
_TALKING_CODES = (C.SMTP_TEMPORARY, C.SMTP_NOT_SMTP, C.NET_CLOSED)
_STARTTLS_CODES = (C.TLS_STARTTLS_UNAVAILABLE, C.TLS_STARTTLS_REFUSED, *_TLS_CODES)
_PLAINTEXT_CODES = (C.AUTH_CLEARTEXT_REFUSED, C.AUTH_UNAVAILABLE_BEFORE_TLS, C.AUTH_UNAVAILABLE)
_NO_AUTH_CODES = (C.AUTH_UNAVAILABLE, C.AUTH_UNAVAILABLE_BEFORE_TLS, C.AUTH_NO_COMMON_MECHANISM)
_LOGIN_CODES = (
    C.AUTH_REJECTED,
    C.AUTH_APP_PASSWORD_REQUIRED,
    C.AUTH_WEB_LOGIN_REQUIRED,
    C.AUTH_BASIC_AUTH_DISABLED,
    C.AUTH_RATE_LIMITED,
    C.AUTH_ENCRYPTION_REQUIRED,
    C.AUTH_NO_COMMON_MECHANISM,
    C.AUTH_OAUTH_TOKEN_REJECTED,
    C.AUTH_OAUTH_SMTP_DISABLED,
    C.SMTP_TEMPORARY,
)
_SIGNED_IN_CODES = (
    C.SEND_UNAUTHENTICATED,
    C.SEND_SENDER_REJECTED,
    C.SEND_RELAY_DENIED,
    C.SEND_RECIPIENT_REJECTED,
    C.SEND_TEMPORARY,
    C.SEND_QUOTA_EXCEEDED,
    C.SMTP_TEMPORARY,
    C.NET_CLOSED,
)


@dataclass(frozen=True)
class Future:
    """One way a running attempt may still end."""

    ok: bool
    facts: Facts


def _fail(
    code: FailureCode,
    *,
    auth: AuthState = AuthState.NOT_TRIED,
    answered: bool = False,
    secure: bool = False,
) -> Future:
    return Future(False, Facts(code=code, auth=auth, answered=answered, secure=secure))


def futures(run: Running, know: Knowledge, *, may_connect: bool = True) -> list[Future]:
    """Everything ``run`` may still end as. ``may_connect``: an attempt still connecting may
    yet connect and go on (False: count it as blocked)."""
    phase = run.phase
    found: list[Future] = []
    if phase is Phase.SETTLED:
        return []  # never asked: a settled attempt holds the answer until its details are read
    if phase is Phase.CONNECTING:
        found += [_fail(c) for c in _CONNECT_CODES]
        if not may_connect:
            return found
    if phase in (Phase.CONNECTING, Phase.OPENING):
        if run.pairing.security is Security.TLS:
            found.append(_fail(C.TLS_HANDSHAKE_FAILED))  # a silent port: the handshake times out
            found += [_fail(c, answered=True) for c in _TLS_CODES]
        else:
            found += [_fail(c) for c in _GREETING_CODES]
    if phase in (Phase.CONNECTING, Phase.OPENING, Phase.TALKING):
        found += [_fail(c, answered=True, secure=run.secure) for c in _TALKING_CODES]
        if run.pairing.security is Security.STARTTLS:
            found += [_fail(c, answered=True) for c in _STARTTLS_CODES]
    if phase is not Phase.SIGNED_IN:
        found += _from_channel(run, know)
    found += _signed_in(run, know)
    return found


def _from_channel(run: Running, know: Knowledge) -> list[Future]:
    """The channel is (or will be) up: what AUTH can still bring."""
    plaintext = run.pairing.security is Security.NONE
    secure = not plaintext
    if plaintext and not (know.allow_plaintext_auth and know.login is not Login.NONE):
        # no password over plaintext: these end before any AUTH
        return [_fail(c, answered=True) for c in _PLAINTEXT_CODES]
    found = [_fail(c, answered=True, secure=secure) for c in _NO_AUTH_CODES]
    if know.login is Login.NONE:
        # no credentials: the pairing works once AUTH is offered (plaintext never counts)
        return [*found, Future(not plaintext, Facts(answered=True, secure=secure))]
    if know.login is Login.REFUSED:
        return [*found, Future(False, Facts(skipped=True, answered=True, secure=secure))]
    if know.login is Login.OPEN:
        found.append(Future(False, Facts(skipped=True, answered=True, secure=secure)))
        if know.leader is None or know.leader == run.pairing:
            found += [
                _fail(c, auth=AuthState.FAILED, answered=True, secure=secure) for c in _LOGIN_CODES
            ]
    return found


def _signed_in(run: Running, know: Knowledge) -> list[Future]:
    secure = run.pairing.security is not Security.NONE
    if run.phase is not Phase.SIGNED_IN and (
        know.login in (Login.REFUSED, Login.NONE) or not (secure or know.allow_plaintext_auth)
    ):
        return []  # it will never sign in
    ok = AuthState.OK
    if know.temporary_after_signin:
        # the service of this host is failing for now: the others meet the same
        return [_fail(C.SEND_TEMPORARY, auth=ok, answered=True, secure=secure)]
    return [
        Future(True, Facts(auth=ok, answered=True, secure=secure)),
        *(_fail(c, auth=ok, answered=True, secure=secure) for c in _SIGNED_IN_CODES),
    ]


# --- the answer, and whether it can still change --------------------------------------------


def answer_of(done: Sequence[Finished], rank: Rank) -> Answer:
    working = [f.pairing for f in done if f.ok and f.pairing.security is not Security.NONE]
    recommended = min(working, key=rank) if working else None
    headline: FailureCode | None = None
    if recommended is None:
        told = [f.facts for f in done if f.headline_candidate and f.facts.code is not None]
        # as the summary tells it: after a sign-in, only what failed after one
        told = [f for f in told if f.auth is AuthState.OK] or told
        codes = [f.code for f in told if f.code is not None]
        headline = max(codes, key=_IMPORTANCE.__getitem__) if codes else None
    exit_category = verdict_from(recommended is not None, (f.facts for f in done))
    return Answer(recommended, headline, exit_category)


def _as_finished(run: Running, future: Future) -> Finished:
    # a future keeps what already happened (the server answered, the channel verified, …)
    facts = future.facts
    if run.answered and not facts.answered:
        facts = replace(facts, answered=True)
    if run.now.auth is AuthState.OK:
        facts = replace(facts, auth=AuthState.OK)
    return Finished(run.pairing, future.ok, facts, facts.code is not None and not future.ok)


def is_final(
    done: Sequence[Finished],
    running: Iterable[Running],
    know: Knowledge,
    rank: Rank,
) -> bool:
    """True when no running attempt, whatever it still does, can change the answer."""
    running = list(running)
    if any(r.phase is Phase.SETTLED for r in running):
        return False
    now = [Finished(r.pairing, False, r.now, r.now.code is not None) for r in running]
    current = answer_of([*done, *now], rank)
    if current.recommended is not None:
        return not _may_beat(current.recommended, running, know, rank)
    for index, run in enumerate(running):
        found = _distinct(futures(run, know))
        if any(f.ok and run.pairing.security is not Security.NONE for f in found):
            return False  # it may still work, and then it is the recommendation
        others = [*done, *now[:index], *now[index + 1 :]]
        for future in found:
            if answer_of([*others, _as_finished(run, future)], rank) != current:
                return False
    return True


def _may_beat(best: Pairing, running: list[Running], know: Knowledge, rank: Rank) -> bool:
    """With a recommendation, only a better pairing that may still work changes the answer
    (the exit category is 0 and no failure is told). A top-tier answer does not wait for
    pairings still connecting: a blocked port does not hold a working answer hostage."""
    top_tier = best in TOP_TIER
    limit = rank(best)
    return any(
        run.pairing.security is not Security.NONE
        and rank(run.pairing) < limit
        and any(f.ok for f in futures(run, know, may_connect=not top_tier))
        for run in running
    )


def _distinct(found: Iterable[Future]) -> list[Future]:
    seen: set[Future] = set()
    unique: list[Future] = []
    for future in found:
        if future not in seen:
            seen.add(future)
            unique.append(future)
    return unique
