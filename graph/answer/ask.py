"""Answer a plain-English question from the graph, with the evidence behind the answer.

``ask(store, text)`` parses the question (``question``), finds the actors it names through
labels, alternative labels and fuzzy matching (``resolve``), projects the signed network
for the asked period and sources (``network``), runs the analysis the intent calls for
(``analysis``, ``signed``, ``causes``, ``profile``) and words the result in one sentence.
Nothing is hard-coded: every clause of an answer is built from statements in the graph.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import NotFound, UsageError
from ..network import analysis, around, causes, profile, signed, summary, treaties
from ..network.project import TEXT_SOURCE
from ..network.evidence import Reliance, Statement, between, incident, reliance, statement, unique
from ..network.project import Window, select_sources
from ..query.resolve import ActorIndex, Match, taken_as, taking
from ..store.core import Store
from .question import Question, kind_aspect, parse

if TYPE_CHECKING:  # networkx is imported where it is used: it is slow to import
    from ..network.multigraph import StatementGraph


class Details(dict):
    """An answer's details by name. A value may be given as a function, called when the
    detail is first read: the ties' centrality imports networkx, which a terminal answer
    never reads."""

    def __getitem__(self, name: str):
        value = super().__getitem__(name)
        if callable(value):
            value = value()
            self[name] = value
        return value

    def get(self, name: str, default=None):
        return self[name] if name in self else default


@dataclass
class Answer:
    question: str
    intent: str
    actors: list[Match]
    verdict: str | None
    answer: str
    results: list[Statement]
    window: Window | None = None
    details: dict = field(default_factory=Details)
    sources: Reliance | None = None
    # A summary table (one row per counterpart and source, a counterpart's first row
    # numbered in the first column) and, per row, the statements whose evidence it cites,
    # where the answer sums statements up; else the statements are listed.
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    cited: list[list[Statement]] | None = None
    tense: str = "present"
    combination: dict | None = None  # several actors in one slot: operator, words, actors
    taken: list[Match] = field(default_factory=list)  # names taken by a fuzzy match ("Britian")

    def to_dict(self) -> dict:
        """The shape documented for ``actorkg ask --format json`` (plus extra keys)."""
        sources = self.sources or reliance(self.results)
        return {
            "question": self.question,
            "intent": self.intent,
            "actors": [{"id": m.iri, "label": m.label} for m in self.actors],
            "verdict": self.verdict,
            "answer": self.answer,
            "results": [s.to_result() for s in self.results],
            "time": self.window.to_dict() if self.window else None,
            "sources": sources.to_list(),
            "single_low_reliability_source": sources.single_low,
            "details": {name: self.details[name] for name in self.details},
            "tense": self.tense,
            "combination": self.combination,
            "taken_as": taken_as(self.taken),
        }


# --- wording ----------------------------------------------------------------------------------

def _when(window: Window | None) -> str:
    return f" {window.describe()}" if window else ""


def _a(noun: str) -> str:
    """'a state', 'an international organization' (the type labels of the ontology)."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def _join(items: list[str], last: str = "and") -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def _kinds(statements: list[Statement]) -> str:
    return ", ".join(sorted({s.relation for s in statements}))


def _listing(items: list[str], limit: int = 6) -> str:
    """'a; b; c; and 4 more': world-scale answers stay one readable sentence (JSON has all)."""
    more = len(items) - limit
    return "; ".join(items[:limit]) + (f"; and {more} more" if more > 0 else "")


def _phrases(statements: list[Statement], limit: int = 6) -> str:
    return _listing([s.phrase() for s in statements], limit)


def _with_note(sentence: str, relied: Reliance) -> str:
    note = relied.note()
    return f"{sentence}; {note}." if note else f"{sentence}."


# --- one answerer per intent --------------------------------------------------------------------

@dataclass
class Context:
    store: Store
    graph: StatementGraph
    question: Question
    actors: list[Match]
    window: Window | None
    sources: set[str] | None = None

    @property
    def aspect(self) -> analysis.Aspect | None:
        """The relation the question asks about (see ``aspect_of``)."""
        return aspect_of(self.store, self.question)

    @property
    def ids(self) -> list[str]:
        return [m.iri for m in self.actors]

    @property
    def verb(self) -> str:
        """The aspect's verb in the question's tense: 'supplied arms to' for 'Did Russia arm ...?'."""
        past = getattr(self.question, "tense", "present") == "past" and self.aspect.past
        return past or self.aspect.verb

    @property
    def present(self) -> bool:
        """A question in the present tense with no period: about the end of each source's data."""
        return self.window is None and getattr(self.question, "tense", "present") == "present"

    def current(self, statements: list[Statement]) -> list[Statement]:
        """In the present tense, the statements that hold at the end of their sources' data;
        else all of them (a period already chose them)."""
        if not self.present:
            return statements
        sources = self.graph.graph.get("sources", {})
        return [s for s in statements if summary.holds_now(s, sources)]

    def sourced(self, statements: list[Statement]) -> str:
        """'SIPRI: 20 records 2006-2018, TIV 2,185; article: 1 claim (undated) (contradicted: ...)'."""
        parts = summary.parts(statements, self.graph.graph.get("sources", {}), self.recorded_by(),
                              self.treaty_names(statements))
        return "; ".join(p.text() for p in parts)

    def treaty_names(self, statements: list[Statement]) -> dict[str, str]:
        """The names of the treaties ``statements`` rest on (alliances)."""
        return treaties.treaty_names(self.store, (s.data.get("treaty") for s in statements))

    def as_of(self, statements: list[Statement]) -> str:
        sources = self.graph.graph.get("sources", {})
        ends = sorted({(sources[u].short, sources[u].last_year) for s in statements for u in s.sources
                       if u in sources and sources[u].last_year is not None})
        return (" (end of each source's data: " + ", ".join(f"{n} {y}" for n, y in ends) + ")") if ends else ""

    def recorded_by(self) -> dict[str, set[str]]:
        """Relation kind -> the datasets that record that kind anywhere in the store."""
        from ..network.rowcache import cached_rows

        found: dict[str, set[str]] = {}
        datasets = {iri for iri, info in self.graph.graph.get("sources", {}).items() if info.type != TEXT_SOURCE}
        if self.sources is not None:  # only datasets the question lets in can speak
            datasets &= self.sources
        for row in cached_rows(self.store, "source-kinds"):
            if row["source"] in datasets:
                found.setdefault(row["kind"], set()).add(row["source"])
        return found

    def undated(self, where: Callable[[Statement], bool] | None = None) -> list[Statement]:
        """Statements about the asked actors that a dated question leaves out, being undated
        (``project`` keeps them apart), optionally only those passing ``where``. A question
        between actors (a check, a choice, a relation, an impact) is about the statements between
        them: Russia's undated arms to Azerbaijan say nothing on whether it supported Armenia in 2015."""
        ids = set(self.ids)
        # So are a commitment to one partner and the paths between two: Russia's undated
        # statements with others say nothing on its commitment to Armenia, and those graphs
        # hold only the pairs that matter (``around.commitments``, ``around.along_paths``).
        pairwise = not self.question.combination and (
            NEEDS.get(self.question.intent) in ("between", "causes")
            or (self.question.intent in ("reliable-ally", "paths") and len(ids) == 2))
        found = [statement(self.graph, s, o, k, d) for s, o, k, d in self.graph.graph.get("undated", ())
                 if ((s in ids and o in ids) if pairwise else (s in ids or o in ids))]
        # Supporters, opponents and whom an actor supports are ties one way round: Armenia's
        # undated support of Artsakh says nothing on who supported Armenia in 2020 (and those
        # graphs hold only the statements that way and the symmetric ones).
        towards = None if self.question.combination else INCOMING.get(self.question.intent)
        if towards is not None:
            found = [st for st in found if st.symmetric or (st.object if towards else st.subject) in ids]
        return [st for st in found if where is None or where(st)]

    def answer(self, verdict: str | None, sentence: str, results: list[Statement],
               relied_on: Reliance | None = None, **details) -> Answer:
        """The answer; ``relied_on`` the sources it rests on when ``results`` do not hold
        them all (a hub's profile lists a few of the statements it counts)."""
        results = unique(results)
        relied = relied_on or reliance(results)
        aspect = self.aspect
        undated = [s for s in self.undated(lambda st: aspect is None or aspect.test(st.data))
                   if s.id not in {r.id for r in results}]
        if undated:
            sentence += f"; undated, so not counted{_when(self.window)}: {_phrases(undated, 4)}"
            details["undated"] = [s.to_result() for s in undated]
        from .combined import describe

        return Answer(self.question.text, self.question.intent, self.actors, verdict,
                      _with_note(sentence, relied) if results else sentence + ".", results,
                      self.window, Details(details), relied, tense=self.question.tense,
                      combination=describe(self.question, self.actors))


def _ties_answer(ctx: Context, found: list[analysis.Tie], title: str, verb: str | None = None) -> Answer:
    """Who stands in the asked relation to (or, with ``verb``, from) the asked actor: one row
    per counterpart, summed per source, ranked by TIV where there is any; in the present
    tense, those whose tie holds at the end of their sources' data first."""
    (x,) = ctx.actors
    when = _when(ctx.window)
    head = f"{x.label} {verb}" if verb else f"{title[0].upper() + title[1:]} {x.label}"
    if not found:
        nobody = f"the graph records no actor {x.label} {verb}" if verb else f"the graph records no {title} {x.label}"
        return ctx.answer(None, f"Nobody: {nobody}{when}", [], ties=[])
    sources = ctx.graph.graph.get("sources", {})
    recorded = ctx.recorded_by()
    names = ctx.treaty_names([s for t in found for s in t.statements])
    summed = {t.actor: summary.parts(t.statements, sources, recorded, names) for t in found}
    total = sum(p.tiv or 0 for ps in summed.values() for p in ps if p.kind != TEXT_SOURCE)
    # A tie holds now by a source that says so and is not contradicted by a dataset.
    now = {t.actor: any(p.now and not (p.verdict or "").startswith("contradicted") for p in summed[t.actor])
           for t in found}
    tiv = {t.actor: sum(p.tiv or 0 for p in summed[t.actor] if p.kind != TEXT_SOURCE) for t in found}
    present = ctx.present
    found = sorted(found, key=lambda t: (present and not now[t.actor], -tiv[t.actor], *t.rank_key()))

    def named(t: analysis.Tie) -> str:
        bits = [", ".join(t.kinds)]
        if tiv[t.actor]:
            bits.append(f"TIV {tiv[t.actor]:,.0f}" + (f", {tiv[t.actor] / total:.0%}" if total else ""))
        if present and not now[t.actor]:
            last = max((p.last for p in summed[t.actor] if p.last is not None
                        and not (p.verdict or "").startswith("contradicted")), default=None)
            bits.append(f"last {last}" if last is not None else "no longer")
        return f"{t.label} ({'; '.join(bits)})"

    if present:
        holding = [t for t in found if now[t.actor]]
        ended = [t for t in found if not now[t.actor]]
        as_of = _as_of(found, sources)
        nobody = f"{x.label} {verb} no actor" if verb else f"No {title} {x.label}"
        listed = _listing([named(t) for t in holding], 10)
        if verb:
            sentence = f"Now{as_of}, {x.label} {verb}: {listed}" if holding else f"Now{as_of}, {nobody}"
        else:
            sentence = f"{head} now{as_of}: {listed}" if holding else f"{nobody} now{as_of}"
        if ended:
            sentence += f"; no longer: {_listing([named(t) for t in ended], 6)}"
    else:
        # 'In 2022, Russia supplies arms to: India ...' (a verb's object comes after it).
        lead = f"{when.strip()[0].upper()}{when.strip()[1:]}, {head}" if verb and when else f"{head}{when}"
        sentence = f"{lead}: {_listing([named(t) for t in found], 10)}"
    contradicted = [f"{t.label}: {p.name} says so, but {p.verdict.removeprefix('contradicted: ')}"
                    for t in found for p in summed[t.actor] if p.verdict and p.verdict.startswith("contradicted")]
    if contradicted:
        sentence += "; " + "; ".join(contradicted[:3])
    results = [s for t in found for s in t.statements]
    columns = ["#", "actor", "source", "records", "years", "TIV", "share"] + (["now"] if present else []) + ["details"]
    rows, cited = [], []
    for i, t in enumerate(found, 1):
        for j, p in enumerate(summed[t.actor]):
            cited.append(summary.cited(p))
            share = f"{p.tiv / total:.0%}" if p.tiv and total and p.kind != TEXT_SOURCE else ""
            rows.append([str(i) if j == 0 else "", t.label if j == 0 else "", p.name, str(len(p.statements)),
                         summary.span(p) or "undated", f"{p.tiv:,.0f}" if p.tiv else "", share]
                        + (["yes" if p.now else "no"] if present else []) + [_details(p, t)])

    def ties() -> list[dict]:
        out = []
        for t in found:
            d = t.to_dict()
            d.update(parts=[p.to_dict() for p in summed[t.actor]], tiv=tiv[t.actor] or None, holds_now=now[t.actor],
                     share=round(tiv[t.actor] / total, 4) if total and tiv[t.actor] else None)
            out.append(d)
        return out

    answer = ctx.answer(None, sentence, results, ties=ties)
    answer.columns, answer.rows = columns, rows
    answer.cited = cited
    return answer


def _details(p: summary.SourcePart, t: analysis.Tie) -> str:
    bits = [", ".join(t.kinds)] if len(t.kinds) > 1 or t.kinds != [t.statements[0].kind] else []
    bits += p.weapons[:2] + p.treaties[:2]
    if p.levels:
        bits.append(f"hostility level up to {max(p.levels)}")
    if p.deaths:
        bits.append(f"{p.deaths:,} battle deaths")
    if p.undated and p.undated != len(p.statements):
        bits.append(f"{p.undated} undated")
    if p.verdict:
        bits.append(p.verdict.split(":")[0].split(" (")[0])  # 'contradicted', 'SIPRI records it'
    return "; ".join(bits)


def _as_of(found: list[analysis.Tie], sources: dict) -> str:
    """' (end of each source's data: SIPRI 2024, article 2024)'."""
    used = {src for t in found for s in t.statements for src in s.sources}
    ends = sorted({(sources[u].short, sources[u].last_year) for u in used
                   if u in sources and sources[u].last_year is not None})
    if not ends:
        return ""
    return " (end of each source's data: " + ", ".join(f"{name} {year}" for name, year in ends) + ")"


def _supporters(ctx: Context) -> Answer:
    if ctx.question.combination:
        from .combined import answer

        return answer(ctx, incoming=True)
    return _ties_answer(ctx, analysis.supporters(ctx.graph, ctx.ids[0], ctx.aspect), ctx.aspect.many)


def _opponents(ctx: Context) -> Answer:
    if ctx.question.combination:
        from .combined import answer

        return answer(ctx, incoming=True)
    return _ties_answer(ctx, analysis.opponents(ctx.graph, ctx.ids[0], ctx.aspect), ctx.aspect.many)


def _supported(ctx: Context) -> Answer:
    if ctx.question.combination:
        from .combined import answer

        return answer(ctx, incoming=False)
    return _ties_answer(ctx, analysis.supported(ctx.graph, ctx.ids[0], ctx.aspect), "", ctx.verb)


def _given(ctx: Context, giver: str, taker: str, test: Callable[[dict], bool] | None = None) -> list[Statement]:
    """Statements by which ``giver`` stands in the asked relation (or ``test``'s) to ``taker``."""
    return [s for s in between(ctx.graph, giver, taker, test or ctx.aspect.test) if s.symmetric or s.subject == giver]


def _caveats(ctx: Context, a: str, b: str, shown: list[Statement]) -> list[Statement]:
    """What else lies between ``a`` and ``b`` that qualifies a yes: for a question about
    cooperation, conflict and neutral statements such as a non-intervention; for one about
    conflict, cooperation and neutral ones."""
    sign = ctx.aspect.sign
    ids = {s.id for s in shown}
    found = [s for s in between(ctx.graph, a, b) if s.id not in ids and s.polarity * sign <= 0]
    if ctx.present:  # about now: the newest first
        return sorted(found, key=lambda s: (s.polarity == 0, *_newest(s)))
    # The opposite ties first, then the neutral ones, each in time order.
    return sorted(found, key=lambda s: (s.polarity == 0, s.start is None, s.start or 0, s.id))


def _check(ctx: Context) -> Answer:
    a, b = ctx.actors
    verb = ctx.verb
    when = _when(ctx.window)
    given = _given(ctx, a.iri, b.iri)
    caveats = _caveats(ctx, a.iri, b.iri, given)
    holding = ctx.current(given)
    if given and not holding:
        last = max((summary.last_year(x) for x in given if summary.last_year(x) is not None), default=None)
        ago = f"last in {last}" if last is not None else "no longer"
        return ctx.answer("no", f"No, not now{ctx.as_of(given)}: {a.label} {ctx.aspect.past or verb} {b.label} {ago} "
                                f"({_kinds(given)}: {_phrases(sorted(given, key=_newest)[:3], 3)})", given + caveats)
    given = holding
    if given:
        sentence = f"Yes: {a.label} {verb} {b.label}{when} ({_kinds(given)}; {ctx.sourced(given)})"
        if caveats:
            sentence += f", but the sources also record: {_phrases(caveats)}"
        return ctx.answer("yes", sentence, given + caveats)
    test = ctx.aspect.test
    if ctx.undated(lambda s: {s.subject, s.object} == {a.iri, b.iri} and test(s.data)):
        return ctx.answer("unknown", f"Unknown{when}: the sources date no statement that {a.label} {verb} "
                                     f"{b.label} then", [])
    everything = between(ctx.graph, a.iri, b.iri)
    if everything:
        return ctx.answer("no", f"No: the graph records no statement that {a.label} {verb} {b.label}{when}; "
                                f"what it records between them: {_phrases(everything)}", everything)
    return ctx.answer("unknown", f"Unknown: the graph records nothing between {a.label} and {b.label}{when}", [])


def _newest(s: Statement):
    return -(summary.last_year(s) or -10**6), s.id


def _either(ctx: Context) -> Answer:
    a, b, c = ctx.actors
    verb = ctx.verb
    when = _when(ctx.window)
    ever_b, ever_c = _given(ctx, a.iri, b.iri), _given(ctx, a.iri, c.iri)
    to_b, to_c = ctx.current(ever_b), ctx.current(ever_c)
    conflict = between(ctx.graph, b.iri, c.iri, lambda d: d["polarity"] < 0)
    conflict = conflict if _dual_role_between(ctx, a.iri, b.iri, c.iri) else []
    caveats = _caveats(ctx, a.iri, b.iri, to_b) + _caveats(ctx, a.iri, c.iri, to_c)
    results = to_b + to_c
    if ctx.question.combination == "all":  # "Does A arm both B and C?"
        verdict = "yes" if to_b and to_c else "no"
        given = [f"{x.label} ({_kinds(to)})" for x, to in ((b, to_b), (c, to_c)) if to]
        missing, last = _not_towards(ctx, [(x, ever) for x, to, ever in ((b, to_b, ever_b), (c, to_c, ever_c))
                                           if not to])
        results += last
        sentence = (f"Yes: {a.label} {verb} both {b.label} ({_kinds(to_b)}) and {c.label} ({_kinds(to_c)}){when}"
                    if verdict == "yes" else
                    f"No: {a.label} {verb} " + (" and ".join(given) + ", but " if given else "neither, ")
                    + missing + when)
        if conflict and verdict == "yes":
            sentence += (f", while {b.label} and {c.label} are in conflict ({_kinds(conflict)}): "
                         f"{a.label} plays a dual role")
            results += conflict
        if caveats:
            sentence += f"; the sources also record: {_phrases(caveats)}"
        return ctx.answer(verdict, sentence, results + caveats, dual_role=bool(to_b and to_c and conflict))
    if to_b and to_c:
        verdict, choice = "both", None
        sentence = (f"Both: {a.label} {verb} {b.label} ({_kinds(to_b)}) and {c.label} ({_kinds(to_c)}){when}")
        if conflict:
            sentence += (f", while {b.label} and {c.label} are in conflict ({_kinds(conflict)}): "
                         f"{a.label} plays a dual role")
            results += conflict
    elif to_b or to_c:
        verdict = "yes"
        chosen, other, given, ever_other = (b, c, to_b, ever_c) if to_b else (c, b, to_c, ever_b)
        choice = {"id": chosen.iri, "label": chosen.label}
        missing, last = _not_towards(ctx, [(other, ever_other)])
        sentence = f"{chosen.label}: {a.label} {verb} {chosen.label}{when} ({_kinds(given)}); {missing}"
        results += last
    else:
        choice = None
        anything = between(ctx.graph, a.iri, b.iri) + between(ctx.graph, a.iri, c.iri)
        verdict = "no" if anything else "unknown"
        missing, last = _not_towards(ctx, [(b, ever_b), (c, ever_c)])
        results += last
        sentence = (f"Neither now{ctx.as_of(last)}: {missing}" if last else
                    f"Neither: the graph records no statement that {a.label} {verb} {b.label} or {c.label}{when}"
                    if anything else f"Unknown: the graph records nothing between {a.label} and "
                                     f"{b.label} or {c.label}{when}")
    if caveats:
        sentence += f"; the sources also record: {_phrases(caveats)}"
    return ctx.answer(verdict, sentence, results + caveats, choice=choice,
                      dual_role=bool(to_b and to_c and conflict))


def _not_towards(ctx: Context, missing: list[tuple[Match, list[Statement]]]) -> tuple[str, list[Statement]]:
    """Of the actors ``missing`` a tie now, each with every statement of that tie towards it:
    'the graph records no such statement towards Pakistan'; for ties that ended, in the
    present tense, 'none now towards Pakistan (last in 2014)' (France's arms deals), with
    the latest statement of each as its evidence."""
    latest = {x.label: min(ever, key=_newest) for x, ever in missing if ctx.present and ever}
    never = [x.label for x, _ in missing if x.label not in latest]
    clauses = [f"none now towards {x} (last in {summary.last_year(s) or 'an undated statement'})"
               for x, s in latest.items()]
    if never:
        clauses.append(f"the graph records no such statement towards {' or '.join(never)}")
    return "; ".join(clauses), list(latest.values())


_RELATION_WORDS = {"supports": "cooperation only", "opposes": "conflict only",
                   "both": "both cooperation and conflict", "none": "no cooperation or conflict recorded"}


def _relation(ctx: Context) -> Answer:
    a, b = ctx.actors
    report = analysis.relation(ctx.graph, a.iri, b.iri)
    when = _when(ctx.window)
    if not report.statements:
        return ctx.answer(None, f"The graph records nothing between {a.label} and {b.label}{when}", [],
                          relation=report.verdict)
    parts = [f"cooperation: {_phrases(report.cooperation)}" if report.cooperation else "",
             f"conflict: {_phrases(report.conflict)}" if report.conflict else "",
             f"also: {_phrases(report.other)}" if report.other else ""]
    sentence = (f"{a.label} and {b.label}{when}: {_RELATION_WORDS[report.verdict]} — "
                + "; ".join(p for p in parts if p))
    return ctx.answer(None, sentence, report.statements, relation=report.verdict)


def _impact(ctx: Context) -> Answer:
    x, a, b = ctx.actors
    found = causes.impact(ctx.graph, x.iri, a.iri, b.iri)
    when = _when(ctx.window)
    if found.chains:
        chains = _listing([", which led to ".join(s.phrase() for s in chain) for chain in found.chains], 3)
        sentence = f"Through the causes the sources record{when}: {chains}"
        if found.other_causes:
            sentence += f" (together with: {_phrases(found.other_causes)})"
    elif found.context:
        sentence = (f"The sources record no causal link from {x.label} to relations between {a.label} and "
                    f"{b.label}{when}; {x.label}'s own ties to them: {_phrases(found.context)}")
        if found.links:
            sentence += f"; between {a.label} and {b.label}: {_phrases(found.links)}"
    else:
        sentence = f"The graph records no link from {x.label} to {a.label} or {b.label}{when}"
    # "What role does Russia play between Armenia and Azerbaijan?": whom the actor backs and
    # opposes of the two is the answer's first fact, and a dual role above all, whatever the
    # causes recorded (with a causal chain, the chain comes first).
    support = analysis.ASPECTS["support"].test
    to_a, to_b = (ctx.current(_given(ctx, x.iri, y.iri, support)) for y in (a, b))
    against_a, against_b = (ctx.current(between(ctx.graph, x.iri, y.iri, lambda d: d["polarity"] < 0)) for y in (a, b))
    conflict = between(ctx.graph, a.iri, b.iri, lambda d: d["polarity"] < 0)
    dual = bool(to_a and to_b and conflict and _dual_role_between(ctx, x.iri, a.iri, b.iri))
    lead = None
    if dual:
        lead = (f"{x.label} supports both {a.label} ({_kinds(to_a)}) and {b.label} ({_kinds(to_b)}){when}, "
                f"while they are in conflict ({_kinds(conflict)}): {x.label} plays a dual role")
    elif not found.chains and (to_a or to_b or against_a or against_b):
        stance = [clause for y, to, against in ((a, to_a, against_a), (b, to_b, against_b))
                  for clause in ([f"supports {y.label} ({_kinds(to)})"] if to else [])
                  + ([f"opposes {y.label} ({_kinds(against)})"] if against else [])]
        lead = f"{x.label} {_join(stance)}{when}"
        if conflict and (to_a or to_b):
            lead += f", while {a.label} and {b.label} are in conflict ({_kinds(conflict)})"
    if lead:
        sentence = f"{lead}. {sentence[0].upper()}{sentence[1:]}"
    return ctx.answer(None, sentence, found.statements + to_a + to_b + against_a + against_b + conflict,
                      impact=found.to_dict(), dual_role=dual)


def _paths(ctx: Context) -> Answer:
    a, b = ctx.actors
    found = signed.paths(ctx.graph, a.iri, b.iri)
    when = _when(ctx.window)
    if not found:
        return ctx.answer(None, f"{a.label} and {b.label} are not connected by cooperation or conflict{when}", [],
                          paths=[])
    listing = "; ".join(f"{p.text()} ({p.reading})" for p in found)
    return ctx.answer(None, f"{a.label} and {b.label} are connected{when} by: {listing}",
                      [s for p in found for step in p.steps for s in step], paths=[p.to_dict() for p in found])


def _dual_role_between(ctx: Context, actor: str, b: str, c: str) -> bool:
    """Whether ``actor`` plays a dual role between ``b`` and ``c`` as ``signed.dual_roles``
    finds one: cooperation with both while they are in conflict, the three ties holding
    together in some year. Turkey's alliance with China (1945) and the United States
    (1959-) and the conflicts between those two (none in 1945) are no dual role."""
    return any({t.b, t.c} == {b, c} for t in signed.dual_roles(ctx.graph, actor))


def _triad_phrase(t: signed.Triad, window: Window | None = None) -> str:
    a, b, c = t.labels
    return (f"{a} cooperates with {b} ({_kinds(t.with_b)}) and {c} ({_kinds(t.with_c)}), "
            f"which are in conflict ({_kinds(t.conflict)})" + _years_together(t, window))


def _years_together(t: signed.Triad, window: Window | None) -> str:
    """', together in 1961', ', together in 1953-2006 (6 spans)' ('': the ties are undated,
    so may hold together at any time; or together all through the question's window, which
    the answer names: 'in 2020')."""
    from ..network import overlap

    whole = overlap.in_window(window)
    if not t.years.spans or (whole is not None and t.years.spans == whole.spans):
        return ""
    return f", together in {t.years.brief()}"


def _dual_roles(ctx: Context) -> Answer:
    triads = signed.dual_roles(ctx.graph)
    summary = signed.balance(ctx.graph)
    when = _when(ctx.window)
    share = (f"{len(summary.balanced)} of {summary.triangles} triangles of signed ties are balanced "
             f"({summary.share:.0%})" if summary.triangles else "the network has no triangle of signed ties")
    details = {"triads": signed.triad_dicts(triads), "balance": summary.to_dict()}
    if not triads:
        return ctx.answer(None, f"Nobody plays a dual role{when}; {share}", [], **details)
    return ctx.answer(None, f"{len(triads)} dual role{'s' if len(triads) != 1 else ''}{when}: "
                            + _listing([_triad_phrase(t, ctx.window) for t in triads], 5) + f"; {share}",
                      [s for t in triads for s in t.statements], **details)


def _dual_role(ctx: Context) -> Answer:
    (x,) = ctx.actors
    triads = signed.dual_roles(ctx.graph, x.iri)
    when = _when(ctx.window)
    if not triads:
        return ctx.answer("no", f"No: the graph records no pair of actors in conflict that {x.label} "
                                f"cooperates with both at the same time{when}", [], triads=[])
    found, read = ctx.graph.graph.get("pairs_found", 0), ctx.graph.graph.get("pairs_read", 0)
    bound = (f" (among the {read} pairs of its partners in conflict with the most statements of {x.label}; "
             f"{found} such pairs in all)" if found > read else "")
    extra = {"pairs_in_conflict": found, "pairs_read": read} if bound else {}
    # A hub's triads name some of the statements they count: they rest on the sources of all.
    counted = ctx.graph.graph.get("tie_sources")
    relied = _reliance_of(ctx.store, {src for t in triads for pair in ((t.actor, t.b), (t.actor, t.c), (t.b, t.c))
                                      for src in counted.get(pair, ())}) if counted else None
    return ctx.answer("yes", f"Yes{when}{bound}: " + _listing([_triad_phrase(t, ctx.window) for t in triads], 5),
                      [s for t in triads for s in t.statements], relied_on=relied, triads=signed.triad_dicts(triads),
                      **extra)


def _reliable_ally(ctx: Context) -> Answer:
    a = ctx.actors[0]
    partners = [ctx.actors[1]] if len(ctx.actors) > 1 else None
    when = _when(ctx.window)
    if partners is None:
        found = [analysis.commitment(ctx.graph, a.iri, p) for p in sorted(
            {s.other(a.iri) for s in incident(ctx.graph, a.iri, lambda d: d["edge"] == analysis.ALLY_EDGE)})]
    else:
        found = [analysis.commitment(ctx.graph, a.iri, partners[0].iri)]
    found = [c for c in found if c.commitments]
    partner_text = partners[0].label if partners else "any actor"
    if not found and ctx.undated(lambda s: s.edge == analysis.ALLY_EDGE):
        return ctx.answer("unknown", f"Unknown{when}: the sources date no alliance of {a.label} with {partner_text} "
                                     f"in force then", [], commitments=[])
    if not found:
        everything = between(ctx.graph, a.iri, partners[0].iri) if partners else []
        return ctx.answer("no", f"No: {a.label} is not recorded as an ally of {partner_text}{when}", everything,
                          commitments=[])
    unmet = [c for c in found if c.unmet]
    # What casts doubt on the commitments that went unmet (the partner's conflict with the ally):
    # not every hostility between the ally and its other allies over two centuries.
    doubts = [s for c in unmet for s in _doubts(ctx, c)]
    # An alliance that ended is spoken of as past, with its last year: the United States
    # and Taiwan were allies 1954-1980 (ATOP), and are not at the end of ATOP's data. A
    # question in the past tense speaks of every alliance as past (the perfect, of those in
    # force as present); one about a period, of the alliances in force then.
    sources = ctx.graph.graph.get("sources", {})
    in_force_now = {c.partner: any(summary.holds_now(s, sources) for s in c.commitments) for c in found}
    now = {partner: ctx.window is not None or held for partner, held in in_force_now.items()}
    verb = "was" if ctx.window is None and getattr(ctx.question, "tense", "present") == "past" else "is"
    details = {"commitments": [c.to_dict() | {"in_force_now": in_force_now[c.partner]} for c in found]}
    if not unmet:
        held = [c for c in found if now[c.partner]]
        ended = [c for c in found if not now[c.partner]]
        ties = [f"{verb} an ally of {_first_of([c.partner_label for c in held])} "
                f"({_kinds([s for c in held for s in c.commitments])})"] if held else []
        ties += ["was an ally of " + _first_of([f"{c.partner_label} ({_kinds(c.commitments)}{_ended(c, now)})"
                                                for c in ended])] if ended else []
        sentence = (f"Yes, as far as the graph shows: {a.label} {_join(ties)} "
                    f"and no unmet commitment is recorded{when}")
        if ended and not held and ctx.present:
            sentence += f"; no alliance between them is in force{ctx.as_of([s for c in ended for s in c.commitments])}"
        return ctx.answer("yes", sentence, [s for c in found for s in c.commitments], **details)
    clauses = [f"{a.label} {verb if now[c.partner] else 'was'} {c.partner_label}'s ally ({_kinds(c.commitments)}"
               f"{_ended(c, now)}) but did not meet that commitment in "
               f"{_join([str(y) for y in c.years])}: " + "; ".join(_trigger_phrase(c, t) for t in c.triggers)
               for c in unmet]
    sentence = "No: " + _listing(clauses, 5)
    if doubts:
        sentence += f"; the sources also record: {_phrases(doubts)}"
    return ctx.answer("no", sentence, [s for c in unmet for s in c.statements] + doubts, **details)


def _ended(c: analysis.Commitment, now: dict[str, bool]) -> str:
    """', until 1980': the last year of an alliance that ended (``now``: partner -> whether
    one is in force at the end of its sources' data); nothing for one that did not."""
    if now[c.partner]:
        return ""
    years = [summary.last_year(s) for s in c.commitments if summary.last_year(s) is not None]
    return f", until {max(years)}" if years else ", not in force now"


def _first_of(names: list[str], limit: int = 10) -> str:
    """'A, B and C'; past ``limit`` names 'A, B, ... and 56 more' (JSON has them all)."""
    more = len(names) - limit
    return _join(names) if more <= 0 else ", ".join(names[:limit]) + f" and {more} more"


def _trigger_phrase(c: analysis.Commitment, t: analysis.Trigger) -> str:
    """The trigger's own statement, plus what made it count (see analysis._triggers)."""
    if t.attacker is not None:
        return f"{t.statement.phrase()} with no support from {c.ally_label} recorded"
    if t.statement.data.get("outcome") == analysis.NOT_HONOURED:
        return f"{t.statement.phrase()}, not honoured"
    return t.statement.phrase()


def _doubts(ctx: Context, c: analysis.Commitment) -> list[Statement]:
    """Conflict statements from the partner, or from people holding office in it, towards the ally."""
    office = incident(ctx.graph, c.partner, lambda d: d["edge"] == analysis.OFFICE_EDGE)
    voices = {c.partner} | {s.subject for s in office if s.object == c.partner}
    return [s for v in sorted(voices) for s in between(ctx.graph, v, c.ally, lambda d: d["polarity"] < 0)
            if s.symmetric or s.subject == v]


def _profile(ctx: Context) -> Answer:
    (x,) = ctx.actors
    found = profile.profile(ctx.store, ctx.graph, x.iri)
    when = _when(ctx.window)
    # A place is described first by what is neutral about it (where it lies, whose it is,
    # who lives there), an actor by whom it cooperates or conflicts with.
    rank = (lambda s: abs(s.polarity)) if found.category == "place" else (lambda s: -abs(s.polarity))
    ordered = sorted(found.statements, key=lambda s: (s.subject != x.iri, rank(s))) + found.about
    head = f"{found.label} is {_a(found.type_label or found.category)}"
    if found.definition:
        head += f" ({found.definition})"
    ranked = _by_relation(found.ties)
    hub = profile.is_hub(found.ties)  # a hub of the world data: 8 of Russia's 5,523 statements say little of it
    shown = _sampled(ordered, [relation for relation, _ in ranked]) if hub else ordered[:8]
    clauses = [s.phrase() + (f", over {found.label}" if s in found.about else "") for s in shown]
    more = found.total - len(clauses)
    sentence = head + (f"{when}: " + "; ".join(clauses) + (f"; and {more} more" if more > 0 else "") if clauses else "")
    if hub:
        sentence += f"; in all, {_tally(ranked, found.total, x.iri)}"
    # A hub's results are what its answer names and its ties count the rest; the sources
    # are those of every tie.
    relied = _reliance_of(ctx.store, {src for t in found.ties for src in t.sources}) if hub else None
    return ctx.answer(None, sentence, ordered, relied_on=relied, profile=found.to_dict())


def _reliance_of(store: Store, sources: set[str]) -> Reliance:
    """What ``sources`` (IRIs) are and how far they can be trusted, as a statement's carry them."""
    from ..network.project import source_index

    info = source_index(store)
    return Reliance(tuple(sorted(((iri, info[iri].label, info[iri].grade, info[iri].low_reliability) if iri in info
                                  else (iri, iri, None, False) for iri in sources), key=lambda s: s[1])))


def _by_relation(ties: list[profile.Tie]) -> list[tuple[str, list[profile.Tie]]]:
    """The ties grouped by relation, the relations with the most statements first."""
    groups: dict[str, list[profile.Tie]] = {}
    for t in ties:
        groups.setdefault(t.relation, []).append(t)
    return sorted(groups.items(), key=lambda item: (-sum(t.statements for t in item[1]), item[0]))


def _sampled(statements: list[Statement], relations: list[str], most: int = 8) -> list[Statement]:
    """What a hub's profile names of its statements: up to half of them quoted from a text
    (the article's), then the latest of each relation, the relations with the most
    statements first (``relations``); not its first arms deals in identifier order."""
    groups: dict[str, list[Statement]] = {}
    for s in statements:
        groups.setdefault(s.kind, []).append(s)
    latest = [max(groups[r], key=lambda s: (s.end or s.start or -10_000, s.start or -10_000, s.id))
              for r in relations if r in groups]
    quoted = [s for s in statements if s.data.get("quotes")]
    return unique(quoted[:most // 2] + latest + quoted)[:most]


def _tally(ranked: list[tuple[str, list[profile.Tie]]], total: int, entity: str, most: int = 6) -> str:
    """'5,523 statements: arms with 137 others (4,647), hostility with 57 (408), ...': the
    relations with the most statements first, each with how many others (actors, treaties)
    it ties ``entity`` to."""
    parts = []
    for i, (relation, group) in enumerate(ranked[:most]):
        others = {n for t in group for n in t.others(entity)}
        parts.append(f"{relation} with {len(others):,}{(' other' if len(others) == 1 else ' others') if i == 0 else ''}"
                     f" ({sum(t.statements for t in group):,})")
    rest = len(ranked) - most
    return (f"{total:,} statements: " + ", ".join(parts)
            + (f", and {rest} other relation{'s' if rest != 1 else ''}" if rest > 0 else ""))


def _treaty(ctx: Context) -> Answer:
    (x,) = ctx.actors
    node = ctx.graph.nodes[x.iri] if x.iri in ctx.graph else {}
    if node.get("category") != "treaty":
        raise NotFound(f"'{x.label}' is {_a(node.get('type_label') or 'entity')}, not a treaty",
                       f"ask 'What is {x.label}?' instead")
    report = profile.treaty(ctx.store, ctx.graph, x.iri)
    when = _when(ctx.window)
    clauses = []
    if report.obligations:
        clauses.append("it creates " + _join([f"a {t.label} obligation" + (f" ({t.definition.rstrip('.')})"
                                                                          if t.definition else "")
                                              for _, t in report.obligations]))
    if report.parties:
        clauses.append(f"its parties are {_join(report.party_labels)}")
    if report.alliances:
        allies = sorted({label for s in report.alliances for label in (s.subject_label, s.object_label)})
        clauses.append(f"so {_join(allies)} are allies under it ({_kinds(report.alliances)})")
    for s, outcome in report.invocations:
        clauses.append(s.phrase() + (f": {outcome.label}" if outcome else ""))
    if not clauses:
        return ctx.answer(None, f"The graph records nothing about what {report.label} entails{when}", [],
                          treaty=report.to_dict())
    return ctx.answer(None, f"{report.label}{when}: " + "; ".join(clauses), report.statements,
                      treaty=report.to_dict())


# What each intent's analysis reads (see ``around.graph_for``).
NEEDS = {"supporters": "supporters", "supported": "outgoing", "opponents": "incoming", "check": "between",
         "either": "between", "relation": "between", "impact": "causes", "paths": "paths",
         "dual-roles": "network", "dual-role": "dual-role", "reliable-ally": "commitments",
         "profile": "entity", "treaty": "entity"}
# The intents about ties one way round: towards the actor (True) or from it.
INCOMING = {"supporters": True, "opponents": True, "supported": False}

ANSWERERS: dict[str, Callable[[Context], Answer]] = {
    "supporters": _supporters,
    "supported": _supported,
    "opponents": _opponents,
    "check": _check,
    "either": _either,
    "relation": _relation,
    "impact": _impact,
    "paths": _paths,
    "dual-roles": _dual_roles,
    "dual-role": _dual_role,
    "reliable-ally": _reliable_ally,
    "profile": _profile,
    "treaty": _treaty,
}


def aspect_of(store: Store, question: Question) -> analysis.Aspect | None:
    """The answers' aspect the question's verb names, else one for the kinds it names (a
    kind the ontology gives no known aspect), else None: the analyses that need an aspect
    take support then (``around.graph_for``, ``analysis.aspect``)."""
    if question.aspect in analysis.ASPECTS:
        return analysis.ASPECTS[question.aspect]
    if question.kinds:
        from ..query.lexicon import lexicon

        return kind_aspect(question.kinds, lexicon(store), question.phrase)
    return None


def prepare(store: Store) -> None:
    """Build, right after a write changed ``store``, what every question reads before it
    reads about its actors: the actor index, the lexicon, the relation kinds and the
    sources, kept in the cache for the new data generation (``store.cached``). The import
    pays for them once, so the first question after it does not: on the generated
    10M-triple world the actor index alone (66,000 names) takes ~4 s. Nothing for stores
    that are not cached (in memory, an endpoint, ``ACTORKG_NO_CACHE``)."""
    from .. import paths
    from ..network.project import kinds, source_index
    from ..network.rowcache import cached_rows
    from ..query.lexicon import lexicon
    from ..store.cached import generation

    if paths.cache_dir() is None or generation(store) is None:
        return
    # What this store object read before the write is stale now (the one place that forgets
    # the index, lexicon and rows a store object keeps in memory).
    for read in ("_actor_index", "_lexicon", "_cached_rows"):
        if read in getattr(store, "__dict__", {}):
            delattr(store, read)
    ActorIndex.of(store)
    lexicon(store)
    kinds(store)
    source_index(store)
    cached_rows(store, "source-kinds")


def ask(store: Store, text: str, window: Window | None = None, sources: list[str] | None = None) -> Answer:
    """Answer ``text`` from ``store``. ``window`` (from --as-of/--between) and a time phrase
    in the question are alternatives; ``sources`` (names, see ``network.select_sources``)
    restricts the statements used."""
    from . import combined

    from ..query.lexicon import lexicon

    question = parse(text, lexicon(store))
    if window is not None and question.window is not None and window != question.window:
        raise UsageError(f"the question says '{question.window.describe()}' but the options say "
                         f"'{window.describe()}'", "give the time in the question or with --as-of/--between, not both")
    window = window or question.window
    question, actors = combined.resolve(ActorIndex.of(store), question)
    ids = [m.iri for m in actors]
    if len(set(ids)) < len(ids):  # "How are Armenia and Armenia related?", "Does Russia support Russia?"
        twice = next(m.label for i, m in enumerate(actors) if m.iri in ids[:i])
        raise UsageError(f"the question names {twice} twice", "name different actors in each place")
    chosen = select_sources(store, sources)
    need = "actors" if question.combination else NEEDS[question.intent]
    graph = around.graph_for(store, need, ids, window, chosen, aspect_of(store, question))
    answer = ANSWERERS[question.intent](Context(store, graph, question, actors, window, chosen))
    # A fuzzy match is never silent: the answer says first what it took the name as.
    answer.taken = [m for m in actors if m.asked]
    answer.answer = taking(answer.taken) + answer.answer
    return answer
