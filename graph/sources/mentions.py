"""Find the actors, places and treaties a text names, and propose the ones the registry lacks.

Known names come from the store: every label and alternative label of an actor, place,
treaty or event (the registry's states with their COW names, abbreviations and the
reviewed aliases table, and whatever earlier imports and reviews added: capitals,
demonyms, spellings). They are matched case-insensitively with spaCy's PhraseMatcher,
but a capitalized name must be capitalized in the text ("Georgia", not "georgia"). A name
two entities share is ambiguous and matches neither: nothing is assigned by guesswork.

A capitalized name the registry does not know ("Nikol Pashinyan", "Nagorno-Karabakh",
"Russian Empire") and a lower-case treaty name ("their collective security treaty") become
proposed entities, typed from cues in the document (a title before a person's name, "the
region of X", an institutional last word such as Empire or Treaty) and marked new to the
registry. They are only written out when a statement uses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..namespaces import AK, KG
from ..query.resolve import normalize
from ..store.core import Store
from .registry import load_aliases, slug

_NAMES = """
PREFIX ak:   <https://w3id.org/actorkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?type ?label ?name ?code WHERE {
  VALUES ?top { ak:Actor ak:Place ak:Treaty }
  ?entity a ?type . ?type rdfs:subClassOf* ?top .
  FILTER(?type NOT IN (ak:UnresolvedActor, ak:UnidentifiedActor))
  ?entity rdfs:label ?label .
  OPTIONAL { ?entity ak:cowCode ?code }
  { ?entity rdfs:label ?name } UNION { ?entity skos:altLabel ?name } UNION { ?entity ak:cowAbbreviation ?name }
}
"""

# The types that fit each participant role with a declared range (ak:treaty: treaties).
_RANGES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?role ?type WHERE { ?role rdfs:range ?range . ?type rdfs:subClassOf* ?range }
"""

DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
POSSESSIVE_PRONOUNS = {"its", "their", "his", "her"}
PRONOUNS = {"it", "they"} | POSSESSIVE_PRONOUNS
PREPOSITIONS = {"in", "of", "to", "from", "with", "against", "between", "by", "for", "on", "into", "over", "toward",
                "towards", "at", "about", "during", "despite", "among", "within", "across", "through", "under",
                "after", "before", "since", "involving", "than"}
# Last words that make a capitalized name an institution of its own ("Russian Empire" is
# not "Russian" + "Empire"), with the type they suggest.
_HEADS = {
    AK + "State": {"empire", "union", "republic", "kingdom", "federation", "caliphate", "khanate", "sultanate",
                   "emirate", "confederation", "state", "states"},
    AK + "Treaty": {"treaty", "pact", "agreement", "accord", "accords", "convention", "protocol", "charter"},
    AK + "InternationalOrganization": {"organization", "organisation", "council", "alliance", "community",
                                       "commission", "nations", "bloc"},
    AK + "NonStateActor": {"army", "forces", "front", "movement", "party", "brigade", "brigades", "militia",
                           "group", "guard", "guards", "committee", "government", "ministry"},
    AK + "Territory": {"region", "province", "oblast", "territory", "district", "strip", "bank", "heights"},
}
_TREATY_WORDS = _HEADS[AK + "Treaty"]
_PLACE_CUES = {"region", "territory", "enclave", "province", "area", "city", "town", "village"}
_TITLES = {"president", "prime", "minister", "general", "king", "queen", "chancellor", "leader", "mr", "mrs", "ms",
           "dr", "sheikh", "emir", "ayatollah", "premier", "foreign", "defence", "defense", "secretary", "commander"}
_CALENDAR = re.compile(r"^(?:january|february|march|april|may|june|july|august|september|october|november|december"
                       r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|[a-z])$", re.I)


@dataclass(eq=False)
class Entity:
    """An actor, place or treaty a mention denotes: a registry IRI, or a proposal."""

    iri: str
    label: str
    type: str
    new: bool = False
    cues: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: Entity
    text: str


class Gazetteer:
    """The registry's names, normalized, for matching in running text."""

    def __init__(self, store: Store, graphs: list[str] | None = None):
        by_code: dict[int, str] = {}
        self.entities: dict[str, Entity] = {}
        names: dict[str, set[str]] = {}
        self.spellings: dict[str, str] = {}
        for row in store.query(_NAMES, default_graphs=graphs).rows:
            iri = row["entity"].value
            entity = self.entities.setdefault(iri, Entity(iri, row["label"].value, row["type"].value))
            if _more_specific(row["type"].value, entity.type):
                entity.type = row["type"].value
            if "code" in row:
                by_code[int(row["code"].value)] = iri
            key = normalize(row["name"].value)
            if key:
                names.setdefault(key, set()).add(iri)
                self.spellings.setdefault(key, row["name"].value)
        for key, code in load_aliases().items():
            if code in by_code and key not in names:
                names[key] = {by_code[code]}
                self.spellings.setdefault(key, key)
        for iri, spelling in _demonyms_and_capitals(names, self.entities):
            names.setdefault(normalize(spelling), set()).add(iri)
            self.spellings.setdefault(normalize(spelling), spelling)
        # Ambiguous names are left out: "Congo" must not pick one of two states.
        self.names = {k: next(iter(v)) for k, v in names.items() if len(v) == 1}
        self.ranges: dict[str, set[str]] = {}
        for row in store.query(_RANGES, default_graphs=graphs).rows:
            self.ranges.setdefault(row["role"].value, set()).add(row["type"].value)

    def fits(self, role: str, entity: Entity) -> bool:
        """Whether ``entity`` may fill ``role``: a role with a declared range takes only
        entities of that type, an entity of no known type yet (a proposal) any role."""
        allowed = self.ranges.get(role)
        return allowed is None or entity.type in (AK + "Actor", AK + "Place") or entity.type in allowed

    def entity(self, name: str) -> Entity | None:
        iri = self.names.get(normalize(name))
        return self.entities[iri] if iri else None


def _demonyms_and_capitals(names: dict[str, set[str]], entities: dict[str, Entity]):
    """(state, name) for each state's demonym and capital ("Russian", "Moscow"), as news
    names a government: countryinfo's countries are matched to the registry's states by
    a name or spelling only one state has (never by two- or three-letter codes, which
    differ between ISO and COW); a demonym or capital another entity already uses is
    left to the ambiguity rule."""
    from countryinfo import all_countries

    for country in all_countries():
        info = country.info()
        spellings = [info.get("name") or ""] + [s for s in info.get("altSpellings") or ()
                                                if len(s) > 3 and not s.isupper()]
        states = {iri for s in spellings for iri in names.get(normalize(s), ())
                  if entities[iri].type == AK + "State"}
        if len(states) != 1:
            continue
        state = states.pop()
        for name in (info.get("demonym"), info.get("capital")):
            if name and normalize(name) and state not in names.get(normalize(name), ()):
                yield state, name


def _more_specific(candidate: str, current: str) -> bool:
    return current in (AK + "Actor", AK + "Place") and candidate not in (AK + "Actor", AK + "Place")


class MentionFinder:
    """Finds mentions in spaCy docs; one per document run, so proposals are shared."""

    def __init__(self, nlp, gazetteer: Gazetteer):
        from spacy.matcher import PhraseMatcher

        self.gazetteer = gazetteer
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for key, spelling in gazetteer.spellings.items():
            if key in gazetteer.names and len(key) > 1:
                self.matcher.add(gazetteer.names[key], [nlp.make_doc(spelling)])
        self.proposals: dict[str, Entity] = {}

    def find(self, doc) -> list[Mention]:
        """Non-overlapping mentions in ``doc`` (a sentence), longest first, in text order."""
        spans = []
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            iri = doc.vocab.strings[match_id]
            entity = self.gazetteer.entities[iri]
            if entity.label[:1].isupper() and not span.text[:1].isupper():
                continue
            spans.append((start, end, entity))
        spans += self._proposals(doc, spans)
        chosen: list[tuple[int, int, Entity]] = []
        taken: set[int] = set()
        for start, end, entity in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
            if taken.isdisjoint(range(start, end)):
                chosen.append((start, end, entity))
                taken.update(range(start, end))
        return [Mention(s, e, ent, doc[s:e].text) for s, e, ent in sorted(chosen, key=lambda c: c[0])]

    def _proposals(self, doc, known) -> list[tuple[int, int, Entity]]:
        out = []
        from spacy.lang.en.stop_words import STOP_WORDS

        for start, end in _capitalized_runs(doc):
            words = [t.text for t in doc[start:end]]
            # A sentence's first word is capitalized for its position ("On August 8").
            if start == doc[start].sent.start and words[0].lower() in STOP_WORDS and not words[0].isupper():
                start, words = start + 1, words[1:]
            # "Russian President Dmitriy Medvedev": the polity's name, then the title, then the person.
            prefix = next((k for k in known if k[0] == start and k[1] < end), None)
            if prefix is not None and doc[prefix[1]].lower_ in _TITLES:
                words = words[prefix[1] - start:]
                start = prefix[1]
            title = False
            while words and words[0].lower() in _TITLES:
                start, words, title = start + 1, words[1:], True
            if not words:
                continue
            name = re.sub(r"\s*-\s*", "-", doc[start:end].text)
            inside_known = [k for k in known if k[0] >= start and k[1] <= end]
            head = words[-1].lower()
            head_type = next((t for t, heads in _HEADS.items() if head in heads), None)
            # A known name inside a longer capitalized run stays itself ("Armenia" in
            # "Armenia Azerbaijan"), unless the run ends in an institutional word.
            if inside_known and not (head_type and len(words) > 1):
                continue
            if len(words) == 1 and (start == doc[start].sent.start or _CALENDAR.match(words[0])):
                continue
            if self.gazetteer.entity(name):
                continue
            entity = self._propose(name, head_type)
            before = doc[max(0, start - 3):start].text.lower()
            after = doc[end:end + 1].text.lower()
            if title or (start > 0 and doc[start - 1].text.lower() in _TITLES):
                entity.cues.add("title")
            if re.search(r"\b(?:region|territory|enclave|province) of$", before) or after in _PLACE_CUES:
                entity.cues.add("place")
            if before.endswith("ethnic"):
                entity.cues.add("ethnic")
            out.append((start, end, entity))
        for start, end in _treaty_phrases(doc):
            name = doc[start:end].text
            if not self.gazetteer.entity(name):
                out.append((start, end, self._propose(name, AK + "Treaty")))
        for i, token in enumerate(doc):
            # "ethnic Armenians": a group, not the state its demonym names.
            if token.lower_ == "ethnic" and i + 1 < len(doc) and doc[i + 1].text[:1].isupper():
                name = f"ethnic {doc[i + 1].text}"
                if not self.gazetteer.entity(name):
                    entity = self._propose(name, AK + "EthnicGroup")
                    out.append((i, i + 2, entity))
        return out

    def _propose(self, name: str, type_: str | None) -> Entity:
        key = normalize(name)
        if key not in self.proposals:
            iri = KG + slug(name)
            if iri in self.gazetteer.entities:
                iri = f"{iri}-new"
            self.proposals[key] = Entity(iri, name, type_ or AK + "Actor", new=True)
        entity = self.proposals[key]
        if type_ and entity.type == AK + "Actor":
            entity.type = type_
        return entity

    def settle_types(self) -> None:
        """Type each proposal from the cues its mentions gave: a title makes a person, a
        'region of' a territory; an institutional last word was taken when proposed."""
        for entity in self.proposals.values():
            if entity.type != AK + "Actor":
                continue
            if "ethnic" in entity.cues:
                entity.type = AK + "EthnicGroup"
            elif "title" in entity.cues:
                entity.type = AK + "Person"
            elif "place" in entity.cues:
                entity.type = AK + "Territory"


def _capitalized_runs(doc):
    """Runs of capitalized words (joined by hyphens or 'of'), e.g. 'Nagorno - Karabakh'."""
    i, n = 0, len(doc)
    while i < n:
        if _capital(doc[i]):
            j = i + 1
            while j < n:
                if _capital(doc[j]):
                    j += 1
                elif doc[j].text == "-" and j + 1 < n and _capital(doc[j + 1]) and not doc[j].whitespace_ \
                        and not doc[j - 1].whitespace_:
                    j += 2
                elif doc[j].lower_ == "of" and j + 1 < n and _capital(doc[j + 1]) and doc[j + 1].lower_ not in ("the",):
                    j += 2
                else:
                    break
            yield i, j
            i = j
        else:
            i += 1


def _capital(token) -> bool:
    text = token.text
    return bool(re.fullmatch(r"[A-Z][\w’'.]*", text)) and text.lower() not in DETERMINERS | PRONOUNS \
        and not token.is_punct and text not in ("I",)


def _treaty_phrases(doc):
    """Lower-case treaty names after a determiner or possessive: 'their collective security
    treaty' -> 'collective security treaty'; 'a Russian-mediated ceasefire agreement' ->
    'ceasefire agreement' (a hyphenated modifier is not part of the name)."""
    for i, token in enumerate(doc):
        if token.lower_ in _TREATY_WORDS and token.text.islower():
            j = i
            while j > 0 and doc[j - 1].text.isalpha() and doc[j - 1].text.islower() and i - j < 4 \
                    and doc[j - 1].lower_ not in DETERMINERS | POSSESSIVE_PRONOUNS | PREPOSITIONS:
                j -= 1
            before = j - 1
            if j < i and before > 1 and doc[before].text == "-" and not doc[before].whitespace_ \
                    and not doc[before - 1].whitespace_:
                j, before = j + 1, before - 2  # "Russian - mediated": skip the compound
            if j < i and before >= 0 and doc[before].lower_ in {"the", "their", "its", "this", "our", "a", "an"} | {"’s", "'s"}:
                yield j, i + 1
