"""Benchmark 5: cold start to the first wizard page shown, vs a bare PySide6 QWizard.

The app has no "exit once shown" switch, so this module is also the child process:
``python -m smtpwizard.bench.startup MODE`` with MODE

* ``gui``      ``smtpwizard gui`` exactly as the command line runs it (``smtpwizard.cli.main``),
  the wizard class wrapped so that its first paint is noted;
* ``gui-demo`` the same with ``--demo`` (also starts the demo servers and their certificates);
* ``bare``     a bare ``QWizard`` with one page, started the same way (``python -m``).

The child prints the monotonic clock (system-wide on Linux) when the first paint of the window
has been delivered and the event loop is idle again, then exits at once. The parent measures from
just before it started the process. Frozen: ``dist/smtpwizard/smtpwizard --self-test`` prints the
seconds from process start to the first page drawn; compared with the same line from source.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

# the child imports nothing else of the benchmark at module level: that would count as start-up
if TYPE_CHECKING:
    from smtpwizard.bench.stats import Result

FROZEN = Path("dist/smtpwizard/smtpwizard")
_SELF_TEST_LINE = re.compile(r"wizard: first page .* ([0-9.]+) s after process start")


# --- the child ---------------------------------------------------------------------------------
def _watch_first_paint(window: Any) -> None:
    """Note the time of the window's first paint, then of the first idle moment of the event
    loop once the window is whole (``window.completed``, when it has that: smtpwizard builds
    the pages after the first one after drawing it); print both and exit."""
    # lazy: the benchmark times this import or loads only what it measures
    from PySide6.QtCore import QEvent, QObject, QTimer

    drawn: list[float] = []

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not drawn:
                drawn.append(time.monotonic())
                window.removeEventFilter(self)
                if getattr(window, "completed", True):
                    QTimer.singleShot(0, report)
            return False

    def report() -> None:
        page = window.currentPage()
        print(
            json.dumps(
                {
                    "drawn_at": drawn[0],
                    "shown_at": time.monotonic(),
                    "page": page.title() if page is not None else None,
                }
            ),
            flush=True,
        )
        os._exit(0)

    def completed() -> None:  # called by TimedWizard.complete(), after building the rest
        if drawn:
            QTimer.singleShot(0, report)

    window._bench_first_paint = FirstPaint(window)
    window._bench_completed = completed
    window.installEventFilter(window._bench_first_paint)


def _child_real(demo: bool) -> int:
    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.gui import app

    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.gui.wizard import SetupWizard

    class TimedWizard(SetupWizard):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            _watch_first_paint(self)

        def complete(self) -> None:
            done_before = self.completed
            super().complete()
            if not done_before and hasattr(self, "_bench_completed"):
                self._bench_completed()

    setattr(app, "SetupWizard", TimedWizard)  # noqa: B010 (the name app.run_wizard looks up)
    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.cli import main

    return main(["gui", "--demo"] if demo else ["gui"])


def _child_bare() -> int:
    # lazy: the benchmark times this import or loads only what it measures
    from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage

    qapp = QApplication(sys.argv[:1])
    wizard = QWizard()
    page = QWizardPage()
    page.setTitle("Your email account")
    QVBoxLayout(page).addWidget(QLabel("A bare wizard page"))
    wizard.addPage(page)
    wizard.resize(820, 720)
    _watch_first_paint(wizard)
    wizard.show()
    return qapp.exec()


# --- the parent --------------------------------------------------------------------------------
def _start_ms(mode: str) -> tuple[float, float]:
    """(ms to the first paint, ms until the loop is idle after it), from the process start."""
    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.bench.children import PYTHON, child_env, run_child

    env = child_env()
    started = time.monotonic()
    run = run_child([PYTHON, "-m", "smtpwizard.bench.startup", mode], env=env, timeout=60)
    if "shown_at" not in run.output:
        raise RuntimeError(
            f"start-up child {mode!r} showed nothing (exit {run.returncode}):\n{run.stderr[-2000:]}"
        )
    return (
        (float(run.output["drawn_at"]) - started) * 1000,
        (float(run.output["shown_at"]) - started) * 1000,
    )


def _provider_data_row(runs: int) -> Result:
    """CPU time to load, check and merge the bundled provider data (done once, on first use,
    in the wizard's warm-up thread), against the curated file alone."""
    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.bench.stats import Result, Samples

    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.core.discovery.providers import data_path, load_providers

    def cpu_ms(load: Any) -> list[float]:
        load()  # imports and the page cache
        out = []
        for _ in range(runs):
            start = time.process_time()
            load()
            out.append((time.process_time() - start) * 1000)
        return out

    merged = cpu_ms(load_providers)
    curated = cpu_ms(lambda: load_providers(data_path()))
    data = load_providers()
    return Result(
        id="startup_provider_data",
        title="5. provider data: load, check, merge (CPU)",
        value=Samples.of(merged, "ms"),
        baseline=Samples.of(curated, "ms"),
        baseline_label="the curated file alone",
        notes=f"{len(data)} providers, {data.domain_count} domains: providers.json + the "
        "converted Thunderbird ISPDB; lazily, once per process (informational)",
    )


def measure(runs: int, root: Path) -> list[Result]:
    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.bench.stats import Goal, Result, Samples, skipped

    modes = ("bare", "gui", "gui-demo")
    for mode in modes:  # one warm-up each: the page cache, .pyc files
        _start_ms(mode)
    drawn: dict[str, list[float]] = {m: [] for m in modes}
    ready: dict[str, list[float]] = {m: [] for m in modes}
    for _ in range(runs):  # interleaved, so a busy moment hits every mode alike
        for mode in modes:
            first_paint, idle = _start_ms(mode)
            drawn[mode].append(first_paint)
            ready[mode].append(idle)
    bare = Samples.of(drawn["bare"], "ms")
    bare_ready = Samples.of(ready["bare"], "ms")
    how = (
        "from just before the process is started to its first paint (offscreen), "
        "python -m …, warm page cache"
    )
    results = [
        Result(
            id="startup_source",
            title="5. cold start to 1st page drawn, from source",
            value=Samples.of(drawn["gui"], "ms"),
            baseline=bare,
            baseline_label="bare PySide6 QWizard",
            goal=Goal("ratio", "<=", 1.3),
            notes=f"smtpwizard gui; {how}",
        ),
        Result(
            id="startup_source_ready",
            title="5. ... until ready for input, from source",
            value=Samples.of(ready["gui"], "ms"),
            baseline=bare_ready,
            baseline_label="bare PySide6 QWizard",
            notes="until the event loop is first idle after the paint: the rest of the "
            "wizard and the asyncio loop are loaded by then (informational)",
        ),
        Result(
            id="startup_source_demo",
            title="5. cold start to 1st page drawn, gui --demo",
            value=Samples.of(drawn["gui-demo"], "ms"),
            baseline=bare,
            baseline_label="bare PySide6 QWizard",
            notes="also starts the demo servers and their certificates (informational)",
        ),
    ]
    results.append(_provider_data_row(max(runs, 5) * 4))
    frozen = root / FROZEN
    if not os.access(frozen, os.X_OK):
        results.append(
            skipped(
                "startup_frozen",
                "5. cold start to 1st page, frozen",
                "not built (bash packaging/build.sh)",
            )
        )
        return results
    frozen_ms = [_self_test_frozen(frozen) for _ in range(runs)]
    source_ms = [_self_test_frozen(None) for _ in range(runs)]
    results.append(
        Result(
            id="startup_frozen",
            title="5. cold start to 1st page, frozen bundle",
            value=Samples.of(frozen_ms, "ms"),
            baseline=Samples.of(source_ms, "ms"),
            baseline_label="same measure from source",
            notes="the start-up line of --self-test (process start to the first page drawn); a "
            "frozen bare QWizard is compared by packaging/measure.sh",
        )
    )
    return results


def _self_test_frozen(program: Path | None) -> float:
    # lazy: the benchmark times this import or loads only what it measures
    import subprocess

    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.bench.children import PYTHON, child_env

    argv = [str(program)] if program is not None else [PYTHON, "-m", "smtpwizard"]
    done = subprocess.run(
        [*argv, "--self-test"], env=child_env(), capture_output=True, text=True, timeout=120
    )
    found = _SELF_TEST_LINE.search(done.stdout)
    if found is None:
        raise RuntimeError(
            f"{argv[0]} --self-test printed no start-up line:\n"
            f"{done.stdout[-1500:]}{done.stderr[-1500:]}"
        )
    return float(found.group(1)) * 1000


def main(argv: list[str]) -> int:
    mode = argv[0] if argv else ""
    if mode == "bare":
        return _child_bare()
    if mode in ("gui", "gui-demo"):
        return _child_real(demo=mode == "gui-demo")
    print("usage: python -m smtpwizard.bench.startup bare|gui|gui-demo", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
