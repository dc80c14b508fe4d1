"""Query results as plain Python values and as text: JSON, CSV and terminal tables.

IRIs stay full in JSON and CSV (scripts join on them) and are shown compactly
(``kg:Russia``) in tables for people. Literals become str, int, float or bool.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pyoxigraph as ox

from ..namespaces import XSD, compact
from ..store.core import QueryResult, Solutions, Triples

_INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                    "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def to_python(term) -> object:
    """A pyoxigraph term as a JSON-friendly value."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGER_TYPES:
                return int(term.value)
            if datatype in (XSD + "decimal",):
                return float(Decimal(term.value))
            if datatype in (XSD + "double", XSD + "float"):
                return float(term.value)
            if datatype == XSD + "boolean":
                return term.value in ("true", "1")
        except ValueError:
            pass
        return term.value
    return str(term)


def to_display(term) -> str:
    """A term as a person reads it in a table."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    value = to_python(term)
    return str(value).lower() if isinstance(value, bool) else str(value)


def records(solutions: Solutions) -> list[dict[str, object]]:
    """One dict per row with every projected variable (unbound -> None)."""
    return [{v: to_python(row.get(v)) for v in solutions.variables} for row in solutions.rows]


def table_columns(solutions: Solutions) -> list[str]:
    """The columns worth showing a person: an IRI column is dropped when its label column
    is there (``supporter`` beside ``supporterLabel``), statement ids and empty columns too.
    JSON and CSV keep every column."""
    names = set(solutions.variables)
    return [v for v in solutions.variables
            if v + "Label" not in names and v != "statement"
            and any(row.get(v) is not None and to_display(row.get(v)) != "" for row in solutions.rows)
            ] or list(solutions.variables)


def to_json(result: QueryResult) -> str:
    if isinstance(result, bool):
        return json.dumps({"boolean": result})
    if isinstance(result, Triples):
        return json.dumps([[to_python(t.subject), to_python(t.predicate), to_python(t.object)]
                           for t in result.triples], ensure_ascii=False, indent=2)
    return json.dumps(records(result), ensure_ascii=False, indent=2)


def to_csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if isinstance(result, bool):
        writer.writerow(["boolean"])
        writer.writerow(["true" if result else "false"])
    elif isinstance(result, Triples):
        writer.writerow(["subject", "predicate", "object"])
        for t in result.triples:
            writer.writerow([to_python(t.subject), to_python(t.predicate), to_python(t.object)])
    else:
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(["" if row.get(v) is None else to_python(row.get(v)) for v in result.variables])
    return out.getvalue()


def serialize_triples(result: Triples, fmt: str = "turtle") -> str:
    """CONSTRUCT/DESCRIBE output as Turtle or N-Triples, with the project's prefixes."""
    from ..namespaces import PREFIXES

    rdf_format = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                  "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    kwargs = {"prefixes": PREFIXES} if fmt == "turtle" else {}
    return ox.serialize(result.triples, format=rdf_format, **kwargs).decode("utf-8")
