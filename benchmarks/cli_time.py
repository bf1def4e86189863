"""Benchmark: the whole ``iofs-events`` command on the seed event, cold, against ``python -c "import icalendar"``.

Each command (``validate``, ``ics``, ``email``) runs in a fresh process, paired with a run of
the baseline: the two of a pair run one after the other, in alternating order, so that a busy
moment of a shared machine slows both; the ratio of each pair is taken, and the median of the
ratios is the figure. Each process is timed twice: wall clock, from the parent, and CPU time
(user and system, from ``wait4``), which other work on the machine disturbs much less. The
bytecode of every module is cached beforehand (``PYTHONPYCACHEPREFIX``, as ``import_time.py``
does), and so is what a run keeps in the cache folder (``IOFS_CACHE_DIR``, a temporary one), as
after a first use; ``--no-cache`` measures with the cache off, as on a first run. Goals, from the
issue: ``validate`` <= 1.2, ``ics`` <= 1.5, ``email`` <= 2.0. The exit code is 0 either way.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = Path(__file__).parents[1] / "examples" / "events" / "food-security-governance-2021.json"
BASELINE = [sys.executable, "-c", "import icalendar"]
ARGUMENTS = {
    "validate": ["validate", str(SEED)],
    "ics": ["ics", str(SEED)],
    "email": ["email", str(SEED), "--sender", "IOFS <events@iofs.example>", "--to", "Aisha Rahman <aisha@example.org>"],
}
GOALS = {"validate": 1.2, "ics": 1.5, "email": 2.0}
UNSET = ("PYTHONDONTWRITEBYTECODE", "COVERAGE_PROCESS_START", "COVERAGE_PROCESS_CONFIG")


def command(name: str) -> list[str]:
    """The console script beside this interpreter, else ``python -m iofs_events``, with the command's arguments."""
    script = Path(sys.executable).with_name("iofs-events")
    start = [str(script)] if script.exists() else [sys.executable, "-m", "iofs_events"]
    return start + ARGUMENTS[name]


def once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds from start to exit, and the CPU seconds of the process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise RuntimeError(f"{argv} failed with status {status}")
    return wall, usage.ru_utime + usage.ru_stime


def run(
    runs: int = 20, warmup: int = 3, cache: bool = True, names: tuple[str, ...] = tuple(ARGUMENTS)
) -> dict[str, dict[str, float]]:
    """For each command: the medians of its wall and CPU times and of the baseline's, and the median ratios."""
    if runs < 1 or warmup < 1:
        raise ValueError("runs and warmup must be at least 1")
    result = {}
    with tempfile.TemporaryDirectory(prefix="pycache-") as bytecode, tempfile.TemporaryDirectory() as kept:
        env = {key: value for key, value in os.environ.items() if key not in UNSET}
        env |= {"PYTHONPYCACHEPREFIX": bytecode, "IOFS_CACHE_DIR": kept if cache else ""}
        for name in names:
            argv = command(name)
            for _ in range(warmup):
                once(argv, env), once(BASELINE, env)
            pairs = []
            for index in range(runs):
                if index % 2:
                    ours, theirs = once(argv, env), once(BASELINE, env)
                else:
                    theirs, ours = once(BASELINE, env), once(argv, env)
                pairs.append((ours, theirs))
            result[name] = {
                "wall": statistics.median(ours[0] for ours, _ in pairs),
                "wall_baseline": statistics.median(theirs[0] for _, theirs in pairs),
                "wall_ratio": statistics.median(ours[0] / theirs[0] for ours, theirs in pairs),
                "cpu": statistics.median(ours[1] for ours, _ in pairs),
                "cpu_baseline": statistics.median(theirs[1] for _, theirs in pairs),
                "cpu_ratio": statistics.median(ours[1] / theirs[1] for ours, theirs in pairs),
            }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="pairs of each command (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs of each first, at least 1 (default 3)")
    parser.add_argument("--no-cache", action="store_true", help="with the cache folder off, as on a first run")
    args = parser.parse_args(argv)
    result = run(args.runs, args.warmup, cache=not args.no_cache)
    print(f"{'command':10}{'wall ms':>9}{'baseline':>10}{'ratio':>7}{'cpu ms':>9}{'baseline':>10}{'ratio':>7}  goal")
    for name, figures in result.items():
        print(
            f"{name:10}{figures['wall'] * 1000:9.1f}{figures['wall_baseline'] * 1000:10.1f}{figures['wall_ratio']:7.2f}"
            f"{figures['cpu'] * 1000:9.1f}{figures['cpu_baseline'] * 1000:10.1f}{figures['cpu_ratio']:7.2f}"
            f"  <= {GOALS[name]}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
