"""A query's cost class from its parsed form, before it runs: is it heavy?

The server sends heavy queries to slots of their own (``serve/workers.py``), so a join that
never ends cannot take the worker a quick query is waiting for. Nothing here knows the
data: the estimate is the shape of the query alone, read from rdflib's SPARQL algebra.

Each part of a group is given the rows it yields for one row of what came before, given
the variables bound by then (constants count as bound):

- ``one``: a triple pattern whose subject or object is bound — as many rows as that node
  has edges; also a VALUES block, a BIND, and a path with one end bound;
- ``scan``: only the predicate bound — the extent of one predicate (all labels, say);
  also a path (sequence, alternative, inverse) between two open ends;
- ``all``: nothing bound — every triple in the store; also a negated property set
  between open ends;
- a ``*`` or ``+`` path between two open ends is heavy by itself: every node with all
  it reaches.

The parts of a group are taken as an engine would take them: the one with the fewest rows
first, then the next given what that bound. ``COMBINE`` says what the rows so far times the
next part's rows come to; ``None`` there means heavy. In words: every triple joined with
anything more (``?s ?p ?o . ?o ?q ?r``), and a product of two scans with no bound variable
between them (``?a ?b ?c . ?d ?e ?f``), are heavy; a scan of everything alone, grouped or
counted, is not (linear in the store: 0.5 s on the world store).

OPTIONAL, UNION, GRAPH and EXISTS parts are estimated the same way inside, with the
variables bound outside; sub-SELECTs and MINUS are evaluated on their own. The estimate
errs towards heavy where shapes alone cannot tell (a LIMIT does not make a join light: a
FILTER may discard every row); a query estimated light that runs long is still caught by
the running-time rule of the worker pool.
"""

from __future__ import annotations

import contextvars

from rdflib.paths import MulPath, NegatedPath, Path
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import BNode, Variable

ONE, SCAN, ALL = "one", "scan", "all"
PREDICATE = "predicate"  # only the predicate bound, by a variable
SAME = "same"  # a BIND or FILTER: at most the rows it is given
HUGE = "huge"  # heavy whatever came before
_ORDER = {SAME: -1, ONE: 0, PREDICATE: 1, SCAN: 2, ALL: 3, HUGE: 4}
# Rows so far x rows of the next part (per row so far) -> rows afterwards; None: heavy.
COMBINE = {
    (ONE, ONE): ONE, (ONE, PREDICATE): SCAN, (ONE, SCAN): SCAN, (ONE, ALL): ALL,
    (SCAN, ONE): SCAN, (SCAN, PREDICATE): ALL, (SCAN, SCAN): None, (SCAN, ALL): None,
    (ALL, ONE): None, (ALL, PREDICATE): None, (ALL, SCAN): None, (ALL, ALL): None,
}
# Operators that wrap a pattern without changing how many rows it yields.
_WRAPPERS = {"Project", "Distinct", "Reduced", "OrderBy", "Slice", "Group", "AggregateJoin",
             "SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery"}
_GROUPS = {"LeftJoin", "Union", "Minus", "Graph"}
# Groups are estimated again for each choice in the group around them: a query nested to
# make that explode is called heavy after this many estimates (real queries need dozens).
MAX_ESTIMATES = 5_000
_estimates: contextvars.ContextVar[list[int]] = contextvars.ContextVar("estimates")


class Heavy(Exception):
    """The query's shape makes it heavy; the message says which part."""


def heavy_reason(algebra, bound=()) -> str | None:
    """Why the query (``Query.algebra`` from rdflib) is heavy, or None if it looks light;
    ``bound``: variables given a value before it runs (a named query's parameters)."""
    token = _estimates.set([0])
    try:
        _rows(algebra, frozenset(Variable(v) for v in bound), ONE)
    except Heavy as e:
        return str(e)
    finally:
        _estimates.reset(token)
    return None


def _open(term, bound) -> bool:
    return isinstance(term, (Variable, BNode)) and term not in bound


def _triple_rows(triple, bound) -> str:
    s, p, o = triple
    if not (_open(s, bound) and _open(o, bound)):
        return ONE
    if isinstance(p, Path):
        if any(isinstance(part, MulPath) and part.mod in ("*", "+") for part in _path_parts(p)):
            return HUGE
        return ALL if any(isinstance(part, NegatedPath) for part in _path_parts(p)) else SCAN
    if isinstance(p, Variable):
        return ALL if _open(p, bound) else PREDICATE
    return SCAN


def _path_parts(path):
    """The path and every path inside it (sequences and alternatives hold ``args``, a
    repeated path ``path``, an inverse ``arg``)."""
    yield path
    children = list(getattr(path, "args", None) or []) + [getattr(path, a) for a in ("path", "arg") if hasattr(path, a)]
    for child in children:
        if isinstance(child, Path):
            yield from _path_parts(child)


def _variables(node) -> set:
    """Every variable an expression or pattern mentions."""
    found: set = set()

    def walk(n):
        if isinstance(n, Variable):
            found.add(n)
        elif isinstance(n, CompValue):
            for key, value in n.items():
                if key != "_vars":
                    walk(value)
        elif isinstance(n, (list, tuple, set, frozenset)):
            for value in n:
                walk(value)
        elif isinstance(n, dict):
            for key, value in n.items():
                walk(key)
                walk(value)

    walk(node)
    return found


class _Part:
    """One part of a group: rows it yields per row so far, and the variables it binds."""

    def __init__(self, kind: str, node, needs: frozenset = frozenset()):
        self.kind, self.node, self.needs = kind, node, needs

    def ready(self, bound) -> bool:
        return self.needs <= bound

    def rows(self, bound) -> tuple[str, frozenset]:
        if self.kind == "triple":
            return _triple_rows(self.node, bound), bound | {t for t in self.node if isinstance(t, (Variable, BNode))}
        if self.kind == "bind":
            return SAME, bound | {self.node}
        if self.kind == "filter":  # an EXISTS inside is evaluated once per row so far
            inside = [_rows(graph, bound, ONE, binds=True)[0] for graph in _exists_graphs(self.node)]
            return max(inside, key=_ORDER.get, default=SAME), bound
        if self.kind == "values":
            return ONE, bound | _variables(self.node)
        if self.kind == "alone":  # a sub-SELECT: evaluated by itself, then joined on what it binds
            rows = _rows(self.node, frozenset(), ONE)
            binds = frozenset(self.node.get("PV") or _variables(self.node))
            return (ONE if binds & bound else rows), bound | binds
        return _rows(self.node, bound, ONE, binds=True)  # OPTIONAL, UNION, GRAPH, MINUS


def _exists_graphs(expr):
    if isinstance(expr, CompValue):
        if expr.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            graph = expr.graph
            if graph.name == "GroupGraphPatternSub":
                from rdflib.plugins.sparql.algebra import translateGroupGraphPattern

                graph = translateGroupGraphPattern(graph)
            yield graph
        for key, value in expr.items():
            if key != "_vars":
                yield from _exists_graphs(value)
    elif isinstance(expr, (list, tuple)):
        for value in expr:
            yield from _exists_graphs(value)


def _parts(node) -> list[_Part]:
    """The parts joined in ``node``, Join trees and BGPs flattened into one list."""
    if node is None:
        return []
    name = node.name
    if name == "BGP":
        return [_Part("triple", t) for t in node.triples]
    if name == "Join":
        return _parts(node.p1) + _parts(node.p2)
    if name == "Filter":
        return _parts(node.p) + [_Part("filter", node.expr, frozenset(_variables(node.p)))]
    if name == "Extend":
        return _parts(node.p) + [_Part("bind", node.var, frozenset(_variables(node.expr)) & _variables(node.p))]
    if name == "ToMultiSet":
        return [_Part("values" if node.p.name == "values" else "alone", node.p)]
    if name == "values":
        return [_Part("values", node)]
    if name in _WRAPPERS:
        return _parts(node.p)
    if name in _GROUPS:
        return [_Part("group", node)]
    return []  # nothing else yields rows (SERVICE is refused before this)


def _rows(node, bound: frozenset, rows: str, binds: bool = False):
    """Rows after joining ``node`` onto ``rows`` rows with ``bound`` variables; raises Heavy.
    With ``binds``, returns (rows, bound afterwards) for a nested group."""
    count = _estimates.get()
    count[0] += 1
    if count[0] > MAX_ESTIMATES:
        raise Heavy(f"more than {MAX_ESTIMATES:,} nested parts to estimate")
    name = getattr(node, "name", None)
    if name == "LeftJoin":
        left, after = _rows(node.p1, bound, ONE, binds=True)
        right, after = _rows(node.p2, after, ONE, binds=True)  # per row of the left side
        result = (_join(left, right, node.p2), after)
    elif name == "Union":
        left, a = _rows(node.p1, bound, ONE, binds=True)
        right, b = _rows(node.p2, bound, ONE, binds=True)
        result = (max(left, right, key=_ORDER.get), a & b)
    elif name == "Minus":
        left, after = _rows(node.p1, bound, ONE, binds=True)
        _rows(node.p2, frozenset(), ONE)  # evaluated by itself; only a heavy inside matters
        result = (left, after)
    elif name == "Graph":
        inner, after = _rows(node.p, bound, ONE, binds=True)
        result = (inner, after | ({node.term} if isinstance(node.term, Variable) else set()))
    else:
        result = _group(_parts(node), bound)
    if binds:
        return result
    return _join(rows, result[0], node)


def _group(parts: list[_Part], bound: frozenset) -> tuple[str, frozenset]:
    rows = ONE
    waiting = list(parts)
    while waiting:
        ready = [p for p in waiting if p.ready(bound)] or waiting
        estimates = [(p, *_estimate(p, bound)) for p in ready]
        part, part_rows, after = min(estimates, key=lambda e: _ORDER[e[1]])
        if isinstance(after, Heavy):
            raise after
        if part_rows != SAME:
            rows = _join(rows, part_rows, part.node)
        waiting.remove(part)
        bound = after
    return rows, bound


def _estimate(part: _Part, bound: frozenset):
    """(rows, bound afterwards) of ``part``; a part heavy with the variables bound so far
    comes last (others may yet bind its variables) and is then heavy."""
    try:
        return part.rows(bound)
    except Heavy as e:
        return HUGE, e


def _join(rows: str, more: str, node) -> str:
    if more == HUGE:
        raise Heavy(f"a path of any length between two open ends ({_show_node(node)})")
    combined = COMBINE[rows, more]
    if combined is None:
        what = "every triple" if ALL in (rows, more) else "two scans with no variable between them"
        raise Heavy(f"a join of {what} ({_show_node(node)})")
    return combined


def _show(term) -> str:
    if isinstance(term, Variable):
        return "?" + term
    if isinstance(term, Path):
        return term.n3()
    return term.n3() if hasattr(term, "n3") else str(term)


def _show_triple(triple) -> str:
    return " ".join(_show(t) for t in triple)


def _show_node(node) -> str:
    if isinstance(node, tuple) and len(node) == 3:
        return _show_triple(node)
    triples = [t for t in getattr(node, "triples", None) or []]
    return " . ".join(_show_triple(t) for t in triples[:3]) if triples else getattr(node, "name", "a group")
