"""A seeded random sample of the core modules' mutants, run by mutmut: a score in minutes, not hours.

Every mutant of every module is a day's run on a small machine; a uniform sample gives the score
within a few points (the summary prints the 95% interval), per package and overall, in the time of a
few test runs. mutmut must have generated the mutants once (`make mutate-sample` sees to it). The
same seed picks the same mutants, and a larger sample holds every mutant of a smaller one, so a
rerun after new tests re-checks exactly those.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from mutation_score import CAUGHT, MISSED
from mutmut.stats import status_by_exit_code

Results = dict[str, int | None]


def results() -> Results:
    found: Results = {}
    for meta in sorted(Path("mutants").glob("cspgen/**/*.py.meta")):
        found.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return found


def sample(names: list[str], size: int, seed: int) -> list[str]:
    """The first `size` of a seeded shuffle, so a larger sample holds every mutant of a smaller one."""
    shuffled = sorted(names)
    random.Random(seed).shuffle(shuffled)
    return sorted(shuffled[:size])


def package(name: str) -> str:
    """`cspgen.plan.checks.ids.x_f__mutmut_3` -> `cspgen.plan`: the layer the mutant is in."""
    return ".".join(name.split(".")[:2])


def interval(caught: int, total: int) -> str:
    """Wilson's 95% interval: honest for small samples and scores near 100%."""
    if not total:
        return "-"
    z, p = 1.96, caught / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return f"{100 * (centre - half):.0f}-{100 * (centre + half):.0f}%"


def row(name: str, statuses: list[str]) -> str:
    caught = sum(status in CAUGHT for status in statuses)
    missed = sum(status in MISSED for status in statuses)
    score = f"{100 * caught / (caught + missed):.1f}%" if caught + missed else "-"
    return (
        f"{name:<20}{len(statuses):>9}{caught:>8}{missed:>8}{score:>8}{interval(caught, caught + missed):>15}"
    )


def summary(found: Results, chosen: list[str]) -> None:
    print(f"{'package':<20}{'sampled':>9}{'caught':>8}{'missed':>8}{'score':>8}{'95% interval':>15}")
    by_package: dict[str, list[str]] = defaultdict(list)
    for name in chosen:
        by_package[package(name)].append(status_by_exit_code[found[name]])
    for name, statuses in sorted(by_package.items()):
        print(row(name, statuses))
    print(row("all", [status for statuses in by_package.values() for status in statuses]))
    missed = [name for name in chosen if status_by_exit_code[found[name]] in MISSED]
    print("\nmissed (see each with `mutmut show NAME`):", *missed, sep="\n  ")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=400, help="mutants in the sample")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--report-only", action="store_true", help="summarise the sample's results so far")
    arguments = parser.parse_args()
    found = results()
    if not found:
        print("no mutants yet: run `make mutate-sample` (it generates them first)", file=sys.stderr)
        return 1
    chosen = sample(list(found), arguments.size, arguments.seed)
    unchecked = [name for name in chosen if found[name] is None]
    if unchecked and not arguments.report_only:
        children = str(arguments.max_children)
        subprocess.run(
            [sys.executable, "-m", "mutmut", "run", "--max-children", children, *unchecked], check=False
        )
        found = results()
    summary(found, chosen)
    return 0


if __name__ == "__main__":
    sys.exit(main())
