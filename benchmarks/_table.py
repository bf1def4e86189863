"""The one table of ``python -m benchmarks``: its rows, its layout, and the line about the machine.

Every row compares ours with a baseline measured in the same run (or, for the HTTP calls of the
platforms, with the goal itself) as ``ratio = ours / baseline``, and every goal is a bound on
that ratio: ``ratio <= goal``. A goal stated as a speed (at least 2x faster) is the reciprocal
(``ratio <= 1/2``); the goal column says both.
"""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

#: Decimals printed for the values of each unit; the ratio has :data:`RATIO_DECIMALS`.
DECIMALS = {"s": 3, "ms": 1, "MiB": 2, "calls": 2, "requests": 0}
RATIO_DECIMALS = 3
HEADER = ("figure", "what it measures", "unit", "ours", "baseline", "ours/baseline", "goal", "verdict")
MET, NOT_MET, INFO = "met", "NOT met", "info"


@dataclass(frozen=True)
class Row:
    """One figure: ours and the baseline in ``unit``, and the bound ``goal`` on ``ours / baseline``."""

    figure: str  # a short, stable name: json.dump, ical.time.streamed...
    measures: str  # what it measures, the baseline named
    unit: str  # a key of DECIMALS
    ours: float
    baseline: float
    goal: float  # ours / baseline must not exceed this
    goal_text: str = ""  # how the goal reads, when "<= goal" does not say it all
    informative: bool = False  # a comparison without a goal: its verdict is "info", counted neither way

    @property
    def ratio(self) -> float:
        """``ours / baseline``."""
        return self.ours / self.baseline

    @property
    def met(self) -> bool:
        """Whether ``ratio <= goal``, computed on the figures before rounding."""
        return self.ratio <= self.goal

    @property
    def verdict(self) -> str:
        """``met``, ``NOT met``, or ``info`` for a comparison without a goal."""
        if self.informative:
            return INFO
        return MET if self.met else NOT_MET

    def cells(self) -> tuple[str, ...]:
        """The row as printed."""
        decimals = DECIMALS[self.unit]
        return (
            self.figure,
            self.measures,
            self.unit,
            f"{self.ours:.{decimals}f}",
            f"{self.baseline:.{decimals}f}",
            f"{self.ratio:.{RATIO_DECIMALS}f}",
            "-" if self.informative else self.goal_text or f"<= {self.goal:g}",
            self.verdict,
        )


def format_table(rows: Iterable[Row]) -> str:
    """The rows as one Markdown table, its columns aligned so that it also reads in a terminal."""
    lines = [HEADER, *(row.cells() for row in rows)]
    numeric = {3, 4, 5}  # ours, baseline, ratio: aligned right
    widths = [max(len(line[column]) for line in lines) for column in range(len(HEADER))]

    def render(cells: tuple[str, ...]) -> str:
        padded = (
            cell.rjust(width) if column in numeric else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            ("-" * (width + 1) + ":") if column in numeric else "-" * (width + 2) for column, width in enumerate(widths)
        )
        + "|"
    )
    return "\n".join([render(lines[0]), rule, *(render(line) for line in lines[1:])])


def _cpu_model() -> str | None:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return platform.processor() or None
    for line in text.splitlines():
        if line.startswith("model name"):
            return " ".join(line.split(":", 1)[1].split())
    return platform.processor() or None


def machine(now: datetime | None = None) -> str:
    """One line: the platform, the CPUs, the Python, the load when it started (where known) and the date."""
    cpus = f"{os.cpu_count()} CPUs"
    model = _cpu_model()
    if model:
        cpus += f" ({model})"
    python = f"{platform.python_implementation()} {platform.python_version()}"
    load = ""
    if hasattr(os, "getloadavg"):
        load = f"; load average {os.getloadavg()[0]:.2f} at the start"
    when = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    return f"machine: {platform.platform()}, {cpus}, {python}{load}; {when}"


def log(message: str) -> None:
    """Progress, to standard error so that standard output holds only the table."""
    print(message, file=sys.stderr, flush=True)
