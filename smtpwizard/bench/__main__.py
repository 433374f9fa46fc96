"""``python -m smtpwizard.bench [--quick] [--json FILE] [--runs N] [--only NAMES]``."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from smtpwizard.bench import failures, gui, incoming, network, scale, startup
from smtpwizard.bench.children import LabProcess
from smtpwizard.bench.stats import Result
from smtpwizard.bench.table import render
from smtpwizard.bench.timeouts import BENCH_TIMEOUTS

SCHEMA = "smtpwizard.bench/1"
GROUPS = (
    "matrix",
    "blocked",
    "sequential",
    "gui",
    "startup",
    "memory",
    "scale",
    "failures",
    "incoming",
)
DEFAULT_JSON = Path("bench-results/bench.json")
ROOT = Path(__file__).resolve().parents[2]


def _counts(text: str) -> tuple[int, ...]:
    try:
        counts = tuple(sorted({int(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        raise argparse.ArgumentTypeError("a list of host counts like 1,10,100") from None
    if not counts or min(counts) < 1 or max(counts) > 500:
        raise argparse.ArgumentTypeError("host counts must be between 1 and 500")
    return counts


def _groups(text: str) -> tuple[str, ...]:
    names = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [n for n in names if n not in GROUPS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"choose from {', '.join(GROUPS)}")
    return names


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m smtpwizard.bench",
        description="Benchmarks against loopback lab servers: a table, and JSON.",
    )
    p.add_argument("--quick", action="store_true", help="fewer runs (a rough look)")
    p.add_argument(
        "--json",
        metavar="FILE",
        type=Path,
        default=DEFAULT_JSON,
        help=f"where to write the results (default {DEFAULT_JSON})",
    )
    p.add_argument(
        "--runs", type=int, metavar="N", help="runs per measurement (default 5, --quick 2)"
    )
    p.add_argument(
        "--only",
        type=_groups,
        metavar="NAMES",
        default=GROUPS,
        help=f"comma-separated subset of: {', '.join(GROUPS)}",
    )
    p.add_argument(
        "--scale",
        type=_counts,
        metavar="COUNTS",
        default=(1, 10, 100),
        help="host counts for the scale benchmark (default 1,10,100)",
    )
    return p


def run(args: argparse.Namespace, say: Callable[[str], None]) -> list[Result]:
    runs = args.runs or (2 if args.quick else 5)
    few = max(1, runs // 2) if args.quick else max(2, (runs + 1) // 2)  # the slow child runs
    only = set(args.only)
    results: list[Result] = []
    fleet = max(args.scale) if "scale" in only else 0
    with LabProcess(fleet=fleet) as lab:
        labs = {n: lab.lab(n) for n in ("demo", "blocked", "demo_wan", "blocked_wan")}

        async def engine() -> list[Result]:
            found: list[Result] = []
            if "matrix" in only:
                say("1. full matrix vs one pairing")
                found.append(await network.matrix_vs_single(labs["demo"], runs))
                found.append(await network.matrix_vs_single(labs["demo_wan"], runs))
            if "blocked" in only:
                say("2. blocked ports vs the working pairing")
                found.append(await network.blocked_vs_working(labs["blocked"], runs))
                found.append(await network.blocked_vs_working(labs["blocked_wan"], runs))
            if "sequential" in only:
                say("3. engine vs a sequential baseline")
                found.append(await network.engine_vs_sequential(labs["demo"], runs))
                found.append(await network.answer_vs_sequential(labs["demo"], runs))
                found.append(await network.answer_vs_sequential(labs["demo_wan"], runs))
            if "failures" in only:
                say("8. failing hosts: time to the final answer vs a healthy host")
                for suffix in ("", "_wan"):
                    scenario_labs = {
                        s.id: lab.lab(f"fail_{s.id}{suffix}")
                        for s in failures.SCENARIOS
                        if f"fail_{s.id}{suffix}" in lab.config["labs"]
                    }
                    found += await failures.measure(scenario_labs, runs, suffix)
            if "incoming" in only:
                say("9. incoming matrix (IMAP/POP3) next to the SMTP matrix")
                found.append(await incoming.incoming_vs_smtp(labs["demo"], runs))
            return found

        results += asyncio.run(engine())
        if "failures" in only and "gui" in only:
            say("8g. failing hosts in the wizard: time to the final answer vs the CLI")
            scenario_labs = {
                s.id: lab.lab(f"fail_{s.id}")
                for s in failures.SCENARIOS
                if f"fail_{s.id}" in lab.config["labs"]
            }
            results += failures.measure_gui(scenario_labs, results, few)
        if "gui" in only:
            say("4/6. the wizard: event-loop stalls and memory during a probe")
            results += gui.measure_wizard(labs["demo"], few)
        if "startup" in only:
            say("5. cold start")
            results += startup.measure(runs, ROOT)
        if "memory" in only:
            say("6. memory of the command line")
            results.append(gui.measure_cli(few))
        if "scale" in only:
            say("7. scale")
            results += scale.measure(lab.fleet_hosts(), args.scale, few)
    return results


def document(results: list[Result], args: argparse.Namespace, seconds: float) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": bool(args.quick),
        "seconds": round(seconds, 1),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "timeouts": {
            "connect": BENCH_TIMEOUTS.connect,
            "command": BENCH_TIMEOUTS.command,
            "attempt": BENCH_TIMEOUTS.attempt,
        },
        "results": [r.to_dict() for r in results],
    }


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.runs is not None and not 1 <= args.runs <= 50:
        parser().error("--runs must be between 1 and 50")
    os.chdir(ROOT)  # the frozen bundle and the default JSON path are relative to the checkout

    def say(text: str) -> None:
        print(f"… {text}", file=sys.stderr, flush=True)

    started = time.monotonic()
    try:
        results = run(args, say)
    except (RuntimeError, OSError) as exc:
        print(f"smtpwizard bench: {exc}", file=sys.stderr)
        return 1
    seconds = time.monotonic() - started
    print(render(results))
    failed = [r.title for r in results if r.passed is False]
    print(
        f"\n{len(results)} measurements in {seconds:.0f} s; "
        f"{'all goals met' if not failed else f'{len(failed)} goal(s) missed'}"
    )
    path: Path = args.json
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document(results, args, seconds), indent=2) + "\n")
    print(f"results written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
