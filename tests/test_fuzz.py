"""Property-based fuzzing of load -> validate -> build: whatever a plan folder holds, no exception escapes.

An exception escaping `build()` is what the CLI turns into exit 3, the bug. Every plan
here starts as tests/fixtures/minimal and is mutated: random YAML values in random
fields, extra keys, deeper nesting, hostile text and Markdown, odd numbers and dates,
and raw bytes spliced into the YAML text. CI runs a fixed, bounded sample;
`make fuzz` (CSPGEN_FUZZ_EXAMPLES=5000) runs thousands with fresh randomness.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cspgen.build import build
from cspgen.cli import app
from cspgen.diagnostics import Diagnostic

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
PRIORITY = Path("priorities") / "01-anti-social-behaviour.yaml"
FILES = (Path("plan.yaml"), PRIORITY, Path("glossary.yaml"), Path("definitions.yaml"))
LONG_RUN = int(os.environ.get("CSPGEN_FUZZ_EXAMPLES", "0"))


def _examples(in_ci: int, share: float = 1.0) -> Callable[[Any], Any]:
    """In CI the same `in_ci` examples every run; under `make fuzz`, a share of the long run, fresh each time."""
    if LONG_RUN:
        return settings(
            max_examples=max(1, int(LONG_RUN * share)),
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    return settings(
        max_examples=in_ci,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


# --- values ----------------------------------------------------------------

# Characters that have broken text handling somewhere: controls, escapes, bidi, surrogates, markup.
NASTY = [
    *"\x00\x07\x08\t\n\r\x0b\x0c\x1b\x7f\x85\xa0\xad",
    *"\u200b\u200e\u202a\u202e\u2066\u2069\u2028\u2029\ufeff\ufffe\uffff\ud800\udfff",
    *"İıſß\u0301\U0001f600",
    *"\\\"'`*_[](){}<>&#|-+:;!%@~=^.,/?$0123456789 ",
    *"ASB ",
]
MARKDOWN = [
    "**bold** ",
    "*it* ",
    "_u_ ",
    "`code` ",
    "``a ` b`` ",
    "[link](https://example.org) ",
    "[js](javascript:alert(1)) ",
    "[ref][r]\n\n[r]: /x ",
    "<https://auto.link> ",
    "<script>alert(1)</script>",
    "<b>html</b>",
    "&amp; &#0; &#x110000; ",
    "\n- item\n- item\n",
    "\n1. one\n2) two\n",
    "\n> quote\n> > deeper\n",
    "\n| a | b |\n|---|--:|\n| 1 | 2 |\n",
    "\n# heading\n",
    "\n---\n",
    "\n```\nfenced\n```\n",
    "\n    indented code\n",
    "![img](x.png) ",
    "\\*escaped\\* ",
    "[[[[ ",
    "> " * 60,
    "- " * 60,
    "*" * 40,
    "[" * 40 + "x" + "](y)" * 40,
    "Anti-Social Behaviour (ASB) ",
    "ASBs ASB's ",
    "Council Police ",
    "\n\n",
]
RAW_SCALARS = [
    "2021-02-30",
    "2024-02-29",
    "0000-00-00",
    "9999-12-31",
    "2024-13",
    "2024-04-01T25:61:00",
    "1e400",
    "-1e400",
    "1" * 400,
    ".nan",
    ".inf",
    "-.Inf",
    "0x1F",
    "0o17",
    "1_000",
    "1:20",
    "+12",
    "-0",
    "~",
    "null",
    "yes",
    "off",
    "1.0e+15",
    "999999999999999.9",
]


class Raw:
    """A scalar written as the YAML text given, plain, so `2021-02-30` is read as YAML reads it."""

    def __init__(self, text: str) -> None:
        self.text = text


class _Dumper(yaml.SafeDumper):
    pass


def _represent_raw(dumper: yaml.SafeDumper, raw: Raw) -> yaml.ScalarNode:
    tag = dumper.resolve(yaml.ScalarNode, raw.text, (True, False))  # type: ignore[no-untyped-call]
    return dumper.represent_scalar(tag, raw.text)


_Dumper.add_representer(Raw, _represent_raw)

nasty_text = st.text(alphabet=st.sampled_from(NASTY), max_size=30)
markdown = st.lists(st.one_of(st.sampled_from(MARKDOWN), nasty_text), max_size=8).map("".join)
text = st.one_of(st.text(max_size=30), nasty_text, markdown)
printable = st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn"))
readable_markdown = st.lists(
    st.one_of(st.sampled_from(MARKDOWN), st.text(alphabet=printable, min_size=1, max_size=20)),
    min_size=1,
    max_size=8,
).map(lambda parts: "".join(parts) + "x")
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**500), max_value=10**500),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=datetime.date(1, 1, 1)),
    st.sampled_from(RAW_SCALARS).map(Raw),
    text,
)
keys = st.one_of(
    st.sampled_from(["title", "content", "id", "subsections", "generated", "lead", "text", "table", "chart"]),
    text,
    st.integers(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12,
)


# --- mutations of the minimal plan -------------------------------------------


def _places(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every path to a value inside `data`, the root included, with the value."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _places(value, (*path, index))


def _replace_at(data: Any, path: tuple[Any, ...], change: Callable[[Any], Any]) -> Any:
    if not path:
        return change(data)
    head, *rest = path
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[head] = _replace_at(copy[head], tuple(rest), change)
    return copy


@st.composite
def _mutation(draw: st.DrawFn, data: Any) -> Any:
    places = list(_places(data))
    kind = draw(st.sampled_from(["text", "text", "text", "replace", "extra-key", "wrap", "markdown", "drop"]))
    if kind in ("text", "markdown"):
        strings = [path for path, value in places if isinstance(value, str)]
        if not strings:
            return data
        path = draw(st.sampled_from(strings))
        new_text = draw(readable_markdown if kind == "text" else markdown)
        return _replace_at(data, path, lambda _: new_text)
    path = draw(st.sampled_from([path for path, _ in places]))
    if kind == "replace":
        new = draw(values)
        return _replace_at(data, path, lambda _: new)
    if kind == "extra-key":
        key, new = draw(keys), draw(values)
        return _replace_at(data, path, lambda old: {**old, key: new} if isinstance(old, dict) else old)
    if kind == "wrap":
        depth = draw(st.integers(1, 40))
        as_list = draw(st.booleans())

        def wrap(old: Any) -> Any:
            for _ in range(depth):
                old = [old] if as_list else {"title": old}
            return old

        return _replace_at(data, path, wrap)
    if not path:
        return data
    parent, last = path[:-1], path[-1]
    return _replace_at(
        data,
        parent,
        lambda old: (
            {k: v for k, v in old.items() if k != last}
            if isinstance(old, dict)
            else [v for i, v in enumerate(old) if i != last]
        ),
    )


def _minimal() -> dict[Path, Any]:
    data = {name: yaml.safe_load((MINIMAL / name).read_text()) for name in FILES[:3]}
    data[FILES[3]] = {"terms": {"Hot spot": "A place where **crime** concentrates."}}
    plan = data[Path("plan.yaml")]
    plan["sections"].append({"generated": "definitions"})
    plan["sections"][0]["content"] = [
        "A hot spot. Anti-social behaviour (ASB) and ASB again.",
        {
            "table": {
                "caption": "Crimes",
                "columns": [{"label": "Area"}, {"label": "Crimes", "type": "number", "total": True}],
                "rows": [["North", 10], ["South", 2.5]],
            }
        },
        {
            "chart": {
                "title": "Trend",
                "categories": [2023, 2024],
                "series": [{"label": "All", "values": [1, None]}],
            }
        },
    ]
    return data


@st.composite
def plan_data(draw: st.DrawFn) -> dict[Path, Any]:
    """The minimal plan (with a definition in use) after a few random mutations, each in a random file."""
    data = _minimal()
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(FILES))
        data[name] = draw(_mutation(data[name]))
    return data


def _yaml_bytes(data: Any, readable: bool) -> bytes:
    """`readable`: non-ASCII written as is (surrogates as invalid UTF-8); else as `\\u` escapes."""
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=readable, sort_keys=False, width=60)
    return text.encode("utf-8", "surrogatepass")


@st.composite
def plan_files(draw: st.DrawFn) -> dict[Path, bytes]:
    readable = draw(st.booleans())
    return {name: _yaml_bytes(value, readable) for name, value in draw(plan_data()).items()}


YAML_SNIPPETS = [
    b"!!python/object:os.system x",
    b"*alias",
    b"&a [*a]",
    b"<<: {a: 1}",
    b"? [a, b]\n: c",
    b"%YAML 1.1\n---\n",
    b"--- !!binary aGk=",
    b"...",
    b"\t",
    b'"\\x07\\uD800\\U0010FFFF\\N\\_\\L\\P"',
    b"'unterminated",
    b'"unterminated',
    b"{",
    b"[" * 70,
    b"- " * 70,
    b"title: again",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\r",
    b"\xc3",
    b"|\n  block\n",
    b">-\n folded",
]


@st.composite
def raw_files(draw: st.DrawFn) -> dict[Path, bytes]:
    """Near-valid YAML: the minimal plan's text with bytes and YAML snippets spliced in, or random bytes."""
    files = draw(plan_files())
    name = draw(st.sampled_from(FILES))
    if draw(st.integers(0, 9)) == 0:
        files[name] = draw(st.binary(max_size=300))
        return files
    content = files[name]
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(content)))
        cut = draw(st.integers(0, 8))
        splice = draw(st.one_of(st.sampled_from(YAML_SNIPPETS), st.binary(max_size=8)))
        content = content[:at] + splice + content[at + cut :]
    files[name] = content
    return files


# --- the property -------------------------------------------------------------


@contextmanager
def _plan_folder(files: dict[Path, bytes]) -> Iterator[Path]:
    """A fresh folder per example: hypothesis runs one test function many times."""
    with tempfile.TemporaryDirectory(prefix="cspgen-fuzz-") as root:
        folder = Path(root) / "plans" / "fuzzed"
        shutil.copytree(MINIMAL, folder)
        for name, content in files.items():
            (folder / name).write_bytes(content)
        yield folder


def _located(diagnostic: Diagnostic) -> bool:
    return bool(diagnostic.file) and diagnostic.line >= 1 and diagnostic.column >= 1 and bool(diagnostic.code)


def _builds_or_reports(files: dict[Path, bytes], formats: tuple[str, ...]) -> None:
    with _plan_folder(files) as folder:
        result = build(folder, folder.parent.parent / "out", formats)
    unlocated = [d for d in result.diagnostics if not _located(d)]
    assert not unlocated, unlocated


@_examples(in_ci=60, share=0.4)
@given(plan_files())
def test_mutated_plans_build_or_report_located_problems(files: dict[Path, bytes]) -> None:
    _builds_or_reports(files, ("html", "md", "docx"))


@_examples(in_ci=60, share=0.4)
@given(raw_files())
def test_mangled_yaml_text_builds_or_reports_located_problems(files: dict[Path, bytes]) -> None:
    _builds_or_reports(files, ("html", "md", "docx"))


@_examples(in_ci=6, share=0.04)
@given(plan_files())
def test_mutated_plans_build_as_pdf_or_report_located_problems(files: dict[Path, bytes]) -> None:
    _builds_or_reports(files, ("pdf",))


@_examples(in_ci=10, share=0.16)
@given(st.one_of(plan_files(), raw_files()))
def test_the_cli_exits_0_or_1_never_3(files: dict[Path, bytes]) -> None:
    with _plan_folder(files) as folder:
        out = folder.parent.parent / "out"
        result = CliRunner().invoke(
            app, ["build", str(folder), "--out", str(out), "--format", "html,md,docx"]
        )
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
