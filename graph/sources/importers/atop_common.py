"""What the two ATOP files share: treaty nodes and the reviewed links to curated treaties."""

from __future__ import annotations

import csv

import pyoxigraph as ox

from ... import paths
from ...namespaces import SKOS
from .base import DERIVED_FROM, LABEL, A, Builder, ak, integer, kg, text

CITATION = ("Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. Long. 2002. "
            "Alliance Treaty Obligations and Provisions, 1815-1944. International Interactions 28: 237-260. "
            "ATOP 4.0 codebook and data: http://www.atopdata.org")
OBLIGATIONS = {"defense": "DefenseObligation", "offense": "OffenseObligation", "neutral": "NeutralityObligation",
               "nonagg": "NonAggressionObligation", "consul": "ConsultationObligation"}


def treaty_links() -> dict[int, tuple[str, str]]:
    """ATOP id -> (curated treaty IRI, note) from data/registry/atop-treaties.csv."""
    with (paths.registry_dir() / "atop-treaties.csv").open(encoding="utf-8", newline="") as f:
        return {int(row["atopid"]): (row["treaty"], row["note"]) for row in csv.DictReader(f)}


def treaty(builder: Builder, atopid: int) -> ox.NamedNode:
    """The ATOP alliance's treaty node (same triples from either file)."""
    node = kg(f"ATOP-{atopid}")
    if node.value not in builder.declared:
        builder.declared.add(node.value)
        builder.add(node, A, ak("Treaty"))
        builder.add(node, LABEL, text(f"ATOP alliance {atopid}"))
        builder.add(node, ak("atopId"), integer(atopid))
        builder.add(node, DERIVED_FROM, builder.source)
        link = builder.links.get(atopid)
        if link:
            # A close match, not sameAs: the article names "their collective security
            # treaty" informally; ATOP codes the 1992 Tashkent treaty and its phases.
            builder.add(node, ox.NamedNode(SKOS + "closeMatch"), ox.NamedNode(link[0]))
            builder.add(node, ox.NamedNode(SKOS + "note"), text(link[1]))
    return node


def describe(builder: Builder, level: str, years: list[int]) -> None:
    builder.describe_source(
        f"Alliance Treaty Obligations and Provisions (ATOP) 4.0, {level} level", version="4.0",
        citation=CITATION, publisher="ATOP project (Brett Ashley Leeds, Rice University)",
        url="http://www.atopdata.org", years=years)
