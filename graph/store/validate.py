"""Check data against ``data/shapes.ttl`` with pySHACL and report violations readably."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..namespaces import compact
from .core import Store


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str


def _to_rdflib(store: Store):
    """The store's quads as an rdflib graph (pySHACL works on rdflib)."""
    import pyoxigraph as ox
    import rdflib

    graph = rdflib.Graph()
    # Statements carry the evidence; rules' output is checked like everything else.
    data = ox.serialize((q.triple for q in store.quads()), format=ox.RdfFormat.N_TRIPLES)
    graph.parse(data=data, format="nt")
    return graph


def validate(store: Store, shapes: Path | None = None) -> list[Violation]:
    """Return the violations of every shape in ``shapes`` (bundled shapes by default)."""
    import pyshacl
    import rdflib
    from rdflib.namespace import SH

    data = _to_rdflib(store)
    shapes_graph = rdflib.Graph().parse(shapes or paths.shapes_file(), format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph, advanced=True,
                                           allow_warnings=True)
    if conforms:
        return []
    violations = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        severity = report.value(result, SH.resultSeverity)
        violations.append(Violation(
            focus=compact(str(focus)),
            path=compact(str(path)) if isinstance(path, rdflib.URIRef) else None,
            message=str(message) if message else "constraint violated",
            severity=str(severity).rsplit("#", 1)[-1]))
    return sorted(violations, key=lambda v: (v.focus, v.path or "", v.message))


def validate_files(files: Sequence[Path], include_article: bool = True) -> list[Violation]:
    """Validate ``files`` together with the ontology (and the article's graph if asked)."""
    from .load import open_graph

    return validate(open_graph(files, include_article=include_article))
