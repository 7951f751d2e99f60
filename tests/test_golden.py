"""Golden files, the Bikeshed way: input, expected output and expected diagnostics side by side.

Every case is built by `cspgen.build.build()` with every format, and every file it writes is
compared: HTML, Markdown and changes.html as they are, PDF and Word as the text dumps of
tests/dumps.py. `make golden` rewrites them from the current output; a failure shows a unified diff.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from cspgen.write import MANIFEST
from cspgen.writers.render import OUTPUT_NAMES

from .builds import Builds, Built
from .dumps import docx_text, pdf_text

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
DUMPS = {".pdf": pdf_text, ".docx": docx_text}
# Small enough to build as a PDF in a second or two, so it keeps every format even under --without-pdf
# (as `make mutate` runs): the PDF writer is then still checked against a golden file.
SMALL = Path(__file__).resolve().parent / "fixtures" / "minimal"


def golden_name(name: str) -> str:
    return name + ".txt" if Path(name).suffix in DUMPS else name


PICTURES = "images.txt"  # the copied pictures, one line each: name, size and hash
KNOWN = {"diagnostics.txt", "changes.html", MANIFEST, PICTURES, *map(golden_name, OUTPUT_NAMES.values())}
# A fixed author, committer and clock, so the commit id that changes.html names is the same every run.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_DEFAULT_HASH": "sha1",
    "GIT_AUTHOR_NAME": "Officer",
    "GIT_AUTHOR_EMAIL": "officer@example.org",
    "GIT_COMMITTER_NAME": "Officer",
    "GIT_COMMITTER_EMAIL": "officer@example.org",
    "GIT_AUTHOR_DATE": "2024-04-01T09:00:00+00:00",
    "GIT_COMMITTER_DATE": "2024-04-01T09:00:00+00:00",
}


def cases() -> Iterator[tuple[str, Path]]:
    for case in sorted((GOLDEN / "cases").iterdir()):
        if (case / "plan").is_dir() or (case / "before").is_dir():
            yield f"case:{case.name}", case
    for plan in sorted((ROOT / "plans").iterdir()):
        if (plan / "plan.yaml").exists() and not plan.name.startswith("_"):
            yield f"plan:{plan.name}", plan
    yield "fixture:minimal", SMALL


CASES = list(cases())


def golden_folder(case: Path) -> Path:
    if case == SMALL:
        return GOLDEN / "fixtures" / case.name
    return GOLDEN / "plans" / case.name if case.parent == ROOT / "plans" else case


def formats_of(case: Path, formats: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(OUTPUT_NAMES) if case == SMALL else formats


def built_case(case: Path, builds: Builds, scratch: Path, formats: tuple[str, ...]) -> Built:
    if (case / "before").is_dir():
        return built_with_changes(case, builds, scratch)
    plan = case / "plan" if case.parent == GOLDEN / "cases" else case
    return builds.of(plan, formats=formats)


def built_with_changes(case: Path, builds: Builds, scratch: Path) -> Built:
    """`before` committed to a fresh repository, `after` in its working tree, built with changes since HEAD."""
    repo = scratch / "council"
    plan = repo / "plans" / "example"
    shutil.copytree(case / "before", plan)
    env = {**os.environ, **GIT_ENV}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "Plan as approved"]):
        subprocess.run(["git", *command], cwd=repo, env=env, check=True, capture_output=True, timeout=60)
    shutil.rmtree(plan)
    shutil.copytree(case / "after", plan)
    return builds.of(plan, base=repo, changes_since="HEAD")


def received(built: Built) -> dict[str, str]:
    """Each file the build wrote (PDF and Word as text dumps), and the diagnostics it printed."""
    files = {"diagnostics.txt": built.diagnostics}
    if built.result.failed():
        return files
    for path in sorted(built.out.iterdir()):
        if path.is_dir() and path.name == "images":
            files[PICTURES] = pictures_text(path)
        elif path.suffix in DUMPS:
            files[path.name + ".txt"] = DUMPS[path.suffix](path)
        else:
            readable = path.suffix in (".html", ".md", ".json") or path.name == MANIFEST
            assert readable, f"no text dump for {path.name}; add one to tests/dumps.py"
            files[path.name] = path.read_text(encoding="utf-8")
    return files


def pictures_text(folder: Path) -> str:
    lines = []
    for path in sorted(folder.iterdir()):
        data = path.read_bytes()
        lines.append(f"{path.name} {len(data)} bytes sha256:{hashlib.sha256(data).hexdigest()}\n")
    return "".join(lines)


def unbuilt(formats: tuple[str, ...]) -> set[str]:
    """The outputs of the formats left out (PDF under --without-pdf): their goldens are neither compared nor removed."""
    return {file_name for name, file_name in OUTPUT_NAMES.items() if name not in formats}


def without_unbuilt(file_name: str, wanted: str, left_out: set[str]) -> str:
    """The golden manifest less the lines naming outputs this run did not build."""
    if file_name != MANIFEST:
        return wanted
    return "".join(line for line in wanted.splitlines(keepends=True) if line.rstrip("\n") not in left_out)


def update(expected: Path, actual: dict[str, str], left_out: set[str]) -> None:
    if left_out:
        pytest.fail("`make golden` builds every format; drop --without-pdf", pytrace=False)
    expected.mkdir(parents=True, exist_ok=True)
    for stale in KNOWN - set(actual):
        (expected / stale).unlink(missing_ok=True)
    for file_name, text in actual.items():
        (expected / file_name).write_text(text, encoding="utf-8", newline="\n")


def differences(expected: Path, actual: dict[str, str], left_out: set[str]) -> Iterator[str]:
    for file_name in sorted(KNOWN - set(map(golden_name, left_out))):
        path = expected / file_name
        shown = path.relative_to(ROOT)
        if file_name not in actual:
            if path.exists():
                yield f"{shown}: the build no longer writes this file; run `make golden` if intended"
            continue
        if not path.exists():
            yield f"{shown}: no golden file; run `make golden`"
            continue
        wanted = without_unbuilt(file_name, path.read_text(encoding="utf-8"), left_out)
        if actual[file_name] != wanted:
            diff = difflib.unified_diff(
                wanted.splitlines(keepends=True),
                actual[file_name].splitlines(keepends=True),
                f"{shown} (golden)",
                f"{shown} (now)",
            )
            yield f"{shown} differs from its golden file; run `make golden` if intended\n{''.join(diff)}"


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_golden(
    name: str, case: Path, builds: Builds, formats: tuple[str, ...], tmp_path: Path, update_golden: bool
) -> None:
    formats = formats_of(case, formats)
    actual = received(built_case(case, builds, tmp_path, formats))
    expected = golden_folder(case)
    left_out = unbuilt(formats)
    if update_golden:
        update(expected, actual, left_out)
        return
    problems = list(differences(expected, actual, left_out))
    if problems:
        pytest.fail(f"{name}:\n" + "\n".join(problems), pytrace=False)


def test_every_golden_case_has_input() -> None:
    """A case folder without `plan/` (or `before/` and `after/`) would be skipped without a word."""
    for case in (GOLDEN / "cases").iterdir():
        assert (case / "plan").is_dir() or {"before", "after"} <= {p.name for p in case.iterdir()}, case
