"""Candidate statements as RDF: the Turtle file ``actorkg extract`` writes and review reads.

The file is a graph in the statement model, valid against the shapes: the text source
(title, date, file, the reliability grade the user gave), one ak:Claim per quoted
sentence, one statement node per candidate (its participants by role, every sentence
that says it as ak:quote, time qualifiers, hedges as ak:qualifier, the lexicon phrase it
was read from, its candidate key, and ak:corroborates for a statement another source
already makes), and every actor the registry did not know, marked ak:newToRegistry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import DataError
from .. import paths
from ..namespaces import AK, CLAIM, DCTERMS, GRAPH, ONTOLOGY_GRAPH, PROV, RDF, RDFS, SRC, STMT, XSD, compact
from ..store.core import OxigraphStore, Store, parse_error
from .extract import Candidate
from .mentions import Entity
from .text import Document

GRADES = "ABCDEF"
CANDIDATES = GRAPH + "candidates"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _year(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=_n(XSD + "gYear"))


def source_iri(document: Document) -> str:
    return SRC + document.source_id


def graph_of(source: str) -> str:
    """The named graph a text source's accepted statements load into."""
    return GRAPH + "text/" + source.removeprefix(SRC)


def statement_iri(document: Document, candidate: Candidate) -> str:
    return f"{STMT}{document.source_id}-{candidate.digest}"


def to_triples(document: Document, candidates: list[Candidate], grade: str = "F", title: str | None = None,
               date: str | None = None) -> list[ox.Triple]:
    grade = grade.upper()
    if grade not in GRADES or len(grade) != 1:
        raise DataError(f"no reliability grade '{grade}'", "give --grade A, B, C, D, E or F (F: cannot be judged)")
    a = _n(RDF + "type")
    src = _n(source_iri(document))
    title = title or document.title or document.path.name
    date = date or document.date
    out = [ox.Triple(src, a, _n(AK + "TextSource")),
           ox.Triple(src, _n(DCTERMS + "title"), ox.Literal(title)),
           ox.Triple(src, _n(AK + "sourceFile"), ox.Literal(document.path.name)),
           ox.Triple(src, _n(AK + "reliability"), _n(AK + "Reliability" + grade)),
           ox.Triple(src, _n(RDFS + "label"), ox.Literal(f"text: {title}" + (f" ({date})" if date else "")))]
    if date:
        out.append(ox.Triple(src, _n(DCTERMS + "modified"), ox.Literal(date, datatype=_n(XSD + "date"))))
    claims: dict[int, str] = {}
    entities: dict[str, Entity] = {}
    for c in candidates:
        node = _n(statement_iri(document, c))
        out += [ox.Triple(node, a, _n(c.kind)), ox.Triple(node, _n(PROV + "wasDerivedFrom"), src),
                ox.Triple(node, _n(AK + "matchedPhrase"), ox.Literal(c.phrase)),
                ox.Triple(node, _n(AK + "candidateKey"), ox.Literal(c.key))]
        for role, members in c.roles.items():
            for entity in members:
                out.append(ox.Triple(node, _n(role), _n(entity.iri)))
                entities[entity.iri] = entity
        for number, quote in zip(c.sentences, c.quotes):
            claims[number] = quote
            out += [ox.Triple(node, _n(AK + "quote"), ox.Literal(quote)),
                    ox.Triple(node, _n(AK + "claim"), _n(f"{CLAIM}{document.source_id}-{number:03d}"))]
        out += [ox.Triple(node, _n(AK + "qualifier"), ox.Literal(q)) for q in c.qualifiers]
        for prop, value in (("start", c.start), ("end", c.end), ("pointInTime", c.point)):
            if value:
                out.append(ox.Triple(node, _n(AK + prop), _year(value)))
        out += [ox.Triple(node, _n(AK + "corroborates"), _n(s)) for s in c.corroborates]
    for number, quote in sorted(claims.items()):
        claim = _n(f"{CLAIM}{document.source_id}-{number:03d}")
        out += [ox.Triple(claim, a, _n(AK + "Claim")), ox.Triple(claim, _n(AK + "claimNumber"),
                                                                  ox.Literal(str(number), datatype=_n(XSD + "integer"))),
                ox.Triple(claim, _n(RDFS + "label"), ox.Literal(quote)),
                ox.Triple(claim, _n(PROV + "wasDerivedFrom"), src)]
    for entity in entities.values():
        node = _n(entity.iri)
        if not entity.new:  # the registry's label, so the file reads on its own
            out.append(ox.Triple(node, _n(RDFS + "label"), ox.Literal(entity.label)))
            continue
        out += [ox.Triple(node, a, _n(entity.type)), ox.Triple(node, _n(RDFS + "label"), ox.Literal(entity.label)),
                ox.Triple(node, _n(AK + "newToRegistry"), ox.Literal(True)),
                ox.Triple(node, _n(PROV + "wasDerivedFrom"), src)]
    return out


def to_turtle(triples: list[ox.Triple]) -> bytes:
    from ..namespaces import PREFIXES

    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


# --- reading a candidates file back --------------------------------------------------------

@dataclass
class Row:
    """One candidate as review shows it."""

    number: int
    iri: str
    kind: str
    kind_label: str
    roles: dict[str, list[str]]
    labels: dict[str, str]
    quotes: list[str]
    qualifiers: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    point: str | None = None
    corroborates: list[str] = field(default_factory=list)
    key: str = ""
    new_entities: list[str] = field(default_factory=list)

    def subject_object(self, subject_role: str, object_role: str) -> tuple[str, str]:
        if subject_role == object_role:
            parties = [self.labels[i] for i in self.roles.get(subject_role, [])]
            return parties[0] if parties else "", " & ".join(parties[1:])
        return (", ".join(self.labels[i] for i in self.roles.get(subject_role, [])),
                ", ".join(self.labels[i] for i in self.roles.get(object_role, [])))

    def when(self) -> str:
        if self.start or self.end:
            return f"{self.start or ''}-{self.end or ''}"
        return self.point or ""


_ROWS = """
PREFIX ak: <https://w3id.org/actorkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?s ?kind ?kindLabel ?p ?o ?label ?new WHERE {
  ?s ak:candidateKey ?key ; a ?kind ; ?p ?o .
  ?kind ak:polarity ?polarity .
  OPTIONAL { ?kind rdfs:label ?kindLabel }
  OPTIONAL { ?o rdfs:label ?label }
  OPTIONAL { ?o ak:newToRegistry ?new }
}
"""


class CandidateFile:
    """A candidates file, parsed: its source, rows in file order, and the raw graph."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise DataError(f"{path}: no such file", "give the .ttl file 'actorkg extract' wrote")
        self.graph = OxigraphStore()
        self.graph.load_file(paths.ontology_file(), ONTOLOGY_GRAPH)  # kinds' labels
        try:
            self.graph.load_file(self.path, CANDIDATES)
        except DataError:
            raise
        except SyntaxError as e:
            raise parse_error(self.path, e) from None
        sources = self.graph.query("SELECT DISTINCT ?src WHERE { ?s <%scandidateKey> ?k ; <%swasDerivedFrom> ?src }"
                                   % (AK, PROV)).rows
        if len(sources) != 1:
            raise DataError(f"{path}: not a candidates file of one text source ({len(sources)} sources found)",
                            "give the .ttl file 'actorkg extract' wrote")
        self.source = sources[0]["src"].value
        rows: dict[str, Row] = {}
        for r in self.graph.query(_ROWS).rows:
            iri = r["s"].value
            row = rows.setdefault(iri, Row(0, iri, r["kind"].value, r["kindLabel"].value if "kindLabel" in r else
                                           compact(r["kind"].value), {}, {}, []))
            p, o = r["p"].value, r["o"]
            name = p.removeprefix(AK)
            if name == "quote":
                row.quotes.append(o.value)
            elif name == "qualifier":
                row.qualifiers.append(o.value)
            elif name in ("start", "end"):
                setattr(row, name, o.value)
            elif name == "pointInTime":
                row.point = o.value
            elif name == "corroborates":
                row.corroborates.append(o.value)
            elif name == "candidateKey":
                row.key = o.value
            elif isinstance(o, ox.NamedNode) and p.startswith(AK) and name not in ("claim",):
                row.roles.setdefault(p, []).append(o.value)
                row.labels[o.value] = r["label"].value if "label" in r else compact(o.value)
                if "new" in r and o.value not in row.new_entities:
                    row.new_entities.append(o.value)
        claim_order = {}
        for r in self.graph.query("SELECT ?s (MIN(?n) AS ?first) WHERE { ?s <%sclaim> ?c . ?c <%sclaimNumber> ?n } "
                                  "GROUP BY ?s" % (AK, AK)).rows:
            claim_order[r["s"].value] = int(r["first"].value)
        ordered = sorted(rows.values(), key=lambda row: (claim_order.get(row.iri, 0), row.iri))
        for i, row in enumerate(ordered, 1):
            row.number = i
            row.quotes.sort()
            row.qualifiers.sort()
        self.rows = ordered

    def triples_of(self, rows: list[Row]) -> list[ox.Triple]:
        """The source, the rows' statements, their claims and their new entities."""
        keep = {r.iri for r in rows}
        wanted = set(keep) | {self.source}
        for r in rows:
            wanted.update(r.new_entities)
        mine = [q.triple for q in self.graph.quads() if q.graph_name.value == CANDIDATES]
        wanted |= {t.object.value for t in mine if t.subject.value in keep and t.predicate.value == AK + "claim"}
        return [t for t in mine if t.subject.value in wanted]


def existing_statements(store: Store, candidate_roles: dict[str, list[str]], kind: str) -> list[tuple[str, str]]:
    """(statement, source) of statements in ``store`` of ``kind`` with exactly these
    participants in these roles."""
    patterns, bindings = [], {"kind": _n(kind)}
    for i, (role, members) in enumerate(sorted(candidate_roles.items())):
        for j, member in enumerate(members):
            patterns.append(f"?s ?r{i}_{j} ?m{i}_{j} .")
            bindings[f"r{i}_{j}"] = _n(role)
            bindings[f"m{i}_{j}"] = _n(member)
    query = ("PREFIX prov: <http://www.w3.org/ns/prov#>\nSELECT DISTINCT ?s ?src WHERE { ?s a ?kind ; "
             "prov:wasDerivedFrom ?src . " + " ".join(patterns) + " }")
    return [(r["s"].value, r["src"].value) for r in store.query(query, bindings).rows]


REJECTED_GRAPH = GRAPH + "review/rejected"


def rejected_keys(store: Store, source: str) -> set[str]:
    rows = store.query(f"SELECT ?key WHERE {{ ?src <{AK}rejectedCandidate> ?key }}", {"src": _n(source)}).rows
    return {r["key"].value for r in rows}


@dataclass
class Extraction:
    document: Document
    candidates: list[Candidate]
    triples: list[ox.Triple]
    already_loaded: int = 0
    rejected_before: int = 0


def extract_file(path: Path, store: Store, grade: str = "F", title: str | None = None, date: str | None = None,
                 registry_graphs: list[str] | None = None) -> Extraction:
    """Candidates from the article at ``path``, with participants resolved through the
    registry in ``store`` (only ``registry_graphs`` of it, when given). Candidates a
    reviewer rejected before are left out, and so are those already loaded from this
    source; one that another source already states is marked as corroborating it."""
    from ..query.lexicon import lexicon
    from .extract import Extractor
    from .mentions import Gazetteer
    from .text import read_document

    document = read_document(path)
    candidates = Extractor(Gazetteer(store, registry_graphs), lexicon(store)).extract(document)
    source = source_iri(document)
    rejected = rejected_keys(store, source)
    loaded_keys = {r["key"].value for r in store.query(
        f"SELECT ?key WHERE {{ ?s <{AK}candidateKey> ?key ; <{PROV}wasDerivedFrom> ?src }}",
        {"src": _n(source)}).rows}
    kept, loaded, dropped = [], 0, 0
    for c in candidates:
        if c.key in rejected:
            dropped += 1
            continue
        if c.key in loaded_keys:
            loaded += 1
            continue
        found = existing_statements(store, {r: [e.iri for e in m] for r, m in c.roles.items()}, c.kind)
        c.corroborates = sorted(s for s, src in found if src != source)
        kept.append(c)
    return Extraction(document, kept, to_triples(document, kept, grade, title, date), loaded, dropped)
