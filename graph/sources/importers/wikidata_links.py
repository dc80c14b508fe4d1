"""Mondial's owl:sameAs links to Wikidata: QIDs for the registry's states.

The file is N3 (parsed by pyoxigraph, not by hand). Only country IRIs
(``.../mondial/10/countries/CODE/``) are used. Mondial codes are vehicle registration
codes, not ISO or COW codes, so a code is linked only through the reviewed crosswalk
``data/registry/mondial-cow.csv`` and only when the file gives exactly the QID the
crosswalk expects; a QID that disagrees with one the store already has is refused.
Everything not linked is reported (and listed by 'actorkg registry unmatched').
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from ...errors import DataError
from ...namespaces import OWL, WD
from ...store.core import open_rdf, parse_error
from ..registry import load_mondial_crosswalk
from .base import DERIVED_FROM, Builder, ak, text
from .reading import Table, head, sniff

KIND = "wikidata-links"
DATASET = "wikidata-links"
TITLE = "Mondial owl:sameAs links to Wikidata"
REQUIRED = ["owl:sameAs"]
FALLBACK = "utf-8"
SAME_AS = ox.NamedNode(OWL + "sameAs")
COUNTRY = re.compile(r"^http://www\.semwebtech\.org/mondial/10/countries/([^/]+)/$")
QUERY_QIDS = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?actor ?qid WHERE { ?actor owl:sameAs ?qid }
"""


def read(path: Path) -> Table:
    if not path.is_file():
        raise DataError(f"{path}: no such file", "give the path of the dataset file")
    from . import guess_kind

    guess = guess_kind(head(path, "utf-8", 40))
    if guess:
        raise DataError(f"{path}: not a {TITLE} file: it looks like a {guess[1]} file",
                        f"run 'actorkg import {guess[0]} {path}', or give mondial-sameas.n3")
    encoding = sniff(path, FALLBACK)
    links = []
    try:
        # Parsed as it is read: only the links are kept.
        with open_rdf(path) as data:
            for quad in ox.parse(input=data, format=ox.RdfFormat.N3):
                t = quad.triple
                if t.predicate == SAME_AS and isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode):
                    links.append((0, [t.subject.value, t.object.value]))
    except SyntaxError as e:
        raise parse_error(path, e) from None
    if not links:
        raise DataError(f"{path}: not a {TITLE} file: expected N3 lines '<mondial IRI> owl:sameAs wd:Q...'",
                        "give mondial-sameas.n3")
    return Table(path, encoding.name, ["subject", "owl:sameAs", "object"], 0, links)


def build(table: Table, builder: Builder) -> list[int]:
    crosswalk = load_mondial_crosswalk()
    qids: dict[str, set[str]] = defaultdict(set)
    for _, (subject, obj) in table.rows:
        m = COUNTRY.match(subject)
        if m and obj.startswith(WD + "Q"):
            qids[m.group(1)].add(obj[len(WD):])
    builder.report.records = len(qids)
    existing: dict[str, set[str]] = defaultdict(set)
    for row in builder.store.query(QUERY_QIDS).rows:
        existing[row["actor"].value].add(row["qid"].value)
    source = builder.source
    for code, found in sorted(qids.items()):
        entry = crosswalk.get(code)
        shown = f"Mondial {code} ({', '.join('wd:' + q for q in sorted(found))})"
        if entry is None:
            _unmatched(builder, shown, "no reviewed crosswalk row")
            continue
        expected, cow, name = entry
        if found != {expected}:
            _unmatched(builder, shown, f"crosswalk expects wd:{expected} ({name})")
            continue
        iri = builder.registry.code(cow)
        if iri is None:
            _unmatched(builder, shown, f"COW {cow} ({name}) is not in the registry; import cow-states first")
            continue
        if existing.get(iri) and WD + expected not in existing[iri]:
            builder.report.warnings.append(f"{shown}: {iri} already has {', '.join(sorted(existing[iri]))}; not linked")
            continue
        node = ox.NamedNode(iri)
        builder.add(node, SAME_AS, ox.NamedNode(WD + expected))
        builder.add(node, ak("mondialCode"), text(code))
        builder.add(node, DERIVED_FROM, source)
    return []


def _unmatched(builder: Builder, name: str, why: str) -> None:
    builder.report.unmatched.setdefault(name, []).append(0)
    builder.add(builder.source, ak("unmatchedName"), text(f"{name}: {why}"))


def describe(builder: Builder, table: Table, years: list[int]) -> None:
    builder.describe_source(
        "Mondial: owl:sameAs links to Wikidata", version="Mondial 2010 (10)",
        citation="Wolfgang May. Information extraction and integration with Florid: The Mondial case study. "
                 "Technical Report 131, Universitaet Freiburg, 1999. https://www.dbis.informatik.uni-goettingen.de/Mondial/",
        publisher="Wolfgang May, University of Goettingen", license_="CC BY 3.0",
        url="https://www.dbis.informatik.uni-goettingen.de/Mondial/")
