"""Record one attempt as it runs: stages with durations, TLS facts, transcript, outcome."""

from __future__ import annotations

import time
from dataclasses import replace

from smtpwizard.core.models import (
    Attempt,
    AuthState,
    Failure,
    Outcome,
    Pairing,
    Stage,
    StageName,
    TlsInfo,
)
from smtpwizard.core.probe.events import AttemptFinished, CellState, EventSink, StageFinished
from smtpwizard.core.servertext import safe_server_text

# the cell a person sees once a stage has succeeded
_STATE_AFTER: dict[StageName, CellState] = {
    StageName.RESOLVE: CellState.CONNECTING,
    StageName.CONNECT: CellState.CONNECTED,
    StageName.TLS: CellState.ENCRYPTED,
    StageName.GREETING: CellState.CONNECTED,
    StageName.EHLO: CellState.CONNECTED,
    StageName.STARTTLS: CellState.ENCRYPTED,
    StageName.EHLO_TLS: CellState.ENCRYPTED,
    StageName.AUTH: CellState.SIGNED_IN,
    StageName.SENDER: CellState.SIGNED_IN,
    StageName.SEND: CellState.SIGNED_IN,
    StageName.CAPABILITY: CellState.CONNECTED,
    StageName.CAPABILITY_TLS: CellState.ENCRYPTED,
    StageName.INBOX: CellState.SIGNED_IN,
}

MAX_TRANSCRIPT_LINES = 200
MAX_LINE = 300


class AttemptRecorder:
    """Mutable while the attempt runs; :meth:`finish` freezes it into an :class:`Attempt`."""

    def __init__(self, host: str, pairing: Pairing, on_event: EventSink | None = None) -> None:
        self.host = host
        self.pairing = pairing
        self._on_event = on_event
        self.stages: list[Stage] = []
        self.current: StageName | None = None
        self._started = 0.0
        self.tls: TlsInfo | None = None
        self.auth_mechanisms: tuple[str, ...] = ()
        self.auth_mechanisms_before_tls: tuple[str, ...] = ()
        self.extensions: tuple[str, ...] = ()
        self.auth = AuthState.NOT_TRIED
        self.auth_note = ""
        self.transcript: list[str] = []
        self.connected = False
        self.first_bytes = ""  # what the server sent first (peeked before the greeting is read)
        self.state = CellState.WAITING
        self.result: Attempt | None = None

    # --- stages ------------------------------------------------------------------------------
    def begin(self, name: StageName) -> None:
        self.current = name
        self._started = time.perf_counter()

    def elapsed_ms(self) -> float:
        return (time.perf_counter() - self._started) * 1000.0 if self.current else 0.0

    def done(self, ok: bool = True, detail: str = "", ms: float | None = None) -> None:
        """Close the current stage."""
        if self.current is None:
            return
        stage = Stage(self.current, ok, self.elapsed_ms() if ms is None else ms, _clip(detail))
        self.stages.append(stage)
        if ok:
            if stage.name is StageName.CONNECT:
                self.connected = True
            self.state = _STATE_AFTER[stage.name]
        self.current = None
        if self._on_event is not None:
            self._on_event(StageFinished(self.pairing, stage, self.state))

    def add_stage(self, name: StageName, ok: bool, ms: float, detail: str = "") -> None:
        """Record a stage measured elsewhere (the shared name lookup)."""
        self.begin(name)
        self.done(ok, detail, ms=ms)

    def stage_ms(self, name: StageName) -> float:
        """How long the finished stage ``name`` took (0 if it did not finish)."""
        return next((s.ms for s in self.stages if s.name is name and s.ok), 0.0)

    @property
    def greeted(self) -> bool:
        """The server has sent its SMTP greeting: it is alive and answering."""
        return any(s.name is StageName.GREETING and s.ok for s in self.stages)

    # --- transcript --------------------------------------------------------------------------
    def client(self, line: str) -> None:
        self._say("C", line)

    def server(self, code: int, message: str) -> None:
        lines = message.splitlines() or [""]
        for i, text in enumerate(lines):
            sep = "-" if i < len(lines) - 1 else " "
            self._say("S", f"{code}{sep}{text}")

    def server_line(self, text: str) -> None:
        """A server line without an SMTP reply code (IMAP, POP3)."""
        for line in text.splitlines() or [""]:
            self._say("S", line)

    def note(self, line: str) -> None:
        self._say("*", line)

    def _say(self, who: str, line: str) -> None:
        if len(self.transcript) < MAX_TRANSCRIPT_LINES:
            self.transcript.append(f"{who}: {_clip(line)}")

    # --- end ---------------------------------------------------------------------------------
    def finish(self, outcome: Outcome, failure: Failure | None = None) -> Attempt:
        if self.current is not None:  # the stage in progress did not complete
            self.done(ok=False, detail=failure.detail if failure else "")
        self.state = {
            Outcome.OK: CellState.OK,
            Outcome.FAILED: CellState.FAILED,
            Outcome.SKIPPED: CellState.NOT_TRIED,
            Outcome.UNFINISHED: CellState.UNFINISHED,
        }[outcome]
        self.result = Attempt(
            host=self.host,
            pairing=self.pairing,
            outcome=outcome,
            failure=_clean_failure(failure),
            stages=tuple(self.stages),
            tls=_clean_tls(self.tls),
            auth_mechanisms=tuple(map(clean, self.auth_mechanisms)),
            auth_mechanisms_before_tls=tuple(map(clean, self.auth_mechanisms_before_tls)),
            auth=self.auth,
            auth_note=clean(self.auth_note),
            transcript=tuple(self.transcript),
            extensions=tuple(map(clean, self.extensions)),
        )
        if self._on_event is not None:
            self._on_event(AttemptFinished(self.result))
        return self.result


def clean(text: str) -> str:
    """Server text made safe for every destination (:mod:`smtpwizard.core.servertext`)."""
    return safe_server_text(text)


def _clean_tls(tls: TlsInfo | None) -> TlsInfo | None:
    """The certificate's names and the cipher come from the server too."""
    if tls is None:
        return None
    return replace(
        tls,
        subject=clean(tls.subject),
        issuer=clean(tls.issuer),
        names=tuple(map(clean, tls.names)),
        not_before=clean(tls.not_before),
        not_after=clean(tls.not_after),
    )


def _clean_failure(failure: Failure | None) -> Failure | None:
    if failure is None:
        return None
    return replace(
        failure,
        detail=clean(failure.detail).replace("\n", " / "),  # one line: no forged lines
        params={k: clean(v) for k, v in failure.params.items()},
    )


def _clip(text: str) -> str:
    flat = clean(text).replace("\n", " ")
    return flat if len(flat) <= MAX_LINE else flat[: MAX_LINE - 1] + "…"
