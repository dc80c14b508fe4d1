"""Compare query answers across engines.

SPARQL leaves the order of ``GROUP_CONCAT`` pieces (and of unordered rows) to the engine,
so two correct engines can print "arms, support" and "support, arms"; and over nothing,
one gives "" where another leaves the value unbound. ``canonical`` puts each answer into
one form: rows sorted, and every ``GROUP_CONCAT`` column split on its separator and sorted.
Used by the tests (embedded vs remote engines) and the benchmarks (vs rdflib).
"""

from __future__ import annotations

from ..store.core import QueryResult, Solutions, Triples
from ..store.sparql import concat_separators


def _value(term) -> str:
    return "" if term is None else str(term)


def canonical(sparql: str, result: QueryResult) -> object:
    """A form of ``result`` that two engines agree on when their answers are the same."""
    if isinstance(result, bool):
        return result
    if isinstance(result, Triples):
        return sorted(str(t) for t in result.triples)
    assert isinstance(result, Solutions)
    separators = concat_separators(sparql)
    rows = []
    for row in result.rows:
        cells = []
        for var in result.variables:
            term = row.get(var)
            if var in separators:
                # Engines differ on a group with nothing to concatenate: "" or unbound.
                value = "" if term is None else term.value
                pieces = (value.split(separators[var]) if separators[var] else list(value)) if value else []
                cells.append((var, tuple(sorted(pieces))))
            else:
                cells.append((var, _value(term)))
        rows.append(tuple(cells))
    return sorted(rows)
