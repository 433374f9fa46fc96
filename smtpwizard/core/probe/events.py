"""Progress events a running probe reports to whoever watches it (the GUI, the CLI)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from smtpwizard.core.models import Attempt, Pairing, ProbeReport, Stage


class CellState(StrEnum):
    """What a person sees in one cell of the port × security matrix while a probe runs."""

    WAITING = "waiting"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    ENCRYPTED = "encrypted"
    SIGNED_IN = "signed_in"
    OK = "ok"
    FAILED = "failed"
    NOT_TRIED = "not_tried"
    UNFINISHED = "unfinished"


@dataclass(frozen=True)
class StageFinished:
    """One stage of one pairing finished (successfully or not)."""

    pairing: Pairing
    stage: Stage
    state: CellState


@dataclass(frozen=True)
class AttemptFinished:
    """A pairing reached its final result."""

    attempt: Attempt


@dataclass(frozen=True)
class VerdictReached:
    """A verdict, while pending attempts may still be running.

    ``report`` holds the finished attempts and marks the pending ones ``unfinished``.
    ``final``: no attempt still running can change the answer (the recommendation, the
    headline failure, the exit category); otherwise a better recommendation may follow.
    """

    report: ProbeReport
    final: bool = True


ProbeEvent = StageFinished | AttemptFinished | VerdictReached
EventSink = Callable[[ProbeEvent], None]
