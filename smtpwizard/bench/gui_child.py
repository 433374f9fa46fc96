"""Child process: the real wizard runs a full probe offscreen while a timer measures its lateness.

``python -m smtpwizard.bench.gui_child LAB.json`` — LAB.json names the demo-like lab (host, port
map, CA, account). The wizard is driven the way a person does it (Next, Next, Next); a
``QTimer`` fires every ``TICK_MS`` and records how late each tick came: the longest lateness is
the longest time the window could not react. Measured from the Next that starts the probe until
every cell of the matrix is final. Prints one JSON line; the parent reads the peak memory.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

TICK_MS = 4


class LagMonitor:
    """Every ``TICK_MS`` a precise Qt timer notes how much later than due it fired."""

    def __init__(self) -> None:
        # lazy: the benchmark times this import or loads only what it measures
        from PySide6.QtCore import Qt, QTimer

        self.gaps: list[float] = []
        self.at: list[float] = []  # when each gap ended (ms since start)
        self._last = 0.0
        self._started = 0.0
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = self._started = time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000 - TICK_MS)
        self.at.append((now - self._started) * 1000)
        self._last = now

    def stop(self) -> dict[str, Any]:
        self._tick()  # the stretch since the last tick counts too
        self.timer.stop()
        worst = sorted(zip(self.gaps, self.at, strict=True), reverse=True)
        return {
            "max_stall_ms": round(max(worst[0][0], 0.0), 2),
            # (lateness, when it ended) in ms since the Next that started the probe
            "worst_stalls_ms": [[round(g, 2), round(t, 1)] for g, t in worst[:5]],
            "ticks": len(self.gaps),
            "ticks_over_16ms": sum(1 for g in self.gaps if g >= 16.0),
        }


async def _until(check: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for {what}")
        await asyncio.sleep(0.005)


async def drive(wizard: Any, monitor: LagMonitor) -> dict[str, Any]:
    # lazy: the benchmark times this import or loads only what it measures
    from PySide6.QtWidgets import QWizard

    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.core.probe.events import CellState

    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.gui.page_ids import PageId

    final = {CellState.OK, CellState.FAILED, CellState.NOT_TRIED, CellState.UNFINISHED}
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    answered: list[float] = []  # when the final answer was on screen (the runner's final)
    wizard.runner.final.connect(lambda _report: answered.append(time.perf_counter()))
    await asyncio.sleep(0.2)  # the window is shown and drawn; discovery (offline) settles
    for page in (PageId.ACCOUNT, PageId.SERVER, PageId.SIGNIN):
        await _until(
            lambda p=page: wizard.currentId() == p and next_button.isEnabled(),
            10,
            f"page {page.name} ready",
        )
        if page is PageId.SIGNIN:
            monitor.start()
            started = time.perf_counter()
        wizard.next()
    await _until(lambda: wizard.currentId() == PageId.TESTING, 5, "the testing page")
    matrix = wizard.testing_page.matrix
    await _until(lambda: wizard.state.report is not None, 15, "the verdict")
    verdict_ms = (time.perf_counter() - started) * 1000
    await _until(lambda: bool(answered), 15, "the final answer")
    final_ms = (answered[0] - started) * 1000
    await _until(
        lambda: (
            not wizard.runner.running
            and all(matrix.cell_state(p) in final for p in matrix.pairings())
        ),
        15,
        "every cell final",
    )
    probe_ms = (time.perf_counter() - started) * 1000
    stalls = monitor.stop()
    report = wizard.state.report
    return {
        **stalls,
        "verdict_ms": round(verdict_ms, 1),
        "final_ms": round(final_ms, 1),
        "probe_ms": round(probe_ms, 1),
        "recommended": str(report.recommended.port) if report.recommended else None,
        "cells": {str(p): matrix.cell_state(p).value for p in matrix.pairings()},
    }


def main(argv: list[str]) -> int:
    # lazy: the benchmark times this import or loads only what it measures
    import qasync

    # lazy: the benchmark times this import or loads only what it measures
    from PySide6.QtWidgets import QApplication

    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.bench.timeouts import BENCH_TIMEOUTS

    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.core.probe.options import Timeouts

    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.gui.state import DemoConfig, WizardState

    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.gui.wizard import SetupWizard

    lab = json.loads(Path(argv[0]).read_text())
    app = QApplication(["smtpwizard-bench"])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    demo = DemoConfig(
        host=lab["host"],
        port_map={int(k): v for k, v in lab["port_map"].items()},
        ca_pem=lab["ca_pem"],
        email=lab["username"],
        username=lab["username"],
        password=lab["password"],
    )
    timeouts = Timeouts() if lab.get("timeouts") == "default" else BENCH_TIMEOUTS
    state = WizardState(demo=demo, timeouts=timeouts)
    state.discovery_overrides = {"offline": True}
    wizard = SetupWizard(state)
    wizard.show()
    monitor = LagMonitor()
    with loop:
        result = loop.run_until_complete(drive(wizard, monitor))
    print(json.dumps(result), flush=True)
    os._exit(0)  # no teardown: the parent only wanted the numbers (and the peak memory)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
