"""What a store holds: each source (the article, each imported dataset) with its version,
statement counts, the years its statements cover and the names its import could not
match; the total number of quads; where the store is.

Years: a dataset's importer records the first and last year of its statements on the
source node (``ak:coverageStart``/``ak:coverageEnd``, see data/ontology.ttl); a source
without them (the article) has its years computed here from its statements' dates.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pyoxigraph as ox

from ..namespaces import DERIVED_GRAPH, SRC
from ..store.core import Store
from ..store.sparql import bind

PREFIXES = """PREFIX ak:      <https://w3id.org/actorkg/ontology#>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov:    <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd:     <http://www.w3.org/2001/XMLSchema#>
"""

# One row per source, in the graph that declares it; its most specific source type.
_SOURCES = PREFIXES + """
SELECT ?source ?graph ?type ?title ?label ?version ?modified ?file ?records ?start ?end WHERE {
  GRAPH ?graph { ?source a ?type }
  ?type rdfs:subClassOf* ak:Source .
  FILTER NOT EXISTS { ?source a ?subtype . ?subtype rdfs:subClassOf+ ?type }
  OPTIONAL { ?source dcterms:title ?title }
  OPTIONAL { ?source rdfs:label ?label }
  OPTIONAL { ?source ak:version ?version }
  OPTIONAL { ?source dcterms:modified ?modified }
  OPTIONAL { ?source ak:sourceFile ?file }
  OPTIONAL { ?source ak:recordCount ?records }
  OPTIONAL { ?source ak:coverageStart ?start }
  OPTIONAL { ?source ak:coverageEnd ?end }
}
"""

# Statements per source and graph: the derived graph holds the ones the rules made.
_STATEMENTS = PREFIXES + """
SELECT ?source ?graph (COUNT(?statement) AS ?n) WHERE {
  ?kind rdfs:subClassOf* ak:Statement .
  GRAPH ?graph { ?statement a ?kind ; prov:wasDerivedFrom ?source }
}
GROUP BY ?source ?graph
"""

# The years of one source's statements, for a source that declares no coverage. (A FILTER,
# not VALUES: Oxigraph would scan every dated triple before joining on the source.)
_YEARS = PREFIXES + """
SELECT (MIN(?year) AS ?first) (MAX(?year) AS ?last) WHERE {
  ?statement prov:wasDerivedFrom ?source ; ?date ?value .
  FILTER(?date IN (ak:start, ak:end, ak:pointInTime, ak:deliveryYear))
  BIND(xsd:integer(SUBSTR(STR(?value), 1, 4)) AS ?year)
}
"""

# Names an import kept as unresolved actors, and codes it reported on the source node.
_UNMATCHED = PREFIXES + """
SELECT ?source (COUNT(DISTINCT ?name) AS ?n) WHERE {
  { ?actor a ak:UnresolvedActor ; ak:nameInSource ?name ; prov:wasDerivedFrom ?source }
  UNION { ?source ak:unmatchedName ?name }
}
GROUP BY ?source
"""

# The graphs by name: a server may hold graphs of its own, and not every server honours
# the named-graph-uri the remote store sends to leave them out.
_QUADS = "SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s ?p ?o }} }}"


@dataclass
class SourceStatus:
    source: str
    name: str
    kind: str
    title: str
    graph: str
    version: str | None = None
    file: str | None = None
    records: int | None = None
    statements: int = 0
    derived_statements: int = 0
    first_year: int | None = None
    last_year: int | None = None
    unmatched: int = 0

    @property
    def years(self) -> str:
        if self.first_year is None:
            return ""
        return f"{self.first_year}-{self.last_year}" if self.last_year != self.first_year else str(self.first_year)


@dataclass
class StoreStatus:
    store: str
    quads: int
    sources: list[SourceStatus] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"store": self.store, "quads": self.quads, "sources": [asdict(s) for s in self.sources]}


def _int(row, name: str) -> int | None:
    term = row.get(name)
    return None if term is None else int(term.value[:4] if name in ("start", "end") else term.value)


def location(store: Store) -> str:
    """The store's directory, endpoint URL, or 'in memory'."""
    path = getattr(store, "path", None)
    if path is not None:
        return str(path)
    endpoint = getattr(store, "endpoint", None)
    return endpoint.query if endpoint is not None else "in memory"


def total_quads(store: Store) -> int:
    try:
        return len(store)
    except TypeError:
        graphs = " ".join(f"<{g}>" for g in store.graphs())
        return int(store.query(_QUADS.format(graphs=graphs)).rows[0]["n"].value) if graphs else 0


def store_status(store: Store) -> StoreStatus:
    """Every source the store holds, with counts and years, ordered: text sources first,
    then datasets by title."""
    sources: dict[str, SourceStatus] = {}
    for row in store.query(_SOURCES).rows:
        iri = row["source"].value
        if iri in sources:
            continue
        kind = row["type"].value.rsplit("#", 1)[-1]
        title = (row.get("title") or row.get("label") or row["source"]).value
        version = row.get("version") or row.get("modified")
        sources[iri] = SourceStatus(
            iri, iri[len(SRC):] if iri.startswith(SRC) else iri, kind, title, row["graph"].value, version.value if version else None,
            row["file"].value if "file" in row else None, _int(row, "records"),
            first_year=_int(row, "start"), last_year=_int(row, "end"))
    for row in store.query(_STATEMENTS).rows:
        entry = sources.get(row["source"].value)
        if entry is None:
            continue
        n = int(row["n"].value)
        if row["graph"].value == DERIVED_GRAPH:
            entry.derived_statements += n
        else:
            entry.statements += n
    for row in store.query(_UNMATCHED).rows:
        if row["source"].value in sources:
            sources[row["source"].value].unmatched = int(row["n"].value)
    for entry in sources.values():
        if entry.first_year is None and entry.statements:
            years = store.query(bind(_YEARS, {"source": ox.NamedNode(entry.source)})).rows[0]
            entry.first_year, entry.last_year = _int(years, "first"), _int(years, "last")
    ordered = sorted(sources.values(), key=lambda s: (s.kind != "TextSource", s.title.casefold()))
    return StoreStatus(location(store), total_quads(store), ordered)
