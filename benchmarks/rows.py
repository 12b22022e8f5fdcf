"""A benchmark's result rows: a figure, its floor, the ratio and the target, and the table."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class Row:
    """One line of results.json; `target` bounds the ratio when there is a floor, else the value."""

    name: str
    value: float
    unit: str
    floor: float | None = None
    ratio: float | None = None
    target: str = ""
    passed: bool | None = None  # None: a figure for orientation, with no target

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            # JSON has no infinity: what could not be measured (a chime never heard) is null.
            "value": self.value if math.isfinite(self.value) else None,
            "unit": self.unit,
            "floor": self.floor,
            "ratio": self.ratio,
            "target": self.target,
            "pass": self.passed,
        }


def against(name: str, value: float, floor: float, unit: str, limit: float, digits: int = 4) -> Row:
    """A row whose ratio to its floor must be at most `limit`."""
    ratio = value / floor if floor > 0 else (1.0 if value <= 0 else math.inf)
    return Row(
        name,
        round(value, digits),
        unit,
        round(floor, digits),
        round(ratio, 3),
        f"ratio <= {limit:g}",
        ratio <= limit,
    )


def no_more(name: str, value: float, floor: float, unit: str, digits: int = 4) -> Row:
    """At most the floor's own figure, compared as shown (rounded to `digits`)."""
    value, floor = round(value, digits), round(floor, digits)
    ratio = round(value / floor, 3) if floor > 0 else None
    return Row(name, value, unit, floor, ratio, "<= floor", value <= floor)


def at_most(name: str, value: float, unit: str, limit: float, digits: int = 4) -> Row:
    return Row(name, round(value, digits), unit, target=f"<= {limit:g}", passed=value <= limit)


def info(name: str, value: float, unit: str, floor: float | None = None, digits: int = 4) -> Row:
    """A figure for orientation: no target of its own."""
    ratio = round(value / floor, 3) if floor else None
    return Row(
        name, round(value, digits), unit, None if floor is None else round(floor, digits), ratio
    )


def print_table(rows: list[Row]) -> None:
    print(f"\n{'figure':34s} {'value':>10s} {'unit':8s} {'floor':>10s} {'ratio':>7s}  target")
    for row in rows:
        verdict = {True: "pass", False: "FAIL", None: ""}[row.passed]
        print(
            f"{row.name:34s} {_number(row.value):>10s} {row.unit:8s} {_number(row.floor):>10s} "
            f"{_number(row.ratio):>7s}  {row.target:14s} {verdict}"
        )


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    if math.isinf(value):
        return "inf"
    return f"{value:.4g}"
