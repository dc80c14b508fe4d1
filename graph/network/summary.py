"""Ties summed up for answers: per source, what the records add up to, and whether the tie
still holds at the end of each source's data.

A tie (``analysis.Tie``) holds every statement between two actors of one aspect. Answers
at world scale cannot list them (113 SIPRI deals for "Who arms Azerbaijan?"), so each tie
is summed per source: records, TIV, years, weapons, hostility levels, battle deaths.
Sources stay apart: a text's claims are never added to a dataset's records, and a claim
that a dataset recording its kind does not bear out carries that verdict
("the article says ...; SIPRI records no transfer after 2017").

Time: a source knows its world up to its last year (a dataset's declared coverage, a
text's date). A statement *holds now* when it is in force in that year; an undated claim
of a text is its author's present; an undated record holds nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .evidence import Statement
from .project import DATASET, TEXT_SOURCE, SourceInfo


def last_year(s: Statement) -> int | None:
    return s.end if s.end is not None else s.start


def reference_year(s: Statement, sources: dict[str, SourceInfo]) -> int | None:
    """The last year the statement's sources cover (None: they do not say)."""
    years = [sources[x].last_year for x in s.sources if x in sources and sources[x].last_year is not None]
    return max(years) if years else None


def holds_now(s: Statement, sources: dict[str, SourceInfo]) -> bool:
    """Whether ``s`` is in force at the end of its sources' data (see the module docstring)."""
    if s.start is None and s.end is None:
        return any(sources[x].type == TEXT_SOURCE for x in s.sources if x in sources)
    ref = reference_year(s, sources)
    return ref is None or s.end is None or s.end >= ref


@dataclass
class SourcePart:
    """What one source says of a tie."""

    source: str
    name: str  # 'SIPRI', 'article'
    label: str
    kind: str  # text or dataset
    statements: list[Statement]
    covers: str
    tiv: float | None = None
    first: int | None = None
    last: int | None = None
    undated: int = 0
    open_ended: bool = False  # a statement with a start and no end: in force to the source's last year
    weapons: list[str] = field(default_factory=list)
    levels: list[int] = field(default_factory=list)
    deaths: int | None = None
    treaties: list[str] = field(default_factory=list)  # names, for alliances: 'ATOP 2550 (defense)'
    now: bool = False
    verdict: str | None = None  # for a text's claims: what the datasets recording their kind say

    def text(self) -> str:
        """'SIPRI: 20 records 2006-2017, TIV 2,185', 'article: 2 claims (undated; 2020)'."""
        count = len(self.statements)
        noun = ("claim" if self.kind == TEXT_SOURCE else "record") + ("s" if count != 1 else "")
        years = span(self)
        bits = [f"{count} {noun}" + (f" {years}" if years else "")]
        if self.undated and self.undated != count:
            bits.append(f"{self.undated} undated")
        elif self.undated:
            bits[0] += " (undated)"
        if self.tiv:
            bits.append(f"TIV {self.tiv:,.0f}")
        if self.weapons:
            bits.append(", ".join(self.weapons))
        if self.levels:
            bits.append(f"highest hostility level {max(self.levels)}")
        if self.deaths:
            bits.append(f"{self.deaths:,} battle deaths")
        if self.treaties:
            bits.append("under " + " and ".join(self.treaties[:2])
                        + (f" and {len(self.treaties) - 2} more treaties" if len(self.treaties) > 2 else ""))
        said = f"{self.name}: " + ", ".join(bits)
        return said + (f" ({self.verdict})" if self.verdict else "")

    def to_dict(self) -> dict:
        return {"source": self.source, "name": self.name, "label": self.label, "covers": self.covers,
                "statements": len(self.statements), "tiv": self.tiv, "first_year": self.first,
                "last_year": self.last, "open_ended": self.open_ended, "undated": self.undated, "weapons": self.weapons,
                "highest_hostility_level": max(self.levels) if self.levels else None,
                "battle_deaths": self.deaths, "treaties": self.treaties, "holds_now": self.now, "verdict": self.verdict}


def _span(first: int | None, last: int | None, open_ended: bool = False) -> str:
    """'2006-2017', '2020', '1991-' (open), '' (undated)."""
    if first is None:
        return ""
    if open_ended:
        return f"{first}-"
    return str(first) if last in (None, first) else f"{first}-{last}"


def span(part: "SourcePart") -> str:
    return _span(part.first, part.last, part.open_ended)


def parts(statements: list[Statement], sources: dict[str, SourceInfo],
          recorded_by: dict[str, set[str]] | None = None,
          treaty_names: dict[str, str] | None = None) -> list[SourcePart]:
    """The statements of one tie summed per source, datasets first, then the texts with
    their verdict against the datasets (``recorded_by``: kind class -> the datasets that
    record that kind anywhere in the store; ``treaty_names``: treaty IRI -> its name, see
    ``treaties.treaty_names``)."""
    grouped: dict[str, list[Statement]] = {}
    for s in statements:
        grouped.setdefault(s.sources[0] if s.sources else "", []).append(s)
    out = []
    for source, items in grouped.items():
        info = sources.get(source)
        dated = [y for s in items for y in (s.start, s.end) if y is not None]
        tivs = [float(s.data["weight"]) for s in items if s.data.get("weight") is not None]
        weapons = Counter()
        for s in items:
            if s.data.get("weapon"):
                weapons[s.data["weapon"]] += float(s.data.get("weight") or 0) or 1
        deaths = [int(s.data["deaths"]) for s in items if s.data.get("deaths") is not None]
        out.append(SourcePart(
            source=source, name=info.short if info else source, label=info.label if info else source,
            kind=info.type if info else DATASET, statements=items, covers=info.covers() if info else "",
            tiv=round(sum(tivs), 2) if tivs else None, first=min(dated) if dated else None,
            last=max(dated) if dated else None, undated=sum(1 for s in items if s.start is None and s.end is None),
            open_ended=any(s.start is not None and s.end is None for s in items),
            weapons=[w for w, _ in weapons.most_common(3)],
            levels=sorted({int(s.data["hostility_level"]) for s in items if s.data.get("hostility_level") is not None}),
            deaths=sum(deaths) if deaths else None,
            treaties=list(dict.fromkeys((treaty_names or {}).get(s.data["treaty"], s.data["treaty"])
                                        for s in items if s.data.get("treaty"))),
            now=any(holds_now(s, sources) for s in items)))
    datasets = [p for p in out if p.kind != TEXT_SOURCE]
    for text in (p for p in out if p.kind == TEXT_SOURCE):
        text.verdict = _verdict(text, datasets, sources, recorded_by or {})
    return sorted(out, key=lambda p: (p.kind == TEXT_SOURCE, -(p.tiv or 0), -len(p.statements), p.name))


def cited(part: SourcePart) -> list[Statement]:
    """The statements whose evidence a summary table's row for ``part`` lists: every claim of
    a text, the first three records of a dataset (``--records`` and JSON have them all)."""
    return part.statements if part.kind == TEXT_SOURCE else part.statements[:3]


def _verdict(text: SourcePart, datasets: list[SourcePart], sources: dict[str, SourceInfo],
             recorded_by: dict[str, set[str]]) -> str | None:
    """What the datasets that record the claims' kind say of the years the claims speak of
    (an undated claim: its text's date)."""
    kinds = {s.kind_class for s in text.statements}
    relevant = {d for k in kinds for d in recorded_by.get(k, ())}
    if not relevant:
        return None
    said = []
    for claim in text.statements:
        years = [y for y in (claim.start, claim.end) if y is not None] or [reference_year(claim, sources)]
        if years == [None]:
            continue
        first, last = min(years), max(years)
        for dataset in sorted(relevant):
            info = sources.get(dataset)
            if info is None or info.last_year is None or (info.first_year or first) > last or info.last_year < first:
                continue
            records = [s for p in datasets if p.source == dataset for s in p.statements
                       if s.kind_class in kinds and (s.start is None or s.start <= last)
                       and (last_year(s) is None or last_year(s) >= first)]
            if records:
                said.append(f"{info.short} records it ({len(records)} record{'s' if len(records) != 1 else ''})")
            else:
                earlier = [last_year(s) for p in datasets if p.source == dataset for s in p.statements
                           if s.kind_class in kinds and last_year(s) is not None]
                when = f"in {first}" if first == last else f"in {first}-{last}"
                said.append(f"contradicted: {info.short} records none {when}"
                            + (f", the last in {max(earlier)}" if earlier else ""))
    return "; ".join(dict.fromkeys(said)) or None
