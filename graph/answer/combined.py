"""Questions about several actors at once: who arms both India and Pakistan, India but not
Pakistan, India or Pakistan; does Russia arm both Armenia and Azerbaijan.

Each named actor's ties are found as for a one-actor question (``analysis.ties``) and
summed per source (``summary.parts``); the answer is their intersection ("all"), union
("any") or difference ("but-not": the first actor's counterparts tied to none of the
others), and each counterpart's rows show its evidence for every named actor, source by
source, as one-actor answers do. In the present tense a tie counts when it holds at the
end of its sources' data; in the past tense or a period, when the graph records it (then).

A name phrase listing several actors where a question takes one is refused, never read as
one of them: "Which states armed both India and Pakistan?" is not "Who arms Pakistan?".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import NotFound, UnknownActor
from ..network import analysis, summary
from ..network.evidence import Statement
from ..network.project import TEXT_SOURCE
from ..query.resolve import ActorIndex, Match
from .ask import Answer, Context, _as_of, _details, _listing, _when
from .question import Question, combination, mentions_several, plural

FORMS = ("Who arms both India and Pakistan?", "Who arms India but not Pakistan?", "Who arms India or Pakistan?",
         "Whom do Russia and China both arm?", "Does Russia arm both Armenia and Azerbaijan?")
# Intents whose name slots each take one actor (a treaty's or a role's phrase may hold "and").
_ONE_ACTOR_SLOTS = {"supporters", "supported", "opponents", "check", "either", "relation", "paths",
                    "reliable-ally", "dual-role"}


def joined(operator: str, labels: list[str]) -> str:
    """'both India and Pakistan', 'India or Pakistan', 'India but not Pakistan or China'."""
    def listed(items: list[str], last: str) -> str:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]

    if operator == "all":
        return ("both " if len(labels) == 2 else "all of ") + listed(labels, "and")
    if operator == "any":
        return listed(labels, "or")
    return f"{labels[0]} but not {listed(labels[1:], 'or')}"


def describe(question: Question, actors: list[Match]) -> dict | None:
    """The combination as ``--format json`` reports it."""
    if not question.combination:
        return None
    named = actors[1:] if question.intent == "either" else actors
    return {"operator": question.combination, "words": joined(question.combination, [m.label for m in named]),
            "actors": [{"id": m.iri, "label": m.label} for m in named]}


# --- which actors a question names --------------------------------------------------------------

def resolve(index: ActorIndex, question: Question) -> tuple[Question, list[Match]]:
    """The question (a combination of one actor becomes a one-actor question) and the
    actors it names. A combination's names are put back together where the graph knows
    the joined name ("Bosnia" and "Herzegovina"); a phrase naming several actors in a slot
    that takes one raises NotFound (exit 1)."""
    if not question.combination:
        for name in question.names if question.intent in _ONE_ACTOR_SLOTS else ():
            _refuse_several(index, name)
        return question, [index.find(name) for name in question.names]
    fixed = 1 if question.intent == "either" else 0
    head = [index.find(n) for n in question.names[:fixed]]
    names = list(question.names[fixed:])
    if question.combination == "but-not":
        parts = [names[0]] + _regrouped(index, names[1:])
    else:
        parts = _regrouped(index, names)
    actors = list({m.iri: m for m in (index.find(p) for p in parts)}.values())
    if len(actors) == 1:
        if question.combination == "but-not":
            raise NotFound(f"'{question.names[fixed]}' and the actors excluded are the same: {actors[0].label}",
                           "name another actor after 'but not'")
        intent = "check" if question.intent == "either" else question.intent
        return replace(question, intent=intent, names=tuple(question.names[:fixed]) + (" and ".join(parts),),
                       combination=None), head + actors
    if question.intent == "either" and len(actors) != 2:
        raise NotFound(f"'{question.text}' names {len(actors)} actors after the verb; I compare two",
                       "ask e.g. 'Does Russia arm both Armenia and Azerbaijan?'")
    return question, head + actors


def _regrouped(index: ActorIndex, parts: list[str]) -> list[str]:
    """Adjacent parts joined again where the joined phrase is a known name, longest first."""
    out, i = [], 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            phrase = " and ".join(parts[i:j])
            if j == i + 1 or index.lookup(phrase):
                out.append(phrase)
                i = j
                break
    return out


def _refuse_several(index: ActorIndex, name: str) -> None:
    if not mentions_several(name) or index.lookup(name):
        return
    try:
        several = combination(name)
    except NotFound:
        several = ("neither", ())
    found = []
    for part in several[1] if several else ():
        try:
            found.append(index.find(part).label)
        except UnknownActor:
            continue
    if len(set(found)) > 1:
        raise NotFound(f"'{name}' names several actors ({', '.join(dict.fromkeys(found))}) where the question "
                       "takes one", "questions about several actors are asked like:\n  " + "\n  ".join(FORMS))


# --- the answer ---------------------------------------------------------------------------------

@dataclass
class _Side:
    """One counterpart's tie to one named actor, summed per source."""

    named: Match
    tie: analysis.Tie | None
    parts: list[summary.SourcePart]
    now: bool
    tiv: float
    share: float | None

    @property
    def last(self) -> int | None:
        return max((p.last for p in self.parts if p.last is not None and not _contradicted(p)), default=None)


def _contradicted(p: summary.SourcePart) -> bool:
    return (p.verdict or "").startswith("contradicted")


def answer(ctx: Context, incoming: bool) -> Answer:
    """Supporters or opponents (``incoming``) of several actors, or whom several actors
    support (not ``incoming``), combined as the question asks."""
    q, named = ctx.question, ctx.actors
    aspect = ctx.aspect
    sources = ctx.graph.graph.get("sources", {})
    recorded = ctx.recorded_by()
    ties = [{t.actor: t for t in analysis.ties(ctx.graph, m.iri, aspect.test, incoming)} for m in named]
    totals = [sum(p.tiv or 0 for t in by.values() for p in summary.parts(t.statements, sources, recorded)
                  if p.kind != TEXT_SOURCE) for by in ties]
    present = ctx.present

    def side(i: int, actor: str) -> _Side:
        tie = ties[i].get(actor)
        parts = summary.parts(tie.statements, sources, recorded) if tie else []
        tiv = sum(p.tiv or 0 for p in parts if p.kind != TEXT_SOURCE)
        return _Side(named[i], tie, parts, any(p.now and not _contradicted(p) for p in parts), tiv,
                     tiv / totals[i] if tiv and totals[i] else None)

    everyone = sorted({a for by in ties for a in by} - {m.iri for m in named})
    sides = {a: [side(i, a) for i in range(len(named))] for a in everyone}

    def member(s: _Side) -> bool:
        return s.tie is not None and (s.now or not present)

    chosen = [a for a in everyone if _combined(q.combination, [member(s) for s in sides[a]])]
    ever = [a for a in everyone if a not in chosen and q.combination != "but-not"
            and _combined(q.combination, [s.tie is not None for s in sides[a]])] if present else []

    def order(a: str):
        return (-sum(s.tiv for s in sides[a]), -sum(s.tie is not None for s in sides[a]), _label(sides[a]).casefold())

    chosen.sort(key=order)
    ever.sort(key=order)
    labels = [m.label for m in named]
    head = _head(q.combination, labels, aspect, incoming)
    as_of = (_as_of([s.tie for a in chosen + ever for s in sides[a] if s.tie], sources) or " (end of the data)") \
        if present else ""
    when = f" now{as_of}" if present else _when(ctx.window)
    counts = ", ".join(f"{m.label} {sum(member(s) for a in everyone for s in sides[a] if s.named is m)}"
                       for m in named)
    if chosen:
        sentence = f"{head}{when}: {len(chosen)} — {_listing([_named(sides[a], present) for a in chosen], 8)}"
    elif incoming:
        sentence = f"Nobody{when}: the graph records no {aspect.one} {_head(q.combination, labels, aspect, True, False)}"
    else:
        sentence = f"Nobody{when}: the graph records no actor that {_head(q.combination, labels, aspect, False, False)}"
    sentence += f"; counted alone: {counts}"
    if ever:
        sentence += f"; earlier, not now: {_listing([_named(sides[a], present) for a in ever], 5)}"
    shown = chosen + ever
    results = [st for a in shown for s in sides[a] if s.tie for st in s.tie.statements]
    found = ctx.answer(None, sentence, results, ties=[_tie_dict(a, sides[a], a in chosen) for a in shown])
    found.columns, found.rows, found.cited = _table(shown, sides, present)
    return found


def _combined(operator: str, members: list[bool]) -> bool:
    if operator == "all":
        return all(members)
    if operator == "any":
        return any(members)
    return members[0] and not any(members[1:])


def _label(sides: list[_Side]) -> str:
    return next(s.tie.label for s in sides if s.tie)


def _head(operator: str, labels: list[str], aspect: analysis.Aspect, incoming: bool, title: bool = True) -> str:
    """'Arms suppliers of both India and Pakistan', 'Russia, but not China, supplies arms to';
    without ``title``, incoming, the actors alone ('of both India and Pakistan')."""
    if incoming:
        many = aspect.many[0].upper() + aspect.many[1:]
        if operator == "but-not":
            actors = f"{labels[0]} but not of {joined('any', labels[1:])}"
        else:
            actors = joined(operator, labels)
        return f"{many} {actors}" if title else actors
    if operator == "all":
        both = joined("all", labels)
        return f"{both[0].upper() if title else both[0]}{both[1:]} {plural(aspect.verb)}"
    if operator == "any":
        return f"{joined('any', labels)} {aspect.verb}"
    return f"{labels[0]}, but not {joined('any', labels[1:])}, {aspect.verb}"


def _named(sides: list[_Side], present: bool) -> str:
    """'Russia (India: arms, TIV 36,000, 40%; Pakistan: arms, TIV 1,194, 3%, last 2021)'."""
    bits = []
    for s in sides:
        if s.tie is None:
            bits.append(f"{s.named.label}: none")
            continue
        said = [", ".join(s.tie.kinds)]
        if s.tiv:
            said.append(f"TIV {s.tiv:,.0f}" + (f", {s.share:.0%}" if s.share else ""))
        if present and not s.now:
            said.append(f"last {s.last}" if s.last is not None else "no longer")
        bits.append(f"{s.named.label}: {', '.join(said)}")
    return f"{_label(sides)} ({'; '.join(bits)})"


def _table(shown: list[str], sides: dict[str, list[_Side]],
           present: bool) -> tuple[list[str], list[list[str]], list[list[Statement]]]:
    """One row per counterpart, named actor and source (a named actor it has no tie with
    gets a row saying so), and the statements each row cites."""
    columns = ["#", "actor", "named", "source", "records", "years", "TIV", "share"] + (["now"] if present else []) \
        + ["details"]
    rows, cited = [], []
    for i, a in enumerate(shown, 1):
        first = True
        for s in sides[a]:
            for p in s.parts or [None]:
                lead = [str(i) if first else "", _label(sides[a]) if first else ""]
                first = False
                cited.append(summary.cited(p) if p else [])
                if p is None:
                    rows.append(lead + [s.named.label, "", "0", "", "", ""] + (["no"] if present else [])
                                + ["none recorded"])
                    continue
                share = f"{p.tiv / (s.tiv / s.share):.0%}" if p.tiv and s.share and p.kind != TEXT_SOURCE else ""
                rows.append(lead + [s.named.label, p.name, str(len(p.statements)), summary.span(p) or "undated",
                                    f"{p.tiv:,.0f}" if p.tiv else "", share]
                            + (["yes" if p.now else "no"] if present else []) + [_details(p, s.tie)])
    return columns, rows, cited


def _tie_dict(actor: str, sides: list[_Side], chosen: bool) -> dict:
    label = _label(sides)
    by_actor = []
    for s in sides:
        entry = {"named": {"id": s.named.iri, "label": s.named.label}, "tied": s.tie is not None}
        if s.tie is not None:
            entry.update(s.tie.to_dict())
            entry.update(parts=[p.to_dict() for p in s.parts], tiv=s.tiv or None, holds_now=s.now,
                         share=round(s.share, 4) if s.share else None)
        by_actor.append(entry)
    return {"actor": {"id": actor, "label": label}, "answers": chosen,
            "tiv": sum(s.tiv for s in sides) or None, "by_actor": by_actor}
