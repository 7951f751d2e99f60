"""How cspgen's cost grows with the size of one thing in a plan: each case at n, 2n and 4n.

A path that is linear (or n log n) takes about twice as long at twice the size; one that is
quadratic takes four times as long. Each case builds a plan from tests/fixtures/minimal with one
thing made large, runs the command a user would, in a fresh process, and reports the growth
exponent from the two largest sizes (1 is linear, 2 quadratic). The figures go into the
"Growth" section of bench/RESULTS.md.

    .venv/bin/python bench/growth.py                  # every case, rewrites the section
    .venv/bin/python bench/growth.py --case sections  # one case, printed only
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import re
import shutil
import string
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
CSPGEN = str(Path(sys.executable).parent / "cspgen")
PRIORITY = Path("priorities") / "01-anti-social-behaviour.yaml"
LINEAR_ENOUGH = 1.35  # the exponent a linear or n log n path stays under, noise included
GIT = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org"]


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    base: int
    make: Callable[[Path, int], list[str]]  # writes the plan under the folder; returns the command


def _plan(folder: Path) -> Path:
    plan = folder / "plans" / "example"
    shutil.copytree(MINIMAL, plan)
    return plan


def _acronyms(count: int) -> list[str]:
    letters = string.ascii_uppercase
    names = ("".join(parts) for parts in itertools.product(letters, repeat=3))
    return list(itertools.islice((name for name in names if name != "ASB"), count))


def sections_alike(folder: Path, n: int) -> list[str]:
    plan = _plan(folder)
    sections = "".join(f"  - title: Our towns\n    content: Town {i}.\n" for i in range(n))
    text = (plan / "plan.yaml").read_text().replace("sections:\n", "sections:\n" + sections, 1)
    (plan / "plan.yaml").write_text(text)
    return [CSPGEN, "build", str(plan), "--out", str(folder / "out"), "--format", "html,md"]


def undefined_acronyms(folder: Path, n: int) -> list[str]:
    plan = _plan(folder)
    words = " ".join(_acronyms(n))
    path = plan / PRIORITY
    path.write_text(
        path.read_text().replace("why: ASB incidents rose by 10% last year.", f"why: ASB {words}.")
    )
    return [CSPGEN, "validate", str(plan)]


def unused_definitions(folder: Path, n: int) -> list[str]:
    plan = _plan(folder)
    entries = "".join(f"  Term number {i}: What term {i} means.\n" for i in range(n))
    (plan / "definitions.yaml").write_text("terms:\n" + entries)
    return [CSPGEN, "validate", str(plan)]


def glossary_terms(folder: Path, n: int) -> list[str]:
    """Acronyms and phrases alike, each used once in a section of twenty uses."""
    plan = _plan(folder)
    names = [*_acronyms(n // 2), *(f"Scheme {number}" for number in range(n - n // 2))]
    (plan / "glossary.yaml").write_text(
        "terms:\n  ASB: Anti-Social Behaviour\n"
        + "".join(f"  {name}: Expansion of the term\n" for name in names)
    )
    sections = "".join(
        f"  - title: Part {start}\n    content: {', '.join(names[start : start + 20])}.\n"
        for start in range(0, n, 20)
    )
    text = (plan / "plan.yaml").read_text().replace("sections:\n", "sections:\n" + sections, 1)
    (plan / "plan.yaml").write_text(text)
    return [CSPGEN, "build", str(plan), "--out", str(folder / "out"), "--format", "html,md"]


def acronym_uses(folder: Path, n: int) -> list[str]:
    plan = _plan(folder)
    path = plan / PRIORITY
    path.write_text(
        path.read_text().replace("why: ASB incidents rose", "why: " + "ASB " * n + "incidents rose")
    )
    return [CSPGEN, "build", str(plan), "--out", str(folder / "out"), "--format", "html,md"]


def _actions(n: int, title: str, comment: str) -> str:
    return "".join(f"      - title: {title} {i}{comment}\n        lead: [Council]\n" for i in range(n))


def _with_actions(plan: Path, n: int, title: str, comment: str = "") -> None:
    path = plan / PRIORITY
    text = path.read_text().replace("    actions:\n", "    actions:\n" + _actions(n, title, comment), 1)
    path.write_text(text)


def diff_reworded(folder: Path, n: int) -> list[str]:
    plan = _plan(folder)
    _with_actions(plan, n, "Hold a street surgery in ward")
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    subprocess.run([*GIT, "-C", str(folder), "add", "-A"], check=True)
    subprocess.run([*GIT, "-C", str(folder), "commit", "-qm", "before"], check=True)
    path = plan / PRIORITY
    path.write_text(
        path.read_text().replace("Hold a street surgery in ward", "Hold a street surgery for ward")
    )
    return [CSPGEN, "diff", str(plan), "HEAD", "--color", "never"]


def fmt_large(folder: Path, n: int) -> list[str]:
    plan = _plan(folder)
    _with_actions(plan, n, "Patrol the town centre on Friday and Saturday evenings, street")
    return [CSPGEN, "fmt", "--check", str(plan / PRIORITY)]


def rollover_large(folder: Path, n: int) -> list[str]:
    """Each action with a comment, which the rolled-over file must keep."""
    plan = _plan(folder)
    _with_actions(plan, n, "Patrol the town centre on Friday and Saturday evenings, street", "  # agreed")
    return [CSPGEN, "rollover", str(plan), "--year", "2025"]


def word_actions(folder: Path, n: int) -> list[str]:
    plan = _plan(folder)
    _with_actions(plan, n, "Patrol the town centre, street")
    return [CSPGEN, "build", str(plan), "--out", str(folder / "out"), "--format", "docx"]


CASES = (
    Case("sections", "sections titled alike, built (HTML, Markdown)", 2000, sections_alike),
    Case("undefined-acronyms", "undefined acronyms in one text, validated", 4000, undefined_acronyms),
    Case("unused-definitions", "definitions never used, validated", 2000, unused_definitions),
    Case("glossary", "glossary terms, each used once, built", 2000, glossary_terms),
    Case("acronym-uses", "uses of one acronym in one paragraph, built", 20000, acronym_uses),
    Case("diff", "actions reworded between two commits, diffed", 200, diff_reworded),
    Case("fmt", "actions in one file, `fmt --check`", 1000, fmt_large),
    Case("rollover", "actions in one file, each with a comment, rolled over", 1000, rollover_large),
    Case("word", "actions under one objective, built as Word", 150, word_actions),
)


@dataclass(frozen=True)
class Measured:
    case: Case
    sizes: list[int]
    seconds: list[float]  # processor time (user and system) of each run
    peaks: list[float]  # MiB, the largest resident set of each run
    exponent: float


def timed(case: Case, n: int) -> tuple[float, float]:
    """Processor seconds and peak memory (MiB) of one run.

    Processor time rather than wall-clock: on a shared machine the others' work stretches the
    latter, not the former. The child's errors are kept for when it fails."""
    with tempfile.TemporaryDirectory(prefix=f"cspgen-growth-{case.name}-") as temporary:
        command = case.make(Path(temporary), n)
        with tempfile.TemporaryFile() as errors:
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=errors, env=os.environ | {"NO_COLOR": "1"}
            )
            _, status, usage = os.wait4(process.pid, 0)
            code = os.waitstatus_to_exitcode(status)
            errors.seek(0)
            if code not in (0, 1):
                raise SystemExit(f"{case.name} at {n}: exit {code}\n{errors.read().decode()[-2000:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(case: Case) -> Measured:
    sizes = [case.base, 2 * case.base, 4 * case.base]
    runs = [timed(case, n) for n in sizes]
    seconds = [run[0] for run in runs]
    startup = timed_startup()
    work = [max(value - startup, 1e-3) for value in seconds]
    return Measured(case, sizes, seconds, [run[1] for run in runs], math.log2(work[2] / work[1]))


def timed_startup() -> float:
    """The least processor time of a few `cspgen --version` runs."""
    spent = []
    for _ in range(3):
        process = subprocess.Popen([CSPGEN, "--version"], stdout=subprocess.DEVNULL)
        _, _, usage = os.wait4(process.pid, 0)
        spent.append(usage.ru_utime + usage.ru_stime)
    return min(spent)


def section(rows: list[Measured]) -> list[str]:
    lines = [
        "## Growth: one thing made large",
        "",
        "Each case is the minimal plan with one thing made large, at n, 2n and 4n, run as a whole "
        "process (`bench/growth.py`, `make growth`) and timed in processor seconds (user and system), "
        "which others' work on a shared machine stretches far less than wall-clock time. The exponent "
        "compares the two largest sizes after taking off the start-up time: 1 is linear, 2 quadratic; "
        f"the target is below {LINEAR_ENOUGH}. Peak memory is the largest resident set of each run.",
        "",
        "| Case | n | processor time at n, 2n, 4n | exponent | met | peak memory at n, 2n, 4n |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        times = ", ".join(f"{value:.2f} s" for value in row.seconds)
        peaks = ", ".join(f"{value:.0f}" for value in row.peaks)
        met = "yes" if row.exponent < LINEAR_ENOUGH else "**no**"
        lines.append(
            f"| {row.case.what} | {row.sizes[0]:,} | {times} | {row.exponent:.2f} | {met} | {peaks} MiB |"
        )
    return [*lines, ""]


def growth(chosen: tuple[Case, ...] = CASES) -> list[Measured]:
    """Every case measured, each reported on stderr as it finishes (the whole set takes minutes)."""
    rows = []
    for case in chosen:
        row = measure(case)
        print(
            f"{case.name}: {row.sizes} -> {[round(s, 2) for s in row.seconds]} s, "
            f"{[round(p) for p in row.peaks]} MiB, exponent {row.exponent:.2f}",
            file=sys.stderr,
        )
        rows.append(row)
    return rows


def rewrite_results(lines: list[str], results: Path) -> None:
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmarks\n\n"
    block = "\n".join(lines)
    pattern = re.compile(r"^## Growth: .*?(?=^## |\Z)", re.M | re.S)
    text = (
        pattern.sub(lambda _: block + "\n", text)
        if pattern.search(text)
        else text.rstrip("\n") + "\n\n" + block
    )
    results.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", choices=[case.name for case in CASES])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    options = parser.parse_args(argv)
    rows = growth(tuple(case for case in CASES if options.case in (None, case.name)))
    if options.case is None:
        rewrite_results(section(rows), options.out)
    return 0 if all(row.exponent < LINEAR_ENOUGH for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
