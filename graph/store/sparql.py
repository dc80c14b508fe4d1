"""SPARQL text helpers that need no engine: what a query is, and safe parameter binding.

What a query does is decided on its parse tree, never on its text: ``parse`` runs rdflib's
SPARQL 1.1 parser (pyoxigraph does not expose its own) and reports the query form, whether
it names its own dataset (FROM / FROM NAMED) and whether it would reach the network
(SERVICE, LOAD). Nesting depth is limited before parsing, since both parsers recurse per
level: 3,000 nested groups overflow Oxigraph's stack and end the process.

Parameters are never formatted into a query by hand. Each value is an RDF term built by
pyoxigraph (which validates IRIs and escapes literals) and the query receives it as a
``VALUES`` block at the start of its WHERE group. That is plain SPARQL 1.1, so a bound
query runs the same on the embedded store and on any remote endpoint. A parameter is
visible to patterns and FILTERs of the outermost group (not inside sub-SELECTs), which
is how the named queries use them.

The same term is also written into the patterns that mention the parameter ("push-down").
The answers cannot change, since VALUES already fixes the variable to that term, but
engines plan far better around a constant: Oxigraph joins a VALUES block late, so a
pattern like ``?statement ?role ?actor`` was evaluated for every actor first (dual-roles
took 14 s instead of 0.3 s on 100k triples). See ``push_down`` for where it is safe.
Binding edits the text of our own named queries, so it needs positions in that text: a
small scanner finds them (a parser's tree cannot be written back as text).
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from dataclasses import dataclass, field

from ..errors import QueryError

_KEYWORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_VARIABLE = re.compile(r"[A-Za-z0-9_]+")
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_CONCAT = re.compile(r'GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?separator\s*=\s*("(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\')'
                     r'\s*\)\s*AS\s*[?$](\w+)', re.IGNORECASE | re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}

# Deepest nesting of (), {} and [] accepted. Real queries stay far below it; rdflib's
# parser needs about 150 Python frames per level, Oxigraph's a few KB of stack.
MAX_DEPTH = 100
_RECURSION_LIMIT = 25_000
# Parse-tree nodes that make the engine contact another host.
NETWORK_OPERATIONS = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}
_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
          "DescribeQuery": "DESCRIBE"}


@dataclass(frozen=True)
class Parsed:
    """What the parser found in a query or update."""

    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE
    has_dataset: bool  # FROM or FROM NAMED in the query
    network: tuple[str, ...]  # SERVICE / LOAD, in the order found
    heavy: str | None = None  # why the query's shape makes it heavy (see cost.py), if it does


def read_query_file(path: Path) -> str:
    """The text of a .rq file; QueryError (naming the file, line and byte) when it is not
    UTF-8 text, as SPARQL requires, rather than a decoding traceback."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise QueryError(f"{path}: cannot read: {e.strerror or e}", "check the path and its permissions") from None
    if b"\x00" in data[:4096]:
        raise QueryError(f"{path}: not a SPARQL query: this is binary data, not text",
                         "give a text file holding one SPARQL query")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise QueryError(f"{path} line {line}: not UTF-8 text (byte {e.start:,} cannot be decoded)",
                         f"SPARQL files are UTF-8: convert it, e.g. iconv -f LATIN1 -t UTF-8 {path} > copy.rq") from None


def check_depth(text: str) -> None:
    """Refuse text nested deeper than ``MAX_DEPTH`` before any parser recurses into it.

    Counted over the raw text: brackets inside strings or comments count too, which only
    matters for text with a hundred unclosed brackets in a string."""
    depth = deepest = 0
    for c in text:
        if c in "({[":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    raise QueryError(f"the query is nested more than {MAX_DEPTH} levels deep",
                                     "simplify the query: fewer nested groups and parentheses")
        elif c in ")}]":
            depth -= 1


def _syntax_error(text: str, error) -> QueryError:
    lines = text.splitlines() or [""]
    line = error.lineno if 0 < error.lineno <= len(lines) else len(lines)
    shown = lines[line - 1]
    near = shown[error.col - 1:].split()
    where = f"near '{near[0][:40]}'" if near else "at the end of the line"
    return QueryError(f"SPARQL syntax error at line {line}, column {error.col}, {where}"
                      f"\n  {shown}\n  {' ' * (error.col - 1)}^",
                      "check the syntax there (SPARQL 1.1: https://www.w3.org/TR/sparql11-query/)")


def _walk(node, names: list[str]) -> None:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        names.append(node.name)
        for value in node.values():
            _walk(value, names)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            _walk(value, names)


def parse(text: str, estimate: bool = True) -> Parsed:
    """Parse ``text`` as a SPARQL 1.1 query, else as an update; raises QueryError with the
    position when it is neither. A query's ``heavy`` says whether its shape is heavy
    (``cost.py``), unless ``estimate`` is false: only the server routes by it, and in a
    process that needs just the form (``actorkg sparql``, a remote store) it would import
    rdflib's algebra (~0.4 s) and add ~0.04 s per query. Short texts are cached: clients
    repeat their queries."""
    return _parse_cached(text, estimate) if len(text) <= _CACHED_LENGTH else _parse(text, estimate)


_CACHED_LENGTH = 20_000


@functools.lru_cache(maxsize=512)
def _parse_cached(text: str, estimate: bool) -> Parsed:
    return _parse(text, estimate)


def _parse(text: str, estimate: bool) -> Parsed:
    check_depth(text)
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql import parser

    if sys.getrecursionlimit() < _RECURSION_LIMIT:
        sys.setrecursionlimit(_RECURSION_LIMIT)
    try:
        tree, form = parser.parseQuery(text), None
    except ParseBaseException as query_error:
        try:
            tree, form = parser.parseUpdate(text), "UPDATE"
        except ParseBaseException as update_error:
            # Report where the text stopped making sense: the furthest of the two attempts.
            worst = max(query_error, update_error, key=lambda e: e.loc)
            raise _syntax_error(text, worst) from None
        except (ValueError, RecursionError) as e:
            raise QueryError(f"SPARQL syntax error: {e}") from None
    except (ValueError, RecursionError) as e:  # e.g. an invalid \u escape
        raise QueryError(f"SPARQL syntax error: {e}") from None
    names: list[str] = []
    _walk(tree, names)
    heavy = None
    if form is None:
        form = next(_FORMS[n] for n in names if n in _FORMS)
        heavy = _heavy(tree) if estimate else None
    return Parsed(form, "DatasetClause" in names,
                  tuple(dict.fromkeys(NETWORK_OPERATIONS[n] for n in names if n in NETWORK_OPERATIONS)), heavy)


def _heavy(tree) -> str | None:
    """Why the parsed query is heavy (``cost.heavy_reason``), or None. Translating to the
    algebra rewrites ``tree`` in place, so this comes last."""
    from rdflib.plugins.sparql.algebra import translateQuery

    from .cost import heavy_reason

    try:
        algebra = translateQuery(tree).algebra
    except Exception:  # rdflib's algebra refuses some queries the engine runs: no estimate
        return None
    return heavy_reason(algebra)


def concat_separators(sparql: str) -> dict[str, str]:
    """Variable -> separator of each ``GROUP_CONCAT(...; separator="...") AS ?var``."""
    out = {}
    for literal, name in _CONCAT.findall(sparql):
        out[name] = re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), literal[1:-1])
    return out


def groups_solutions(text: str) -> bool:
    """Whether the query has a GROUP BY (anywhere, sub-SELECTs included)."""
    return any(token == "GROUP" for _, token in _scan(text))


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE; raises QueryError for anything else."""
    return parse(text, estimate=False).form


class NetworkAccess(QueryError):
    """A query or update that would make the engine fetch from another host."""


def refuse_network(parsed: Parsed) -> None:
    """Raise NetworkAccess if the query or update would make the engine contact another host."""
    if parsed.network:
        what = " and ".join(parsed.network)
        raise NetworkAccess(f"{what} is not allowed here: this endpoint does not contact other servers",
                         "query only the data this server holds")


def _scan(text: str):
    """Yield (position, token) outside strings, IRIs and comments: braces, parentheses, '*',
    variables (as ``?name``, also for ``$name``) and bare words in upper case. Used only on
    the text of named queries, to bind their parameters."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
        elif c == "<" and _IRI.match(text, i):
            i = _IRI.match(text, i).end()
        elif c in "{}()*":
            yield i, c
            i += 1
        elif c in "?$" and _VARIABLE.match(text, i + 1):
            m = _VARIABLE.match(text, i + 1)
            yield i, "?" + m.group(0)
            i = m.end()
        elif c.isalpha() and (m := _KEYWORD.match(text, i)):
            # Skip prefixed names: "ak:Foo", "rdf:type".
            prev = text[i - 1] if i else " "
            if prev != ":" and not text.startswith(":", m.end()):
                yield i, m.group(0).upper()
            i = m.end()
        else:
            i += 1


def _where_brace(text: str) -> int:
    """Position of the '{' that opens the outermost WHERE group."""
    depth, form, seen_where, top_braces = 0, None, False, 0
    for pos, token in _scan(text):
        if token == "{":
            if depth == 0:
                top_braces += 1
                # CONSTRUCT {template} {pattern} may omit WHERE: the pattern is the 2nd group.
                if seen_where or form != "CONSTRUCT" or top_braces == 2:
                    return pos
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            if form is None and token in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = token
            elif token == "WHERE":
                seen_where = True
    raise QueryError("cannot find the query's WHERE group to bind parameters into")


@dataclass
class _Group:
    """A ``{ }`` group of the WHERE clause and the parameter occurrences directly in it."""

    # outer (the query's WHERE), optional, exists (FILTER [NOT] EXISTS), plain (UNION
    # branch, GRAPH, nested group), select (a sub-SELECT), subwhere (its WHERE), skip.
    kind: str
    open: int
    parent: "_Group | None"
    uses: list[tuple[int, str, str, bool]] = field(default_factory=list)  # pos, token, name, in (...)
    projected: set[str] = field(default_factory=set)  # for select: plain ?vars it projects ("*": all)
    has_where: bool = False  # for select: its WHERE group has begun (the projection is over)

    def reach(self, name: str) -> bool:
        """Whether the VALUES block's ``?name`` is joined with what this group produces."""
        if self.kind == "outer":
            return True
        if self.kind == "subwhere":
            # A sub-SELECT is joined on the variables it projects, and only on those.
            return bool(self.parent.projected & {name, "*"}) and self.parent.parent.reach(name)
        if self.kind in ("skip", "select"):
            return False
        return self.parent is not None and self.parent.reach(name)

    def sees(self, name: str) -> bool:
        """Whether ``?name`` can be replaced by the parameter's term here."""
        if self.kind in ("outer", "subwhere"):
            return self.reach(name)
        if self.kind in ("optional", "exists"):
            # A left join or EXISTS is evaluated with the enclosing group's bindings.
            return self.parent.sees(name)
        # A UNION branch or plain group is evaluated on its own and joined afterwards; it
        # agrees with VALUES on the rows that survive that join only if it binds the
        # variable in a pattern of its own (then a VALUES block goes into it too).
        return (self.kind == "plain" and self.reach(name)
                and any(n == name and not expr for _, _, n, expr in self.uses))


def _groups(text: str, names: set[str]) -> list[_Group]:
    groups: list[_Group] = []
    stack: list[_Group] = []
    parens: list[int] = []
    pending, prev, prev2, first, in_values = None, None, None, False, False
    offset = _where_brace(text)
    for pos, token in _scan(text[offset:]):
        pos += offset
        if token == "{":
            parent = stack[-1] if stack else None
            if parent is None:
                kind = "outer"
            elif parent.kind == "skip":
                kind = "skip"
            else:
                kind = pending or ("subwhere" if parent.kind == "select" and not parent.has_where else "plain")
            if parent is not None and parent.kind == "select":
                parent.has_where = True
            group = _Group(kind, pos, parent)
            groups.append(group)
            stack.append(group)
            parens.append(0)
            pending, first, in_values = None, True, False
        elif token == "}":
            stack.pop()
            parens.pop()
            if not stack:
                break
        else:
            group = stack[-1]
            if first and token == "SELECT" and group.kind != "skip":
                group.kind = "select"
            first = False
            if token == "OPTIONAL":
                pending = "optional"
            elif token == "EXISTS":
                pending = "exists"
            elif token in ("MINUS", "SERVICE", "VALUES"):
                pending, in_values = "skip", token == "VALUES"
            elif token == "(":
                parens[-1] += 1
            elif token == ")":
                parens[-1] -= 1
            elif group.kind == "select":
                if not group.has_where and (token == "*" or token[0] == "?") and parens[-1] == 0 and prev != "AS":
                    group.projected.add(token[1:] if token[0] == "?" else "*")
            elif (token[0] == "?" and token[1:] in names and group.kind != "skip" and not in_values
                  and not (prev == "(" and prev2 == "BOUND") and prev != "AS"):
                group.uses.append((pos, text[pos:pos + len(token)], token[1:], parens[-1] > 0))
        prev2, prev = prev, token
    return groups


def push_down(text: str, terms: Mapping[str, str]) -> str:
    """Write each serialized term in place of its variable wherever the query's VALUES block
    already fixes that variable, leaving the variable itself bound for SELECT and BOUND.

    Left alone: MINUS, SERVICE and VALUES blocks, sub-SELECTs that do not project the
    variable (scopes of their own), ``BOUND(?x)`` and ``AS ?x``, and UNION branches or
    nested groups that do not bind the variable in a pattern themselves (there a FILTER
    could see it unbound). A sub-SELECT that projects it is joined on it, so only its rows
    with the parameter's value can survive: it gets the term and a VALUES block too.
    """
    edits: list[tuple[int, int, str]] = []
    for group in _groups(text, set(terms)):
        done = set()
        for pos, token, name, _ in group.uses:
            if group.sees(name):
                edits.append((pos, len(token), terms[name]))
                done.add(name)
        if group.kind in ("plain", "subwhere"):
            for name in sorted(done):
                edits.append((group.open + 1, 0, f" VALUES ?{name} {{ {terms[name]} }} "))
    for pos, length, replacement in sorted(edits, reverse=True):
        text = text[:pos] + replacement + text[pos + length:]
    return text


def bind(text: str, bindings: Mapping[str, object] | None) -> str:
    """Return ``text`` with ``VALUES (?a ?b) { (term term) }`` opening its WHERE group.

    ``bindings`` maps variable names (without '?') to pyoxigraph terms; their ``str()`` is
    their N-Triples/SPARQL serialization, escaped by the library.
    """
    if not bindings:
        return text
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"invalid parameter name {name!r}")
    values = "VALUES (" + " ".join("?" + n for n in names) + ") { (" + " ".join(
        str(bindings[n]) for n in names) + ") }"
    # Blank nodes cannot be written into a pattern: there "_:b" would be a fresh variable.
    text = push_down(text, {n: str(t) for n, t in bindings.items() if str(t)[:1] in ('<', '"')})
    at = _where_brace(text) + 1
    return text[:at] + " " + values + " " + text[at:]


def with_values(text: str, name: str | tuple[str, ...], terms) -> str:
    """Return ``text`` with ``VALUES ?name { term term ... }`` opening its WHERE group: one
    row per term, for a query about a set of resources (e.g. a neighbourhood) at once. With a
    tuple of names, ``terms`` holds tuples of terms: ``VALUES (?a ?b) { (t t) ... }`` (pairs).

    The terms are pyoxigraph terms, serialized by the library as in ``bind``. Nothing is
    pushed down into patterns (there is no single value to push); the engines tried join a
    VALUES block at the start of the WHERE group first.
    """
    names = (name,) if isinstance(name, str) else tuple(name)
    for each in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", each):
            raise QueryError(f"invalid parameter name {each!r}")
    if isinstance(name, str):
        values = f"VALUES ?{name} {{ " + " ".join(str(t) for t in terms) + " }"
    else:
        values = ("VALUES (" + " ".join("?" + n for n in names) + ") { "
                  + " ".join("(" + " ".join(str(t) for t in row) + ")" for row in terms) + " }")
    at = _where_brace(text) + 1
    return text[:at] + " " + values + " " + text[at:]
