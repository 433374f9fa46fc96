"""The benchmark machinery runs end to end (a few quick measurements) and writes its JSON.

Timing is not asserted here: numbers belong to ``bash packaging/dev.sh bench``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.timeout(120)
def test_quick_benchmark_writes_the_json_contract(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "smtpwizard.bench",
            "--quick",
            "--runs",
            "1",
            "--only",
            "matrix,blocked,memory,scale",
            "--scale",
            "1,2",
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=110,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "full matrix vs slowest top-tier alone" in done.stdout  # the table was printed

    document = json.loads(out.read_text())
    assert document["schema"] == "smtpwizard.bench/1"
    assert document["quick"] is True
    results = {r["id"]: r for r in document["results"]}
    assert set(results) == {
        "matrix_vs_single",
        "matrix_vs_single_wan",
        "blocked_vs_working",
        "blocked_vs_working_wan",
        "cli_memory",
        "scale_1",
        "scale_2",
    }
    for result in results.values():
        value = result["value"]
        assert set(value) == {"median", "min", "max", "unit", "runs"}
        assert len(value["runs"]) == 1 and value["min"] <= value["median"] <= value["max"]
        assert result["passed"] in (True, False, None)
    matrix = results["matrix_vs_single"]
    assert matrix["goal"] == {"of": "ratio", "op": "<=", "limit": 1.3}
    assert matrix["baseline_label"] in ("465/tls alone", "587/starttls alone")
    assert matrix["ratio"] == pytest.approx(
        matrix["value"]["median"] / matrix["baseline"]["median"], rel=0.01
    )
    assert matrix["extra"]["matrix_outcomes"]["465/tls"] == "ok"
    assert isinstance(matrix["passed"], bool)
    assert results["cli_memory"]["value"]["unit"] == "MB"
    assert results["scale_2"]["extra"]["per_host_ms"] > 0


def test_bad_arguments_get_a_clear_message() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "smtpwizard.bench", "--only", "nothing"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert "choose from matrix" in done.stderr
    assert "Traceback" not in done.stderr
