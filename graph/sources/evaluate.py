"""Score extracted candidates against a hand-curated gold graph.

A statement counts as right when its kind (hence its sign) and its participants in their
roles are right; time and qualifiers are not scored. Participants are compared by name:
an extracted entity matches a gold entity when its label is one of the gold entity's
labels or alternative labels (proposed new actors have no registry IRI to compare). Each
side is deduplicated on (kind, participants), so a claim quoted twice counts once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..namespaces import AK
from ..query.resolve import normalize
from ..store.core import OxigraphStore
from .extract import Candidate

_GOLD = """
PREFIX ak: <https://w3id.org/actorkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?s ?kind ?role ?o ?name WHERE {
  ?s a ?kind ; ?role ?o . ?kind ak:polarity ?polarity .
  { ?kind ak:subjectRole ?role } UNION { ?kind ak:objectRole ?role }
  { ?o rdfs:label ?name } UNION { ?o skos:altLabel ?name }
}
"""

Key = tuple[str, tuple[tuple[str, frozenset[str]], ...]]


@dataclass
class Score:
    gold: int
    extracted: int
    matched: int
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Gold:
    statements: dict[Key, str]
    canonical: dict[str, str]  # any normalized name of a gold participant -> its canonical name


def gold_statements(gold_file: Path, ontology: Path) -> Gold:
    """The gold graph's statements keyed by kind and participants' canonical names."""
    store = OxigraphStore()
    store.load_file(ontology, "urn:x-ontology")
    store.load_file(gold_file, "urn:x-gold")
    names: dict[str, set[str]] = {}
    shape: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for r in store.query(_GOLD).rows:
        names.setdefault(r["o"].value, set()).add(normalize(r["name"].value))
        kind, pairs = shape.setdefault(r["s"].value, (r["kind"].value, []))
        if (r["role"].value, r["o"].value) not in pairs:
            pairs.append((r["role"].value, r["o"].value))
    canonical = {n: min(ns) for ns in names.values() for n in ns}
    out: dict[Key, str] = {}
    for kind, pairs in shape.values():
        roles: dict[str, set[str]] = {}
        for role, o in pairs:
            roles.setdefault(role, set()).add(min(names[o]))
        out[_key(kind, roles)] = _line(kind, roles)
    return Gold(out, canonical)


def _key(kind: str, roles: dict[str, set[str]]) -> Key:
    return kind, tuple(sorted((role, frozenset(members)) for role, members in roles.items()))


def _line(kind: str, roles: dict[str, set[str]]) -> str:
    return kind.removeprefix(AK) + " " + "; ".join(f"{r.removeprefix(AK)}={'+'.join(sorted(v))}"
                                                   for r, v in sorted(roles.items()))


def score(candidates: list[Candidate], gold: Gold) -> Score:
    """Precision and recall of ``candidates`` against ``gold`` (see the module doc)."""
    found: dict[Key, str] = {}
    for c in candidates:
        roles = {role: {gold.canonical.get(normalize(e.label), normalize(e.label)) for e in members}
                 for role, members in c.roles.items()}
        found.setdefault(_key(c.kind, roles), _line(c.kind, roles))
    matched = found.keys() & gold.statements.keys()
    return Score(len(gold.statements), len(found), len(matched),
                 sorted(v for k, v in gold.statements.items() if k not in matched),
                 sorted(v for k, v in found.items() if k not in matched))
