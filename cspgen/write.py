"""Stage 5: write the rendered files, all or nothing.

Files go into a fresh sibling folder first; only when every file is written is
that folder swapped in, so a failure never leaves half a build behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_output(out: Path, files: dict[str, str | bytes]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, text in sorted(files.items()):
            if isinstance(text, bytes):
                (staging / name).write_bytes(text)
            else:
                (staging / name).write_text(text, encoding="utf-8", newline="\n")
        staging.chmod(0o755)
        _swap_in(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        os.replace(staging, out)
        return
    retired = out.with_name(f".{out.name}.old")
    if retired.exists():
        shutil.rmtree(retired)
    os.replace(out, retired)
    try:
        os.replace(staging, out)
    except OSError:
        os.replace(retired, out)
        raise
    shutil.rmtree(retired, ignore_errors=True)
