"""Benchmarks 4 and 6: the wizard's longest event-loop stall and peak memory during a full probe
(:mod:`.gui_child`), and the peak memory of ``smtpwizard probe --demo`` from the command line."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from smtpwizard.bench.children import PYTHON, run_child
from smtpwizard.bench.stats import Goal, Result, Samples


def run_wizard(lab: dict[str, Any], runs: int) -> list[tuple[dict[str, Any], float]]:
    """The wizard child ``runs`` times against ``lab``: (its JSON line, peak memory in MB)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({**lab, "port_map": {str(k): v for k, v in lab["port_map"].items()}}, f)
    found: list[tuple[dict[str, Any], float]] = []
    try:
        for _ in range(runs):
            run = run_child([PYTHON, "-m", "smtpwizard.bench.gui_child", f.name], timeout=90)
            if run.returncode != 0 or "max_stall_ms" not in run.output:
                raise RuntimeError(
                    f"the wizard benchmark failed (exit {run.returncode}):\n{run.stderr[-3000:]}"
                )
            found.append((run.output, run.max_rss_mb))
    finally:
        Path(f.name).unlink(missing_ok=True)
    return found


def measure_wizard(lab: dict[str, Any], runs: int) -> list[Result]:
    stalls, rss, verdicts, outputs = [], [], [], []
    for output, memory in run_wizard(lab, runs):
        stalls.append(float(output["max_stall_ms"]))
        verdicts.append(float(output["verdict_ms"]))
        rss.append(memory)
        outputs.append(output)
    return [
        Result(
            id="gui_stall",
            title="4. GUI longest event-loop stall, full probe",
            value=Samples.of(stalls, "ms"),
            goal=Goal("value", "<", 16.0),
            notes="offscreen wizard, Next into Testing until every cell is final (first "
            "probe of the process); precise QTimer every 4 ms, stall = lateness",
            extra={
                "worst_stalls_last_run": outputs[-1]["worst_stalls_ms"],
                "verdict_ms": Samples.of(verdicts, "ms").to_dict(),
                "cells_last_run": outputs[-1]["cells"],
            },
        ),
        Result(
            id="gui_memory",
            title="6. peak memory, wizard with a full probe",
            value=Samples.of(rss, "MB"),
            goal=Goal("value", "<=", 150.0),
            notes="max RSS of the wizard process (wait4); the lab runs in another process",
        ),
    ]


def measure_cli(runs: int) -> Result:
    rss, walls = [], []
    for _ in range(runs):
        run = run_child([PYTHON, "-m", "smtpwizard", "probe", "--demo", "--json"], timeout=90)
        if run.returncode != 0:
            raise RuntimeError(
                f"smtpwizard probe --demo exited {run.returncode}:\n{run.stderr[-2000:]}"
            )
        rss.append(run.max_rss_mb)
        walls.append(run.wall_s * 1000)
    return Result(
        id="cli_memory",
        title="6. peak memory, smtpwizard probe --demo",
        value=Samples.of(rss, "MB"),
        notes="max RSS (wait4); includes the demo servers, which this command runs in-process",
        extra={"wall_ms": Samples.of(walls, "ms").to_dict()},
    )
