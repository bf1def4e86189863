"""Benchmark: the JSON contract of iofs_events against equivalent pydantic v2 models.

Builds N varied events deterministically (``events.py``), mirrors the model in pydantic v2 with
the same validation done the pydantic way (``pydantic_model.py``), checks that both sides accept
every document and that a sample round-trips, then times, in the same process:

* dump: ``iofs_events.json.dumps(event)`` against ``model.model_dump_json(...)``;
* load: ``iofs_events.json.loads(text)`` against ``Event.model_validate_json(text)``;
* load against msgspec's typed decoding of the same documents (``msgspec_model.py``): shapes and
  types only, the floor of reading them typed; ours keeps every rule.

Run ``python benchmarks/json_vs_pydantic.py --help`` for the options. Needs the ``bench``
extra (pydantic, pydantic-extra-types, msgspec). The exit code is 0 whether or not the goal is met.
"""

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel

import iofs_events as ie
import iofs_events.json as ie_json

sys.path.insert(0, str(Path(__file__).parents[1]))  # run as a script too: python benchmarks/json_vs_pydantic.py

from benchmarks.events import make_events
from benchmarks.msgspec_model import decoder
from benchmarks.pydantic_model import pydantic_dumps, pydantic_models

GOAL = 0.75  # ours / pydantic must not exceed this
MSGSPEC_GOAL = 6.0  # ours / msgspec's typed decoding must not exceed this


def check_honest(
    events: list[ie.Event], model: type[BaseModel], sample: int
) -> tuple[list[str], list[Any], list[str], int]:
    """Cross-check both sides; returns both sides' documents, the pydantic models, and how many documents are equal."""
    ours = [ie_json.dumps(event) for event in events]
    models = [model.model_validate_json(document) for document in ours]  # pydantic accepts every document of ours
    theirs = [pydantic_dumps(item) for item in models]
    for document in theirs:  # and we accept every document of pydantic
        ie_json.loads(document)
    step = max(1, len(events) // sample)
    for event, item, document in zip(events[::step], models[::step], theirs[::step], strict=True):
        assert ie_json.loads(ie_json.dumps(event)) == event, event.id
        assert model.model_validate_json(pydantic_dumps(item)) == item, item.id  # type: ignore[attr-defined]
        assert orjson.loads(document) == orjson.loads(ie_json.dumps(event)), event.id
    identical = sum(mine == other for mine, other in zip(ours, theirs, strict=True))
    return ours, models, theirs, identical


def timed_once(run: Callable[[], object]) -> float:
    """Seconds taken by one run, with the garbage collector off as timeit does."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        run()
        return time.perf_counter() - start
    finally:
        gc.enable()


def compare(mine: Callable[[], object], other: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median seconds of both sides, timed in turns so that a busy machine slows both alike."""
    mine_times, other_times = [], []
    for index in range(repeat):
        if index % 2:
            other_times.append(timed_once(other))
            mine_times.append(timed_once(mine))
        else:
            mine_times.append(timed_once(mine))
            other_times.append(timed_once(other))
    return statistics.median(mine_times), statistics.median(other_times)


def run(events: int = 10_000, repeat: int = 3, seed: int = 2021, memoized_pydantic: bool = False) -> dict[str, Any]:
    """Run the benchmark and return its figures as data, printing nothing.

    Keys: ``events``, ``repeat``, ``size`` (bytes of JSON per event on average), ``identical``
    (documents byte-identical on both sides), ``checks`` (seconds of the checks), ``total``
    (seconds of the whole run), ``rows``, a list of ``(measure, ours_seconds, pydantic_seconds)``
    for ``dump``, ``load`` and, with ``memoized_pydantic``, ``load, pydantic memoized``, and
    ``msgspec``, ``(ours_seconds, msgspec_seconds)`` of loading the same documents.
    """
    if events < 1 or repeat < 1:
        raise ValueError("events and repeat must be at least 1")
    began = time.perf_counter()
    made = make_events(events, seed)
    model = pydantic_models().Event
    ours, models, theirs, identical = check_honest(made, model, sample=min(200, events))
    size = sum(map(len, ours)) / len(ours)
    checks = time.perf_counter() - began

    dumps, loads = ie_json.dumps, ie_json.loads
    validate = model.model_validate_json
    rows: list[tuple[str, float, float]] = [
        ("dump", *compare(lambda: [dumps(e) for e in made], lambda: [pydantic_dumps(m) for m in models], repeat)),
        ("load", *compare(lambda: [loads(text) for text in ours], lambda: [validate(t) for t in theirs], repeat)),
    ]
    typed = decoder()
    for document in ours:  # msgspec reads every document of ours
        typed.decode(document)
    versus_msgspec = compare(lambda: [loads(text) for text in ours], lambda: [typed.decode(t) for t in ours], repeat)
    if memoized_pydantic:
        memoized = pydantic_models(memoize=True).Event
        check_honest(made, memoized, sample=20)  # also warms its caches
        validate_memoized = memoized.model_validate_json
        rows.append(
            (
                "load, pydantic memoized",
                *compare(lambda: [loads(t) for t in ours], lambda: [validate_memoized(t) for t in theirs], repeat),
            )
        )
    return {
        "events": len(made),
        "repeat": repeat,
        "size": size,
        "identical": identical,
        "checks": checks,
        "rows": rows,
        "msgspec": versus_msgspec,
        "total": time.perf_counter() - began,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000, help="events to build (default 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each measure; the median counts")
    parser.add_argument("--seed", type=int, default=2021, help="seed of the events (default 2021)")
    parser.add_argument(
        "--memoized-pydantic",
        action="store_true",
        help="also time pydantic with lru_caches like ours in front of its email, phone, URL and language checks",
    )
    args = parser.parse_args(argv)
    if args.events < 1 or args.repeat < 1:
        parser.error("--events and --repeat must be at least 1")

    result = run(args.events, args.repeat, args.seed, args.memoized_pydantic)
    print(
        f"{result['events']} events, {result['size'] / 1024:.1f} KiB of JSON each on average; "
        f"{result['identical']} of {result['events']} documents byte-identical on both sides; "
        f"median of {args.repeat} runs, gc off (checks done in {result['checks']:.1f} s)"
    )
    print(f"\n{'measure':<24}{'ours (s)':>10}{'pydantic (s)':>14}{'ours/pydantic':>15}{'goal':>9}")
    met = True
    for name, mine_time, other_time in result["rows"]:
        ratio = mine_time / other_time
        informative = "memoized" in name  # tells caching from framework; not part of the goal
        met = met and (informative or ratio <= GOAL)
        goal = "(info)" if informative else f"<= {GOAL}"
        print(f"{name:<24}{mine_time:>10.3f}{other_time:>14.3f}{ratio:>15.2f}{goal:>9}")
    mine_time, other_time = result["msgspec"]
    ratio = mine_time / other_time
    met = met and ratio <= MSGSPEC_GOAL
    goal = f"<= {MSGSPEC_GOAL:g}"
    print(f"{'load, vs msgspec typed':<24}{mine_time:>10.3f}{other_time:>14.3f}{ratio:>15.2f}{goal:>9}")
    print("\ngoal met" if met else "\ngoal NOT met")
    print(f"(total {result['total']:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
