"""The named query library: a folder of ``.rq`` files is an API (after grlc).

Each file is one query named after the file, with a comment header::

    #+ summary: Who supports an actor, with the kind of support and the evidence.
    #+ param: actor (actor) The supported actor: a name, alias or IRI.
    #+ param: year (year, optional) Only statements in force that year.
    #+ example: actorkg query supporters-of --param actor=Azerbaijan

A parameter NAME binds the variable ``?NAME``. Types: ``actor`` (resolved through labels),
``iri`` (an IRI or prefixed name), ``year`` and ``integer`` (xsd:integer), ``string``.
Values are bound as RDF terms (see ``sparql.bind``), never pasted into the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import paths
from ..errors import UsageError
from ..namespaces import RDFS, XSD, expand
from ..store.core import QueryResult, Store

PARAM_TYPES = ("actor", "iri", "year", "integer", "string")
_PARAM = re.compile(r"^(\w+)\s*\(\s*(\w+)\s*(,\s*optional\s*)?\)\s*(.*)$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    optional: bool
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    summary: str
    params: tuple[Param, ...] = field(default=())
    examples: tuple[str, ...] = field(default=())


def parse_header(name: str, path: Path, text: str) -> NamedQuery:
    summary, params, examples = "", [], []
    for line in text.splitlines():
        if not line.startswith("#+"):
            continue
        key, _, value = line[2:].strip().partition(":")
        value = value.strip()
        if key == "summary":
            summary = value
        elif key == "example":
            examples.append(value)
        elif key == "param":
            m = _PARAM.match(value)
            if not m or m.group(2) not in PARAM_TYPES:
                raise UsageError(f"{path}: bad parameter line '{value}'",
                                 f"write '#+ param: NAME (TYPE[, optional]) description', TYPE one of {', '.join(PARAM_TYPES)}")
            params.append(Param(m.group(1), m.group(2), bool(m.group(3)), m.group(4)))
    return NamedQuery(name, path, text, summary, tuple(params), tuple(examples))


def named_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    folder = folder or paths.queries_dir()
    return {p.stem: parse_header(p.stem, p, read_query_file(p)) for p in sorted(folder.glob("*.rq"))}


def get(name: str, folder: Path | None = None) -> NamedQuery:
    queries = named_queries(folder)
    if name not in queries:
        raise UsageError(f"no query named '{name}'", "valid names: " + ", ".join(queries))
    return queries[name]


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["actor=Azerbaijan", "year=2020"]`` -> dict; raises on a pair without '='."""
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"bad --param '{pair}'", "write --param NAME=VALUE")
        values[key.strip()] = value.strip()
    return values


def _known_entity(store: Store, raw: str) -> ox.NamedNode | None:
    """``raw`` as the IRI of an entity in the store, when it is an IRI or prefixed name of
    one: checked with one lookup instead of indexing every name (3 s at 10M triples)."""
    if ":" not in raw or any(c.isspace() for c in raw):
        return None
    try:
        term = ox.NamedNode(expand(raw))
    except ValueError:
        return None
    found = store.query(f"ASK {{ ?entity <{RDFS}label> ?label ; a ?type }}", {"entity": term})
    return term if found else None


def _term(store: Store, param: Param, raw: str):
    if param.type in ("actor", "iri") and raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]  # an IRI as SPARQL and N-Triples write it
    if param.type == "actor":
        known = _known_entity(store, raw)
        if known is not None:
            return known
        from .resolve import ActorIndex

        return ox.NamedNode(ActorIndex.of(store).resolve(raw).iri)
    if param.type == "iri":
        try:
            return ox.NamedNode(expand(raw))
        except ValueError:
            raise UsageError(f"parameter '{param.name}': '{raw}' is not an IRI") from None
    if param.type in ("year", "integer"):
        if not re.fullmatch(r"-?\d+", raw):
            raise UsageError(f"parameter '{param.name}' must be an integer, got '{raw}'")
        return ox.Literal(str(int(raw)), datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(raw)


def bindings_for(query: NamedQuery, store: Store, values: Mapping[str, str]) -> dict[str, object]:
    """Check ``values`` against the query's parameters and turn them into RDF terms."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise UsageError(f"query '{query.name}' has no parameter '{unknown[0]}'", f"its parameters: {known}")
    missing = [p for p in query.params if not p.optional and not values.get(p.name)]
    if missing:
        p = missing[0]
        raise UsageError(f"query '{query.name}' needs --param {p.name}=... ({p.type}): {p.description}")
    return {name: _term(store, declared[name], raw) for name, raw in values.items() if raw != ""}


def run(store: Store, name: str, values: Mapping[str, str] | None = None,
        folder: Path | None = None) -> QueryResult:
    query = get(name, folder)
    return store.query(query.text, bindings_for(query, store, values or {}))


# Resources bound per query: keeps a remote request well under a server's body limit.
VALUES_CHUNK = 4000


def rows_for_each(store: Store, query: str, name: str | tuple[str, ...], iris, bindings: dict | None = None) -> list[dict]:
    """``query`` with ``?name`` bound to each of ``iris`` (a VALUES block, in chunks) and the
    other variables to ``bindings``, all rows. With a tuple of names, each of ``iris`` is a
    tuple of IRIs (pairs: ``VALUES (?a ?b)``)."""
    from ..store.sparql import with_values

    def term(iri):
        return tuple(map(ox.NamedNode, iri)) if isinstance(name, tuple) else ox.NamedNode(iri)

    wanted = sorted(set(iris))
    rows: list[dict] = []
    for at in range(0, len(wanted), VALUES_CHUNK):
        rows += store.query(with_values(query, name, [term(i) for i in wanted[at:at + VALUES_CHUNK]]), bindings).rows
    return rows


def read_query_file(path: Path) -> str:
    """The text of a SPARQL file the user gave, or a clear error for a missing file or one
    that is not UTF-8 text (``sparql.read_query_file`` names the line and byte)."""
    from ..store import sparql

    if not path.is_file():
        raise UsageError(f"{path}: no such file", "give a .rq file or - to read standard input")
    return sparql.read_query_file(path)


def entities(store: Store, actors_only: bool = True) -> QueryResult:
    """The ``entities`` query, by default cut to actors (no places, treaties or events)."""
    from ..store.core import Solutions

    result = run(store, "entities")
    if not actors_only:
        return result
    return Solutions(result.variables, [r for r in result.rows if r["category"].value == "actor"])


def actor_sections(store: Store, name: str) -> tuple[dict, dict[str, QueryResult]]:
    """``show``: who the actor is, then the named queries about it, by section title."""
    from .resolve import ActorIndex

    match = ActorIndex.of(store).resolve(name)
    sections = {
        "profile": run(store, "actor-profile", {"actor": match.iri}),
        "supported by": run(store, "supporters-of", {"actor": match.iri}),
        "supports": run(store, "supported-by", {"actor": match.iri}),
        "opposed by": run(store, "opponents-of", {"actor": match.iri}),
        "timeline": run(store, "timeline", {"actor": match.iri}),
    }
    return {"id": match.iri, "label": match.label, "type": match.type}, sections
