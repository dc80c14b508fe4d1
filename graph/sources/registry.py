"""One actor registry: every source's states resolve to the same actor IRI.

Every store holds the bundled state registry (``data/registry/states.csv``, written as its
own graph before each import: ``importers/state_registry.py``), so these keys reach every
COW state whatever has been imported. Keys, in the order they are trusted:
  1. COW state code (ATOP, MIDs, COW wars use it; the article's actors carry it),
  2. names: the article's labels and alt labels, COW state names and abbreviations,
     names earlier imports recorded (``skos:altLabel``), and the reviewed alias table
     ``data/registry/aliases.csv`` for spellings such as "Turkiye" or "Viet Nam",
  3. the registry's short forms and codes ("Great Britain", "DPRK"; codes only in capitals).
A name is tried as given, without SIPRI's ``*`` marks, without a leading "Government of"
(UCDP), and each side of a parenthesis ("Russia (Soviet Union)", "DR Congo (Zaire)").

COW 365 is one state from 1816 to 2016, so the Soviet Union resolves to Russia's actor
(the article's ``kg:Russia``); states with codes of their own (East Germany 265,
Czechoslovakia 315, South Vietnam 817, North and South Yemen 678/680) keep their own
actors with the years of their COW spells. Nothing is matched by guesswork: a name no key
reaches is reported as unmatched, never dropped or fuzzily assigned.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field

from .. import paths
from ..namespaces import KG
from ..query.resolve import normalize
from ..query.states import state_names
from ..store.core import Store

_ACTORS = """
PREFIX ak:   <https://w3id.org/actorkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?actor ?type ?name ?code ?label WHERE {
  ?actor a ?type . ?type rdfs:subClassOf* ak:Actor .
  FILTER(?type NOT IN (ak:UnresolvedActor, ak:UnidentifiedActor))
  OPTIONAL { ?actor rdfs:label ?label }
  OPTIONAL { ?actor ak:cowCode ?code }
  { ?actor rdfs:label ?name } UNION { ?actor skos:altLabel ?name } UNION { ?actor ak:cowAbbreviation ?name }
  UNION { ?actor ak:isoAlpha3 ?name }
}
"""

_GOVERNMENT = re.compile(r"^government of\s+", re.IGNORECASE)


def slug(name: str) -> str:
    """A readable IRI local name: "Hezbollah (Lebanon)*" -> "HezbollahLebanon"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = re.findall(r"[A-Za-z0-9]+", text)
    return "".join(w[:1].upper() + w[1:] for w in words) or "Unnamed"


def name_variants(name: str) -> list[str]:
    """The spellings a name is tried under, most specific first."""
    base = name.strip().rstrip("*").strip()
    out = [base]
    stripped = _GOVERNMENT.sub("", base)
    if stripped != base:
        out.append(stripped)
    m = re.fullmatch(r"(.+?)\s*\((.+)\)", stripped)
    if m:
        out += [m.group(1), m.group(2)]
    return list(dict.fromkeys(v for v in out if v))


@dataclass
class Registry:
    """Known actors keyed by COW code and by normalized name, read from a store."""

    by_code: dict[int, str] = field(default_factory=dict)
    by_name: dict[str, set[str]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_store(cls, store: Store, exclude_graph: str | None = None) -> "Registry":
        """The registry of every graph but ``exclude_graph`` (the dataset being re-imported,
        so a re-import resolves exactly as its first import did)."""
        registry = cls(aliases=load_aliases())
        graphs = None
        if exclude_graph is not None:
            graphs = [g for g in store.graphs() if g != exclude_graph]
        for row in store.query(_ACTORS, default_graphs=graphs).rows:
            iri = row["actor"].value
            registry.types.setdefault(iri, row["type"].value)
            if "label" in row:
                registry.labels[iri] = row["label"].value
            if "code" in row:
                registry.by_code[int(row["code"].value)] = iri
            registry.by_name.setdefault(normalize(row["name"].value), set()).add(iri)
        return registry

    def code(self, code: int) -> str | None:
        return self.by_code.get(code)

    def name(self, name: str) -> str | None:
        """The one actor a dataset's name denotes, or None (ambiguous names match nothing)."""
        variants = name_variants(name)
        for variant in variants:
            key = normalize(variant)
            if key in self.aliases and self.aliases[key] in self.by_code:
                return self.by_code[self.aliases[key]]
            found = self.by_name.get(key, set())
            if len(found) == 1:
                return next(iter(found))
        for variant in variants:
            # The bundled registry's names and short forms ("Great Britain", "DPRK"), not its
            # capitals and demonyms: a dataset's actor column names a state, not a city.
            entry = state_names().lookup(variant)
            if entry is not None and entry.kind in ("name", "short form", "code") and entry.code in self.by_code:
                return self.by_code[entry.code]
        return None

    def known_name(self, iri: str, name: str) -> bool:
        return iri in self.by_name.get(normalize(name), set())

    def remember(self, iri: str, name: str, code: int | None = None, label: str | None = None,
                 type_: str | None = None) -> None:
        """Add an actor created during an import, so later rows of the same file find it."""
        self.by_name.setdefault(normalize(name), set()).add(iri)
        if code is not None:
            self.by_code[code] = iri
        if label is not None:
            self.labels.setdefault(iri, label)
        if type_ is not None:
            self.types.setdefault(iri, type_)

    def state_iri(self, code: int, cow_name: str) -> str:
        """The IRI a COW state gets: the actor already holding its code, else kg:<Name>."""
        existing = self.by_code.get(code)
        if existing:
            return existing
        iri = KG + slug(cow_name)
        if iri in self.types:
            iri = f"{iri}-{code}"
        return iri


def load_aliases() -> dict[str, int]:
    path = paths.registry_dir() / "aliases.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return {normalize(row["name"]): int(row["cow_code"]) for row in csv.DictReader(f)}


def load_mondial_crosswalk() -> dict[str, tuple[str, int, str]]:
    """Mondial code -> (expected QID, COW code, name), from the reviewed table."""
    path = paths.registry_dir() / "mondial-cow.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return {row["mondial_code"]: (row["qid"], int(row["cow_code"]), row["name"])
                for row in csv.DictReader(f)}


UNMATCHED_QUERY = """
PREFIX ak:   <https://w3id.org/actorkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?name ?source ?sourceTitle ?actor (COUNT(DISTINCT ?statement) AS ?statements) WHERE {
  {
    ?actor a ak:UnresolvedActor ; ak:nameInSource ?name ; prov:wasDerivedFrom ?source .
    OPTIONAL { ?statement prov:wasDerivedFrom ?source ; ?role ?actor . ?statement a/rdfs:subClassOf* ak:Statement }
  } UNION {
    # Codes a dataset gives that were not linked (Mondial countries without a crosswalk row).
    ?source ak:unmatchedName ?name .
  }
  OPTIONAL { ?source dcterms:title ?sourceTitle }
}
GROUP BY ?name ?source ?sourceTitle ?actor
ORDER BY ?sourceTitle DESC(?statements) ?name
"""


def unmatched(store: Store, sources=None) -> list[dict]:
    """Names imports could not match, with their source and how many statements use them.
    ``sources``: source IRIs or dataset names (``sipri``, a word of the title) to keep."""
    wanted = [s.casefold() for s in sources or ()]
    rows = []
    for row in store.query(UNMATCHED_QUERY).rows:
        source = row["source"].value
        title = row["sourceTitle"].value.casefold() if "sourceTitle" in row else ""
        if wanted and not any(w == source.casefold() or w in source.rsplit("/", 1)[-1].casefold() or w in title
                              for w in wanted):
            continue
        rows.append({"name": row["name"].value, "source": row["source"].value,
                     "dataset": row["sourceTitle"].value if "sourceTitle" in row else row["source"].value,
                     "actor": row["actor"].value if "actor" in row else None,
                     "statements": int(row["statements"].value)})
    return rows
