"""The lexicon: how English says each relation kind, read from the ontology.

``data/ontology.ttl`` declares per relation kind its verb phrases ("supplies arms to"),
inverse verb phrases ("receives arms from"), agent nouns ("arms supplier"), relation nouns
("arms sales to", "conflict between"), inverse relation nouns ("threats from") and state
words ("strained"), plus the question aspect it answers ("arms"). The question parser
and the extractor of statements both read them here, so a kind's words live in one place
and a new kind is understood without Python changes.

Phrases are declared once (verbs in the third person singular present); the other forms
are derived with lemminflect: base "supply arms to", plural "supply arms to", past and
participle "supplied arms to", gerund "supplying arms to", and for one-word transitive
verbs the passive "is armed by" (read the other way round). lemminflect takes about two
seconds to import (it imports spaCy), so the forms of the bundled ontology's phrases ship
with the package (``data/lexicon-forms.json``, written by ``python -m
actorkg.graph.query.lexicon``; a test checks it against lemminflect), and the forms of any
other phrase are derived once and cached on disk under a digest of the declarations
(``paths.cache_dir()``) and in memory per ontology file or store.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..namespaces import AK, ONTOLOGY_GRAPH
from ..store.core import Store
from ..store.sparql import read_query_file

# Parts of speech of a declared phrase, named as in the ontology (ak:<part>), and which
# participant the phrase's grammatical subject (or possessor) is.
VERB, INVERSE_VERB, PASSIVE = "verbPhrase", "inverseVerbPhrase", "passive"
AGENT_NOUN, RELATION_NOUN, INVERSE_RELATION_NOUN, STATE_WORD = (
    "agentNoun", "relationNoun", "inverseRelationNoun", "stateWord")
PARTS = (VERB, INVERSE_VERB, AGENT_NOUN, RELATION_NOUN, INVERSE_RELATION_NOUN, STATE_WORD)
_SUBJECT_IS_OBJECT_ROLE = (INVERSE_VERB, PASSIVE, INVERSE_RELATION_NOUN)

# Verb form names (Penn tags in lemminflect): third VBZ, plural VBP, base VB, past VBD,
# participle VBN, gerund VBG. Nouns: singular, plural.
VERB_FORMS = {"third": "VBZ", "plural": "VBP", "base": "VB", "past": "VBD", "participle": "VBN", "gerund": "VBG"}
_PREPOSITIONS = {"of", "to", "for", "in", "into", "with", "between", "against", "from", "on", "over", "by",
                 "about", "toward", "towards", "involving"}
# Verbs a passive is not made of: "is had by", "is been by".
_NO_PASSIVE = {"be", "have"}

_WORDS_QUERY = f"""
PREFIX ak: <{AK}>
SELECT ?bond ?hedge WHERE {{
  {{ ak:RelationKind ak:bondNoun ?bond }} UNION {{ ak:qualifier ak:hedgeWord ?hedge }}
}}
"""


@dataclass(frozen=True)
class Phrase:
    """One declared phrase of a kind, with every form it takes in running text."""

    kind: str
    text: str
    part: str
    forms: dict[str, tuple[str, ...]] = field(hash=False, compare=False)

    @property
    def subject_role_first(self) -> bool:
        """Whether the phrase's grammatical subject (or possessor) is the kind's subject-role
        participant; False for inverse phrases and passives ("is armed by")."""
        return self.part not in _SUBJECT_IS_OBJECT_ROLE

    def all_forms(self) -> list[str]:
        """Every surface form, longest first, without repeats."""
        seen = dict.fromkeys(f for forms in self.forms.values() for f in forms)
        return sorted(seen, key=lambda f: (-len(f), f))


@dataclass(frozen=True)
class Kind:
    iri: str
    label: str
    polarity: int
    subject_role: str
    object_role: str
    aspect: str | None
    phrases: tuple[Phrase, ...]

    @property
    def symmetric(self) -> bool:
        return self.subject_role == self.object_role


@dataclass(frozen=True)
class Lexicon:
    kinds: dict[str, Kind]
    bond_nouns: tuple[str, ...]
    hedge_words: tuple[str, ...]

    def phrases(self, part: str | None = None, aspect: str | None = None,
                kind: str | None = None) -> list[Phrase]:
        """Declared phrases (and derived passives), filtered by part, aspect or kind IRI."""
        return [p for k in self.kinds.values() if (aspect is None or k.aspect == aspect)
                and (kind is None or k.iri == kind)
                for p in k.phrases if part is None or p.part == part]

    def aspects(self) -> dict[str, list[str]]:
        """Question aspect -> the kinds (IRIs) that answer it."""
        out: dict[str, list[str]] = {}
        for k in self.kinds.values():
            if k.aspect:
                out.setdefault(k.aspect, []).append(k.iri)
        return out

    def forms(self, aspect: str, form: str, part: str = VERB) -> list[str]:
        """One form of every phrase of an aspect, longest first: ``forms("arms", "base")``
        -> ["sell military equipment to", ..., "arm"]. Verb forms: third, plural, base, past,
        participle, gerund; noun forms: singular, plural."""
        found = dict.fromkeys(f for p in self.phrases(part, aspect) for f in p.forms.get(form, ()))
        return sorted(found, key=lambda f: (-len(f), f))


def _head_index(words: list[str]) -> int:
    """The noun a noun phrase inflects: the last word before its first preposition."""
    for i, word in enumerate(words):
        if i and word in _PREPOSITIONS:
            return i - 1
    return len(words) - 1


_SHIPPED: dict[str, dict] = {}


def shipped_forms_file() -> Path:
    return paths.data_dir() / "lexicon-forms.json"


def _shipped(key: str) -> dict | None:
    """The shipped forms of one phrase ("verb supplies arms to", "noun arms supplier",
    "state strained"), or None when the bundled ontology does not declare it."""
    if not _SHIPPED:
        try:
            _SHIPPED.update(json.loads(shipped_forms_file().read_text(encoding="utf-8")))
        except (OSError, ValueError):
            _SHIPPED["-"] = {}  # none shipped (or unreadable): every phrase is derived
    return _SHIPPED.get(key)


def _tupled(shipped: dict) -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in shipped["forms"].items()}


def _verb_forms(text: str) -> tuple[dict[str, tuple[str, ...]], str]:
    shipped = _shipped(f"verb {text}")
    return (_tupled(shipped), shipped["lemma"]) if shipped is not None else _inflected_verb(text)


def _noun_forms(text: str) -> dict[str, tuple[str, ...]]:
    shipped = _shipped(f"noun {text}")
    return _tupled(shipped) if shipped is not None else _inflected_noun(text)


def _state_forms(word: str) -> dict[str, tuple[str, ...]]:
    shipped = _shipped(f"state {word}")
    return _tupled(shipped) if shipped is not None else _inflected_state(word)


def _inflected_verb(text: str) -> tuple[dict[str, tuple[str, ...]], str]:
    from lemminflect import getInflection, getLemma

    first, *rest = text.split()
    lemma = (getLemma(first, upos="VERB") or (first,))[0]
    tail = (" " + " ".join(rest)) if rest else ""
    forms = {"third": (text,)}
    for name, tag in VERB_FORMS.items():
        if name != "third":
            inflected = (lemma,) if tag == "VB" else getInflection(lemma, tag=tag)
            forms[name] = tuple(dict.fromkeys(f"{w}{tail}" for w in inflected if w != "am"))
    return forms, lemma


def _inflected_noun(text: str) -> dict[str, tuple[str, ...]]:
    from lemminflect import getInflection, getLemma

    words = text.split()
    i = _head_index(words)
    lemma = (getLemma(words[i], upos="NOUN") or (words[i],))[0]
    singular = getInflection(lemma, tag="NN") or (lemma,)
    # lemminflect lists a rare plural second ("sales", "sale"): the first is the usual one.
    plural = (getInflection(lemma, tag="NNS") or (words[i],))[:1]

    def with_head(head: str) -> str:
        return " ".join(words[:i] + [head] + words[i + 1:])

    return {"singular": tuple(dict.fromkeys([text] + [with_head(w) for w in singular])),
            "plural": tuple(dict.fromkeys(with_head(w) for w in plural))}


def _inflected_state(word: str) -> dict[str, tuple[str, ...]]:
    """A state word and, when it is a verb form ("strained"), the verb's other forms."""
    from lemminflect import getAllInflections, getAllLemmas

    forms = [word]
    for lemma in getAllLemmas(word).get("VERB", ()):
        forms += [lemma] + [f for fs in getAllInflections(lemma, upos="VERB").values() for f in fs]
    return {"word": tuple(dict.fromkeys(forms))}


def expand(kind: str, part: str, text: str) -> list[Phrase]:
    """A declared phrase with its forms, and its passive when it is a one-word verb."""
    text = " ".join(text.split())
    if part in (VERB, INVERSE_VERB):
        forms, lemma = _verb_forms(text)
        out = [Phrase(kind, text, part, forms)]
        if part == VERB and " " not in text and lemma not in _NO_PASSIVE:
            participles = forms["participle"]
            out.append(Phrase(kind, f"is {participles[0]} by", PASSIVE, {
                "third": tuple(f"is {p} by" for p in participles),
                "plural": tuple(f"are {p} by" for p in participles),
                "base": tuple(f"be {p} by" for p in participles),
                "past": tuple(f"{aux} {p} by" for aux in ("was", "were") for p in participles),
                "participle": tuple(f"been {p} by" for p in participles),
                "gerund": tuple(f"being {p} by" for p in participles)}))
        return out
    if part == STATE_WORD:
        return [Phrase(kind, text, part, _state_forms(text))]
    return [Phrase(kind, text, part, _noun_forms(text))]


def _declarations(store: Store) -> tuple[list[dict], list[str], list[str]]:
    """(kind rows, bond nouns, hedge words) as plain strings, in a stable order."""
    query = read_query_file(paths.queries_dir() / "relation-phrases.rq")
    rows = []
    for row in store.query(query).rows:
        rows.append({k: (row[k].value if k in row else None)
                     for k in ("kindClass", "label", "polarity", "subjectRole", "objectRole", "aspect", "part", "phrase")})
    words = store.query(_WORDS_QUERY).rows
    bonds = sorted({r["bond"].value for r in words if "bond" in r})
    hedges = sorted({r["hedge"].value for r in words if "hedge" in r})
    rows.sort(key=lambda r: tuple(v or "" for v in r.values()))
    return rows, bonds, hedges


def _expanded(rows: list[dict]) -> dict[str, list[dict]]:
    """Kind IRI -> its phrases with forms (JSON-ready), from the disk cache when it has them."""
    digest = hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()[:24]
    cache = paths.cache_dir()
    target = cache / f"lexicon-{digest}.json" if cache else None
    if target is not None and target.is_file():
        try:
            return json.loads(target.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass  # a damaged cache file is rebuilt below
    out: dict[str, list[dict]] = {}
    for row in rows:
        if row["phrase"] is None:
            continue
        part = row["part"].removeprefix(AK)
        for phrase in expand(row["kindClass"], part, row["phrase"]):
            out.setdefault(row["kindClass"], []).append(
                {"text": phrase.text, "part": phrase.part, "forms": {k: list(v) for k, v in phrase.forms.items()}})
    if target is not None:
        _write_atomically(target, json.dumps(out, sort_keys=True))
    return out


def _write_atomically(target: Path, text: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".lexicon-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, target)
    except OSError:
        pass  # caching is an optimisation: an unwritable cache dir only costs time


def _build(store: Store) -> Lexicon:
    rows, bonds, hedges = _declarations(store)
    expanded = _expanded(rows)
    kinds: dict[str, Kind] = {}
    for row in rows:
        iri = row["kindClass"]
        if iri in kinds:
            continue
        phrases = tuple(Phrase(iri, p["text"], p["part"], {k: tuple(v) for k, v in p["forms"].items()})
                        for p in expanded.get(iri, ()))
        kinds[iri] = Kind(iri, row["label"] or iri.removeprefix(AK), int(row["polarity"]), row["subjectRole"],
                          row["objectRole"], row["aspect"], phrases)
    return Lexicon(kinds, tuple(bonds), tuple(hedges))


_FILE_CACHE: dict[tuple, Lexicon] = {}
# What a cached lexicon was built by: this module, the query it reads and the shipped forms.
_CODE = hashlib.sha256(Path(__file__).read_bytes() + (paths.queries_dir() / "relation-phrases.rq").read_bytes()
                       + (shipped_forms_file().read_bytes() if shipped_forms_file().is_file() else b"")).hexdigest()


def lexicon(store: Store | None = None) -> Lexicon:
    """The lexicon of ``store``'s ontology, or of the bundled ontology file when no store is
    given; built once per store object and once per version of the file."""
    if store is not None:
        built = getattr(store, "_lexicon", None)
        if built is None:
            from ..store.cached import cached

            # Its queries take ~0.25 s on the world store; kept per store generation and code.
            built = cached(store, "lexicon", _CODE, lambda: _build(_ontology_view(store)))
            try:
                store._lexicon = built
            except AttributeError:
                pass
        return built
    path = paths.ontology_file()
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _FILE_CACHE:
        _FILE_CACHE[key] = _build(_bundled_ontology())
    return _FILE_CACHE[key]


def _bundled_ontology() -> Store:
    """The bundled ontology file in a store of its own."""
    from ..store.core import OxigraphStore

    ontology = OxigraphStore()
    ontology.load_file(paths.ontology_file(), ONTOLOGY_GRAPH)
    return ontology


class _ontology_view:
    """A store seen through its ontology graph only, when it has one: a dataset or article
    graph cannot add words to the lexicon."""

    def __init__(self, store: Store):
        self.store = store
        self.graphs = [ONTOLOGY_GRAPH] if ONTOLOGY_GRAPH in store.graphs() else None

    def query(self, sparql: str, bindings=None):
        return self.store.query(sparql, bindings, default_graphs=self.graphs)


def inflected_forms(rows: list[dict]) -> dict[str, dict]:
    """The forms lemminflect gives each phrase of ``rows`` (``_declarations``), keyed as
    ``_shipped`` reads them: what ``data/lexicon-forms.json`` holds for the bundled ontology."""
    out: dict[str, dict] = {}
    for row in rows:
        if row["phrase"] is None:
            continue
        text, part = " ".join(row["phrase"].split()), row["part"].removeprefix(AK)
        if part in (VERB, INVERSE_VERB):
            forms, lemma = _inflected_verb(text)
            out[f"verb {text}"] = {"forms": {k: list(v) for k, v in forms.items()}, "lemma": lemma}
        elif part == STATE_WORD:
            out[f"state {text}"] = {"forms": {k: list(v) for k, v in _inflected_state(text).items()}}
        else:
            out[f"noun {text}"] = {"forms": {k: list(v) for k, v in _inflected_noun(text).items()}}
    return dict(sorted(out.items()))


def bundled_declarations() -> list[dict]:
    """The phrase declarations of the bundled ontology file."""
    return _declarations(_bundled_ontology())[0]


if __name__ == "__main__":  # python -m actorkg.graph.query.lexicon: rewrite the shipped forms
    text = json.dumps(inflected_forms(bundled_declarations()), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    _write_atomically(shipped_forms_file(), text)
    print(f"wrote {shipped_forms_file()}")
