"""Plan files kept between the rebuilds of `cspgen serve`.

The stages stay as they are: `load_plan` and `model_plan` take a `FileCache`'s `load_file`
and `validate` in place of their own, so only changed files are read and validated again.
A file is known by its path, the folder it must stay inside and a hash of its bytes, so an
edit is seen even where timestamps are coarse. Cross-file checks and rendering still see
the whole plan on every build.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from cspgen.diagnostics import Diagnostic
from cspgen.plan.load import read_source
from cspgen.plan.model import ModelT
from cspgen.plan.model import validate as validate_file
from cspgen.plan.parse import parse_source
from cspgen.plan.source import SourceFile

_Loaded = tuple[SourceFile | None, list[Diagnostic]]


@dataclass
class FileCache:
    """What each file held and how it validated; `read` names the files read by the last build."""

    read: list[Path] = field(default_factory=list)
    _loaded: dict[tuple[str, Path], tuple[bytes, _Loaded]] = field(default_factory=dict, repr=False)
    _validated: dict[tuple[type[Any], Path], tuple[SourceFile, Any, list[Diagnostic]]] = field(
        default_factory=dict, repr=False
    )
    _used: set[tuple[str, Path]] = field(default_factory=set, repr=False)

    def start(self) -> None:
        """Called before each build: entries the build does not use are dropped at `finish`."""
        self.read = []
        self._used = set()

    def finish(self) -> None:
        self._loaded = {key: value for key, value in self._loaded.items() if key in self._used}
        sources = {id(source) for _, (source, _) in self._loaded.values() if source is not None}
        self._validated = {key: value for key, value in self._validated.items() if id(value[0]) in sources}

    def load_file(self, path: Path, root: Path | None = None) -> _Loaded:
        raw, problems = read_source(path, root)
        if raw is None:
            return None, problems
        key = (os.path.realpath(path), root or Path("/"))
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        self._used.add(key)
        known = self._loaded.get(key)
        if known is not None and known[0] == digest:
            source, diagnostics = known[1]
            return source, list(diagnostics)
        self.read.append(path)
        loaded = parse_source(path, raw)
        self._loaded[key] = (digest, loaded)
        return loaded[0], list(loaded[1])

    def validate(self, model: type[ModelT], source: SourceFile) -> tuple[ModelT | None, list[Diagnostic]]:
        """An unchanged file is the very same `SourceFile` object, so its result still holds."""
        key = (model, source.path)
        known = self._validated.get(key)
        if known is not None and known[0] is source:
            return cast("ModelT | None", known[1]), list(known[2])
        result, found = validate_file(model, source)
        self._validated[key] = (source, result, found)
        return result, list(found)
