"""The bundled state registry (``data/registry/states.csv``) as a graph of its own.

``import_file`` writes it into a store before any dataset, so every COW state has its
actor, label and codes whatever is imported and in whatever order: SIPRI's "Israel"
resolves to the same ``kg:Israel`` before or after the COW state list is imported (and
that import then adds the state's years). The IRIs are the ones the COW importer has
always given (``Registry.state_iri``: the article's actor holding the code, else the
state's name). The registry's codes and confirmed QIDs go in; short forms, capitals and
demonyms stay in the CSV, where the resolver and the importers read them.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyoxigraph as ox

from ...namespaces import OWL, WD
from .base import DERIVED_FROM, LABEL, A, Builder, ak, integer, text
from .reading import Table

KIND = "state-registry"
DATASET = "registry"
TITLE = "actorkg state registry"
SAME_AS = ox.NamedNode(OWL + "sameAs")


def read(path: Path) -> Table:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [(n, fields) for n, fields in enumerate(reader, 2)]
    return Table(path, "utf-8", header, 1, rows)


def build(table: Table, builder: Builder) -> list[int]:
    registry = builder.registry
    for _, fields in table.rows:
        row = dict(zip(table.header, fields))
        code, name = int(row["cow_code"]), row["name"]
        builder.report.records += 1
        iri = registry.state_iri(code, name)
        node = ox.NamedNode(iri)
        builder.add_new(node, A, ak("State"))
        if iri not in registry.labels:
            builder.add(node, LABEL, text(name))
        builder.add_new(node, ak("cowCode"), integer(code))
        builder.add_new(node, ak("cowAbbreviation"), text(row["cow_abbreviation"]))
        if row["iso_alpha2"]:
            builder.add_new(node, ak("isoAlpha2"), text(row["iso_alpha2"]))
        if row["iso_alpha3"]:
            builder.add_new(node, ak("isoAlpha3"), text(row["iso_alpha3"]))
        if row["gw_code"]:
            builder.add_new(node, ak("gwCode"), integer(int(row["gw_code"])))
        if row["wikidata"]:
            builder.add_new(node, SAME_AS, ox.NamedNode(WD + row["wikidata"]))
        builder.add(node, DERIVED_FROM, builder.source)
        registry.remember(iri, name, code=code, label=name)
    # No coverage years: the registry holds no statements, so no year is "after its data".
    return []


def describe(builder: Builder, table: Table, years: list[int]) -> None:
    builder.describe_source(
        "actorkg state registry (COW state system 1816-2016)", version="COW v2016",
        citation="data/registry/states.csv, built by data/registry/build_states.py from the COW State System "
                 "Membership List v2016, country-converter, pycountry, countryinfo and data/registry/short-forms.csv",
        publisher="actorkg")
