"""The closing summary of `make mutate`: per module, how many mutants the tests killed, and the score.

mutmut keeps each module's results in mutants/<path>.meta; `mutmut results` lists only the survivors.
Score = caught / (caught + missed): a timeout or a type error counts as caught, a mutant that no test
reaches (mutmut's "no tests") as missed; mutants not yet checked count in neither.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

CAUGHT = ("killed", "timeout", "caught by type check", "segfault")
MISSED = ("survived", "no tests", "suspicious")
COLUMNS = ("killed", "survived", "timeout", "no tests", "other")


def statuses(meta: Path) -> Counter[str]:
    exit_codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return Counter(status_by_exit_code[code] for code in exit_codes.values())


def score(counts: Counter[str]) -> str:
    caught, missed = sum(counts[s] for s in CAUGHT), sum(counts[s] for s in MISSED)
    return f"{100 * caught / (caught + missed):.1f}%" if caught + missed else "-"


def row(name: str, counts: Counter[str]) -> str:
    other = sum(counts.values()) - sum(counts[s] for s in COLUMNS[:-1])
    cells = [*(counts[s] for s in COLUMNS[:-1]), other, sum(counts.values())]
    return f"{name:<22}" + "".join(f"{cell:>10}" for cell in cells) + f"{score(counts):>9}"


def main(modules: list[str]) -> int:
    metas = sorted(Path("mutants").glob("cspgen/**/*.py.meta"))
    wanted = {f"mutants/{module}.meta" for module in modules}
    chosen = [meta for meta in metas if not wanted or meta.as_posix() in wanted]
    if not chosen:
        print("no mutation results: run `make mutate` first", file=sys.stderr)
        return 1
    print(f"{'module':<22}" + "".join(f"{c:>10}" for c in (*COLUMNS, "total")) + f"{'score':>9}")
    total: Counter[str] = Counter()
    for meta in chosen:
        counts = statuses(meta)
        total += counts
        print(row(meta.name.removesuffix(".meta"), counts))
    print(row("all", total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
