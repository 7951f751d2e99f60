"""Synthetic plans N times the size of a seed plan, for measuring how cspgen scales.

Copy k of each priority file is renumbered and gets unique ids and numbered
titles and texts; the plan's own written sections are repeated the same way. The glossary,
definitions and shared county folders stay as they are: a bigger plan uses the
same vocabulary. Every generated plan is valid under `cspgen validate`.

    python bench/generate.py plans/bolsover-2020 100 /tmp/bench/plans
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml


def generate(seed: Path, factor: int, plans_root: Path) -> Path:
    """Writes plans_root/SEED-xFACTOR (and the shared folders it draws on); returns the plan folder."""
    if factor < 1:
        raise ValueError("the factor is a whole number of at least 1")
    out = plans_root / f"{seed.name}-x{factor}"
    if out.exists():
        shutil.rmtree(out)
    (out / "priorities").mkdir(parents=True)
    for name in ("glossary.yaml", "definitions.yaml"):
        if (seed / name).exists():
            shutil.copyfile(seed / name, out / name)
    plan = _read(seed / "plan.yaml")
    if factor == 1:
        shutil.copyfile(seed / "plan.yaml", out / "plan.yaml")
    else:
        _write(out / "plan.yaml", dict(plan, sections=_repeat_sections(plan.get("sections", []), factor)))
    priorities = sorted((seed / "priorities").glob("*.yaml"))
    if len(priorities) * factor > 999:
        raise ValueError(f"{len(priorities)} priorities × {factor} is more than the 999 a plan can number")
    for copy in range(factor):
        for index, path in enumerate(priorities):
            number = copy * len(priorities) + index + 1
            slug = path.stem.split("-", 1)[1]
            target = out / "priorities" / f"{number:03d}-{slug}{_suffix(copy, '-')}.yaml"
            if copy:
                _write(target, _copy_priority(_read(path), copy))
            else:
                shutil.copyfile(path, target)
    for name in plan.get("shared", []):
        source = seed.parent / "_shared" / name
        target = plans_root / "_shared" / name
        if source.is_dir() and not target.exists():
            shutil.copytree(source, target)
    return out


def _suffix(copy: int, joiner: str) -> str:
    """Copy 0 is the seed itself, so the 1× plan is the seed plan unchanged."""
    return f"{joiner}{copy + 1}" if copy else ""


def _repeat_sections(sections: list[Any], factor: int) -> list[Any]:
    """Written sections are repeated right after themselves; generated parts appear once."""
    repeated: list[Any] = []
    for section in sections:
        if "generated" in section:
            repeated.append(section)
            continue
        repeated += [_distinct(section, copy) for copy in range(factor)]
    return repeated


def _copy_priority(priority: dict[str, Any], copy: int) -> dict[str, Any]:
    copied: dict[str, Any] = _distinct(priority, copy)
    return copied


PROSE = frozenset({"title", "text", "content", "notes", "note", "why", "intro", "caption", "local", "county"})


def _distinct(data: Any, copy: int, key: str = "") -> Any:
    """Ids made unique and every prose text numbered, so no two copies share a text.

    Shared texts would flatter cspgen: what it works out about a text is cached.
    """
    if not copy:
        return data
    if isinstance(data, dict):
        return {name: _distinct(value, copy, name) for name, value in data.items()}
    if isinstance(data, list):
        return [_distinct(item, copy, key) for item in data]
    if isinstance(data, str) and key == "id":
        return data + _suffix(copy, "-")
    if isinstance(data, str) and key in PROSE:
        body = data.rstrip()
        return f"{body} ({copy + 1}){data[len(body) :]}"
    return data


def _read(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


class _Dumper(yaml.CSafeDumper):
    """Repeated content is written out each time: plans refuse YAML aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.CSafeDumper, text: str) -> yaml.ScalarNode:
    """Paragraphs as `|` blocks, the way officers write them."""
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


_Dumper.add_representer(str, _text)


def _write(path: Path, data: Any) -> None:
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seed", type=Path, help="a plan folder, e.g. plans/bolsover-2020")
    parser.add_argument("factor", type=int, help="how many times the seed's content")
    parser.add_argument("plans_root", type=Path, help="the plans/ folder to write into")
    options = parser.parse_args(argv)
    print(generate(options.seed, options.factor, options.plans_root))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
