"""Records of one benchmark: samples, their median/min/max, the baseline, the ratio, the goal."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Samples:
    """Several runs of one quantity (all in ``unit``)."""

    values: tuple[float, ...]
    unit: str

    @classmethod
    def of(cls, values: Sequence[float], unit: str) -> Samples:
        if not values:
            raise ValueError("no samples")
        return cls(tuple(float(v) for v in values), unit)

    @property
    def median(self) -> float:
        return float(statistics.median(self.values))

    @property
    def min(self) -> float:
        return min(self.values)

    @property
    def max(self) -> float:
        return max(self.values)

    def to_dict(self) -> dict[str, Any]:
        return {
            "median": _round(self.median),
            "min": _round(self.min),
            "max": _round(self.max),
            "unit": self.unit,
            "runs": [_round(v) for v in self.values],
        }


@dataclass(frozen=True)
class Goal:
    """``ratio <= 1.3`` or ``value < 16``: what must hold for the benchmark to pass."""

    of: str  # "ratio" or "value"
    op: str  # "<=" or "<"
    limit: float

    def holds(self, number: float) -> bool:
        return number <= self.limit if self.op == "<=" else number < self.limit

    def text(self, unit: str = "") -> str:
        shown = f"{self.limit:g}" + (f" {unit}" if self.of == "value" and unit else "")
        return f"{self.of} {self.op.replace('<=', '≤')} {shown}"

    def to_dict(self) -> dict[str, Any]:
        return {"of": self.of, "op": self.op, "limit": self.limit}


@dataclass(frozen=True)
class Result:
    """One row of the table (and one object in the JSON)."""

    id: str
    title: str
    value: Samples | None
    baseline: Samples | None = None
    baseline_label: str = ""
    goal: Goal | None = None
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    skipped: str = ""  # why this was not measured ("not built")

    @property
    def ratio(self) -> float | None:
        if self.value is None or self.baseline is None or self.baseline.median <= 0:
            return None
        return self.value.median / self.baseline.median

    @property
    def passed(self) -> bool | None:
        if self.goal is None or self.value is None:
            return None
        number = self.ratio if self.goal.of == "ratio" else self.value.median
        return None if number is None else self.goal.holds(number)

    def to_dict(self) -> dict[str, Any]:
        ratio = self.ratio
        return {
            "id": self.id,
            "title": self.title,
            "value": self.value.to_dict() if self.value is not None else None,
            "baseline": self.baseline.to_dict() if self.baseline is not None else None,
            "baseline_label": self.baseline_label or None,
            "ratio": None if ratio is None else round(ratio, 3),
            "goal": self.goal.to_dict() if self.goal is not None else None,
            "passed": self.passed,
            "notes": self.notes,
            "skipped": self.skipped or None,
            "extra": self.extra,
        }


def skipped(id: str, title: str, why: str) -> Result:
    return Result(id=id, title=title, value=None, skipped=why)


def _round(value: float) -> float:
    return round(value, 3)
