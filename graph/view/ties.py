"""Ties: the statements between one pair of entities in one relation family, totalled.

A tie is what the viewer draws: one line per pair and family, however many statements
lie behind it (Russia -> Azerbaijan, arms: 111 SIPRI deals and the article's claim).
Its *volume* sets the line's width: the SIPRI TIV the statements add up to in a family
whose statements carry one, else the number of statements. The page recomputes the same
totals for whatever year and filters are chosen; these are the all-time ones.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .select import COUNTED, SUMMED, Family, Link, Selection


@dataclass
class Tie:
    source: str
    target: str
    family: Family
    links: list[Link] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        return self.source, self.target, self.family.iri

    def totals(self) -> dict:
        """Statements, the sums and counts of their values, years, undated statements."""
        starts = [y for link in self.links for y in (link.start, link.end) if y is not None]
        out: dict = {
            "statements": len({link.statement for link in self.links}),
            "first": min(starts) if starts else None, "last": max(starts) if starts else None,
            "undated": sum(1 for link in self.links if link.start is None and link.end is None),
            "sources": sorted({s for link in self.links for s in link.sources}),
        }
        for name in SUMMED:
            values = [link.values[name] for link in self.links if name in link.values]
            if values:
                out[name] = round(sum(values), 6)
        for name in COUNTED:
            counts = Counter(str(link.values[name]) for link in self.links if name in link.values)
            if counts:
                out[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        treaties = sorted({link.treaty for link in self.links if link.treaty})
        if treaties:
            out["treaties"] = treaties
        return out


def measure_of(selection: Selection) -> dict[str, str]:
    """Per family: 'tiv' when its statements carry SIPRI TIVs, else 'statements'."""
    with_tiv = {link.family for link in selection.links if "tiv" in link.values}
    return {iri: "tiv" if iri in with_tiv else "statements" for iri in selection.families}


def tie_ends(link: Link, family: Family) -> tuple[str, str]:
    """A directed family's tie runs subject -> object; a symmetric one from the lower IRI."""
    if family.directed:
        return link.subject, link.object
    return min(link.pair), max(link.pair)


def ties_of(selection: Selection) -> dict[tuple[str, str, str], Tie]:
    """Every tie of the selection, keyed (source, target, family), in a stable order."""
    ties: dict[tuple[str, str, str], Tie] = {}
    for link in selection.links:
        family = selection.families[link.family]
        source, target = tie_ends(link, family)
        tie = ties.setdefault((source, target, family.iri), Tie(source, target, family))
        tie.links.append(link)
    return dict(sorted(ties.items()))


def volume(tie: Tie, measure: str) -> float:
    totals = tie.totals()
    return float(totals.get("tiv", 0.0)) if measure == "tiv" else float(totals["statements"])
