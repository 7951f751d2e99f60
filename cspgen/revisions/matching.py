"""Items of two versions matched by identity, not position.

Explicit `id:` fields first, then a derived hint (a priority file's slug), then the same title,
then a close title (a rewording), and with a `history` an entry both share (an action's dated
progress text). So an item moved or retitled is matched, never one removed and one added.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

SAME_PARENT = 0.6  # how alike two titles must be to be one item reworded
OTHER_PARENT = 0.8  # ...when the item also moved


@dataclass(frozen=True, eq=False)
class Item(Generic[T]):
    """Something to match: `id` is explicit (different ids never match), `hint` a derived one."""

    value: T
    title: str
    parent: str
    position: int
    id: str | None = None
    hint: str | None = None


@dataclass(frozen=True)
class Matching(Generic[T]):
    pairs: list[tuple[Item[T], Item[T]]]
    removed: list[Item[T]]
    added: list[Item[T]]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _word_similarity(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 1.0 if a == b else 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


FUZZY_CANDIDATES = 64  # new items an old one is compared with when fewer would not be all of them

Pair = tuple[Item[T], Item[T]]


def match(
    old: list[Item[T]], new: list[Item[T]], history: Callable[[T], set[Hashable]] | None = None
) -> Matching[T]:
    """Pair old items with new ones, surest first; what is left was removed or added.

    Same ids, hints or titles are looked up, not compared pair by pair; a close title is
    looked for among the new items sharing the old one's rarest words (every new item while
    there are few). With `history`, items under the same parent sharing an entry match.
    """
    pairs: list[Pair[T]] = []
    left_old, left_new = list(old), list(new)
    titles = {id(item): _words(item.title) for item in [*old, *new]}

    def take(candidates: Iterable[Pair[T]], accept: Callable[[Item[T], Item[T]], float | None]) -> None:
        scored = []
        for a, b in candidates:
            if a.id and b.id and a.id != b.id:
                continue
            score = accept(a, b)
            if score is not None:
                scored.append((-score, a.position, b.position, a, b))
        scored.sort(key=lambda entry: entry[:3])
        taken: set[int] = set()
        for _, _, _, a, b in scored:
            if id(a) not in taken and id(b) not in taken:
                pairs.append((a, b))
                taken.update((id(a), id(b)))
        left_old[:] = [item for item in left_old if id(item) not in taken]
        left_new[:] = [item for item in left_new if id(item) not in taken]

    def keyed(key: Callable[[Item[T]], Iterable[Hashable]]) -> Iterator[Pair[T]]:
        return _keyed_pairs(left_old, left_new, key)

    take(keyed(lambda item: [item.id] if item.id else []), lambda a, b: 1.0)
    take(keyed(lambda item: [item.hint] if item.hint else []), lambda a, b: 1.0)
    take(keyed(lambda item: [tuple(titles[id(item)])]), lambda a, b: 1.0 + (a.parent == b.parent))

    def alike(a: Item[T], b: Item[T]) -> float | None:
        if a.id and b.id:
            return None
        needed = SAME_PARENT if a.parent == b.parent else OTHER_PARENT
        one, other = titles[id(a)], titles[id(b)]
        if one and other and 2.0 * min(len(one), len(other)) / (len(one) + len(other)) < needed:
            return None  # even every word in common would not be alike enough (difflib's bound)
        score = _word_similarity(one, other)
        return score + 0.1 * (a.parent == b.parent) if score >= needed else None

    take(_close_pairs(left_old, left_new, titles), alike)
    if history is not None:
        entries = history
        take(keyed(lambda item: [(item.parent, entry) for entry in entries(item.value)]), lambda a, b: 1.0)
    pairs.sort(key=lambda pair: pair[1].position)
    return Matching(pairs, left_old, left_new)


def _keyed_pairs(
    old: list[Item[T]], new: list[Item[T]], key: Callable[[Item[T]], Iterable[Hashable]]
) -> Iterator[Pair[T]]:
    """Each old item with every new one sharing a key, in the order of the two lists."""
    found: dict[Hashable, list[int]] = {}
    for number, item in enumerate(new):
        for value in key(item):
            found.setdefault(value, []).append(number)
    for a in old:
        numbers = {number for value in key(a) for number in found.get(value, ())}
        yield from ((a, new[number]) for number in sorted(numbers))


def _close_pairs(old: list[Item[T]], new: list[Item[T]], titles: dict[int, list[str]]) -> Iterator[Pair[T]]:
    """The pairs worth comparing for a close title: all of them while there are few new items,
    else each old item with the new ones sharing its rarest words, up to FUZZY_CANDIDATES."""
    if len(new) <= FUZZY_CANDIDATES:
        yield from ((a, b) for a in old for b in new)
        return
    holding: dict[str, list[int]] = {}
    for number, item in enumerate(new):
        for word in dict.fromkeys(titles[id(item)]):
            holding.setdefault(word, []).append(number)
    for a in old:
        rarest = sorted(dict.fromkeys(titles[id(a)]), key=lambda word: (len(holding.get(word, ())), word))
        chosen: set[int] = set()
        for word in rarest:
            numbers = holding.get(word, [])
            if chosen and len(chosen) + len(numbers) > FUZZY_CANDIDATES:
                break
            chosen.update(numbers[: FUZZY_CANDIDATES - len(chosen)])
        yield from ((a, new[number]) for number in sorted(chosen))
