"""From an article to candidate statements: who does what to whom, with the sentence as quote.

An event coder in the manner of PETRARCH: an actor dictionary (the registry's names,
``mentions``) and a verb dictionary (the ontology's lexicon, ``query.lexicon``) applied to
each sentence, with spaCy's rule machinery only (a blank English pipeline: tokenizer,
sentencizer, PhraseMatcher), so it runs offline and gives the same output every time.

Each lexicon phrase found in a sentence is read through a frame that says where its
participants stand:

* verb phrases: subject before, object after ("Turkey has openly supported Azerbaijan");
  inverse verb phrases and passives the other way round ("is inhabited by");
* agent nouns: "Russia serves as one of Azerbaijan's primary sources of arms", "X is an
  ally of Y", a title before a name ("Prime Minister Nikol Pashinyan");
* relation nouns: "Russia's arms sales to Azerbaijan", "the conflict between Armenia and
  Azerbaijan", "the Armenia-Azerbaijan conflict", "potential threats from Turkey and Iran";
* bond nouns with state words: "the relationship between Armenia and Turkey is strained",
  "closer ties between Azerbaijan and Turkey", "eroded Armenia's confidence in Russia".

A subject is never the object of a preposition ("in the South Caucasus"); "its" and
"their" stand for the sentence's (or the previous sentence's) first subject; "A and B"
gives a statement for each; "each other" makes a statement between the two actors named
last. A sentence that is a question, a negated phrase ("did not support"), a conditional
or an either-or ("supporting Armenia or Azerbaijan") asserts nothing and gives nothing.
Years ("in 2020", "since 1991", "from 1994 to 2008") become time qualifiers; hedge words
the ontology lists ("potential", "reportedly") become qualifiers.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from ..namespaces import AK
from ..query import lexicon as lx
from .mentions import (
    DETERMINERS,
    POSSESSIVE_PRONOUNS,
    PREPOSITIONS,
    PRONOUNS,
    Entity,
    Gazetteer,
    Mention,
    MentionFinder,
)
from .text import MONTHS, Document

_NEGATIONS = {"not", "n't", "never", "no", "neither", "nor", "without"}
_HYPOTHETICAL = {"whether", "if", "unless", "would", "could", "might"}
_POSSESSIVE_MARKS = {"’s", "'s", "’", "'"}
_COPULAS = {"is", "are", "was", "were", "remains", "remain", "remained", "serves", "served", "stands", "stood",
            "acts", "acted", "becomes", "became", "been", "be", "being", "as", "which", "who", ",", "seen"}
_COORDINATORS = {"and", ",", "as well as"}
_CLAUSE_VERBS = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "led", "leads",
                 "remains", "remain", "became", "becomes", "prompted"}
_RECIPROCAL = ("each other", "one another")
_ATTRIBUTION = {"claims", "claimed", "alleges", "alleged", "accuses", "accused", "accusing", "says", "said",
                "according"}
# Nouns that, between an adjective name and "of", say the named thing is a place in it.
_PLACE_NOUNS = {"town", "city", "village", "region", "province", "district", "port", "capital", "territory"}
_YEAR = r"((?:1[89]|20)\d\d)"
_TIME = [
    ("start-end", re.compile(rf"\b(?:from|between) {_YEAR} (?:to|and|until|till|-|–) {_YEAR}\b", re.I)),
    ("start", re.compile(rf"\b(?:since|starting in|starting from|beginning in|from|as early as) {_YEAR}\b", re.I)),
    ("end", re.compile(rf"\b(?:until|till|up to|through) {_YEAR}\b", re.I)),
    ("point", re.compile(rf"\b(?:in|during|by|as of|throughout) (?:the )?(?:year )?{_YEAR}\b", re.I)),
    ("point", re.compile(rf"\b(?:{'|'.join(MONTHS)}) \d{{1,2}}, {_YEAR}\b", re.I)),
    ("point", re.compile(rf"\bthe {_YEAR} (?:war|conflict|offensive|invasion|election|elections|crisis|ceasefire)\b", re.I)),
]


@dataclass
class Candidate:
    """One proposed statement: a kind, its participants by role, quotes and qualifiers."""

    kind: str
    roles: dict[str, list[Entity]]
    phrase: str
    quotes: list[str] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    qualifiers: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    point: str | None = None
    corroborates: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Kind, participants and time: the same statement found twice has one key."""
        parts = [self.kind.removeprefix(AK)]
        for role in sorted(self.roles):
            parts.append(role.removeprefix(AK) + "=" + "+".join(sorted(e.iri for e in self.roles[role])))
        parts += [f"start={self.start}", f"end={self.end}", f"point={self.point}"]
        return "|".join(parts)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.key.encode()).hexdigest()[:10]

    def participants(self) -> list[Entity]:
        return [e for role in self.roles.values() for e in role]


@dataclass(frozen=True)
class _Found:
    kind: str
    subject: Entity
    obj: Entity
    phrase: lx.Phrase
    at: int  # token where the phrase starts


class Extractor:
    """Extracts candidates with one registry and one lexicon; reusable across documents."""

    def __init__(self, gazetteer: Gazetteer, lexicon: lx.Lexicon):
        import spacy
        from spacy.matcher import PhraseMatcher

        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.phrases: dict[str, lx.Phrase] = {}
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.bonds = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.states: dict[str, lx.Phrase] = {}
        for phrase in lexicon.phrases():
            if phrase.part == lx.STATE_WORD:
                for form in phrase.all_forms():
                    self.states.setdefault(form, phrase)
                continue
            forms = phrase.all_forms()
            if phrase.part == lx.RELATION_NOUN and lexicon.kinds[phrase.kind].symmetric:
                # "the conflict in the disputed region of X, involving A and B": the noun,
                # with its preposition looked for further on.
                forms += [f.rsplit(" ", 1)[0] for f in forms if f.rsplit(" ", 1)[-1] in ("between", "involving")]
            key = f"{phrase.kind}|{phrase.part}|{phrase.text}"
            self.phrases[key] = phrase
            self.matcher.add(key, [self.nlp.make_doc(f) for f in dict.fromkeys(forms)])
        self.bonds.add("bond", [self.nlp.make_doc(w) for w in lexicon.bond_nouns])
        self.hedges = set(lexicon.hedge_words)

    def extract(self, document: Document) -> list[Candidate]:
        finder = MentionFinder(self.nlp, self.gazetteer)
        found: list[tuple[int, str, object, list[_Found]]] = []
        number = 0
        topic: Entity | None = None
        for paragraph in document.paragraphs:
            paragraph = re.sub(r"^(?:[A-Z]|[A-Z][a-z]+):\s+", "", paragraph)  # "Q: ", "A: ", "News: "
            # A heading or headline is read as one sentence: "Russia-Georgia Conflict in
            # South Ossetia" says as much as a sentence would; bylines and menus name no
            # relation, so they give nothing.
            heading = not re.search(r"[.!?]\W*$", paragraph)
            for sent in ([self.nlp(paragraph)[:]] if heading else self.nlp(paragraph).sents):
                number += 1
                text = sent.text.strip()
                doc = sent.as_doc()
                mentions = finder.find(doc)
                if text.endswith("?") or not mentions:
                    continue
                reader = _Sentence(doc, mentions, topic, self)
                found.append((number, text, doc, reader.read()))
                topic = reader.first_subject() or topic
        finder.settle_types()
        return _merge(found, self.lexicon)


class _Sentence:
    """The frames of one sentence."""

    def __init__(self, doc, mentions: list[Mention], topic: Entity | None, extractor: Extractor):
        self.doc = doc
        self.mentions = mentions
        self.topic = topic
        self.x = extractor
        self.lower = [t.lower_ for t in doc]

    # --- positions ----------------------------------------------------------------------
    def mention_at(self, i: int) -> Mention | None:
        return next((m for m in self.mentions if m.start <= i < m.end), None)

    def possessive(self, m: Mention) -> bool:
        return m.end < len(self.doc) and self.lower[m.end] in _POSSESSIVE_MARKS

    def after_preposition(self, m: Mention) -> bool:
        i = m.start - 1
        while i >= 0 and (self.lower[i] in DETERMINERS | POSSESSIVE_PRONOUNS or self.lower[i] == "-"):
            i -= 1
        if i >= 0 and self.lower[i] == "and":  # "in Turkey and Iran"; a comma may start a clause
            previous = next((p for p in reversed(self.mentions) if p.end <= i), None)
            if previous is not None and previous.end >= i - 1:
                return self.after_preposition(previous)
        return i >= 0 and self.lower[i] in PREPOSITIONS

    def first_subject(self) -> Entity | None:
        for m in self.mentions:
            if not self.after_preposition(m):
                return m.entity
        return None

    def pronoun(self, i: int) -> Entity | None:
        """What 'its', 'it' or 'their' at token i stands for."""
        for m in self.mentions:
            if m.end <= i and not self.after_preposition(m):
                return m.entity
        return self.topic

    def coordinated(self, m: Mention) -> list[Mention]:
        """``m`` and the mentions joined to it by 'and' or commas, in order."""
        group = [m]
        cursor = m
        while True:
            j = cursor.end + (1 if self.possessive(cursor) else 0)
            gap = []
            while j < len(self.doc) and self.lower[j] in (",", "and") and len(gap) < 2:
                gap.append(self.lower[j])
                j += 1
            j = self.skip_modifiers(j) if gap else j
            nxt = self.mention_at(j)
            if not gap or nxt is None or nxt.start != j or "and" not in gap and "," not in gap:
                break
            group.append(nxt)
            cursor = nxt
        if group[-1].end < len(self.doc) and self.lower[group[-1].end] == "or":
            return []  # "Armenia or Azerbaijan": no claim about either
        return group

    def skip_modifiers(self, j: int) -> int:
        """Past the determiner or possessive pronoun and up to two adjectives that may stand
        between 'and' and a name: "Georgia and its breakaway South Ossetia region"."""
        while j < len(self.doc) and self.lower[j] in DETERMINERS | POSSESSIVE_PRONOUNS:
            j += 1
        k = j
        while k < len(self.doc) and k - j < 2 and self.doc[k].is_alpha and self.doc[k].is_lower \
                and self.lower[k] not in PREPOSITIONS | _COORDINATORS | _CLAUSE_VERBS and self.mention_at(k) is None:
            k += 1
        return k if self.mention_at(k) is not None else j

    def either_or(self, m: Mention) -> bool:
        before = m.start - 1
        while before >= 0 and self.lower[before] in DETERMINERS:
            before -= 1
        return (m.end < len(self.doc) and self.lower[m.end] == "or") or (before >= 0 and self.lower[before] == "or")

    def object_after(self, j: int, window: int = 2) -> tuple[list[Mention], Entity | None]:
        """Mentions that begin within ``window`` tokens of ``j`` (a determiner or possessive
        pronoun may stand between), and the entity a pronoun there stands for."""
        k = j
        while k < len(self.doc) and k - j < window and self.mention_at(k) is None:
            if self.lower[k] in POSSESSIVE_PRONOUNS | {"it", "them"}:
                return [], self.pronoun(k)
            k += 1
        m = self.mention_at(k)
        if m is None or m.start != k or self.either_or(m):
            return [], None
        return self.coordinated(self.head_of(m)), None

    def head_of(self, m: Mention) -> Mention:
        """The mention a noun phrase beginning with ``m`` is about: "Georgia's breakaway
        Abkhazia region" is Abkhazia, "the Georgian town of Gori" is Gori, "a
        Russian-mediated ceasefire agreement" is the agreement."""
        if self.possessive(m):
            k = m.end + 1
            while k < len(self.doc) and k - m.end <= 2 and self.doc[k].is_lower and self.mention_at(k) is None:
                k += 1
        elif m.end + 1 < len(self.doc) and self.lower[m.end] in _PLACE_NOUNS and self.lower[m.end + 1] == "of":
            k = m.end + 2
        elif m.end + 2 < len(self.doc) and self.lower[m.end] == "-" and self.doc[m.end + 1].is_lower:
            k = m.end + 2  # "a Russian-mediated ceasefire agreement": the name only qualifies
            while k < len(self.doc) and k - m.end <= 4 and self.doc[k].is_lower and self.mention_at(k) is None:
                k += 1
        else:
            return m
        later = self.mention_at(k)
        return self.head_of(later) if later is not None and later.start == k else m

    def subject_before(self, i: int, allow_possessive: bool = False, exclude=()) -> list[Entity]:
        """The nearest mention before token ``i`` that can be a subject, with the ones
        coordinated with it; a pronoun right before counts too."""
        if i > 0 and self.lower[i - 1] in PRONOUNS | {"they"}:
            return [e for e in [self.pronoun(i - 1)] if e is not None]
        for m in reversed(self.mentions):
            if m.end > i or m.entity in exclude:
                continue
            if self.after_preposition(m) or (self.possessive(m) and not allow_possessive) or self.either_or(m):
                continue
            group = self._group_ending_at(m)
            return [g.entity for g in group]
        for k in range(i - 1, -1, -1):
            if self.lower[k] in PRONOUNS:
                return [e for e in [self.pronoun(k)] if e is not None]
        return []

    def _group_ending_at(self, m: Mention) -> list[Mention]:
        first = m
        for other in reversed(self.mentions):
            if other.end <= first.start and "and" in self.lower[other.end:first.start] \
                    and self.coordinated(other)[1:2] == [first]:
                first = other
        group = self.coordinated(first)
        return group if m in group else [m]

    def possessor(self, i: int) -> tuple[Entity | None, int]:
        """The owner before a noun at token ``i`` ("Azerbaijan's primary sources"), and
        where the noun phrase begins."""
        k = i - 1
        while k >= 0 and i - k <= 3 and self.doc[k].is_alpha and self.doc[k].is_lower \
                and self.lower[k] not in PREPOSITIONS | DETERMINERS | POSSESSIVE_PRONOUNS | _COPULAS:
            k -= 1
        if k >= 0 and self.lower[k] in POSSESSIVE_PRONOUNS:
            return self.pronoun(k), k
        if k >= 0 and self.lower[k] in _POSSESSIVE_MARKS:
            m = self.mention_at(k - 1)
            if m is not None:
                return m.entity, m.start
        return None, i

    def negated(self, i: int, phrase: lx.Phrase) -> bool:
        if "not" in phrase.text.split() or "non" in phrase.text:
            return False
        window = self.lower[max(0, i - 3):i]
        return bool(_NEGATIONS & set(window)) or bool(_HYPOTHETICAL & set(self.lower[:i]))

    # --- frames -------------------------------------------------------------------------
    def read(self) -> list[_Found]:
        out: list[_Found] = []
        for match_id, start, end in self.x.matcher(self.doc):
            phrase = self.x.phrases[self.doc.vocab.strings[match_id]]
            if self.negated(start, phrase):
                continue
            kind = self.x.lexicon.kinds[phrase.kind]
            if phrase.part in (lx.VERB, lx.INVERSE_VERB, lx.PASSIVE):
                pairs = self.verb(start, end, phrase)
            elif phrase.part == lx.AGENT_NOUN:
                pairs = self.agent_noun(start, end)
            elif kind.symmetric:
                pairs = self.symmetric_noun(start, end)
            else:
                pairs = self.relation_noun(start, end, phrase)
            for subject, obj in pairs:
                if subject.iri == obj.iri:
                    continue
                if not phrase.subject_role_first:
                    subject, obj = obj, subject
                if not (self.x.gazetteer.fits(kind.subject_role, subject) and self.x.gazetteer.fits(kind.object_role, obj)):
                    continue  # "agrees to Turkey's proposal" is no treaty membership
                out.append(_Found(phrase.kind, subject, obj, phrase, start))
        out += self.bond_frames()
        return _longest(out)

    def verb(self, start: int, end: int, phrase: lx.Phrase) -> list[tuple[Entity, Entity]]:
        one_word = phrase.part == lx.VERB and " " not in phrase.text
        if one_word and end < len(self.doc) and self.lower[end] == "by":
            # "is primarily inhabited by X": a passive the adverb kept from matching whole.
            agents, _ = self.object_after(end + 1, window=2)
            subjects = self.subject_before(start, exclude={a.entity for a in agents})
            return [(a.entity, s) for a in agents for s in subjects]
        ends_in_preposition = self.lower[end - 1] in PREPOSITIONS
        objects, pronoun = self.object_after(end, window=1 if one_word else 2)
        if self.doc[end:end + 2].text.lower() in _RECIPROCAL:
            return self.reciprocal(start)
        if not objects and pronoun is None and not one_word and not ends_in_preposition:
            return self.intransitive(start, end)
        targets = [m.entity for m in objects] or ([pronoun] if pronoun else [])
        subjects = self.subject_before(start, exclude={t for t in targets})
        return [(s, o) for s in subjects for o in targets]

    def intransitive(self, start: int, end: int) -> list[tuple[Entity, Entity]]:
        """'chooses not to intervene': the other side is named 'for X', 'on behalf of X'
        after the phrase, or 'despite X's pleas' before it; else there is no statement."""
        text = " ".join(self.lower[end:end + 5])
        m = re.match(r"^(?:\w+ )?(?:for|on behalf of|to help|to protect|to defend|in support of) ", text + " ")
        targets: list[Entity] = []
        if m:
            objects, _ = self.object_after(end + len(m.group(0).split()), window=2)
            targets = [o.entity for o in objects]
        else:
            for k in range(start):
                if self.lower[k] == "despite":
                    objects, _ = self.object_after(k + 1, window=2)
                    targets = [o.entity for o in objects]
        subjects = self.subject_before(start, exclude=set(targets))
        return [(s, o) for s in subjects for o in targets]

    def reciprocal(self, start: int) -> list[tuple[Entity, Entity]]:
        seen: list[Entity] = []
        for m in reversed([m for m in self.mentions if m.end <= start]):
            if m.entity not in seen:
                seen.append(m.entity)
            if len(seen) == 2:
                return [(seen[1], seen[0])]
        return []

    def agent_noun(self, start: int, end: int) -> list[tuple[Entity, Entity]]:
        """B's NOUN / NOUN of B, said of A: (A, B). A title right before a name: the name is A."""
        owner, np_start = self.possessor(start)
        if owner is None:
            objects, pronoun = self.object_after(end + 1, window=2) if end < len(self.doc) and \
                self.lower[end] in ("of", "to", "for", "in") else ([], None)
            owner = objects[0].entity if objects else pronoun
        named = self.mention_at(end)
        if named is not None and named.start == end and named.entity.type in (AK + "Person", AK + "Actor"):
            # "Prime Minister Nikol Pashinyan": the office's polity is its owner, else the
            # nearest actor named before (not inside a prepositional phrase).
            polity = owner or next(iter(self.subject_before(np_start, allow_possessive=True)), None)
            return [(named.entity, polity)] if polity else []
        if owner is None:
            return []
        referent = None
        for m in reversed(self.mentions):
            if m.end > np_start or m.entity == owner:
                continue
            between = set(self.lower[m.end:np_start]) - DETERMINERS - {"one", "of", "the", "only", "sole", "main"}
            relative = bool(between & {"which", "who"})  # "a relationship with Armenia, which stands as its ally"
            if between and between <= _COPULAS | {"indeed", "also", "still", "now", "long", "has", "have", "had"} \
                    and (relative or not self.after_preposition(m)):
                referent = m
            break
        if referent is None:
            return []
        return [(r.entity, owner) for r in self._group_ending_at(referent)]

    def relation_noun(self, start: int, end: int, phrase: lx.Phrase) -> list[tuple[Entity, Entity]]:
        """A's NOUN PREP B, or NOUN PREP B said in a clause whose subject is A; "A and B
        launched attacks against each other": both ways."""
        if self.doc[end:end + 2].text.lower() in _RECIPROCAL:
            pairs = self.reciprocal(start)
            return pairs + [(b, a) for a, b in pairs]
        objects, pronoun = self.object_after(end, window=2)
        targets = [m.entity for m in objects] or ([pronoun] if pronoun else [])
        if not targets:
            return []
        owner, np_start = self.possessor(start)
        named = self.mention_at(end - 2) if end >= 2 else None
        if owner is None and named is not None and named.end == end - 1:
            owner = named.entity  # "the collective security treaty between A and B": the treaty itself
        if owner is not None:
            subjects = [owner]
        else:
            subjects = self.subject_before(np_start, allow_possessive=not phrase.subject_role_first,
                                           exclude=set(targets))
        return [(s, o) for s in subjects for o in targets]

    def symmetric_noun(self, start: int, end: int) -> list[tuple[Entity, Entity]]:
        """The conflict between A and B / involving A and B / the A-B conflict / A's conflict
        with B / tensions ... as A and B accuse each other."""
        j = end
        if self.lower[end - 1] not in ("between", "involving", "with"):
            j = None
            for k in range(end, min(end + 12, len(self.doc))):
                if self.lower[k] in _CLAUSE_VERBS:
                    break  # "the conflict has led to closer ties between A and B": another clause
                if self.lower[k] in ("between", "involving"):
                    j = k + 1
                    break
        if j is not None:
            objects, _ = self.object_after(j, window=2)
            if len(objects) >= 2 and self.lower[j - 1] != "with":
                return [(objects[0].entity, o.entity) for o in objects[1:]]
            if objects and self.lower[j - 1] == "with":
                owner, np_start = self.possessor(start)
                subjects = [owner] if owner else self.subject_before(np_start, exclude={objects[0].entity})
                return [(s, o.entity) for s in subjects for o in objects]
        # "the Armenia-Azerbaijan conflict"
        first = self.mention_at(start - 3) if start >= 3 else None
        second = self.mention_at(start - 1) if start >= 1 else None
        if first and second and first is not second and self.lower[first.end] == "-" and second.start == first.end + 1:
            return [(first.entity, second.entity)]
        # "tensions erupted when A and B accused each other": the two who act on each other.
        for k in range(end, len(self.doc) - 1):
            if self.doc[k:k + 2].text.lower() in _RECIPROCAL:
                return self.reciprocal(k)
        return []

    def bond_frames(self) -> list[_Found]:
        """A relationship qualified by a state word: 'relations between A and B are
        strained', 'closer ties between A and B', 'eroded A's confidence in B'."""
        out = []
        for _, start, end in self.x.bonds(self.doc):
            pair: tuple[Entity, Entity] | None = None
            span_start, span_end = start, end
            if end < len(self.doc) and self.lower[end] == "between":
                objects, _ = self.object_after(end + 1, window=2)
                if len(objects) >= 2:
                    pair, span_end = (objects[0].entity, objects[1].entity), objects[1].end
            elif end < len(self.doc) and self.lower[end] in ("with", "in", "towards", "toward", "to"):
                owner, np_start = self.possessor(start)
                objects, _ = self.object_after(end + 1, window=2)
                if owner and objects:
                    pair, span_start, span_end = (owner, objects[0].entity), np_start, objects[0].end
            if pair is None and start >= 3:
                first, second = self.mention_at(start - 3), self.mention_at(start - 1)
                if first and second and first is not second and self.lower[first.end] == "-":
                    pair, span_start = (first.entity, second.entity), first.start
            if pair is None or pair[0].iri == pair[1].iri:
                continue
            state = self.state_word(span_start, span_end)
            if state is None or self.negated(span_start, state):
                continue
            out.append(_Found(state.kind, pair[0], pair[1], state, span_start))
        return out

    def state_word(self, start: int, end: int) -> lx.Phrase | None:
        best = None
        for k in list(range(max(0, start - 5), start)) + list(range(end, min(len(self.doc), end + 4))):
            phrase = self.x.states.get(self.lower[k])
            if phrase is not None:
                distance = start - k if k < start else k - end + 1
                if best is None or distance < best[0]:
                    best = (distance, phrase)
        return best[1] if best else None


def _longest(found: list[_Found]) -> list[_Found]:
    """Where one phrase lies inside a longer one with the same participants ("supports"
    inside "is supportive of" never happens, but "conflict" inside "conflict between"
    does), keep one statement per kind and participants."""
    seen, out = set(), []
    for f in sorted(found, key=lambda f: (f.at, -len(f.phrase.text))):
        key = (f.kind, f.subject.iri, f.obj.iri)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def time_of(sentence: str) -> dict[str, str]:
    """The time qualifiers a sentence states: start, end or point in time (years)."""
    for name, pattern in _TIME:
        m = pattern.search(sentence)
        if m:
            if name == "start-end":
                return {"start": m.group(1), "end": m.group(2)}
            return {name: m.group(1)}
    return {}


def _hedges(doc, at: int, hedges: set[str]) -> list[str]:
    """Hedge words near the phrase, and the verb a claim is attributed with before it
    ("Georgia claims that ...", "accused each other of launching ..."): the sentence
    reports the statement, it does not assert it."""
    window = [t.lower_ for t in doc[max(0, at - 6):at + 4]]
    return [w for w in window if w in hedges] + [t.lower_ for t in doc[:at] if t.lower_ in _ATTRIBUTION][:1]


def _merge(found, lexicon: lx.Lexicon) -> list[Candidate]:
    """One candidate per kind, participants and time; its quotes are every sentence that says it."""
    by_key: dict[str, Candidate] = {}
    for number, text, doc, items in found:
        when = time_of(text)
        for f in items:
            kind = lexicon.kinds[f.kind]
            if kind.symmetric:
                roles = {kind.subject_role: sorted([f.subject, f.obj], key=lambda e: e.iri)}
            else:
                roles = {kind.subject_role: [f.subject], kind.object_role: [f.obj]}
            candidate = Candidate(f.kind, roles, f.phrase.text, start=when.get("start"), end=when.get("end"),
                                  point=when.get("point"))
            candidate = by_key.setdefault(candidate.key, candidate)
            if text not in candidate.quotes:
                candidate.quotes.append(text)
                candidate.sentences.append(number)
            for hedge in _hedges(doc, f.at, set(lexicon.hedge_words)):
                if hedge not in candidate.qualifiers:
                    candidate.qualifiers.append(hedge)
    return sorted(by_key.values(), key=lambda c: (c.sentences[0], c.key))
