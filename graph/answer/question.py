"""Parse a plain-English question into an intent, the names it mentions and a time window.

Pure text work, no graph: names stay phrases here ("Russia's role", "Baku") and are
resolved against the graph's labels by ``ask``. The grammar is a list of patterns tried in
order; each maps verbs and nouns to an *aspect* of a relation (support, arms, ally, troops,
oppose, threat, conflict) that ``analysis.ASPECTS`` tests on the edges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import NotFound, UsageError
from ..network.project import Window

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


class NotUnderstood(NotFound):
    def __init__(self, text: str):
        super().__init__(f"I did not understand the question '{text}'",
                         "I understand questions like:\n  " + "\n  ".join(FORMS))


# --- vocabulary -------------------------------------------------------------------------------
# Verb forms per aspect: third person ("who arms X"), base ("does A arm B", "whom does X arm"),
# perfect ("has A armed B") and nouns ("X's arms suppliers", "allies of X").
_WEAPONS = r"(?:arms|weapons|military equipment)"
_FORCES = r"(?:troops|soldiers|forces|(?:military )?bases|a military presence|military presence)"
THIRD = {
    "arms": rf"arms|sells {_WEAPONS} to|supplies {_WEAPONS}(?: to)?|provides {_WEAPONS} to|delivers {_WEAPONS} to"
            rf"|gives {_WEAPONS} to|exports {_WEAPONS} to|is (?:an? |the )?(?:main |primary )?{_WEAPONS} supplier (?:of|to)",
    "ally": r"is allied (?:with|to)|are allied (?:with|to)|is (?:an? )?ally of|are allies of|has an alliance with",
    "troops": rf"has {_FORCES} in|stations {_FORCES} in|keeps {_FORCES} in|deploys {_FORCES} (?:in|to)",
    "support": r"supports|backs|helps|aids|assists|sides with|stands (?:with|behind)|is supporting|is backing"
               r"|protects|defends|is a supporter of|is a backer of",
    "conflict": r"is in (?:a )?conflict with|are in conflict with|fights|is fighting|is at war with|wars with"
                r"|attacks|attacked|invaded|invades",
    "threat": r"threatens|is a threat to|poses a threat to",
    "oppose": r"opposes|is against|is (?:an? )?(?:enemy|rival|adversary|opponent) of|is hostile (?:to|towards)"
              r"|criticizes|criticises|accuses",
}
BASE = {
    "arms": rf"arm|sell {_WEAPONS}(?: to)?|supply {_WEAPONS}(?: to)?|provide {_WEAPONS}(?: to)?"
            rf"|deliver {_WEAPONS}(?: to)?|give {_WEAPONS}(?: to)?|export {_WEAPONS}(?: to)?",
    "troops": rf"have {_FORCES} in|station {_FORCES} in|keep {_FORCES} in|deploy {_FORCES} (?:in|to)",
    "ally": r"ally (?:itself )?with|have an alliance with",
    "support": r"support|back|help|aid|assist|side with|stand (?:with|behind)|protect|defend",
    "conflict": r"fight|attack|go to war with|wage war on",
    "threat": r"threaten",
    "oppose": r"oppose|criticize|criticise",
}
PERFECT = {
    "arms": rf"armed|sold {_WEAPONS} to|supplied {_WEAPONS} to|provided {_WEAPONS} to|delivered {_WEAPONS} to",
    "support": r"supported|backed|helped|aided|assisted|sided with|protected|defended",
    "conflict": r"fought|attacked",
    "threat": r"threatened",
    "oppose": r"opposed|criticized|criticised",
}
# "is A VERB B" forms.
BEING = {
    "ally": r"allied (?:with|to)|an? ally of|in an alliance with",
    "arms": rf"arming|an? {_WEAPONS} supplier (?:of|to)|selling {_WEAPONS} to|supplying {_WEAPONS} to",
    "support": r"supporting|backing|helping|an? supporter of|an? backer of|on the side of",
    "conflict": r"in (?:a )?conflict with|at war with|fighting|attacking",
    "threat": r"a threat to|threatening",
    "oppose": r"against|opposed to|opposing|hostile (?:to|towards)|an? (?:enemy|rival|adversary) of",
}
NOUNS = {
    "arms": rf"{_WEAPONS} suppliers?|suppliers?",
    "ally": r"allies|ally",
    "support": r"supporters?|backers?|friends?|patrons?|protectors?|sponsors?|partners?",
    "oppose": r"enemies|enemy|opponents?|rivals?|adversaries|adversary|foes?",
    "threat": r"threats?",
}
OPPOSITION = ("oppose", "threat", "conflict")
# "who VERB X" takes any tense and number: "who arms", "which countries arm", "who armed".
ANY_FORM = {k: "|".join(t[k] for t in (THIRD, BASE, PERFECT) if k in t) for k in THIRD}

_WHO = (r"(?:who|which (?:actors?|countr(?:y|ies)|states?|nations?|powers?|groups?|governments?|parties))"
        r"(?: else)?(?: still| currently| openly| actually| really| mainly| primarily)?")
_WHOM = r"(?:to )?(?:who|whom|what|which (?:actors?|countr(?:y|ies)|states?|nations?|groups?))"
_DOES = r"(?:does|do|did|will|would|can)"
_NAME = r".+?"


def _alt(table: dict[str, str], only=None) -> str:
    return "|".join(f"(?P<v_{k}>{v})" for k, v in table.items() if only is None or k in only)


def _aspect(match: re.Match) -> str | None:
    for key, value in match.groupdict().items():
        if key.startswith("v_") and value is not None:
            return key[2:]
    return None


_SUPPORTISH = ("arms", "ally", "troops", "support")

# (intent, pattern). Named groups: x (the one actor asked about), a, b (pairs), aspect
# groups v_<aspect>. Tried in order: specific forms before "what is X".
# Kept as text and compiled on first use (re caches them): compiling all of them up front
# cost a noticeable part of ``actorkg ask``'s start-up, and most questions match early.
PATTERNS: list[tuple[str, str]] = [
    ("treaty", rf"^what (?:does|do|did|would) (?:the )?(?P<x>{_NAME}) (?:entail|oblige(?: .*)?|require(?: .*)?"
               r"|stipulate|mean for its members|involve|commit .*|provide for|promise)$"),
    ("treaty", rf"^what are the (?:obligations|terms|commitments|provisions) (?:of|under|in) (?P<x>{_NAME})$"),
    ("impact", rf"^how (?:has|have|did|does|do|is|was) (?P<x>{_NAME}) (?:impacted|affected|influenced|shaped"
               r"|changed|altered|impact|affect|influence|shape|change|alter|impacting|affecting)(?: on)?"
               r" (?:the )?(?:connection|connections|relationships?|relations?|ties|links?|dynamics?)"
               rf" (?:between|of) (?P<a>{_NAME}) and (?P<b>{_NAME})$"),
    ("impact", rf"^what (?:impact|effect|influence|role) (?:has|did|does) (?P<x>{_NAME}) (?:had|have|play|played)"
               rf" (?:on|in) (?:the )?(?:connection|relationship|relations?|ties) between (?P<a>{_NAME}) and (?P<b>{_NAME})$"),
    ("reliable-ally", rf"^is (?P<a>{_NAME}) an? (?:reliable|dependable|trustworthy|trusted|loyal|faithful|good"
                      r"|credible) (?:ally|partner|security guarantor|security ally|guarantor|friend|protector)"
                      rf"(?: (?:of|for|to) (?P<b>{_NAME}))?$"),
    ("reliable-ally", rf"^can (?P<b>{_NAME}) (?:rely|count|depend) on (?P<a>{_NAME})$"),
    ("reliable-ally", rf"^is (?P<a>{_NAME}) (?:reliable|dependable|trustworthy)(?: as an ally)?"
                      rf"(?: (?:of|for|to) (?P<b>{_NAME}))?$"),
    ("dual-roles", rf"^{_WHO} (?:plays?|is playing|are playing|played|has played|have played|has|have)"
                   r" (?:a |the )?(?:dual|double|two-faced|two-sided) (?:role|game)s?$"),
    ("dual-roles", rf"^{_WHO} (?:supports?|backs?|arms?|plays?|is playing|is on) both sides$"),
    ("dual-roles", r"^(?:are there |list |show |find )?(?:any |all |the )?(?:dual roles?|double games?)$"),
    ("dual-role", rf"^(?:does|did|is|has) (?P<x>{_NAME}) (?:play|playing|played)"
                  r" (?:a |the )?(?:dual|double|two-faced) (?:role|game)$"),
    ("dual-role", rf"^(?:does|did|is) (?P<x>{_NAME}) (?:play|playing|support|back|arm) both sides$"),
    ("check", rf"^(?:are|were) (?P<a>{_NAME}) and (?P<b>{_NAME}) (?P<v_ally>allies|allied)$"),
    ("check", rf"^{_DOES} (?P<a>{_NAME}) (?:still |really |actually |openly )?(?:{_alt(BASE)}) (?P<b>{_NAME})$"),
    ("check", rf"^(?:has|have) (?P<a>{_NAME}) (?:ever |really |actually |openly )?(?:{_alt(PERFECT)}) (?P<b>{_NAME})$"),
    ("check", rf"^(?:is|are|was|were) (?P<a>{_NAME}) (?:still |really |actually |openly )?(?:{_alt(BEING)}) (?P<b>{_NAME})$"),
    ("supported", rf"^{_WHOM} {_DOES} (?P<x>{_NAME}) (?:{_alt(BASE, _SUPPORTISH)})(?: to| in| with)?$"),
    ("supported", rf"^{_WHOM} (?:is|are|was|were) (?P<x>{_NAME}) (?P<v_ally>allied (?:with|to))$"),
    ("supported", rf"^{_WHOM} (?:is|are|was|were) (?P<x>{_NAME}) (?P<v_support>supporting|backing|helping)$"),
    ("supported", rf"^{_WHOM} (?:is|are|was|were) (?P<x>{_NAME}) (?P<v_arms>arming|selling {_WEAPONS} to)$"),
    ("supported", rf"^where {_DOES} (?P<x>{_NAME}) (?P<v_troops>(?:have|station|keep|deploy) {_FORCES})$"),
    ("supporters", rf"^{_WHO} (?:has |have |had )?(?:{_alt(ANY_FORM, _SUPPORTISH)}) (?P<x>{_NAME})$"),
    ("opponents", rf"^{_WHO} (?:has |have |had )?(?:{_alt(ANY_FORM, OPPOSITION)}) (?P<x>{_NAME})$"),
    ("ties", rf"^(?:(?:who|what|which) (?:are|is|were|was) )?(?:the )?(?P<x>{_NAME})(?:'s|') (?:main |key |closest |principal )?"
             rf"(?:{_alt(NOUNS)})$"),
    ("ties", rf"^(?:(?:who|what|which) (?:are|is|were|was) )?(?:the )?(?:main |key |closest |principal )?"
             rf"(?:{_alt(NOUNS)}) of (?P<x>{_NAME})$"),
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


def _tense(text: str, verb: str | None) -> str:
    """The tense of the question's verb: present, past or perfect."""
    lowered = f" {text.lower()} "
    if re.match(r"^ (?:has|have)\s", lowered) or re.search(
            r"\s(?:has|have) (?:(?:ever|always|long|also) )?(?:been|had|\w+ed|sold|fought|given|kept|built)\s", lowered):
        return "perfect"
    if re.match(r"^ (?:did|was|were|had)\s", lowered) or re.search(r"\s(?:did|was|were)\s", lowered):
        return "past"
    if verb and any(re.fullmatch(v, verb, re.I) for v in PERFECT.values()):
        return "past"
    return "present"


def parse(text: str) -> Question:
    """The intent of ``text``; raises NotUnderstood (exit 1) or UsageError (exit 2)."""
    original = text
    text = clean(text or "")
    if not text:
        raise UsageError("the question is empty", 'ask a question, e.g. actorkg ask "Who supports Azerbaijan?"')
    text, window = take_time(text)
    for intent, pattern in PATTERNS:
        m = re.match(pattern, text, re.IGNORECASE)
        if not m:
            continue
        aspect = _aspect(m)
        groups = m.groupdict()
        verb = next((v for k, v in groups.items() if k.startswith("v_") and v is not None), None)
        tense = _tense(text, verb)
        if intent == "ties":
            intent = "opponents" if aspect in OPPOSITION else "supporters"
        if intent in ("supporters", "supported", "check") and aspect is None:
            aspect = "support"
        if intent == "opponents" and aspect is None:
            aspect = "oppose"
        if intent == "check" and mentions_several(groups["b"]):
            several = combination(groups["b"])
            if several and several[0] in ("any", "all") and len(several[1]) == 2:
                # "Does A arm B or C?" (which of them), "Does A arm both B and C?" (yes if both).
                return Question(original, "either", (groups["a"], *several[1]), aspect, window, tense,
                                None if several[0] == "any" else "all")
        if intent in ("supporters", "supported", "opponents") and mentions_several(groups["x"]):
            several = combination(groups["x"])
            if several:
                return Question(original, intent, several[1], aspect, window, tense, several[0])
        names = tuple(groups[k] for k in ("x", "a", "b") if groups.get(k))
        return Question(original, intent, names, aspect, window, tense)
    raise NotUnderstood(clean(original))
