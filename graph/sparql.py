"""SPARQL text helpers that need no engine: query form and safe parameter binding.

Parameters are never formatted into a query by hand. Each value is an RDF term built by
pyoxigraph (which validates IRIs and escapes literals) and the query receives it as a
``VALUES`` block at the start of its WHERE group. That is plain SPARQL 1.1, so a bound
query runs the same on the embedded store and on any remote endpoint. A parameter is
visible to patterns and FILTERs of the outermost group (not inside sub-SELECTs), which
is how the named queries use them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .errors import QueryError

_KEYWORD = re.compile(r"[A-Za-z_]+")


def _scan(text: str):
    """Yield (position, token) for braces and bare words outside strings, IRIs and comments."""
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
        elif c == "<" and re.match(r"<[^<>\"{}|^`\\\s]*>", text[i:]):
            i += re.match(r"<[^<>\"{}|^`\\\s]*>", text[i:]).end()
        elif c in "{}":
            yield i, c
            i += 1
        elif c.isalpha():
            m = _KEYWORD.match(text, i)
            # Skip prefixed names and variables: "ak:Foo", "?where".
            prev = text[i - 1] if i else " "
            if prev not in "?$:" and not text.startswith(":", m.end()):
                yield i, m.group(0).upper()
            i = m.end()
        else:
            i += 1


def keywords(text: str) -> set[str]:
    """The bare SPARQL keywords of ``text`` (upper case), ignoring strings, IRIs, comments,
    variables and prefixed names: ``"SERVICE" in keywords(q)`` finds a federated query."""
    return {token for _, token in _scan(text) if token not in "{}"}


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; raises QueryError for anything else (e.g. updates)."""
    for _, token in _scan(text):
        if token in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return token
        if token in ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"):
            return "UPDATE"
    raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")


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
    at = _where_brace(text) + 1
    return text[:at] + " " + values + " " + text[at:]
