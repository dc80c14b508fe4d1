"""When ties hold together: the years each tie's statements cover, merged, and the years that
the ties of a triad share.

A dual role is a triad in which an actor cooperates with two others *while* those two are
in conflict. Over all the datasets' years, a tie of 1945 and a war of 1950 make no dual role:
Turkey's alliance with China in 1945 (ATOP) and China's war with the United States in
1950-1953 (COW) say nothing of Turkey standing between them. So each side of a triad holds in
the years its statements cover, under the rules a time window applies (``Window.admits``):
an open end runs to the last year its source covers, or on when the source says nothing of
it. A statement with no year at all (most of the article's claims) may hold at any time, so
it rules nothing out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .evidence import Statement
    from .project import Window

# Bounds of a span that is open at one end (a start with no end, in a source with no last
# year; an end with no start).
EARLIEST, LATEST = -10**6, 10**6


@dataclass(frozen=True)
class Held:
    """The years a tie holds: disjoint spans (first, last), inclusive, in order; ``undated``
    when some statement of it has no year (then it may hold at any time)."""

    spans: tuple[tuple[int, int], ...] = ()
    undated: bool = False

    def to_list(self) -> list[list[int | None]]:
        """The spans as JSON gives them: [first, last], None for an open bound."""
        return [[None if a == EARLIEST else a, None if b == LATEST else b] for a, b in self.spans]

    def text(self) -> str:
        """'1961', '1992-2016', '1950-1953, 2001' ('' when undated only)."""
        def one(a: int, b: int) -> str:
            if a == EARLIEST:
                return f"until {b}"
            if b == LATEST:
                return f"{a}-"
            return str(a) if a == b else f"{a}-{b}"
        return ", ".join(one(a, b) for a, b in self.spans)


    def brief(self) -> str:
        """``text`` for one or two spans, else '1953-2006 (6 spans)' (a table's cell)."""
        if len(self.spans) <= 2:
            return self.text()
        (first, _), (_, last) = self.to_list()[0], self.to_list()[-1]
        return f"{'…' if first is None else first}-{'…' if last is None else last} ({len(self.spans)} spans)"


def span(start: int | None, end: int | None, last: int | None) -> tuple[int, int] | None:
    """The years of a statement from ``start`` to ``end`` whose source covers up to ``last``
    (None: undated)."""
    if start is None and end is None:
        return None
    first = EARLIEST if start is None else start
    if end is None:
        end = LATEST if last is None else max(last, first)
    return (first, max(first, end))


def held(spans: Iterable[tuple[int, int] | None]) -> Held:
    """The ``Held`` of a tie whose statements cover ``spans`` (None: an undated statement)."""
    spans = list(spans)
    dated = sorted(s for s in spans if s is not None)
    merged: list[list[int]] = []
    for a, b in dated:
        if merged and a <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return Held(tuple((a, b) for a, b in merged), None in spans)


def of_statements(statements: Iterable[Statement], sources: Mapping) -> Held:
    """The years ``statements`` hold (``sources``: a graph's source index, for open ends)."""
    from .summary import reference_year

    return held(span(s.start, s.end, reference_year(s, sources)) for s in statements)


def in_window(window: Window | None) -> Held | None:
    """A time window as the years it spans (None: no window)."""
    if window is None:
        return None
    return Held(((EARLIEST if window.start is None else window.start, LATEST if window.end is None else window.end),))


def union(ties: Iterable[Held]) -> Held:
    """The years any of ``ties`` holds."""
    ties = list(ties)
    return held([s for t in ties for s in t.spans] + ([None] if any(t.undated for t in ties) else []))


def together(*ties: Held) -> Held | None:
    """The years every one of ``ties`` holds (an undated tie may hold at any time), or None
    when they never hold together."""
    dated = [t for t in ties if not t.undated]
    if any(not t.spans for t in dated):
        return None
    if not dated:
        return Held((), True)
    common = list(dated[0].spans)
    for t in dated[1:]:
        common = _intersect(common, t.spans)
        if not common:
            return None
    return Held(tuple(common), False)


def _intersect(a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The years in both lists of disjoint, ordered spans."""
    a, b, found, i, j = list(a), list(b), [], 0, 0
    while i < len(a) and j < len(b):
        first, last = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if first <= last:
            found.append((first, last))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return found
