"""The printed table."""

from __future__ import annotations

from collections.abc import Sequence

from smtpwizard.bench.stats import Result, Samples

HEADERS = ("benchmark", "median", "min", "max", "baseline", "ratio", "goal", "")


def _num(value: float, unit: str) -> str:
    if unit == "ms" and value >= 1000:
        return f"{value / 1000:.2f} s"
    return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"


def _row(result: Result) -> tuple[str, ...]:
    if result.value is None:
        return (result.title, result.skipped, "", "", "", "", "", "")
    v: Samples = result.value
    base = ""
    if result.baseline is not None:
        base = f"{_num(result.baseline.median, result.baseline.unit)} ({result.baseline_label})"
    ratio = f"{result.ratio:.2f}" if result.ratio is not None else ""
    goal = result.goal.text(v.unit) if result.goal is not None else ""
    verdict = {True: "pass", False: "FAIL", None: ""}[result.passed]
    return (
        result.title,
        _num(v.median, v.unit),
        _num(v.min, v.unit),
        _num(v.max, v.unit),
        base,
        ratio,
        goal,
        verdict,
    )


def render(results: Sequence[Result]) -> str:
    rows = [HEADERS, *(_row(r) for r in results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
    lines = []
    for index, row in enumerate(rows):
        cells = [
            cell.ljust(widths[i]) if i in (0, 4, 6) else cell.rjust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
