"""At most one failed login per probe (security rule 3 of docs/design.md).

Every pairing that safely reaches the point where it could send the credentials asks the gate.
The gate lets the best of them go first (the *leader*) and holds the others. When the leader's
login succeeds, all others may log in too (in parallel, so each pairing is proven); when it
fails, nobody else tries the same credentials.

One gate may serve several probes that use the same credentials (the outgoing SMTP probe and
the incoming IMAP/POP3 probe of one account): each registers its pairings with :meth:`expect`,
its ranks shifted so that the probes' pairings order as one list. An account lock-out does not
care which protocol failed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from smtpwizard.core.wording.base import _

# a pairing (outgoing or incoming); anything hashable that the rank function understands
Key = Hashable


class Turn(Enum):
    LEAD = "lead"  # you are the first to try the credentials
    FOLLOW = "follow"  # the credentials already worked elsewhere: go ahead
    DENIED = "denied"  # the credentials failed elsewhere: do not send them


@dataclass(frozen=True)
class Decision:
    turn: Turn
    note: str = ""


class AuthGate:
    def __init__(
        self,
        candidates: Iterable[Key],
        rank: Callable[[Any], int],
        grace: float = 0.75,
    ) -> None:
        """``candidates``: the pairings that may still come asking (plaintext ones excluded)."""
        self._running: set[Key] = set(candidates)
        self._default_rank = rank
        self._ranks: dict[Key, int] = {}
        self._grace = grace
        self._waiting: dict[Key, asyncio.Future[Decision]] = {}
        self._leader: Key | None = None
        self._result: Decision | None = None  # FOLLOW or DENIED once the leader reported
        self._timer: asyncio.TimerHandle | None = None

    @property
    def leader(self) -> Key | None:
        return self._leader

    def expect(self, candidates: Iterable[Key], rank: Callable[[Any], int], offset: int) -> None:
        """Another probe's pairings join, ranked ``offset + rank(pairing)``."""
        for key in candidates:
            self._running.add(key)
            self._ranks[key] = offset + rank(key)

    def _rank(self, key: Key) -> int:
        found = self._ranks.get(key)
        return self._default_rank(key) if found is None else found

    @property
    def outcome(self) -> Turn | None:
        """``FOLLOW`` once the leader's login worked, ``DENIED`` once it failed, else None."""
        return self._result.turn if self._result is not None else None

    def add(self, pairing: Key) -> None:
        """A pairing started late (an extra attempt) that may come asking too."""
        if self._result is None and self._leader is None:
            self._running.add(pairing)

    async def ask(self, pairing: Key) -> Decision:
        if self._result is not None:
            return self._result
        future: asyncio.Future[Decision] = asyncio.get_running_loop().create_future()
        self._waiting[pairing] = future
        self._elect()
        try:
            return await future
        finally:
            self._waiting.pop(pairing, None)

    def finished(self, pairing: Key) -> None:
        """The attempt for ``pairing`` ended (it will not ask, or it already has)."""
        self._running.discard(pairing)
        if pairing == self._leader and self._result is None:
            # the leader ended without reporting (cancelled, deadline): the credentials may
            # have been judged; do not risk a second failed login
            self.report(
                pairing,
                ok=False,
                note=_("the sign-in on {pairing} did not finish").format(pairing=pairing),
            )
        self._elect()

    def report(self, pairing: Key, *, ok: bool, note: str = "") -> None:
        """The leader tells how its login went."""
        if pairing != self._leader or self._result is not None:
            return
        if ok:
            self._result = Decision(Turn.FOLLOW)
        else:
            self._result = Decision(Turn.DENIED, note or f"not tried: rejected on {pairing}")
        for future in self._waiting.values():
            if not future.done():
                future.set_result(self._result)

    def _elect(self) -> None:
        if self._leader is not None or not self._waiting:
            return
        best = min(self._waiting, key=self._rank)
        better_running = [
            p for p in self._running if p not in self._waiting and self._rank(p) < self._rank(best)
        ]
        if better_running and self._timer is None:
            # wait a little for a better pairing that is still on its way, but not long:
            # a blocked port must not hold the sign-in hostage
            self._timer = asyncio.get_running_loop().call_later(self._grace, self._elect_now)
            return
        if better_running:
            return
        self._elect_now()

    def _elect_now(self) -> None:
        if self._leader is not None or not self._waiting:
            return
        if self._timer is not None:
            self._timer.cancel()
        best = min(self._waiting, key=self._rank)
        self._leader = best
        future = self._waiting[best]
        if not future.done():
            future.set_result(Decision(Turn.LEAD))

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
