"""Child processes: the lab process, and measured children whose peak memory the kernel reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PYTHON = sys.executable


def child_env(**extra: str) -> dict[str, str]:
    """Offscreen Qt, no real keyring, settings and saved accounts in a throwaway folder."""
    folder = Path(tempfile.mkdtemp(prefix="smtpwizard-bench-"))
    env = dict(os.environ)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    # an installed program starts from its bytecode (pip compiles it on install, the bundle
    # carries it); a shell with PYTHONDONTWRITEBYTECODE=1 would make every start compile every
    # module of smtpwizard again (about 100 ms here), which no user sees
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "SMTPWIZARD_SETTINGS_DIR": str(folder / "settings"),
            "SMTPWIZARD_CONFIG_DIR": str(folder / "config"),
        }
    )
    env.update(extra)
    return env


@dataclass(frozen=True)
class ChildRun:
    """What a measured child printed (its last JSON line), its exit code and peak memory."""

    output: dict[str, Any]
    returncode: int
    max_rss_mb: float
    wall_s: float
    stderr: str


def run_child(
    argv: list[str], *, env: dict[str, str] | None = None, timeout: float = 120.0, stdin: str = ""
) -> ChildRun:
    """Run ``argv`` to its end; peak resident memory from ``wait4`` (this child alone)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.monotonic()
        proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=out, stderr=err, env=env or child_env(), text=True
        )
        assert proc.stdin is not None
        try:
            proc.stdin.write(stdin)
            proc.stdin.close()
        except BrokenPipeError:
            pass
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                err.seek(0)
                raise RuntimeError(
                    f"{' '.join(argv[1:4])} took longer than {timeout:.0f} s:\n{err.read()[-2000:]}"
                )
            time.sleep(0.005)
        wall = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in KiB on Linux
        return ChildRun(
            _last_json(out.read()), proc.returncode, usage.ru_maxrss / 1024, wall, err.read()
        )


def _last_json(text: str) -> dict[str, Any]:
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                return value
    return {}


class LabProcess:
    """``with LabProcess(fleet=100) as lab: lab.config[...]`` — the servers of :mod:`.labproc`."""

    def __init__(self, fleet: int = 0) -> None:
        self.fleet = fleet
        self.config: dict[str, Any] = {}
        self._proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> LabProcess:
        self._proc = subprocess.Popen(
            [PYTHON, "-m", "smtpwizard.bench.labproc", "--fleet", str(self.fleet)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=child_env(),
            text=True,
        )
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            self.__exit__(None, None, None)
            raise RuntimeError("the benchmark lab did not start")
        self.config = json.loads(line)
        return self

    def lab(self, name: str) -> dict[str, Any]:
        """``{"host", "port_map" (int -> int), "ca_pem", "username", "password"}``."""
        entry = dict(self.config["labs"][name])
        if name.endswith("_wan"):
            entry["delay_ms"] = self.config["delay_ms"]
        return self._entry(entry)

    def fleet_hosts(self) -> list[dict[str, Any]]:
        return [self._entry(e) for e in self.config["labs"]["fleet"]]

    def _entry(self, entry: dict[str, Any]) -> dict[str, Any]:
        return {
            "host": entry["host"],
            "delay_ms": entry.get("delay_ms", 0.0),
            "port_map": {int(k): int(v) for k, v in entry["port_map"].items()},
            "ca_pem": self.config["ca_pem"],
            "username": self.config["username"],
            "password": self.config["password"],
        }

    def __exit__(self, *exc: object) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        assert proc.stdin is not None
        proc.stdin.close()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
