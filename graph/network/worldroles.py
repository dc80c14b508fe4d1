"""World-scale dual roles: who arms both sides of a conflict, or arms the rival of its ally.

Per period (e.g. a decade), from dated statements only:
  * arms: ak:ArmsTransfer statements (SIPRI), placed in the years of their deliveries (the
    order year when nothing was delivered); a deal's delivered TIV is spread evenly over
    its delivery years;
  * conflict: statements of kinds that imply armed conflict (ak:impliesConflict, or the
    ak:inConflictWith edge): MID hostilities, COW wars, UCDP conflicts;
  * alliance: statements of kinds whose edge is ak:allyOf (ATOP treaty alliances).
Two patterns are ranked:
  * "arms both sides": A delivered arms to B and to C while B and C were in conflict;
    score = the smaller of the two TIV flows (a dual role is as large as its weaker side);
  * "arms the rival of an ally": A was allied with B and delivered arms to C while B and
    C were in conflict; score = TIV delivered to C.
Kinds are read from the ontology, so any dataset imported into these kinds takes part.
Undated statements (e.g. most of the article's) cannot be placed in a period and are left out.
Deals are counted once per period however many years they delivered in. Only datasets take part
unless ``sources`` names others: a text's claim is not a record of a delivery or a dispute, and
mixed in unmarked it would read as one (``corroborate`` checks such claims against the data).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..store.core import Store

PREFIXES = """PREFIX ak:   <https://w3id.org/actorkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""

_ACTORS = PREFIXES + """
SELECT ?x ?label WHERE {
  ?x a ?t ; rdfs:label ?label . ?t rdfs:subClassOf* ak:Actor .
  FILTER NOT EXISTS { ?x a ak:UnidentifiedActor } FILTER NOT EXISTS { ?x a ak:UnresolvedActor }
}"""

_ARMS = PREFIXES + """
SELECT ?s ?supplier ?recipient ?source ?start ?point ?tiv ?record (GROUP_CONCAT(STR(?delivery); separator=" ") AS ?deliveries)
WHERE {
  ?s a ak:ArmsTransfer ; ak:supplier ?supplier ; ak:recipient ?recipient ; prov:wasDerivedFrom ?source .
  OPTIONAL { ?s ak:start ?start } OPTIONAL { ?s ak:pointInTime ?point } OPTIONAL { ?s ak:tiv ?tiv }
  OPTIONAL { ?s ak:deliveryYear ?delivery } OPTIONAL { ?s ak:recordId ?record }
}
GROUP BY ?s ?supplier ?recipient ?source ?start ?point ?tiv ?record"""

_PAIRS = PREFIXES + """
SELECT ?s ?a ?b ?source ?start ?end ?point ?record WHERE {
  ?kind ak:subjectRole ?r1 ; ak:objectRole ?r2 .
  %s
  ?s a ?kind ; ?r1 ?a ; ?r2 ?b ; prov:wasDerivedFrom ?source .
  FILTER(STR(?a) < STR(?b))
  OPTIONAL { ?s ak:start ?start } OPTIONAL { ?s ak:end ?end } OPTIONAL { ?s ak:pointInTime ?point }
  OPTIONAL { ?s ak:recordId ?record }
}"""
_DATASETS = PREFIXES + "SELECT DISTINCT ?source WHERE { ?source a ak:Dataset }"
_CONFLICT = "{ ?kind ak:impliesConflict true } UNION { ?kind ak:edge ak:inConflictWith }"
_ALLIANCE = "?kind ak:edge ak:allyOf ."


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text[:4]) if text[:4].isdigit() else None


@dataclass
class DualRole:
    period: tuple[int, int]
    pattern: str
    actor: str
    b: str
    c: str
    score: float
    deals_b: int = 0
    deals_c: int = 0
    tiv_b: float = 0.0
    tiv_c: float = 0.0
    conflicts: int = 0
    labels: dict[str, str] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"period": f"{self.period[0]}-{self.period[1]}", "pattern": self.pattern,
                "actor": self.actor, "actorLabel": self.labels.get(self.actor), "b": self.b,
                "bLabel": self.labels.get(self.b), "c": self.c, "cLabel": self.labels.get(self.c),
                "score": round(self.score, 1), "dealsB": self.deals_b, "dealsC": self.deals_c,
                "tivB": round(self.tiv_b, 1), "tivC": round(self.tiv_c, 1), "conflicts": self.conflicts,
                "evidence": self.evidence, "sources": self.sources}


def _rows(store: Store, text: str) -> list[dict[str, str]]:
    """The rows of ``text`` as plain strings, kept per store generation (``rowcache.cached``):
    these queries read every arms transfer, conflict and alliance of the store (seconds on the
    world data), and their rows change only with the data."""
    from .rowcache import cached

    return cached(store, "world-roles", text,
                  lambda: [{k: v.value for k, v in row.items()} for row in store.query(text).rows])


def _periods(years: range, period: int):
    first = years.start - years.start % period
    return [(y, min(y + period - 1, years.stop - 1)) for y in range(first, years.stop, period)]


def dual_roles(store: Store, period: int = 10, start: int | None = None, end: int | None = None,
               sources=None, pattern: str | None = None, limit: int | None = None,
               actor: str | None = None) -> list[DualRole]:
    """Ranked dual roles per period (see the module docstring); ``sources`` are source IRIs or
    names (see ``select_sources``), ``actor`` a name keeping only that actor's roles."""
    from ..query.resolve import ActorIndex
    from .project import select_sources

    sources = select_sources(store, list(sources) if sources else None)
    if sources is None:
        sources = {row["source"] for row in _rows(store, _DATASETS)}
    if actor is not None:
        wanted = ActorIndex.of(store).resolve(actor).iri
        return [r for r in dual_roles(store, period, start, end, sources, pattern) if r.actor == wanted][:limit or None]
    actors = {r["x"]: r["label"] for r in _rows(store, _ACTORS)}

    def keep(row) -> bool:
        return sources is None or row["source"] in sources

    arms = defaultdict(lambda: [set(), 0.0, set(), []])  # (supplier, recipient, year) -> deals, tiv, sources, records
    for row in _rows(store, _ARMS):
        if not keep(row) or row["supplier"] not in actors or row["recipient"] not in actors:
            continue
        years = sorted({int(y) for y in row["deliveries"].split() if y[:4].isdigit()}) if "deliveries" in row else []
        years = years or [y for y in (_year(row.get("point")) or _year(row.get("start")),) if y is not None]
        tiv = float(row["tiv"]) if "tiv" in row else 0.0
        for y in years:
            entry = arms[(row["supplier"], row["recipient"], y)]
            entry[0].add(row["s"])
            entry[1] += tiv / len(years)
            entry[2].add(row["source"])
            if "record" in row and len(entry[3]) < 3:
                entry[3].append(row["record"])

    def pairs(kinds: str):
        out = []
        for row in _rows(store, _PAIRS % kinds):
            a, b = row["a"], row["b"]
            if not keep(row) or a not in actors or b not in actors:
                continue
            y0 = _year(row.get("start")) or _year(row.get("point"))
            y1 = _year(row.get("end")) or _year(row.get("point")) or y0
            if y0 is None:
                continue
            out.append((a, b, y0, y1 if y1 is not None else 9999, row["source"],
                        row["record"] if "record" in row else row["s"]))
        return out

    conflicts, alliances = pairs(_CONFLICT), pairs(_ALLIANCE)
    all_years = [k[2] for k in arms] + [c[2] for c in conflicts]
    if not all_years:
        return []
    lo = start if start is not None else min(all_years)
    hi = end if end is not None else max(y for y in all_years)
    results = []
    for p0, p1 in _periods(range(lo, hi + 1), period):
        flows = defaultdict(dict)  # supplier -> recipient -> [deals, tiv, sources, records]
        for (s, r, y), (deals, tiv, srcs, records) in arms.items():
            if p0 <= y <= p1:
                f = flows[s].setdefault(r, [set(), 0.0, set(), []])
                f[0] |= deals
                f[1] += tiv
                f[2] |= srcs
                f[3] += records[: 3 - len(f[3])]
        fights = defaultdict(list)
        for a, b, y0, y1, src, record in conflicts:
            if y0 <= p1 and y1 >= p0:
                fights[(a, b)].append((src, record))
        allies = defaultdict(set)
        for a, b, y0, y1, _, _ in alliances:
            if y0 <= p1 and y1 >= p0:
                allies[a].add(b)
                allies[b].add(a)
        for s, to in flows.items():
            for (b, c), records in fights.items():
                if s in (b, c):
                    continue
                evidence = [r for _, r in records[:3]]
                srcs = {src for src, _ in records}
                if pattern in (None, "both") and b in to and c in to:
                    fb, fc = to[b], to[c]
                    results.append(DualRole((p0, p1), "arms both sides", s, b, c, min(fb[1], fc[1]), len(fb[0]), len(fc[0]),
                                            fb[1], fc[1], len(records), evidence=fb[3][:2] + fc[3][:2] + evidence,
                                            sources=sorted(srcs | fb[2] | fc[2])))
                if pattern in (None, "rival"):
                    for ally, rival in ((b, c), (c, b)):
                        if ally in allies.get(s, ()) and rival in to:
                            fr, fa = to[rival], to.get(ally, [set(), 0.0, set(), []])
                            results.append(DualRole((p0, p1), "arms the rival of an ally", s, ally, rival, fr[1], len(fa[0]),
                                                    len(fr[0]), fa[1], fr[1], len(records), evidence=fr[3][:2] + evidence,
                                                    sources=sorted(srcs | fr[2] | fa[2])))
    results.sort(key=lambda r: (-r.score, r.period, r.actor, r.b, r.c))
    for r in results:
        r.labels = {k: actors.get(k, k) for k in (r.actor, r.b, r.c)}
    return results[:limit] if limit else results
