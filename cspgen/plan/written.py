"""A file a plan names by a path written in its YAML: refused by its letters before the disk is asked."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath


def path_problem(written: str, code: str, what: str, example: str) -> tuple[str, str] | None:
    """An absolute path or `..` leads out of the plan; `\\` is a Windows habit the plan cannot carry.

    `code` is the diagnostic code for a backslash, `what` names the file (`picture`), `example`
    is a path of its kind (`images/map.png`).
    """
    if "\\" in written:
        return code, f"write the path `{written}` with `/` between folders, e.g. `{example}`"
    if PurePosixPath(written).is_absolute() or PureWindowsPath(written).drive:
        return "outside-plan", (
            f"`{written}` is an absolute path; write the {what}'s path from the plan folder, "
            f"e.g. `{example}`, and copy the {what} in"
        )
    if ".." in PurePosixPath(written).parts:
        return "outside-plan", f"`{written}` leads out of the plan folder (`..`); copy the {what} in instead"
    return None
