"""Acronyms and defined terms in the text a reader sees.

Two uses share these helpers: the check stage reports acronyms missing from the
glossary and glossary or definition entries nothing uses; the render stage expands
each acronym on first use (WCAG technique G102) and links defined terms.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container, Iterable
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9&'’]*(?:/[A-Za-z0-9][A-Za-z0-9&'’]*)*")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b")
_POSSESSIVE = re.compile(r"(?:'s|’s|s'|s’|'|’)$")


def is_acronym(word: str) -> bool:
    """Two or more capitals and no lower-case letters: ASB, NI, DV/SV, 101."""
    if word.isascii():
        return word.isupper() and _TWO_LETTERS.search(word) is not None
    letters = [char for char in word if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


_TWO_LETTERS = re.compile(r"[A-Za-z][^A-Za-z]*[A-Za-z]")


@dataclass(frozen=True)
class Use:
    """One acronym as written (`PCSOs`), the forms it may be listed under, and where it starts."""

    written: str
    forms: tuple[str, ...]
    start: int


def acronym_uses(text: str) -> tuple[Use, ...]:
    """Acronyms in running text, with plurals (PCSOs) and possessives (CSP's) reduced to their stem.

    Runs of capitalised words (SOUTH WEST DISTRICT in a table) are shouting, not acronyms.
    The check and render stages both ask about the same texts, hence the cache.
    """
    if not _TWO_CAPITALS.search(text):
        return ()
    return _acronym_uses(text)


_TWO_CAPITALS = re.compile(r"[A-Z][A-Za-z0-9&'’/]*[A-Z]")
# Words never hold a space, so only the runs of non-space with two capitals need splitting into words.
_CANDIDATE_CHUNK = re.compile(r"(?<!\S)\S*?[A-Z][A-Za-z0-9&'’/]*[A-Z]\S*")


@functools.lru_cache(maxsize=16384)
def _acronym_uses(text: str) -> tuple[Use, ...]:
    text = _POSTCODE.sub(lambda match: " " * len(match.group()), text)
    words = [
        word
        for chunk in _CANDIDATE_CHUNK.finditer(text)
        for word in _WORD.finditer(text, chunk.start(), chunk.end())
        if _may_be_acronym(word.group())
    ]
    shouting = _shouting_runs(text, words)
    uses = []
    for index, match in enumerate(words):
        if index in shouting:
            continue
        written = _POSSESSIVE.sub("", match.group())
        forms = _forms(written)
        if forms:
            uses.append(Use(written, forms, match.start()))
    return tuple(uses)


def _may_be_acronym(word: str) -> bool:
    """A cheap test that rules out most words: an acronym, or a part of one, has two capitals.

    Words without two capitals can be left out of the shouting runs too: any word between
    two words in capitals already keeps them from being `joined`.
    """
    return not (word[1:].islower() or word.isdigit() or word.islower())


def _forms(written: str) -> tuple[str, ...]:
    forms: list[str] = []
    if is_acronym(written):
        forms.append(written)
    elif written.endswith("s") and is_acronym(written[:-1]):
        forms += [written, written[:-1]]
    if "/" in written:
        for part in written.split("/"):
            forms += [form for form in _forms(part) if form not in forms]
    return tuple(forms)


def _shouting_runs(text: str, words: list[re.Match[str]]) -> set[int]:
    capitals = [is_acronym(match.group()) for match in words]
    skip: set[int] = set()
    run: list[int] = []
    for index, match in enumerate(words):
        joined = bool(run) and text[words[run[-1]].end() : match.start()].strip() == ""
        if capitals[index] and (joined or not run):
            run.append(index)
            continue
        if _is_shouting(run, words):
            skip.update(run)
        run = [index] if capitals[index] else []
    if _is_shouting(run, words):
        skip.update(run)
    return skip


def _is_shouting(run: list[int], words: list[re.Match[str]]) -> bool:
    """Two or more long words in capitals (AMBER VALLEY), not a pair of acronyms (PSPO FP)."""
    return sum(len(words[i].group()) >= 4 for i in run) >= 2


def phrase_pattern(term: str) -> re.Pattern[str]:
    """A defined term and its simple variants: any case, plural, hyphen or space between words."""
    words = re.findall(r"[A-Za-z0-9]+", term)
    if not words:
        return re.compile(re.escape(term))
    body = r"[\s\-]+".join(re.escape(word) for word in words)
    return re.compile(rf"(?<![\w-])({body})(?:s|es|'s|’s)?(?![\w-])", re.IGNORECASE)


def folded(text: str) -> str:
    """Lower case as `re.IGNORECASE` compares ASCII letters, one character for one.

    It also matches İ and ı to i and ſ to s, so a phrase's word missing from the folded
    text proves the phrase is not there either.
    """
    if text.isascii():
        return text.lower()
    return text.replace("İ", "i").replace("ı", "i").replace("ſ", "s").lower()


@dataclass(frozen=True)
class Phrase:
    """A defined term's pattern, its words (folded) and the longest, which every match contains."""

    pattern: re.Pattern[str]
    key: str
    words: tuple[str, ...] = ()

    def search(self, text: str, folded_text: str | None = None) -> re.Match[str] | None:
        """Most texts lack the key word, and a substring test is far cheaper than the pattern."""
        if self.key and self.key not in (folded(text) if folded_text is None else folded_text):
            return None
        return self.pattern.search(text)


def phrase(term: str) -> Phrase:
    words = tuple(word.lower() for word in re.findall(r"[A-Za-z0-9]+", term))
    return Phrase(phrase_pattern(term), max(words, key=len) if words else "", words)


def any_key(phrases: Iterable[Phrase]) -> re.Pattern[str] | None:
    """A pattern for folded text that finds nothing only where none of the phrases can match."""
    keys = [phrase.key for phrase in phrases]
    if not keys or not all(keys):
        return None
    return re.compile("|".join(re.escape(key) for key in sorted(set(keys))))


_FOLDED_WORD = re.compile(r"[a-z0-9]+")


class Corpus:
    """Many texts asked about many phrases: a word index leaves only the texts holding every word."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.index: dict[str, set[int]] = {}
        for number, text in enumerate(texts):
            for word in set(_FOLDED_WORD.findall(folded(text))):
                self.index.setdefault(word, set()).add(number)

    def mentions(self, phrase: Phrase, skip: Container[int] = ()) -> bool:
        """Whether any text but those numbered in `skip` (an entry's own) holds the phrase."""
        numbers = range(len(self.texts)) if not phrase.words else sorted(self._candidates(phrase.words))
        return any(number not in skip and phrase.pattern.search(self.texts[number]) for number in numbers)

    def _candidates(self, words: tuple[str, ...]) -> set[int]:
        """Texts with each word; the last may carry the plural or possessive the pattern allows."""
        *leading, last = words
        ending = {number for form in (last, last + "s", last + "es") for number in self.index.get(form, ())}
        postings = sorted((self.index.get(word, set()) for word in leading), key=len)
        for posting in postings:
            ending &= posting
            if not ending:
                break
        return ending


def normal(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))
