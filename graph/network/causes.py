"""How one actor's role affected the relation between two others: chains of ``ak:causedBy``.

Statements may name other statements as their cause (the article: Russia's
non-intervention led to closer Azerbaijan-Turkey relations, which strained Armenia-Turkey
relations). Walking those links backwards from each statement between A and B to a
statement involving X gives the chains of causes the sources actually assert.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .evidence import Statement, between, by_id, node_label, unique

if TYPE_CHECKING:  # networkx is imported where it is used: it is slow to import
    from .multigraph import StatementGraph


@dataclass
class Impact:
    actor: str
    a: str
    b: str
    labels: tuple[str, str, str]
    links: list[Statement]
    chains: list[list[Statement]]
    other_causes: list[Statement]
    context: list[Statement]

    @property
    def statements(self) -> list[Statement]:
        return unique([s for chain in self.chains for s in chain] + self.other_causes + self.links + self.context)

    def to_dict(self) -> dict:
        return {"actor": {"id": self.actor, "label": self.labels[0]},
                "a": {"id": self.a, "label": self.labels[1]}, "b": {"id": self.b, "label": self.labels[2]},
                "chains": [[s.to_result() for s in chain] for chain in self.chains],
                "other_causes": [s.to_result() for s in self.other_causes],
                "links": [s.to_result() for s in self.links],
                "context": [s.to_result() for s in self.context]}


def impact(graph: StatementGraph, actor: str, a: str, b: str) -> Impact:
    """Chains of causes from statements involving ``actor`` to statements between ``a`` and ``b``.

    Without a chain, ``context`` holds what ties ``actor`` to ``a`` and to ``b`` directly.
    """
    statements = by_id(graph)
    links = between(graph, a, b)
    chains: list[list[Statement]] = []

    def walk(current: Statement, path: list[Statement], seen: set[str]) -> None:
        for cause_id in current.data.get("caused_by", ()):
            cause = statements.get(cause_id)
            if cause is None or cause_id in seen:
                continue
            if cause.involves(actor):
                chains.append([cause] + path)
            else:
                walk(cause, [cause] + path, seen | {cause_id})

    for link in links:
        walk(link, [link], {link.id})
    in_chains = {s.id for chain in chains for s in chain}
    other = [statements[c] for link in links for c in link.data.get("caused_by", ())
             if c in statements and c not in in_chains]
    context = [] if chains else between(graph, actor, a) + between(graph, actor, b)
    return Impact(actor, a, b, (node_label(graph, actor), node_label(graph, a), node_label(graph, b)), links,
                  sorted(chains, key=len), unique(other), context)
