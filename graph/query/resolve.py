"""Find actors (and places, treaties, events) by name.

Names match labels and alternative labels case-, accent- and punctuation-insensitively,
ignoring possessives and a leading "the": "Türkiye", "turkiye", "Turkey's" and "Ankara"
all find kg:Turkey. Near misses get suggestions from rapidfuzz; with ``fuzzy=True`` a
single clear near miss ("Azerbajan") is accepted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..errors import UnknownActor
from ..namespaces import expand
from ..store.core import Store

_INDEX_QUERY = """
PREFIX ak:   <https://w3id.org/actorkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?label ?name ?type WHERE {
  VALUES ?top { ak:Actor ak:Place ak:Treaty ak:Event }
  ?entity a ?type . ?type rdfs:subClassOf* ?top .
  # A path, not { label } UNION { altLabel }: the same, and Virtuoso answers the union
  # form of this query with no rows at all.
  ?entity rdfs:label ?label ; rdfs:label|skos:altLabel ?name .
}
"""


def normalize(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("ı", "i"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"'s\b|s'(?=\s|$)", "", text)
    text = re.sub(r"[^\w]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


@dataclass(frozen=True)
class Match:
    iri: str
    label: str
    type: str


class ActorIndex:
    """Every named entity of a store, keyed by normalized name."""

    def __init__(self, store: Store):
        self.by_name: dict[str, list[Match]] = {}
        self.by_iri: dict[str, Match] = {}
        for row in store.query(_INDEX_QUERY).rows:
            match = Match(row["entity"].value, row["label"].value, row["type"].value)
            # Keep the most specific type: a subclass row wins over its superclass.
            self.by_iri.setdefault(match.iri, match)
            entries = self.by_name.setdefault(normalize(row["name"].value), [])
            if all(m.iri != match.iri for m in entries):
                entries.append(match)

    @classmethod
    def of(cls, store: Store) -> "ActorIndex":
        """The index of ``store``, built once per store object."""
        index = getattr(store, "_actor_index", None)
        if index is None:
            index = cls(store)
            try:
                store._actor_index = index
            except AttributeError:
                pass
        return index

    @staticmethod
    def invalidate(store: Store) -> None:
        """Forget the cached index of ``store`` (after an update changed its labels)."""
        if getattr(store, "_actor_index", None) is not None:
            store._actor_index = None

    def lookup(self, name: str) -> list[Match]:
        """Exact matches (after normalization) for a name, an IRI or a prefixed name."""
        iri = expand(name.strip())
        if iri in self.by_iri:
            return [self.by_iri[iri]]
        return list(self.by_name.get(normalize(name), []))

    def suggestions(self, name: str, limit: int = 3) -> list[tuple[Match, float]]:
        from rapidfuzz import fuzz, process

        hits = process.extract(normalize(name), list(self.by_name), scorer=fuzz.WRatio,
                               limit=limit * 3, score_cutoff=70)
        seen, out = set(), []
        for key, score, _ in hits:
            for match in self.by_name[key]:
                if match.iri not in seen:
                    seen.add(match.iri)
                    out.append((match, score))
        return out[:limit]

    def find(self, phrase: str) -> Match:
        """The entity a phrase from running text names: an exact label or alias; else the
        one known name the phrase contains ("Russia's role", "the contested region of
        Nagorno-Karabakh"), the longest winning; else a clear near miss ("Azerbajan").
        Raises UnknownActor with suggestions otherwise."""
        phrase = phrase.strip(" ,;:\"'")
        found = self.lookup(phrase)
        if len(found) == 1:
            return found[0]
        if not found:
            padded = f" {normalize(phrase)} "
            hits = [(len(key), m) for key, matches in self.by_name.items() if f" {key} " in padded for m in matches]
            if hits:
                longest = max(n for n, _ in hits)
                best = {m.iri: m for n, m in hits if n == longest}
                if len(best) == 1:
                    return next(iter(best.values()))
        return self.resolve(phrase, fuzzy=True)

    def resolve(self, name: str, fuzzy: bool = False) -> Match:
        """The one entity ``name`` denotes; raises UnknownActor with suggestions otherwise."""
        found = self.lookup(name)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise UnknownActor(name, [f"{m.label} ({m.iri})" for m in found])
        near = self.suggestions(name)
        if fuzzy and near and near[0][1] >= 85 and (len(near) == 1 or near[1][1] < near[0][1] - 5):
            return near[0][0]
        raise UnknownActor(name, [m.label for m, _ in near])
