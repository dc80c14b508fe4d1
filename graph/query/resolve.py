"""Find actors (and places, treaties, events) by name.

In this order, the first that finds exactly one entity wins:

1. the store's labels and alternative labels, case-, accent- and punctuation-insensitively,
   ignoring possessives and a leading "the": "Türkiye", "turkiye", "Turkey's" and "Ankara"
   all find kg:Turkey;
2. the bundled state registry (``states.py``): a COW state's short forms, codes, capital
   and demonym ("USA", "the UK", "New Delhi", "DPRK") find the store's actor with that
   COW code, whatever the store's imports named it;
3. with ``fuzzy=True``, a single clear near miss ("Azerbajan", "Britian"), which the
   returned Match carries in ``asked`` so that answers say what they took it as. Short
   all-capital tokens ("USA", "AN") and common words are never fuzzed: a near miss among
   three letters is a different name, not a typo.

Otherwise UnknownActor, with rapidfuzz's suggestions.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UnknownActor
from ..namespaces import AK, expand
from ..store.cached import cached
from ..store.core import Store
from .states import code_key, state_names

_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()

_INDEX_QUERY = """
PREFIX ak:   <https://w3id.org/actorkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?label ?name ?type ?code WHERE {
  VALUES ?top { ak:Actor ak:Place ak:Treaty ak:Event }
  ?entity a ?type . ?type rdfs:subClassOf* ?top .
  # A path, not { label } UNION { altLabel }: the same, and Virtuoso answers the union
  # form of this query with no rows at all.
  ?entity rdfs:label ?label ; rdfs:label|skos:altLabel ?name .
  OPTIONAL { ?entity ak:cowCode ?code }
}
"""


def normalize(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("ı", "i"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"'s\b|s'(?=\s|$)", "", text)
    text = re.sub(r"[^\w]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


# Fuzzy matching stops here: below five letters a near miss is another name ("USA" is
# not "UWSA"), and a phrase of common words names nothing ("the meaning of life").
_MIN_FUZZY = 5
_FUZZY_CUTOFF = 85
_COMMON = frozenset("""a about all an and any anybody anyone anything are as at be by do does every
everybody everyone for from he her him his how i in is it its life man me meaning men my no nobody
none not of on one or our people she some somebody someone something that the their them they this
those to us we what when where which who whom whose why with world you your""".split())


@dataclass(frozen=True)
class Match:
    iri: str
    label: str
    type: str
    # The phrase as asked when it was taken as this entity by a fuzzy match ("Britian").
    asked: str | None = field(default=None, compare=False)


class ActorIndex:
    """Every named entity of a store, keyed by normalized name."""

    def __init__(self, store: Store):
        self.by_name: dict[str, list[Match]] = {}
        self.by_iri: dict[str, Match] = {}
        codes: dict[int, set[str]] = {}
        for row in store.query(_INDEX_QUERY).rows:
            match = Match(row["entity"].value, row["label"].value, row["type"].value)
            # Keep the most specific type: a subclass row wins over its superclass.
            self.by_iri.setdefault(match.iri, match)
            if "code" in row and row["type"].value == AK + "State":
                codes.setdefault(int(row["code"].value), set()).add(match.iri)
            entries = self.by_name.setdefault(normalize(row["name"].value), [])
            if all(m.iri != match.iri for m in entries):
                entries.append(match)
        # COW code -> the store's one state with it (a code two actors hold finds neither).
        self.by_code = {code: self.by_iri[next(iter(iris))] for code, iris in codes.items() if len(iris) == 1}

    @classmethod
    def of(cls, store: Store) -> "ActorIndex":
        """The index of ``store``, built once per store object."""
        index = getattr(store, "_actor_index", None)
        if index is None:
            # On the world store building it takes ~0.5 s, every question needs it, and it
            # changes only with the data: kept per store generation and this module's code.
            index = cached(store, "actor-index", _INDEX_QUERY + _CODE, lambda: cls(store))
            try:
                store._actor_index = index
            except AttributeError:
                pass
        return index

    def lookup(self, name: str) -> list[Match]:
        """Exact matches (after normalization) for a name, an IRI or a prefixed name."""
        iri = expand(name.strip())
        if iri in self.by_iri:
            return [self.by_iri[iri]]
        return list(self.by_name.get(normalize(name), []))

    def registry(self, name: str) -> Match | None:
        """The store's state the bundled registry names by ``name`` (a short form, code,
        capital or demonym), if the store holds that state."""
        entry = state_names().lookup(name)
        return self.by_code.get(entry.code) if entry else None

    def near_miss(self, name: str) -> Match | None:
        """The one entity a clear near miss of ``name`` names, among the store's names and
        the registry's; None for short codes and common words (see _MIN_FUZZY)."""
        from rapidfuzz import fuzz, process

        key = normalize(name)
        if (len(key.replace(" ", "")) < _MIN_FUZZY or code_key(name) is not None
                or all(word in _COMMON for word in key.split())):
            return None
        candidates = {k: {m.iri: m for m in ms} for k, ms in self.by_name.items() if len(k) >= _MIN_FUZZY}
        for k, entry in state_names().names.items():
            if len(k) >= _MIN_FUZZY and entry.code in self.by_code:
                candidates.setdefault(k, {})[self.by_code[entry.code].iri] = self.by_code[entry.code]
        # Plain edit ratio, not WRatio: WRatio scores a name inside a longer one as a near
        # match ("uwsa" for "usa"), which suggests well but accepts wrongly.
        hits = process.extract(key, list(candidates), scorer=fuzz.ratio, limit=5, score_cutoff=_FUZZY_CUTOFF)
        if not hits:
            return None
        best = hits[0][1]
        chosen = {iri: m for k, score, _ in hits if score > best - 5 for iri, m in candidates[k].items()}
        if len(chosen) != 1:
            return None
        found = next(iter(chosen.values()))
        return Match(found.iri, found.label, found.type, asked=name.strip())

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
        """The entity a phrase from running text names: an exact label or alias; else a
        state the registry names by it ("the UK"); else the one known name the phrase
        contains ("Russia's role", "the contested region of Nagorno-Karabakh"), the longest
        winning; else a clear near miss ("Azerbajan", carried in ``asked``).
        Raises UnknownActor with suggestions otherwise."""
        phrase = phrase.strip(" ,;:\"'")
        found = self.lookup(phrase)
        if len(found) == 1:
            return found[0]
        if not found and (state := self.registry(phrase)) is not None:
            return state
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
        state = self.registry(name)
        if state is not None:
            return state
        if fuzzy and (near := self.near_miss(name)) is not None:
            return near
        raise UnknownActor(name, [m.label for m, _ in self.suggestions(name)])


def taking(matches: list[Match]) -> str:
    """What an answer says first when it took a name by a fuzzy match: "Taking 'Britian' as
    United Kingdom. " (empty when nothing was taken so)."""
    taken = [m for m in matches if m.asked]
    if not taken:
        return ""
    return "Taking " + ", ".join(f"'{m.asked}' as {m.label}" for m in taken) + ". "


def taken_as(matches: list[Match]) -> list[dict]:
    """The fuzzy matches as ``--format json`` reports them (key ``taken_as``)."""
    return [{"name": m.asked, "id": m.iri, "label": m.label} for m in matches if m.asked]
