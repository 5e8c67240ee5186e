"""The site's one search box: articles, units, clusters and (for officers) people, together.

Each app owns what it finds and registers a *finder* in its AppConfig.ready() (core imports no
domain app): `register_search_kind(SearchKind("units", "Cơ quan, đơn vị", find_units, order=2))`.
A finder receives the user, the query and a window size and answers `Found(total, candidates)`:
the number of matches, and at most `window` of them as `SearchResult`s, using the app's own search
selector (units: `organisations.selectors.search_units`; articles: `news.selectors.search_articles`)
and its own visibility filter (people: `accounts.access`, only those the user reaches). A finder
answers None when the kind is not for this user (people for a visitor without a role).

Core ranks each kind's candidates by relevance on their names, accents and case ignored
(`thidua.core.text.fold`): the whole name equals the query, then the name starts with it, then the
name holds every word of it, then the rest (matched in a code, a summary, a body); ties keep the
finder's order. Ranking reads the candidate window only: a finder orders its window so that the
best candidates are in it (units and people by the length of the name, so exact names come first).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from thidua.core.text import fold

MAX_QUERY = 200
MAX_WORDS = 8
#: Candidates read per kind: enough to rank and page through, bounded whatever the query.
WINDOW = 200
OVERVIEW = 5  # results shown per kind when every kind is listed
PAGE_SIZE = 20

EXACT, PREFIX, CONTAINS, ELSEWHERE = range(4)


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    detail: str = ""
    #: the texts a match counts on (a unit's name, short name and code); the title when empty
    names: Sequence[str] = ()


@dataclass(frozen=True)
class Found:
    total: int
    candidates: Sequence[SearchResult]


Finder = Callable[[Any, str, int], Found | None]


@dataclass(frozen=True)
class SearchKind:
    key: str  # in the URL: ?kind=units
    label: str  # "Cơ quan, đơn vị"
    find: Finder
    order: int = 0


@dataclass
class Group:
    kind: SearchKind
    total: int
    results: list[SearchResult]
    ranked: int  # how many of the total were read and ranked (the window)
    page: int = 1
    pages: int = 1
    relevance: list[int] = field(default_factory=list)

    @property
    def truncated(self) -> bool:
        return self.total > self.ranked


_KINDS: dict[str, SearchKind] = {}


def register_search_kind(kind: SearchKind) -> None:
    """Add (or replace, by key: ready() may run twice in tests) a kind of the search box."""
    _KINDS[kind.key] = kind


def search_kinds() -> list[SearchKind]:
    return sorted(_KINDS.values(), key=lambda k: (k.order, k.key))


def clean_query(query: str) -> str:
    """The query as searched: at most 200 characters and 8 words, spaces collapsed."""
    return " ".join(query[:MAX_QUERY].split()[:MAX_WORDS])


def relevance(result: SearchResult, query: str) -> int:
    """EXACT, PREFIX, CONTAINS or ELSEWHERE: how the query matches the result's names."""
    wanted = fold(query)
    words = wanted.split()
    best = ELSEWHERE
    for name in result.names or (result.title,):
        folded = fold(name)
        if folded == wanted:
            return EXACT
        if folded.startswith(wanted):
            best = min(best, PREFIX)
        elif words and all(word in folded for word in words):
            best = min(best, CONTAINS)
    return best


def rank(results: Sequence[SearchResult], query: str) -> list[tuple[int, SearchResult]]:
    """Results by relevance; within one level in the finder's order (a stable sort)."""
    return sorted(((relevance(r, query), r) for r in results), key=lambda pair: pair[0])


def search(user: Any, query: str, *, kind: str | None = None, page: int = 1) -> list[Group]:
    """The groups of results: every kind's first few, or one kind's page `page` of PAGE_SIZE."""
    query = clean_query(query)
    if not fold(query):
        return []
    groups = []
    for search_kind in search_kinds():
        if kind is not None and search_kind.key != kind:
            continue
        found = search_kind.find(user, query, WINDOW)
        if found is None:
            continue
        ranked = rank(found.candidates, query)
        if kind is None:
            shown, pages, page_number = ranked[:OVERVIEW], 1, 1
        else:
            pages = max(1, -(-len(ranked) // PAGE_SIZE))
            page_number = min(max(page, 1), pages)
            shown = ranked[(page_number - 1) * PAGE_SIZE : page_number * PAGE_SIZE]
        groups.append(
            Group(
                kind=search_kind,
                total=found.total,
                results=[result for _, result in shown],
                relevance=[level for level, _ in shown],
                ranked=len(ranked),
                page=page_number,
                pages=pages,
            )
        )
    return groups
