"""cspgen measured side by side with Pandoc and check-jsonschema; the figures go to bench/RESULTS.md.

Every figure is a whole process, cold start included, timed from start to exit, and the
median of several runs; the two sides take turns (A B B A ...) so that a busy machine
slows both alike. Peak memory is the child's own maximum resident set (wait4).

    .venv/bin/python bench/run.py                   # what `make bench` runs
    .venv/bin/python bench/run.py --runs 3 --scale-runs 1 --out /tmp/RESULTS.md
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import http.client
import importlib.metadata
import io
import os
import platform
import pstats
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pypandoc  # type: ignore[import-untyped]
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import growth  # the growth cases beside this file
from generate import generate  # the generator beside this file

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CSPGEN = str(BIN / "cspgen")
CHECK_JSONSCHEMA = str(BIN / "check-jsonschema")
PANDOC = pypandoc.get_pandoc_path()
SEED = ROOT / "plans" / "bolsover-2020"
SCALES = (1, 10, 100)
TARGETS = {"build": 1.5, "validate": 0.75, "scale": 0.25, "preview": 0.100}

Command = Sequence[str]
# An installed cspgen has .pyc files (pip compiles them); let the editable one write them too.
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_mib: float


@dataclass(frozen=True)
class Target:
    """One target: met or not, with cspgen's figure and the one it is held against."""

    met: bool
    ours: float
    theirs: float


Verdicts = dict[str, Target]


@dataclass(frozen=True)
class Measured:
    """The median time and the highest peak of one side over all its runs."""

    seconds: float
    peak_mib: float
    runs: int


def run_once(commands: Sequence[Command], cwd: Path = ROOT) -> Sample:
    """The commands one after another, as one side of a comparison: times add, peaks take the max."""
    seconds, peak = 0.0, 0.0
    for command in commands:
        with tempfile.TemporaryFile() as errors:
            started = time.perf_counter()
            process = subprocess.Popen(
                command, cwd=cwd, env=ENVIRONMENT, stdout=subprocess.DEVNULL, stderr=errors
            )
            _, status, usage = os.wait4(process.pid, 0)
            seconds += time.perf_counter() - started
            process.returncode = code = os.waitstatus_to_exitcode(status)
            if code != 0:
                errors.seek(0)
                raise SystemExit(f"bench: {' '.join(command)} failed ({code}):\n{errors.read().decode()}")
        peak = max(peak, usage.ru_maxrss / 1024)
    return Sample(seconds, peak)


def compare(
    sides: Sequence[Sequence[Command]], runs: int, warm: bool = True, cwd: Path = ROOT
) -> list[Measured]:
    """Each side in turn, the order rotating run by run: A B, B A, ... (A B C, B C A, ... for three).

    With `warm`, one run of each first that is not counted (page cache, .pyc and template caches).
    """
    if warm:
        for side in sides:
            run_once(side, cwd)
    samples: list[list[Sample]] = [[] for _ in sides]
    for turn in range(runs):
        for step in range(len(sides)):
            index = (turn + step) % len(sides)
            samples[index].append(run_once(sides[index], cwd))
    return [_summary(found) for found in samples]


def _summary(samples: list[Sample]) -> Measured:
    return Measured(
        statistics.median(s.seconds for s in samples), max(s.peak_mib for s in samples), len(samples)
    )


def seed_plans() -> list[Path]:
    return sorted(
        path
        for path in (ROOT / "plans").iterdir()
        if not path.name.startswith(("_", ".")) and (path / "plan.yaml").exists()
    )


def build_command(plan: Path, out: Path) -> list[str]:
    return [CSPGEN, "build", str(plan), "--out", str(out), "--format", "html,md"]


def pandoc_command(markdown: Path, out: Path) -> list[str]:
    return [PANDOC, str(markdown), "-s", "--toc", "-o", str(out)]


def schema_commands(plan: Path) -> list[list[str]]:
    """check-jsonschema over the files `cspgen validate` reads: one call per schema, all its files."""
    data = yaml.load((plan / "plan.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    shared = [plan.parent / "_shared" / name for name in data.get("shared", [])]
    groups = {
        "plan": [plan / "plan.yaml"],
        "priority": sorted((plan / "priorities").glob("*.yaml")),
        "glossary": [folder / "glossary.yaml" for folder in (plan, *shared)],
        "definitions": [folder / "definitions.yaml" for folder in (plan, *shared)],
        "partners": [folder / "partners.yaml" for folder in shared],
    }
    commands = []
    for schema, files in groups.items():
        present = [str(path) for path in files if path.exists()]
        if present:
            commands.append(
                [CHECK_JSONSCHEMA, "--schemafile", str(ROOT / "schemas" / f"{schema}.schema.json"), *present]
            )
    return commands


def _target(ours: Measured, theirs: Measured, ratio: float) -> Target:
    return Target(ours.seconds / theirs.seconds <= ratio, ours.seconds, theirs.seconds)


def ratio_row(name: str, ours: Measured, theirs: Measured, target: float, extra: str = "") -> str:
    ratio = ours.seconds / theirs.seconds
    verdict = "yes" if ratio <= target else "**no**"
    return (
        f"| {name}{extra} | {ours.seconds:.3f} s | {theirs.seconds:.3f} s | {ratio:.2f} | ≤ {target} "
        f"| {verdict} |"
    )


def bench_builds(work: Path, runs: int, lines: list[str], verdicts: Verdicts) -> None:
    lines += [
        "## Build: `cspgen build --format html,md` against Pandoc",
        "",
        "Pandoc converts the plan's own built `plan.md` to a standalone page with a table of contents "
        "(`pandoc plan.md -s --toc -o x.html`).",
        "",
        "| Plan | cspgen | Pandoc | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for plan in seed_plans():
        out = work / "build" / plan.name
        run_once([build_command(plan, out)])
        ours, theirs = compare(
            [
                [build_command(plan, out)],
                [pandoc_command(out / "plan.md", work / "pandoc" / f"{plan.name}.html")],
            ],
            runs,
        )
        lines.append(ratio_row(f"`{plan.relative_to(ROOT)}`", ours, theirs, TARGETS["build"]))
        verdicts[f"build {plan.name}"] = _target(ours, theirs, TARGETS["build"])
    plans = seed_plans()
    together, one_by_one = compare(
        [
            [[CSPGEN, "build", *map(str, plans), "--format", "html,md"]],
            [
                pandoc_command(work / "build" / plan.name / "plan.md", work / "pandoc" / f"{plan.name}.html")
                for plan in plans
            ],
        ],
        runs,
        cwd=work,
    )
    lines += [
        "",
        f"All {len(plans)} plans in one command, as a county's CI would build them (`cspgen build "
        f"plans/*`, the plans built in parallel, one per core), against {len(plans)} Pandoc runs one "
        f"after another: cspgen {together.seconds:.3f} s, Pandoc {one_by_one.seconds:.3f} s, ratio "
        f"{together.seconds / one_by_one.seconds:.2f}.",
        "",
    ]


def bench_validation(runs: int, lines: list[str], verdicts: Verdicts) -> None:
    lines += [
        "## Validate: `cspgen validate` against check-jsonschema",
        "",
        "check-jsonschema checks the same YAML files against the JSON Schemas cspgen exports "
        "(`schemas/`): one call per schema with all of that schema's files (plan.yaml; the "
        "priorities; the plan's and its shared folders' glossaries, definitions and partners). "
        "cspgen also does what a schema cannot: file positions, cross-file checks, acronyms and "
        "figures. The last column compares with one check-jsonschema call on `plan.yaml` alone.",
        "",
        "| Plan | cspgen | check-jsonschema (calls) | ratio | target | met | vs one call on plan.yaml |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for plan in seed_plans():
        calls = schema_commands(plan)
        ours, theirs, single = compare(
            [[[CSPGEN, "validate", str(plan)]], calls, calls[:1]], runs, warm=False
        )
        row = ratio_row(f"`{plan.relative_to(ROOT)}`", ours, theirs, TARGETS["validate"])
        row = row.replace(f"| {theirs.seconds:.3f} s |", f"| {theirs.seconds:.3f} s ({len(calls)}) |", 1)
        lines.append(f"{row} {ours.seconds / single.seconds:.2f} ({single.seconds:.3f} s) |")
        verdicts[f"validate {plan.name}"] = _target(ours, theirs, TARGETS["validate"])
    lines.append("")


def bench_scale(work: Path, runs: int, scale_runs: int, lines: list[str], verdicts: Verdicts) -> None:
    lines += [
        f"## Scale: synthetic plans of 1×, 10× and 100× `{SEED.relative_to(ROOT)}`",
        "",
        "Made by `bench/generate.py`: every priority file copied N times with unique ids and "
        "numbered titles and texts (no two copies share a text, so no cache is flattered), and "
        "the plan's written sections repeated likewise. Each is valid under `cspgen validate`. "
        "Pandoc converts the same plan's built `plan.md`.",
        "",
        "| Size | priorities | YAML | cspgen | cspgen peak | Pandoc | Pandoc peak | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    measured: dict[int, Measured] = {}
    for factor in SCALES:
        plan = generate(SEED, factor, work / "plans")
        out = work / "build" / plan.name
        run_once([build_command(plan, out)])
        ours, theirs = compare(
            [
                [build_command(plan, out)],
                [pandoc_command(out / "plan.md", work / "pandoc" / f"{plan.name}.html")],
            ],
            scale_runs if factor == max(SCALES) else runs,
            warm=factor == min(SCALES),  # the larger ones: the build above warmed cspgen, Pandoc is warm
        )
        measured[factor] = ours
        size = sum(path.stat().st_size for path in plan.rglob("*.yaml")) / 1024
        count = len(list((plan / "priorities").glob("*.yaml")))
        target = TARGETS["scale"] if factor == max(SCALES) else TARGETS["build"] if factor == 1 else None
        ratio = ours.seconds / theirs.seconds
        met = "" if target is None else ("yes" if ratio <= target else "**no**")
        lines.append(
            f"| {factor}× | {count} | {size:,.0f} KiB | {ours.seconds:.2f} s | {ours.peak_mib:.0f} MiB "
            f"| {theirs.seconds:.2f} s | {theirs.peak_mib:.0f} MiB | {ratio:.2f} "
            f"| {'' if target is None else f'≤ {target}'} | {met} |"
        )
        if target is not None:
            verdicts[f"scale {factor}×"] = _target(ours, theirs, target)
    low, mid, high = (measured[factor] for factor in SCALES)
    time_slopes = ((mid.seconds - low.seconds) / 9, (high.seconds - mid.seconds) / 90)
    memory_slopes = ((mid.peak_mib - low.peak_mib) / 9, (high.peak_mib - mid.peak_mib) / 90)
    lines += [
        "",
        "Growth, as the cost of each extra 1× of content: time "
        f"{time_slopes[0] * 1000:.0f} ms from 1× to 10× and {time_slopes[1] * 1000:.0f} ms from 10× "
        f"to 100×; peak memory {memory_slopes[0]:.1f} MiB and {memory_slopes[1]:.1f} MiB. Equal "
        "costs per step mean linear growth (the fixed part is the cold start).",
        "",
    ]
    verdicts["linear time"] = Target(time_slopes[1] <= 1.5 * time_slopes[0], *time_slopes[::-1])
    verdicts["linear memory"] = Target(
        memory_slopes[1] <= 1.5 * max(memory_slopes[0], 0.1), *memory_slopes[::-1]
    )


def bench_preview(work: Path, edits: int, lines: list[str], verdicts: Verdicts) -> None:
    """One-file edits to a served plan, timed from the write to the new page being served."""
    plans = work / "serve" / "plans"
    shutil.copytree(SEED, plans / SEED.name)
    shutil.copytree(SEED.parent / "_shared", plans / "_shared")
    target = sorted((plans / SEED.name / "priorities").glob("*.yaml"))[0]
    script = (
        "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "from cspgen.cli import main; sys.argv = ['cspgen', 'serve', sys.argv[1], '--port', '0']; main()"
    )
    server = subprocess.Popen(
        [sys.executable, "-c", script, str(plans / SEED.name)],
        env=ENVIRONMENT,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert server.stderr is not None
    port = 0
    for line in server.stderr:
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if found:
            port = int(found.group(1))
            break
    if not port:
        raise SystemExit("bench: cspgen serve did not start")
    events = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    events.request("GET", "/_cspgen/events")
    stream = events.getresponse()
    version = _next_event(stream)
    timings: list[float] = []
    original = target.read_text(encoding="utf-8")
    try:
        for edit in range(edits):
            marker = f"Edited {edit} times"
            changed = re.sub(r"^title: (.*)$", rf"title: \1 {marker}", original, count=1, flags=re.M)
            started = time.perf_counter()
            target.write_text(changed, encoding="utf-8")
            version = _wait_for_next(stream, version)
            page = _get(port, "/")
            timings.append(time.perf_counter() - started)
            if marker not in page:
                raise SystemExit("bench: the served page does not show the edit")
            time.sleep(0.2)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        events.close()
    median = statistics.median(timings)
    verdicts["preview edit"] = Target(median <= TARGETS["preview"], median, TARGETS["preview"])
    lines += [
        "## Live preview: a one-file edit",
        "",
        f"`cspgen serve {SEED.relative_to(ROOT)}`; {edits} edits to the title of "
        f"`{target.relative_to(plans)}`, each timed from writing the file to the server's push "
        "(server-sent event) and the new page fetched: file watching (10 ms quiet time), the "
        "incremental rebuild (only the changed file is read and validated) and HTTP. The "
        "browser's own reload and paint come on top.",
        "",
        "| median | fastest | slowest | target | met |",
        "| --- | --- | --- | --- | --- |",
        f"| {median * 1000:.0f} ms | {min(timings) * 1000:.0f} ms | {max(timings) * 1000:.0f} ms "
        f"| ≤ {TARGETS['preview'] * 1000:.0f} ms | {'yes' if verdicts['preview edit'].met else '**no**'} |",
        "",
    ]


def _next_event(stream: http.client.HTTPResponse) -> int:
    while True:
        line = stream.readline()
        if not line:
            raise SystemExit("bench: the event stream ended")
        if line.startswith(b"data: "):
            return int(line[len(b"data: ") :])


def _wait_for_next(stream: http.client.HTTPResponse, version: int) -> int:
    while True:
        found = _next_event(stream)
        if found > version:
            return found


def _get(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        return connection.getresponse().read().decode("utf-8")
    finally:
        connection.close()


def bench_growth(lines: list[str], verdicts: Verdicts) -> None:
    """Each path that once cost the square of its size, at n, 2n and 4n (bench/growth.py)."""
    rows = growth.growth()
    lines += growth.section(rows)
    for row in rows:
        verdicts[f"growth {row.case.name}"] = Target(
            row.exponent < growth.LINEAR_ENOUGH, row.exponent, growth.LINEAR_ENOUGH
        )


def starts(work: Path, runs: int) -> dict[str, float]:
    """What every run pays before it reads a plan: the fixed part of each figure above."""
    empty = work / "empty.md"
    empty.write_text("# Empty\n", encoding="utf-8")
    sides = {
        "python": [[sys.executable, "-c", "pass"]],
        "command line": [[CSPGEN, "--version"]],
        "stages": [[sys.executable, "-c", "import cspgen.cli, cspgen.build"]],
        "pandoc": [pandoc_command(empty, work / "empty.html")],
    }
    measured = compare(list(sides.values()), runs)
    return {name: found.seconds for name, found in zip(sides, measured, strict=True)}


def why_missed(verdicts: Verdicts, start: dict[str, float]) -> list[str]:
    """Each missed target with the reason the figures give."""
    missed = {name: target for name, target in verdicts.items() if not target.met}
    if not missed:
        return []
    lines = [
        "## Where targets are missed, and why",
        "",
        f"Every cspgen run starts the same way: Python {start['python']:.2f} s, then the command line "
        f"(Typer, which loads pydantic) {start['command line'] - start['python']:.2f} s more, then the "
        f"stages ({start['stages']:.2f} s from nothing, most of it pydantic building the plan models "
        "and the dataclasses of the document model, see the import profile below). Pandoc, a "
        f"compiled program, converts an empty document in {start['pandoc']:.2f} s.",
        "",
    ]
    for name, target in missed.items():
        if name.startswith(("build", "scale 1×")):
            own = target.ours - start["stages"]
            lines.append(
                f"- {name}: Pandoc {target.theirs:.2f} s, cspgen {target.ours:.2f} s, of which about "
                f"{start['stages']:.2f} s is starting up; the plan's own work is {own:.2f} s "
                f"({own / target.theirs:.2f}× Pandoc's whole time). The plan is small, so the start "
                "decides: the larger plans below show the work itself is faster than Pandoc's."
            )
        elif name.startswith("validate"):
            lines.append(
                f"- {name}: check-jsonschema {target.theirs:.2f} s, cspgen {target.ours:.2f} s, of "
                f"which about {start['stages']:.2f} s is starting up."
            )
        elif name.startswith("scale"):
            lines.append(
                f"- {name}: cspgen {target.ours:.2f} s against Pandoc's {target.theirs:.2f} s; the "
                "profile of that build below shows where the time goes."
            )
        elif name.startswith("growth"):
            lines.append(
                f"- {name}: growth exponent {target.ours:.2f} against {target.theirs} (see Growth above)."
            )
        elif name.startswith("linear"):
            lines.append(
                f"- {name}: each 1× costs {target.ours:.3g} from 10× to 100× against {target.theirs:.3g} "
                "from 1× to 10×."
            )
        else:
            lines.append(
                f"- {name}: median {target.ours * 1000:.0f} ms against {target.theirs * 1000:.0f} ms."
            )
    return [*lines, ""]


def profiles(work: Path, lines: list[str], verdicts: Verdicts) -> None:
    """Where the time goes: imports at cold start, and the build of the 1× plan."""
    plan = SEED.relative_to(ROOT)
    imports = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cspgen", "validate", str(plan)],
        cwd=ROOT,
        env=ENVIRONMENT,
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    lines += [
        "## Profiles",
        "",
        f"Cold start, `python -X importtime -m cspgen validate {plan}`: the slowest top-level imports "
        "(cumulative µs; Typer 0.29 builds its parameters with pydantic, so pydantic is loaded "
        "either way).",
        "",
        "```",
        *_slowest_imports(imports, 12),
        "```",
        "",
        f"`cspgen build {plan}` (HTML and Markdown) in one process under cProfile, the top entries by "
        "own time:",
        "",
        "```",
        *_profile_build(SEED, work / "profile-out", 14),
        "```",
        "",
    ]
    if not verdicts[f"scale {max(SCALES)}×"].met:
        big = work / "plans" / f"{SEED.name}-x{max(SCALES)}"
        lines += [
            f"The {max(SCALES)}× build under cProfile, top entries by own time:",
            "",
            "```",
            *_profile_build(big, work / "profile-big", 14),
            "```",
            "",
        ]


def _slowest_imports(report: str, count: int) -> list[str]:
    rows = []
    for line in report.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if found and len(found.group(3)) <= 3:
            rows.append((int(found.group(2)), len(found.group(3)), found.group(4)))
    rows.sort(reverse=True)
    return [f"{micro:>9,} µs  {'  ' * (depth - 1)}{name}" for micro, depth, name in rows[:count]]


def _profile_build(plan: Path, out: Path, count: int) -> list[str]:
    from cspgen.build import build

    profiler = cProfile.Profile()
    profiler.runcall(build, plan, out, ("html", "md"))
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(count)
    body = text.getvalue().split("\n   ncalls", 1)[-1]
    return [
        "   ncalls" + line if index == 0 else line.replace(str(ROOT) + "/", "").replace(sys.prefix, "<venv>")
        for index, line in enumerate(body.rstrip().splitlines())
    ]


def environment() -> list[str]:
    memory = next(
        (line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line),
        "?",
    )
    pandoc = subprocess.run([PANDOC, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    try:
        commit = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = ""
    return [
        f"- when: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, cspgen at `{commit or '?'}`",
        f"- machine: {os.cpu_count()} cores, {int(memory) // 1024 if memory.isdigit() else '?'} MiB, "
        f"{platform.platform()}; load average at start {os.getloadavg()[0]:.2f}",
        f"- Python {platform.python_version()}, {pandoc} (pypandoc-binary "
        f"{importlib.metadata.version('pypandoc-binary')}), check-jsonschema "
        f"{importlib.metadata.version('check-jsonschema')}",
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per side below 100× (median)")
    parser.add_argument("--scale-runs", type=int, default=3, help=f"runs per side at {max(SCALES)}×")
    parser.add_argument("--edits", type=int, default=15, help="edits timed in the live preview")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    options = parser.parse_args(argv)
    started = time.perf_counter()
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`.venv/bin/python bench/run.py`); the figures below are from one run. "
        "Times are wall-clock for the whole process, cold start included: the median of "
        f"{options.runs} runs per side ({options.scale_runs} at {max(SCALES)}×), the two sides taking "
        "turns (the order rotating each run) after a warm-up run, which also fills Python's `.pyc` "
        "and Jinja's bytecode caches as any second run would (an installed cspgen has its `.pyc` "
        "from pip; this machine sets PYTHONDONTWRITEBYTECODE, which the runs here leave out). Peak "
        "memory is the largest resident set of a run.",
        "",
        *environment(),
        "",
    ]
    verdicts: Verdicts = {}
    start: dict[str, float] = {}
    steps: list[Callable[[Path], None]] = [
        lambda work: bench_builds(work, options.runs, lines, verdicts),
        lambda work: bench_validation(options.runs, lines, verdicts),
        lambda work: bench_scale(work, options.runs, options.scale_runs, lines, verdicts),
        lambda work: bench_preview(work, options.edits, lines, verdicts),
        lambda work: bench_growth(lines, verdicts),
        lambda work: start.update(starts(work, options.runs)),
        lambda work: lines.extend(why_missed(verdicts, start)),
        lambda work: profiles(work, lines, verdicts),
    ]
    with tempfile.TemporaryDirectory(prefix="cspgen-bench-") as temporary:
        for step in steps:
            step(Path(temporary))
            print(f"bench: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    missed = [name for name, target in verdicts.items() if not target.met]
    lines[2:2] = [
        f"Targets met: {len(verdicts) - len(missed)} of {len(verdicts)}"
        + (f"; missed: {', '.join(missed)} (see below)." if missed else "."),
        "",
    ]
    lines.append(
        f"The whole run took {time.perf_counter() - started:.0f} s; load average at the end "
        f"{os.getloadavg()[0]:.2f}."
    )
    options.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"bench: wrote {options.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
