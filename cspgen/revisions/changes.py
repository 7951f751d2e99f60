"""A plan's changes written out: for a terminal, for a pull-request comment, and as a web page.

Each change becomes one sentence made of pieces (plain text, an item's name, an old or a new
value, words deleted or inserted), so the three formats say the same thing in their own markup.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cspgen import __version__
from cspgen.diagnostics import Diagnostic, error, printable
from cspgen.plan.model import PlanBundle
from cspgen.revisions.change import Change, Kind, PlanDiff
from cspgen.revisions.diff import compare, new_plan
from cspgen.revisions.git import errors_only, load_revision, repository
from cspgen.writers.escape import markdown_escape
from cspgen.writers.templates import environment

Role = Literal["text", "name", "old", "new", "del", "ins", "gap", "arrow"]
CONTEXT_WORDS = 6  # unchanged words kept either side of a change in a text
MOST_WORDS = 120  # a word diff longer than this is cut short
EXCERPT = 160  # characters of an added or removed text shown in a terminal or a comment
THIS_VERSION = "this version"

SYMBOLS: dict[Kind, str] = {"added": "+", "removed": "−", "moved": "→", "reworded": "~", "changed": "~"}


@dataclass(frozen=True)
class Piece:
    text: str
    role: Role = "text"


@dataclass(frozen=True)
class Detail:
    """A line under a sentence: an old or new text (labelled `Was`, `Now`, `Text`) or a word diff."""

    label: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Sentence:
    kind: Kind
    pieces: tuple[Piece, ...]
    details: tuple[Detail, ...] = ()


def sentences(change: Change, full_text: bool = False) -> Sentence:
    """Say what changed; `full_text` keeps added texts whole (the web page), else an excerpt."""
    subject = change.subject.capitalize()
    if not change.field:
        return _item_sentence(change, subject)
    if change.subject == "plan":
        pieces = [Piece(change.field[:1].upper() + change.field[1:])]
    else:
        pieces = [Piece(f"{subject} "), Piece(change.name, "name"), Piece(f": {change.field}")]
    details: list[Detail] = []
    if change.kind == "added":
        pieces.append(Piece(" added"))
        if change.new and change.long_text:
            details.append(Detail("Text", (Piece(_excerpt(change.new, full_text), "new"),)))
        elif change.new:
            pieces += [Piece(": "), Piece(change.new, "new")]
    elif change.kind == "removed":
        pieces.append(Piece(" removed"))
        if change.old and change.long_text:
            details.append(Detail("Was", (Piece(_excerpt(change.old, full_text), "old"),)))
        elif change.old:
            pieces += [Piece(", was "), Piece(change.old, "old")]
    elif change.long_text:
        pieces.append(Piece(" rewritten"))
        details.append(Detail("", tuple(word_diff(change.old or "", change.new or ""))))
    else:
        colon = ":" if change.subject == "plan" else ""
        pieces += [Piece(f"{colon} "), Piece(change.old or "", "old"), Piece(" → ", "arrow")]
        pieces.append(Piece(change.new or "", "new"))
    if change.context:
        pieces.append(Piece(change.context))
    return Sentence(change.kind, tuple(pieces), tuple(details))


def _item_sentence(change: Change, subject: str) -> Sentence:
    if change.kind == "reworded":
        return Sentence(
            "reworded",
            (Piece(f"{subject} reworded"),),
            (
                Detail("Was", (Piece(change.old or "", "old"),)),
                Detail("Now", (Piece(change.new or "", "new"),)),
            ),
        )
    if change.kind == "moved":
        return Sentence(
            "moved",
            (
                Piece(f"{subject} moved: "),
                Piece(change.name, "name"),
                Piece(", from "),
                Piece(change.old or "", "old"),
                Piece(" to "),
                Piece(change.new or "", "new"),
            ),
        )
    pieces = [Piece(f"{subject} {change.kind}: "), Piece(change.name, "name")]
    value = change.new if change.kind == "added" else change.old
    if value:
        pieces.append(Piece(f" ({value})"))
    if change.context:
        pieces.append(Piece(change.context))
    return Sentence(change.kind, tuple(pieces))


def _excerpt(text: str, full: bool) -> str:
    flat = " ".join(text.split())
    if full or len(flat) <= EXCERPT:
        return text.strip() if full else flat
    return flat[: flat.rfind(" ", 0, EXCERPT)].rstrip(",;:") + " …"


def word_diff(old: str, new: str) -> list[Piece]:
    """Words deleted and inserted, with a few unchanged words either side and `…` for the rest."""
    before, after = re.findall(r"\S+", old), re.findall(r"\S+", new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    pieces: list[Piece] = []
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = before[i1:i2]
            head = same[:CONTEXT_WORDS] if index > 0 else []
            tail = same[-CONTEXT_WORDS:] if index < len(opcodes) - 1 else []
            if len(same) > len(head) + len(tail):
                if head:
                    pieces.append(Piece(" ".join(head) + " "))
                pieces.append(Piece("… ", "gap"))
                if tail:
                    pieces.append(Piece(" ".join(tail) + " "))
            else:
                pieces.append(Piece(" ".join(same) + " "))
            continue
        if i2 > i1:
            pieces.append(Piece(" ".join(before[i1:i2]), "del"))
            pieces.append(Piece(" "))
        if j2 > j1:
            pieces.append(Piece(" ".join(after[j1:j2]), "ins"))
            pieces.append(Piece(" "))
    return _shortened(pieces)


def _shortened(pieces: list[Piece]) -> list[Piece]:
    kept: list[Piece] = []
    count = 0
    for piece in pieces:
        count += len(piece.text.split())
        if count > MOST_WORDS:
            kept.append(Piece("…", "gap"))
            break
        kept.append(piece)
    while kept and kept[-1].role == "text" and not kept[-1].text.strip():
        kept.pop()
    if kept and kept[-1].role == "text":
        kept[-1] = Piece(kept[-1].text.rstrip())
    return kept


# --- terminal ---------------------------------------------------------------------------------

_COLOURS = {"added": "32", "removed": "31", "moved": "36", "reworded": "33", "changed": "33"}
_ROLE_COLOURS = {"old": "31", "new": "32", "del": "31", "ins": "32", "name": "1"}
_MARKERS = {"del": ("[-", "-]"), "ins": ("{+", "+}")}


def format_terminal(diff: PlanDiff, colour: bool) -> str:
    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if colour and text else text

    def line(pieces: tuple[Piece, ...]) -> str:
        out = []
        for piece in pieces:
            text = printable(_one_line(piece.text))
            if piece.role == "name":
                text = f"“{_shorten(text, 90)}”"
            if piece.role in _MARKERS and not colour:
                start, end = _MARKERS[piece.role]
                text = f"{start}{text}{end}"
            out.append(
                paint(text, _ROLE_COLOURS.get(piece.role, "")) if piece.role in _ROLE_COLOURS else text
            )
        return "".join(out)

    lines = [
        paint(f"Changes to {printable(diff.title)}", "1"),
        printable(f"from {diff.old_label} to {diff.new_label}: {diff.summary()}"),
    ]
    if diff.note:
        lines.append(printable(diff.note))
    for group in diff.groups:
        lines += ["", paint(printable(group.heading), "1")]
        for change in group.changes:
            sentence = sentences(change)
            symbol = paint(SYMBOLS[sentence.kind], _COLOURS[sentence.kind])
            lines.append(f"  {symbol} {line(sentence.pieces)}")
            for detail in sentence.details:
                label = f"{printable(detail.label)}: " if detail.label else ""
                lines.append(f"      {label}{line(detail.pieces)}")
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split()) if "\n" in text or "\r" in text else text


def _shorten(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    return text[: text.rfind(" ", 0, width - 1)] + " …"


# --- Markdown, for a pull-request comment -------------------------------------------------------


def format_markdown(diff: PlanDiff) -> str:

    def line(pieces: tuple[Piece, ...]) -> str:
        out = []
        for piece in pieces:
            text = markdown_escape(printable(_one_line(piece.text)))
            if piece.role == "name":
                text = f"“{text}”"
            elif piece.role == "del" and text:
                text = f"~~{text}~~"
            elif piece.role == "ins" and text:
                text = f"**{text}**"
            out.append(text)
        return "".join(out)

    lines = [f"### Changes to {markdown_escape(diff.title)}", ""]
    summary = diff.summary()
    lines.append(f"Compared {code_span(diff.old_label)} with {code_span(diff.new_label)}: {summary}.")
    if diff.note:
        lines += ["", markdown_escape(diff.note)]
    for group in diff.groups:
        lines += ["", f"#### {markdown_escape(group.heading)}", ""]
        for change in group.changes:
            sentence = sentences(change)
            lines.append(f"- {line(sentence.pieces)}")
            for detail in sentence.details:
                label = f"{detail.label}: " if detail.label else ""
                lines.append(f"  - {label}{line(detail.pieces)}")
    return "\n".join(lines) + "\n"


def code_span(text: str) -> str:
    """A code span no backtick in the text can close, so a crafted tag name stays literal."""
    text = _one_line(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") or longest else text
    return f"{fence}{padded}{fence}"


# --- the web page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PageGroup:
    anchor: str
    heading: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class ChangesPage:
    """Everything changes.html.j2 prints; the template escapes it."""

    title: str
    old_label: str
    new_label: str
    summary: str
    note: str
    contents: bool  # a list of the groups, worth having only when there are several
    groups: tuple[PageGroup, ...]
    generator: str


def render_html(diff: PlanDiff) -> str:
    """changes.html: escaped, and in the look of the plan's own page."""
    template = environment(autoescape=True).get_template("html/changes.html.j2")
    return template.render(page=changes_view(diff))


def changes_view(diff: PlanDiff) -> ChangesPage:
    groups = tuple(
        PageGroup(
            f"changes-{number}",
            group.heading,
            tuple(_page_sentence(sentences(change, full_text=True)) for change in group.changes),
        )
        for number, group in enumerate(diff.groups, 1)
    )
    return ChangesPage(
        title=diff.title,
        old_label=diff.old_label,
        new_label=diff.new_label,
        summary=diff.summary(),
        note=diff.note,
        contents=len(groups) > 1,
        groups=groups,
        generator=_generator(),
    )


def _page_sentence(sentence: Sentence) -> Sentence:
    """Details are shown with their line breaks (`white-space: pre-line`), and one blank line is
    enough between paragraphs, as on the plan's own page."""
    details = tuple(
        Detail(detail.label, tuple(Piece(_one_blank_line(piece.text), piece.role) for piece in detail.pieces))
        for detail in sentence.details
    )
    pieces = tuple(Piece(_one_blank_line(piece.text), piece.role) for piece in sentence.pieces)
    return Sentence(sentence.kind, pieces, details)


def _one_blank_line(text: str) -> str:
    return _BLANK_LINES.sub("\n\n", text)


_BLANK_LINES = re.compile(r"\n{3,}")


def _generator() -> str:
    return f"cspgen {__version__}"


def changes_page(
    folder: Path, revision: str, bundle: PlanBundle
) -> tuple[dict[str, str | bytes], list[Diagnostic]]:
    """changes.html for a build: the plan being built compared with its version at a git revision."""
    repo = repository(folder)
    if isinstance(repo, str):
        return {}, [error(folder, 1, 1, "git-revision", repo)]
    old = load_revision(repo, revision)
    problems = errors_only(old.diagnostics)
    if problems:
        return {}, problems
    if old.bundle is None:
        return {"changes.html": render_html(new_plan(bundle, old.label, THIS_VERSION))}, []
    return {"changes.html": render_html(compare(old.bundle, bundle, old.label, THIS_VERSION))}, []
