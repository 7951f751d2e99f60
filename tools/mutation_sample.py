"""A seeded random sample of each core module's mutants, run by mutmut: a score in minutes, not hours.

Every mutant of every module is a day's run on a small machine; a uniform sample of each module gives
its score within a few points (the summary prints the 95% interval) in the time of a test run or two.
mutmut must have generated the mutants once (any `mutmut run` does; `make mutate-sample` sees to it).
The same seed picks the same mutants, so a rerun after new tests re-checks exactly those.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
from pathlib import Path

from mutation_score import CAUGHT, MISSED
from mutmut.stats import status_by_exit_code


def sample(meta: Path, size: int, seed: int) -> list[str]:
    """The first `size` of a seeded shuffle, so a larger sample holds every mutant of a smaller one."""
    names = sorted(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    random.Random(f"{seed}:{meta.name}").shuffle(names)
    return sorted(names[:size])


def unchecked(meta: Path, names: list[str]) -> list[str]:
    """Only mutants without a result: a larger sample re-checks nothing a smaller one did."""
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return [name for name in names if codes[name] is None]


def interval(caught: int, total: int) -> str:
    """Wilson's 95% interval: honest for small samples and scores near 100%."""
    if not total:
        return "-"
    z, p = 1.96, caught / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return f"{100 * (centre - half):.0f}-{100 * (centre + half):.0f}%"


def summary(metas: list[Path], chosen: dict[Path, list[str]]) -> None:
    print(f"{'module':<28}{'sampled':>9}{'caught':>8}{'missed':>8}{'score':>8}{'95% interval':>15}")
    total_caught = total_missed = 0
    for meta in metas:
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        seen = [status_by_exit_code[codes[name]] for name in chosen[meta]]
        caught = sum(status in CAUGHT for status in seen)
        missed = sum(status in MISSED for status in seen)
        total_caught, total_missed = total_caught + caught, total_missed + missed
        name = meta.relative_to("mutants").as_posix().removesuffix(".meta")
        score = f"{100 * caught / (caught + missed):.1f}%" if caught + missed else "-"
        bounds = interval(caught, caught + missed)
        print(f"{name:<28}{len(seen):>9}{caught:>8}{missed:>8}{score:>8}{bounds:>15}")
    all_checked = total_caught + total_missed
    score = f"{100 * total_caught / all_checked:.1f}%" if all_checked else "-"
    print(f"{'all':<28}{all_checked:>9}{total_caught:>8}{total_missed:>8}{score:>8}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-module", type=int, default=40)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--report-only", action="store_true", help="summarise the last sample's results")
    arguments = parser.parse_args()
    metas = sorted(Path("mutants").glob("cspgen/**/*.py.meta"))
    if not metas:
        print("no mutants yet: run `make mutate-sample` (it generates them first)", file=sys.stderr)
        return 1
    chosen = {meta: sample(meta, arguments.per_module, arguments.seed) for meta in metas}
    if not arguments.report_only:
        names = [name for meta, names in chosen.items() for name in unchecked(meta, names)]
        children = str(arguments.max_children)
        command = [sys.executable, "-m", "mutmut", "run", "--max-children", children, *names]
        if names:
            subprocess.run(command, check=False)
    summary(metas, chosen)
    return 0


if __name__ == "__main__":
    sys.exit(main())
