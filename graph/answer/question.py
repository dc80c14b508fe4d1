"""Parse a plain-English question into an intent, the names it mentions, a time window and
the tense of its verb.

Pure text work, no graph: names stay phrases here ("Russia's role", "Baku") and are
resolved against the graph's labels by ``ask``. The words of relations are the ontology's:
``Grammar`` fills a few sentence shapes ("who VERB X", "does A VERB B", "X's NOUN") with
every form of every kind's verb phrases, inverse verb phrases, passives and agent nouns
(``query.lexicon``), so "Who has had a military presence in Armenia?" and a kind added to
data/ontology.ttl are understood without Python changes. A phrase maps to its kinds and
their *aspect* (support, arms, ally, troops, oppose, threat, conflict) that
``analysis.ASPECTS`` tests on the edges; a kind without a known aspect is asked about as
itself (``kind_aspect``). Questions not about one relation (what is X, how are A and B
related, is A a reliable ally) are the patterns in FIRST and LAST.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..errors import NotFound, UsageError
from ..network.analysis import Aspect
from ..network.project import Window
from ..query import lexicon as lx

# Questions the parser understands, shown when it does not understand one.
FORMS = (
    "Who supports Azerbaijan?  (also: backs, arms, sells weapons to, is allied with, has troops in)",
    "Armenia's allies?  /  Who are the supporters of Armenia?",
    "Whom does Russia support?  (also: arm, sell weapons to, have troops in; who is Russia allied with?)",
    "Does Russia support Armenia?  /  Does Russia support Armenia or Azerbaijan?",
    "Who arms both India and Pakistan?  /  ... India but not Pakistan?  /  ... India or Pakistan?",
    "How are Armenia and Turkey related?",
    "How has Russia's role impacted the connection between Armenia and Turkey?",
    "How is Armenia connected to Turkey?",
    "Who opposes Armenia?  (also: threatens, is in conflict with)",
    "Who plays a dual role?  /  Does Russia play a double game?",
    "Is Russia a reliable ally of Armenia?",
    "What is Nagorno-Karabakh?  /  What constitutes Nagorno-Karabakh?",
    "What does the Collective Security Treaty entail?",
    "... each optionally with 'in 2020', 'as of 2020', 'since 1991' or 'between 1991 and 2020'",
)


@dataclass(frozen=True)
class Question:
    text: str
    intent: str
    names: tuple[str, ...]
    aspect: str | None = None
    window: Window | None = None
    # "present" (who arms X: at the end of the data), "past" (who armed X: at any time),
    # "perfect" (who has armed X: at any time up to the end of the data).
    tense: str = "present"
    # Several actors in one slot (see ``combination``): "all", "any" or "but-not"; names
    # then lists them in order, for "but-not" the one asked about first.
    combination: str | None = None
    # The relation kinds (IRIs) whose phrase the question used.
    kinds: tuple[str, ...] = ()
    phrase: str | None = None  # and that phrase as the ontology declares it


class NotUnderstood(NotFound):
    def __init__(self, text: str):
        super().__init__(f"I did not understand the question '{text}'",
                         "I understand questions like:\n  " + "\n  ".join(FORMS))


# --- grammar -------------------------------------------------------------------------------------
# The verbs and nouns of relations are the ontology's (``query.lexicon``: each kind's verb
# phrases with their derived forms, inverse verbs, passives, agent nouns); only grammar words
# (who, does, is) are here. A kind added to data/ontology.ttl with its phrases is understood
# without Python changes: its aspect when it declares a known one, else the kind itself.
_WHO = (r"(?:who|which (?:actors?|countr(?:y|ies)|states?|nations?|powers?|groups?|governments?|parties))"
        r"(?: else)?(?: still| currently| openly| actually| really| mainly| primarily)?")
_WHOM = r"(?:to |from )?(?:who|whom|what|which (?:actors?|countr(?:y|ies)|states?|nations?|groups?))"
_DOES = r"(?:does|do|did|will|would|can)"
_ADVERBS = {"still", "really", "actually", "openly", "ever", "currently", "always", "also"}
# Words before an agent noun: "an ally of", "the main arms suppliers of".
_MAIN_WORDS = r"(?:(?:an?|the) )?(?:(?:main|key|closest|principal|primary|biggest|largest|only|sole) )?"
_NAME = r".+?"
# "strongest ally", "main backers": a ranked supporters question.
_TOP = (r"(?:strongest|main|closest|biggest|most important|key|best|chief|principal|primary|greatest|staunchest)"
        r" (?:allies|ally|supporters?|backers?|partners?|patrons?|protectors?)")
_PRESENT_AUX = {"does", "do", "is", "are", "can", "will", "would"}


@dataclass(frozen=True)
class Verb:
    """What a matched phrase says: the kinds it names, their aspect, and whether its
    grammatical subject is the kinds' object-role participant (inverse, passive)."""

    kinds: tuple[str, ...]
    aspect: str | None
    inverse: bool
    sign: int
    text: str  # the phrase as the ontology declares it ("has influence in")


class Grammar:
    """The phrases of one lexicon by the slot of a question they fill (present, past,
    participle, base, gerund, be-phrase, agent noun, "where", pair words)."""

    def __init__(self, lexicon: lx.Lexicon):
        self.lexicon = lexicon
        forms: dict[str, dict[str, list[lx.Phrase]]] = {}

        def add(category: str, text: str, phrase: lx.Phrase) -> None:
            forms.setdefault(category, {}).setdefault(text.lower(), []).append(phrase)

        for phrase in lexicon.phrases():
            if phrase.part in (lx.VERB, lx.INVERSE_VERB, lx.PASSIVE):
                for name, category in (("third", "present"), ("plural", "present"), ("past", "past"),
                                       ("participle", "participle"), ("base", "base"), ("gerund", "gerund")):
                    for f in phrase.forms.get(name, ()):
                        add(category, f, phrase)
                third = phrase.forms.get("third", (phrase.text,))[0]
                if third.split()[0] == "is" and " " in third:  # "is allied with": "is A allied with B"
                    add("be", third.split(" ", 1)[1], phrase)
            elif phrase.part == lx.AGENT_NOUN:
                for f in phrase.forms.get("singular", ()) + phrase.forms.get("plural", ()):
                    add("noun", f, phrase)
        # "Where does X have troops?": base forms ending in "in", without it.
        for text, phrases in list(forms.get("base", {}).items()) + list(forms.get("participle", {}).items()):
            if text.endswith(" in"):
                for phrase in phrases:
                    add("where", text[:-3], phrase)
        # "Are A and B allies / allied / at war?": symmetric kinds' nouns and be-phrases.
        for category in ("noun", "be"):
            for text, phrases in forms.get(category, {}).items():
                for phrase in phrases:
                    if lexicon.kinds[phrase.kind].symmetric:
                        add("pair", re.sub(r" (?:with|to|between)$", "", text), phrase)
        self.forms = forms
        # The longest phrase in words bounds the search for a phrase inside a question.
        self.longest = max((len(f.split()) for c in forms.values() for f in c), default=1)

    def _find(self, words: list[str], categories: tuple[str, ...], before: bool, after: bool,
              tail: tuple[str, ...] = ()) -> tuple[str, str, str] | None:
        """``words`` split into (what precedes, a phrase of ``categories``, what follows):
        the first place a phrase starts (a name before it as short as can be), the longest
        phrase there. ``before``/``after``: whether a name must precede / follow it; ``tail``:
        words that may end the question after the phrase ("who does X sell arms to")."""
        lowered = [w.lower() for w in words]
        for i in range(1 if before else 0, len(words)):
            start = i + 1 if lowered[i] in _ADVERBS and i + 1 < len(words) else i
            for j in range(min(len(words), start + self.longest), start, -1):
                rest = lowered[j:]
                if (after and not rest) or (not after and rest and not (len(rest) == 1 and rest[0] in tail)):
                    continue
                phrase = " ".join(lowered[start:j])
                if any(phrase in self.forms.get(c, ()) for c in categories):
                    return " ".join(words[:i]), phrase, " ".join(words[j:])
            if not before:
                break
        return None

    def _noun(self, words: list[str], before: bool) -> tuple[str, str, str] | None:
        """'[A] (a|the)? (main)? NOUN (of|to|for) B' split into (A, noun, B)."""
        for k in range(1, len(words) - 1):
            if words[k].lower() not in ("of", "to", "for"):
                continue
            for i in range(1 if before else 0, k):
                lead = " ".join(words[:i])
                noun = re.sub(rf"^{_MAIN_WORDS}", "", " ".join(words[i:k]) + " ", flags=re.I).strip().lower()
                if noun in self.forms.get("noun", ()) and (before or not lead):
                    return lead, noun, " ".join(words[k + 1:])
        return None

    def verb(self, text: str, categories: tuple[str, ...]) -> Verb:
        phrases = [p for c in categories for p in self.forms.get(c, {}).get(text.lower(), ())]
        kinds = tuple(dict.fromkeys(p.kind for p in phrases))
        aspects = [self.lexicon.kinds[k].aspect for k in kinds if self.lexicon.kinds[k].aspect]
        polarity = self.lexicon.kinds[kinds[0]].polarity
        return Verb(kinds, aspects[0] if aspects else None, not phrases[0].subject_role_first,
                    -1 if polarity < 0 else 1, phrases[0].text)

    def match(self, text: str, original: str, window: Window | None) -> Question | None:
        for intent, skeleton, categories, shape in _SKELETONS:
            m = re.match(skeleton, text, re.I)
            if not m:
                continue
            words = m.group("rest").split()
            if shape == "a-verb-b":
                found = self._find(words, categories, True, True)
            elif shape == "x-verb":
                found = self._find(words, categories, True, False, ("to", "in", "with", "from"))
            elif shape == "verb-x":
                found = self._find(words, categories, False, True)
            elif shape == "pair":
                found = self._pair(words)
            elif shape == "a-noun-b":
                found = self._noun(words, True)
            elif shape == "noun-x":
                found = self._noun(words, False)
            else:  # "x-noun": X's NOUN
                found = self._possessed(words)
            if not found:
                continue
            a, phrase, b = found
            verb = self.verb(phrase, categories)
            tense = _tense(m.groupdict().get("aux"), phrase, self.forms.get("past", {}), categories)
            if intent == "check":
                a, b = a if shape == "pair" else (a, b)
                a, b = (b, a) if verb.inverse else (a, b)
                return _check(original, a, b, verb, window, tense)
            # "Who arms X": X's supporters (or opponents); "who is armed by X", "whom does X arm": X's.
            towards_x = (intent == "subject") != verb.inverse
            intent = ("opponents" if verb.sign < 0 else "supporters") if towards_x else "supported"
            return _several(Question(original, intent, (a or b,), verb.aspect, window, tense, kinds=verb.kinds,
                                     phrase=verb.text))
        return None

    def _pair(self, words: list[str]):
        """'A and B (allies|allied|at war)' -> ((A, B), phrase, '')."""
        found = self._find(words, ("pair",), True, False)
        if not found:
            return None
        a, sep, b = found[0].partition(" and ")
        return ((a, b), found[1], "") if sep and a and b else None

    def _possessed(self, words: list[str]):
        """"X's NOUN" / "X' NOUN" -> ('', noun, X)."""
        m = re.match(r"^(?P<x>.+?)(?:'s|') (?P<rest>.+)$", " ".join(words), re.I)
        if not m:
            return None
        rest = re.sub(rf"^{_MAIN_WORDS}", "", m.group("rest") + " ", flags=re.I).strip().lower()
        return ("", rest, m.group("x")) if rest in self.forms.get("noun", ()) else None


# The sentence shapes the lexicon's phrases fill: (intent, skeleton: the grammar words
# around the phrase, the phrase's categories, the shape of the rest). Tried in order.
_SKELETONS: list[tuple[str, str, tuple[str, ...], str]] = [
    ("check", r"^(?P<aux>are|were) (?P<rest>.+ and .+)$", ("pair",), "pair"),
    ("check", rf"^(?P<aux>{_DOES}) (?P<rest>.+)$", ("base",), "a-verb-b"),
    ("check", r"^(?P<aux>has|have|had) (?P<rest>.+)$", ("participle",), "a-verb-b"),
    ("check", r"^(?P<aux>is|are|was|were) (?P<rest>.+)$", ("gerund", "be"), "a-verb-b"),
    ("check", r"^(?P<aux>is|are|was|were) (?P<rest>.+)$", ("noun",), "a-noun-b"),
    ("object", rf"^{_WHOM} (?P<aux>{_DOES}) (?P<rest>.+)$", ("base",), "x-verb"),
    ("object", rf"^{_WHOM} (?P<aux>has|have|had) (?P<rest>.+)$", ("participle",), "x-verb"),
    ("object", rf"^{_WHOM} (?P<aux>is|are|was|were) (?P<rest>.+)$", ("gerund", "be"), "x-verb"),
    ("object", rf"^where (?P<aux>{_DOES}|has|have|had) (?P<rest>.+)$", ("where",), "x-verb"),
    ("subject", rf"^{_WHO} (?P<aux>has|have|had) (?P<rest>.+)$", ("participle",), "verb-x"),
    ("subject", rf"^{_WHO} (?P<rest>.+)$", ("present", "past"), "verb-x"),
    ("subject", rf"^{_WHO} (?P<aux>is|are|was|were) (?P<rest>.+)$", ("gerund", "be"), "verb-x"),
    ("subject", rf"^{_WHO} (?P<aux>is|are|was|were) (?P<rest>.+)$", ("noun",), "noun-x"),
    ("subject", r"^(?:(?:who|what|which) (?P<aux>are|is|were|was) )?(?:the )?(?P<rest>.+)$", ("noun",), "x-noun"),
    ("subject", r"^(?:(?:who|what|which) (?P<aux>are|is|were|was) )?(?:the )?(?P<rest>.+)$", ("noun",), "noun-x"),
]


def _tense(aux: str | None, verb: str, past: dict, categories: tuple[str, ...]) -> str:
    aux = (aux or "").strip().lower()
    if aux in ("has", "have") and ("participle" in categories or "where" in categories):
        return "perfect"
    if aux in ("did", "was", "were", "had"):
        return "past"
    if aux in _PRESENT_AUX or aux in ("has", "have"):
        return "present"
    return "past" if verb.lower() in past else "present"


def _check(original: str, a: str, b: str, verb: Verb, window: Window | None, tense: str) -> Question:
    question = Question(original, "check", (a, b), verb.aspect, window, tense, kinds=verb.kinds, phrase=verb.text)
    if mentions_several(b):
        several = combination(b)
        if several and several[0] in ("any", "all") and len(several[1]) == 2:
            # "Does A arm B or C?" (which of them), "Does A arm both B and C?" (yes if both).
            return replace(question, intent="either", names=(a, *several[1]),
                           combination=None if several[0] == "any" else "all")
    return question


def _several(question: Question) -> Question:
    (x,) = question.names
    several = combination(x) if mentions_several(x) else None
    return replace(question, names=several[1], combination=several[0]) if several else question


_GRAMMARS: dict[int, tuple[lx.Lexicon, Grammar]] = {}


def grammar(lexicon: lx.Lexicon | None = None) -> Grammar:
    """The grammar of ``lexicon`` (the bundled ontology's by default), built once per lexicon."""
    lexicon = lexicon or lx.lexicon()
    cached = _GRAMMARS.get(id(lexicon))
    if cached is None or cached[0] is not lexicon:
        if len(_GRAMMARS) >= 8:  # a long-running process opening many stores keeps a few
            _GRAMMARS.clear()
        cached = _GRAMMARS[id(lexicon)] = (lexicon, Grammar(lexicon))
    return cached[1]


def plural(verb: str) -> str:
    """'supplies arms to' -> 'supply arms to', 'is allied with' -> 'are allied with'."""
    first, _, rest = verb.partition(" ")
    first = {"is": "are", "has": "have"}.get(first) or (first[:-3] + "y" if first.endswith("ies") else
                                                      first[:-2] if first.endswith(("shes", "ches", "sses")) else
                                                      first[:-1] if first.endswith("s") else first)
    return f"{first} {rest}".strip()


def kind_aspect(kinds: tuple[str, ...], lexicon: lx.Lexicon, phrase: str | None = None) -> Aspect:
    """An aspect for kinds that declare none the answers know: ties of exactly those kinds,
    worded with the phrase the question used, else the kind's first verb phrase, and its
    agent noun ("military trainers of") where it has one."""
    kind = lexicon.kinds[kinds[0]]
    verbs = [p.text for p in kind.phrases if p.part == lx.VERB]
    verb = phrase if phrase in verbs else verbs[0] if verbs else f"has a {kind.label} tie with"
    nouns = [p for p in kind.phrases if p.part == lx.AGENT_NOUN]
    one = f"{nouns[0].text} of" if nouns else f"actor that {verb}"
    many = f"{nouns[0].forms['plural'][0]} of" if nouns else f"actors that {plural(verb)}"
    wanted = set(kinds)
    return Aspect("kind:" + kind.label, -1 if kind.polarity < 0 else 1, verb, one, many,
                  lambda d: d.get("kind_class") in wanted, lambda k: k.iri in wanted)


# Forms that are not about one relation kind, tried before the lexicon's (FIRST) and after
# them (LAST). Named groups: x (the one actor asked about), a, b (pairs).
# Kept as text and compiled on first use (re caches them).
FIRST: list[tuple[str, str]] = [
    ("treaty", rf"^what (?:does|do|did|would) (?:the )?(?P<x>{_NAME}) (?:entail|oblige(?: .*)?|require(?: .*)?"
               r"|stipulate|mean for its members|involve|commit .*|provide for|promise)$"),
    ("treaty", rf"^what are the (?:obligations|terms|commitments|provisions) (?:of|under|in) (?P<x>{_NAME})$"),
    ("impact", rf"^how (?:has|have|did|does|do|is|was) (?P<x>{_NAME}) (?:impacted|affected|influenced|shaped"
               r"|changed|altered|impact|affect|influence|shape|change|alter|impacting|affecting)(?: on)?"
               r" (?:the )?(?:connection|connections|relationships?|relations?|ties|links?|dynamics?)"
               rf" (?:between|of) (?P<a>{_NAME}) and (?P<b>{_NAME})$"),
    # "What role does Russia play between Armenia and Azerbaijan?" is the article's question.
    ("impact", rf"^what (?:impact|effect|influence|role|part) (?:has|have|did|does|do|is|was) (?P<x>{_NAME})"
               r" (?:had|have|play|played|playing)(?: (?:on|in) (?:the )?(?:connections?|relationships?|relations?"
               rf"|ties|conflicts?|war|tensions?|dispute))? between (?P<a>{_NAME}) and (?P<b>{_NAME})$"),
    ("reliable-ally", rf"^(?:is|was|has) (?P<a>{_NAME})(?: been)? an? (?:reliable|dependable|trustworthy|trusted|loyal|faithful|good"
                      r"|credible) (?:ally|partner|security guarantor|security ally|guarantor|friend|protector)"
                      rf"(?: (?:of|for|to) (?P<b>{_NAME}))?$"),
    ("reliable-ally", rf"^(?:can|could) (?P<b>{_NAME}) (?:rely|count|depend) on (?P<a>{_NAME})$"),
    ("reliable-ally", rf"^(?:would|will|did) (?P<a>{_NAME}) (?:defend|protect|stand by|come to the (?:aid|defen[cs]e|rescue) of)"
                      rf" (?P<b>{_NAME})$"),
    ("reliable-ally", rf"^(?:has|have|did|does|do) (?P<a>{_NAME}) (?:honou?r(?:ed)?|kept|keep|met|meet|fulfill?(?:ed)?"
                      r"|respect(?:ed)?) (?:its|their) (?:defen[cs]e |security |alliance |treaty )?(?:commitments?"
                      rf"|obligations?|promises?|pledges?|guarantees?)(?: (?:to|towards) (?P<b>{_NAME}))?$"),
    # Before LAST's "who is X": "Armenia's strongest ally" is not an entity's name.
    ("supporters", rf"^(?:who|which (?:actor|country|state|power)) (?:is|was|are|were) (?P<x>{_NAME})(?:'s|') {_TOP}$"),
    ("supporters", rf"^(?:who|which (?:actor|country|state|power)) (?:is|was|are|were) (?:the )?{_TOP}"
                   rf" (?:of|to|for) (?P<x>{_NAME})$"),
    ("reliable-ally", rf"^(?:is|was|has) (?P<a>{_NAME})(?: been)? (?:reliable|dependable|trustworthy)(?: as an ally)?"
                      rf"(?: (?:of|for|to) (?P<b>{_NAME}))?$"),
    ("dual-roles", rf"^{_WHO} (?:plays?|is playing|are playing|played|has played|have played|has|have)"
                   r" (?:a |the )?(?:dual|double|two-faced|two-sided) (?:role|game)s?$"),
    ("dual-roles", rf"^{_WHO} (?:supports?|backs?|arms?|plays?|is playing|is on) both sides$"),
    ("dual-roles", r"^(?:are there |list |show |find )?(?:any |all |the )?(?:dual roles?|double games?)$"),
    ("dual-role", rf"^(?:does|did|is|has) (?P<x>{_NAME}) (?:play|playing|played)"
                  r" (?:a |the )?(?:dual|double|two-faced) (?:role|game)$"),
    ("dual-role", rf"^(?:does|did|is) (?P<x>{_NAME}) (?:play|playing|support|back|arm) both sides$"),
    # Before LAST's "what is X": "the dual role of Russia" is not an entity's name.
    ("dual-role", r"^(?:what|where) (?:is|was|are|were) (?:the )?(?:dual|double|two-faced) (?:role|game)s?"
                  rf" (?:of|played by) (?P<x>{_NAME})$"),
    ("dual-role", rf"^(?:what|where) (?:is|was|are|were) (?P<x>{_NAME})(?:'s|') (?:dual|double|two-faced)"
                  r" (?:role|game)s?$"),
]
LAST: list[tuple[str, str]] = [
    ("relation", rf"^how (?:are|were|is|was) (?P<a>{_NAME}) and (?P<b>{_NAME}) related(?: to each other)?$"),
    ("relation", rf"^how (?:is|was|are|were) (?P<a>{_NAME}) related to (?P<b>{_NAME})$"),
    ("relation", rf"^how (?:do|did) (?P<a>{_NAME}) and (?P<b>{_NAME}) (?:relate|get along)(?: to each other)?$"),
    ("relation", rf"^(?:what (?:is|are|was|were) )?(?:the )?(?:relations?|relationships?|ties)"
                 rf" between (?P<a>{_NAME}) and (?P<b>{_NAME})(?: like)?$"),
    ("relation", rf"^what (?:is|are) (?P<a>{_NAME})(?:'s|') (?:relations?|relationships?|ties) (?:with|to) (?P<b>{_NAME})$"),
    ("paths", rf"^how (?:is|are|was|were) (?P<a>{_NAME}) (?:connected|linked) (?:to|with) (?P<b>{_NAME})$"),
    ("paths", rf"^how (?:are|were) (?P<a>{_NAME}) and (?P<b>{_NAME}) (?:connected|linked)$"),
    ("paths", rf"^what (?:connects|links) (?P<a>{_NAME}) (?:and|to|with) (?P<b>{_NAME})$"),
    ("paths", rf"^(?:show |find )?(?:the )?(?:paths?|connections?) (?:from|between) (?P<a>{_NAME}) (?:to|and) (?P<b>{_NAME})$"),
    ("profile", rf"^what constitutes (?P<x>{_NAME})$"),
    ("profile", rf"^(?:tell me about|describe|profile(?: of)?|what do you know about|what about|show)"
                rf" (?P<x>{_NAME})$"),
    ("profile", rf"^(?:what|who) (?:is|are|was|were) (?P<x>{_NAME})$"),
    # A role between named actors is an impact (FIRST); with none named, what the actor did.
    ("profile", rf"^what (?:role|part) (?:has|have|did|does|do|is|was) (?P<x>{_NAME})"
                r" (?:had|have|play|played|playing)$"),
]

# Time phrases, tried in order; the first found is taken out of the question.
_TIME = [
    (re.compile(r"[\s,]*\b(?:between|from) (?:the years? )?(-?\d{1,4}) (?:and|to|until|till|-) (-?\d{1,4})\b", re.I),
     lambda m: Window(int(m.group(1)), int(m.group(2)))),
    (re.compile(r"[\s,]*\b(?:as of|as at|in|during|by) (?:the year )?(-?\d{3,4})\b", re.I),
     lambda m: Window.as_of(int(m.group(1)))),
    (re.compile(r"[\s,]*\bsince (?:the year )?(-?\d{3,4})\b", re.I), lambda m: Window.since(int(m.group(1)))),
    (re.compile(r"[\s,]*\b(?:until|up to|till) (?:the year )?(-?\d{3,4})\b", re.I), lambda m: Window(None, int(m.group(1)))),
]


def clean(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^[\s,;:]+|[\s?!.,;:]+$", "", text)


def take_time(text: str) -> tuple[str, Window | None]:
    """The question without its time phrase, and the window that phrase asks for."""
    for pattern, make in _TIME:
        m = pattern.search(text)
        if m:
            return clean(text[:m.start()] + text[m.end():]), make(m)
    return text, None


# --- several actors in one slot ----------------------------------------------------------------
# "both A and B" (all), "A or B" / "either A or B" (any), "A but not B" (but-not), lists
# with commas ("A, B and C"). "neither A nor B" asks about every other actor: refused.
_LIST_SPLIT = re.compile(r"\s*,\s*(?:and |or )?|\s+(?:and|or)\s+", re.I)
_CONJUNCTION = re.compile(r"(?:^|\s)(?:and|or|nor|both|either|neither)\s|,|\bbut not\b", re.I)


def _items(text: str) -> list[str]:
    return [p for p in _LIST_SPLIT.split(text.strip()) if p]


def combination(phrase: str) -> tuple[str, tuple[str, ...]] | None:
    """The combination a name phrase asks for and its names, or None for one name:
    "both India and Pakistan" -> ("all", ("India", "Pakistan")). Names that contain "and"
    themselves ("Bosnia and Herzegovina") are put back together by ``combined.resolve``,
    which knows the graph's names."""
    text = phrase.strip()
    m = re.match(r"^neither (.+) nor (.+)$", text, re.I)
    if m:
        raise NotFound(f"'{text}' asks about every actor except some: I answer only about named actors",
                       f"ask about '{m.group(1)} or {m.group(2)}' instead and read who is not listed")
    m = re.match(r"^(.+?),? (?:but|and|yet) not (?:also )?(.+)$", text, re.I)
    if m:
        return "but-not", (m.group(1).strip(), *_items(re.sub(r"^(?:either|both) ", "", m.group(2), flags=re.I)))
    m = re.match(r"^(?:both|all of|each of|all three of) (.+)$", text, re.I) or re.match(
        r"^(.+?) (?:both|all|each)$", text, re.I)
    if m:
        items = _items(m.group(1))
        return ("all", tuple(items)) if len(items) > 1 else None
    m = re.match(r"^either (.+)$", text, re.I)
    if m or re.search(r"\sor\s", text, re.I):
        items = _items(m.group(1) if m else text)
        return ("any", tuple(items)) if len(items) > 1 else None
    items = _items(text)
    return ("all", tuple(items)) if len(items) > 1 else None


def mentions_several(phrase: str) -> bool:
    """Whether a name phrase has a conjunction or a list in it."""
    return bool(_CONJUNCTION.search(f" {phrase} "))


def _plain_tense(text: str) -> str:
    """The tense of the question's first auxiliary among its first three words: "Did ...",
    "How did ...", "What role did ..."."""
    for word in text.lower().split(" ")[:3]:
        if word in ("did", "was", "were", "had"):
            return "past"
        if word in ("has", "have"):
            return "perfect"
        if word in ("does", "do", "is", "are"):
            return "present"
    return "present"


def parse(text: str, lexicon: lx.Lexicon | None = None) -> Question:
    """The intent of ``text``, read with ``lexicon`` (a store's, else the bundled
    ontology's); raises NotUnderstood (exit 1) or UsageError (exit 2)."""
    original = text
    text = clean(text or "")
    if not text:
        raise UsageError("the question is empty", 'ask a question, e.g. actorkg ask "Who supports Azerbaijan?"')
    text, window = take_time(text)

    def plain(patterns: list[tuple[str, str]]) -> Question | None:
        for intent, pattern in patterns:
            m = re.match(pattern, text, re.IGNORECASE)
            if m:
                names = tuple(m.group(k) for k in ("x", "a", "b") if m.groupdict().get(k))
                # A ranked supporters form ("Armenia's strongest ally") asks about support at large.
                aspect = "support" if intent == "supporters" else None
                return Question(original, intent, names, aspect, window, _plain_tense(text))
        return None

    found = plain(FIRST) or grammar(lexicon).match(text, original, window) or plain(LAST)
    if found is None:
        raise NotUnderstood(clean(original))
    return found
