"""Benchmark 7: probing 1, 10 and 100 hosts from the Python API with bounded concurrency.

Each host is its own pair of lab servers (465 implicit TLS, 587 STARTTLS; 25 and 2525 refused),
probed with the full default matrix, ``wait_all=False``, with AUTH. At most ``CONCURRENCY`` hosts
are probed at once (``asyncio.Semaphore``). Each count runs in a fresh child process
(``python -m smtpwizard.bench.scale HOSTS.json N``), so its peak memory is its own.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CONCURRENCY = 10


async def probe_hosts(hosts: list[dict[str, Any]], concurrency: int) -> dict[str, Any]:
    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.bench.network import options

    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.core.models import Outcome

    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.core.probe.engine import probe_async

    gate = asyncio.Semaphore(concurrency)

    async def one(host: dict[str, Any]) -> bool:
        async with gate:
            report = await probe_async(options(host))
        return any(a.outcome is Outcome.OK for a in report.attempts)

    started = time.perf_counter()
    working = await asyncio.gather(*(one(h) for h in hosts))
    return {
        "wall_ms": (time.perf_counter() - started) * 1000,
        "hosts": len(hosts),
        "working": sum(working),
    }


def child(argv: list[str]) -> int:
    data = json.loads(Path(argv[0]).read_text())
    count = int(argv[1])
    hosts = [{**h, "port_map": {int(k): v for k, v in h["port_map"].items()}} for h in data[:count]]
    print(json.dumps(asyncio.run(probe_hosts(hosts, CONCURRENCY))), flush=True)
    return 0


def measure(fleet: list[dict[str, Any]], counts: tuple[int, ...], runs: int) -> list[Any]:
    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.bench.children import PYTHON, run_child

    # lazy: the benchmark times this import or loads only what it measures
    from smtpwizard.bench.stats import Result, Samples

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(
            [{**h, "port_map": {str(k): v for k, v in h["port_map"].items()}} for h in fleet], f
        )
    results = []
    rss_by_count: dict[int, float] = {}
    try:
        for count in counts:
            walls, rss = [], []
            for _ in range(runs):
                run = run_child(
                    [PYTHON, "-m", "smtpwizard.bench.scale", f.name, str(count)], timeout=120
                )
                if run.output.get("working") != count:
                    raise RuntimeError(
                        f"scale: {run.output} for {count} hosts:\n{run.stderr[-2000:]}"
                    )
                walls.append(float(run.output["wall_ms"]))
                rss.append(run.max_rss_mb)
            wall = Samples.of(walls, "ms")
            memory = Samples.of(rss, "MB")
            rss_by_count[count] = memory.median
            first = min(rss_by_count)
            per_host_mb = (
                (memory.median - rss_by_count[first]) / (count - first) if count > first else None
            )
            results.append(
                Result(
                    id=f"scale_{count}",
                    title=f"7. scale: {count} host{'s' * (count > 1)}",
                    value=wall,
                    notes=f"wall time, {CONCURRENCY} hosts at a time, 9 pairings each, with AUTH",
                    extra={
                        "per_host_ms": round(wall.median / count, 2),
                        "max_rss_mb": memory.to_dict(),
                        "extra_mb_per_host": None if per_host_mb is None else round(per_host_mb, 3),
                    },
                )
            )
    finally:
        Path(f.name).unlink(missing_ok=True)
    return results


if __name__ == "__main__":
    sys.exit(child(sys.argv[1:]))
