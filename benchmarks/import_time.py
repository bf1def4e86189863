"""Benchmark: the time of ``import iofs_events`` against ``import icalendar`` alone, in fresh processes.

Each statement runs as ``python -c STATEMENT`` in a new interpreter (the one running this
script), ``--runs`` times, the three statements in turns (the order rotates) so that a busy
machine slows them alike, after ``--warmup`` untimed runs each (files in the page cache). The
bytecode of every module is cached in a temporary ``PYTHONPYCACHEPREFIX``, written by the
warm-up runs whatever ``PYTHONDONTWRITEBYTECODE`` says, so that neither side pays for compiling
(an editable install of iofs_events may have no ``.pyc`` at all, where pip compiled icalendar's)
and nothing is written into the source tree; coverage's start-up hook is switched off. A run is
timed from the parent, start to exit, with ``time.perf_counter``.
The median of an empty ``python -c pass`` (the interpreter starting and stopping) is subtracted
from the median of each import, so the figures are what the import itself costs. Goal:
``iofs_events`` / ``icalendar`` <= 1.2. The exit code is 0 whether or not the goal is met.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

GOAL = 1.2  # import iofs_events / import icalendar, net of an empty interpreter, must not exceed this
STATEMENTS = {"empty": "pass", "ours": "import iofs_events", "icalendar": "import icalendar"}
UNSET = ("PYTHONDONTWRITEBYTECODE", "COVERAGE_PROCESS_START", "COVERAGE_PROCESS_CONFIG")


def once(statement: str, env: dict[str, str] | None = None) -> float:
    """Seconds from starting ``python -c statement`` to its exit."""
    command = [sys.executable, "-c", statement]
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def run(runs: int = 40, warmup: int = 3) -> dict[str, float | int]:
    """Run the benchmark and return its figures in seconds, printing nothing.

    ``empty``: median of ``python -c pass``; ``ours`` and ``icalendar``: median of the import
    minus ``empty``; ``ours_raw`` and ``icalendar_raw``: the medians before the subtraction;
    ``runs``: the timed runs of each.
    """
    if runs < 1 or warmup < 1:
        raise ValueError("runs and warmup must be at least 1")
    names = list(STATEMENTS)
    times: dict[str, list[float]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory(prefix="pycache-") as cache:
        env = {key: value for key, value in os.environ.items() if key not in UNSET}
        env["PYTHONPYCACHEPREFIX"] = cache
        for _ in range(warmup):
            for name in names:
                once(STATEMENTS[name], env)
        for index in range(runs):
            turn = index % len(names)
            for name in names[turn:] + names[:turn]:
                times[name].append(once(STATEMENTS[name], env))
    median = {name: statistics.median(found) for name, found in times.items()}
    return {
        "runs": runs,
        "empty": median["empty"],
        "ours": median["ours"] - median["empty"],
        "icalendar": median["icalendar"] - median["empty"],
        "ours_raw": median["ours"],
        "icalendar_raw": median["icalendar"],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=40, help="timed runs of each statement (default 40)")
    parser.add_argument(
        "--warmup", type=int, default=3, help="untimed runs of each statement first, at least 1 (default 3)"
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 1:
        parser.error("--runs and --warmup must be at least 1")

    result = run(args.runs, args.warmup)
    print(
        f"{sys.executable}: median of {args.runs} fresh processes each, in turns, after {args.warmup} warm-up "
        "run(s), bytecode cached"
    )
    print(f"\n{'statement':<32}{'median (ms)':>12}{'net (ms)':>10}")
    print(f"{'python -c pass':<32}{result['empty'] * 1000:>12.1f}{'':>10}")
    for name in ("ours", "icalendar"):
        raw, net = result[f"{name}_raw"], result[name]
        shown = f'python -c "{STATEMENTS[name]}"'
        print(f"{shown:<32}{raw * 1000:>12.1f}{net * 1000:>10.1f}")
    ratio = result["ours"] / result["icalendar"]
    verdict = "met" if ratio <= GOAL else "NOT met"
    print(f"\niofs_events / icalendar, net of python -c pass: {ratio:.2f} (goal <= {GOAL}): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
