"""Start, probe and close the real wizard many times on a real X display; count exit codes.

Each cycle runs ``python -m smtpwizard gui --demo`` as its own process on ``$DISPLAY`` (the xcb
platform), drives it with real key presses (``xdotool``: Enter for Next, Escape or Alt+F4 to
close) and records how the process ended. Every cycle must end with the documented exit code
(1: cancelled by the user) — never 134 ("Fatal Python error: … refcount error") or a signal.

Run it by hand (``python -m tests.gui.close_cycles --cycles 50``) or through
``tests/gui/test_close_stress.py`` (the CI's Xvfb pass). The processes get a private home,
settings and config folder and the "no keyring" backend: nothing touches the developer's files
or keyring.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

EXIT_CANCELLED = 1
SCENARIOS = ("escape-at-once", "probe-then-escape", "verdict-then-escape", "probe-then-cancel")
WINDOW_TIMEOUT = 20.0
EXIT_TIMEOUT = 20.0
RETRY_AFTER = 4.0
RETRIES = 3
# cycles run side by side on one display: focusing a window and pressing a key (or raising it
# and clicking) is one step
_KEYBOARD = threading.Lock()


@dataclass(frozen=True)
class Cycle:
    number: int
    scenario: str
    exit_code: int | None  # None: it did not end in time (killed)
    seconds: float
    stderr: str
    presses_again: int = 0  # Escape pressed again because the window was still open

    @property
    def as_documented(self) -> bool:
        return self.exit_code == EXIT_CANCELLED


def _xdotool(display: str, *args: str, timeout: float = 5.0) -> str:
    """Run xdotool; "" when it fails or waits too long (the window went away meanwhile)."""
    try:
        done = subprocess.run(
            ["xdotool", *args],
            env={**os.environ, "DISPLAY": display},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return ""
    return done.stdout.strip()


def _window(display: str, pid: int, process: subprocess.Popen[bytes]) -> str | None:
    """The id of the wizard's visible window, once it is mapped (None: it never appeared)."""
    deadline = time.monotonic() + WINDOW_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        found = _xdotool(display, "search", "--onlyvisible", "--pid", str(pid), "--name", ".")
        if found:
            return found.splitlines()[0]
        time.sleep(0.05)
    return None


def _keys(display: str, window: str, *keys: str, pause: float = 0.4, focus: bool = True) -> None:
    """Real key presses (XTEST) into ``window``: focused first, as a person clicks into a window
    before typing (``focus=False``: to whatever has the focus, such as a question the wizard
    just opened); one cycle at a time, since the keyboard goes where the focus is."""
    for key in keys:
        with _KEYBOARD:
            if focus:
                _xdotool(display, "windowfocus", window)
                time.sleep(0.1)  # Qt has seen the focus arrive
            _xdotool(display, "key", "--clearmodifiers", key)
            time.sleep(0.05)  # delivered before another cycle moves the focus
        time.sleep(pause)


def _environment(display: str, home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("QT_", "DBUS_", "XDG_", "SMTPWIZARD_", "PYTHON_KEYRING"))
    }
    for name in ("config", "data", "cache", "runtime", "settings", "app-config"):
        (home / name).mkdir(mode=0o700, exist_ok=True)
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_RUNTIME_DIR=str(home / "runtime"),
        SMTPWIZARD_SETTINGS_DIR=str(home / "settings"),
        SMTPWIZARD_CONFIG_DIR=str(home / "app-config"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONFAULTHANDLER="1",
    )
    return env


def run_cycle(number: int, scenario: str, display: str, seed: int) -> Cycle:
    """One start → (probe) → close, as a person does it; how the process ended."""
    chance = random.Random(seed * 1000 + number)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="smtpwizard-close-") as folder:
        process = subprocess.Popen(
            [sys.executable, "-m", "smtpwizard", "gui", "--demo"],
            env=_environment(display, Path(folder)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            window = _window(display, process.pid, process)
            presses = 0
            if window is not None:
                _drive(display, window, scenario, chance)
                presses = _until_closed(display, window, process)
            code: int | None = process.wait(timeout=EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.send_signal(6)  # faulthandler prints where every thread is
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            code = None
        stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
        if process.stderr:
            process.stderr.close()
    return Cycle(number, scenario, code, time.monotonic() - started, stderr, presses)


def _until_closed(display: str, window: str, process: subprocess.Popen[bytes]) -> int:
    """A key press can be lost on a busy display (sent while the window is still being set
    up): like a person, press Escape again (and leave) when the window is still open."""
    again = 0
    while again < RETRIES:
        try:
            process.wait(timeout=RETRY_AFTER)
            break
        except subprocess.TimeoutExpired:
            again += 1
            _keys(display, window, "alt+l", pause=0.3, focus=False)
            _keys(display, window, "Escape", pause=0.5)
            _keys(display, window, "alt+l", pause=0.0, focus=False)
    return again


def _drive(display: str, window: str, scenario: str, chance: random.Random) -> None:
    if scenario == "escape-at-once":
        time.sleep(chance.uniform(0.0, 0.6))
        _keys(display, window, "Escape", pause=0.0)
        return
    # the demo fills everything in: Enter (Next) three times reaches the Testing page
    _keys(display, window, "Return", "Return", "Return")
    if scenario == "probe-then-escape":  # while the probe runs, or just after
        time.sleep(chance.uniform(0.0, 0.8))
        _keys(display, window, "Escape")
    elif scenario == "verdict-then-escape":
        time.sleep(chance.uniform(1.0, 2.0))
        _keys(display, window, "Escape")
    else:  # a mouse click on Cancel (bottom right, where QWizard puts it)
        time.sleep(chance.uniform(0.0, 1.5))
        _click_cancel(display, window)
        time.sleep(0.4)
    # a verified result asks "Leave without your working settings?" (it has the focus): Alt+L
    time.sleep(0.4)
    _keys(display, window, "alt+l", pause=0.0, focus=False)


def _click_cancel(display: str, window: str) -> None:
    geometry = dict(
        line.strip().split("=", 1)
        for line in _xdotool(display, "getwindowgeometry", "--shell", window).splitlines()
        if "=" in line
    )
    if "WIDTH" not in geometry:  # the window is gone already (the process ended)
        return
    x, y = int(geometry["WIDTH"]) - 52, int(geometry["HEIGHT"]) - 26
    with _KEYBOARD:  # the mouse is shared: raise the window, then click on its Cancel
        _xdotool(display, "windowraise", window)
        time.sleep(0.1)
        _xdotool(display, "mousemove", "--window", window, str(x), str(y))
        _xdotool(display, "click", "1")
        time.sleep(0.05)


def run_cycles(cycles: int, display: str, *, parallel: int = 1, seed: int = 1) -> list[Cycle]:
    plan = [(n, SCENARIOS[n % len(SCENARIOS)]) for n in range(cycles)]
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        return list(pool.map(lambda item: run_cycle(item[0], item[1], display, seed), plan))


def summary(results: list[Cycle]) -> Iterator[str]:
    codes = collections.Counter(c.exit_code for c in results)
    yield f"{len(results)} cycles; exit codes: " + ", ".join(
        f"{code}: {count}" for code, count in sorted(codes.items(), key=lambda kv: str(kv[0]))
    )
    for scenario in SCENARIOS:
        mine = [c for c in results if c.scenario == scenario]
        if mine:
            bad = sum(not c.as_documented for c in mine)
            slowest = max(c.seconds for c in mine)
            again = sum(c.presses_again for c in mine)
            yield (
                f"  {scenario}: {len(mine)} runs, {bad} not as documented, slowest "
                f"{slowest:.1f} s, Escape pressed again {again} times"
            )
    for cycle in results:
        if not cycle.as_documented:
            tail = "\n      ".join(cycle.stderr.strip().splitlines()[-40:])
            yield f"  cycle {cycle.number} ({cycle.scenario}) ended with {cycle.exit_code}:"
            yield f"      {tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=50)
    parser.add_argument("--parallel", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    display = os.environ.get("DISPLAY")
    if not display:
        print("close_cycles: set DISPLAY to an X server (Xvfb)", file=sys.stderr)
        return 2
    results = run_cycles(args.cycles, display, parallel=args.parallel, seed=args.seed)
    for line in summary(results):
        print(line)
    return 0 if all(c.as_documented for c in results) else 1


if __name__ == "__main__":
    sys.exit(main())
