"""Ad-hoc queries from the command line (``actorkg sparql``): read-only, with a deadline.

The engine cannot interrupt a running query, so the query runs in a daemon thread and the
caller gets ``QueryTimeout`` at the deadline; the abandoned thread ends with the process.
That is right for a one-shot command, which exits after reporting the error; a server runs
queries in worker processes instead (``serve/workers.py``).
"""

from __future__ import annotations

import threading

from ..errors import QueryError, QueryTimeout
from .core import QueryResult, Store
from .sparql import check_depth, query_form

DEFAULT_TIMEOUT = 300.0


def run(store: Store, text: str, timeout: float | None = DEFAULT_TIMEOUT) -> QueryResult:
    """The result of the query ``text``; updates are refused, ``timeout`` (seconds, None or
    0 for none) bounds the run."""
    check_depth(text)  # deeper nesting overflows the engine's parser stack
    outcome: list = []

    def work() -> None:
        try:
            outcome.append((True, store.query(text)))
        except BaseException as e:  # handed to the caller
            outcome.append((False, e))

    worker = threading.Thread(target=work, name="actorkg-sparql", daemon=True)
    worker.start()
    worker.join(timeout or None)
    if not outcome:
        raise QueryTimeout(timeout, "make the query more selective, add a LIMIT, or give a larger --timeout")
    ok, value = outcome[0]
    if ok:
        return value
    if isinstance(value, QueryError) and _is_update(text):
        raise QueryError("SPARQL updates are not allowed here: this command only reads",
                         "edit the data files or use 'actorkg import' instead") from None
    raise value


def _is_update(text: str) -> bool:
    try:
        return query_form(text) == "UPDATE"
    except QueryError:
        return False
