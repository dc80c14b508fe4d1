"""Domain errors. The library raises them; the CLI turns them into messages and exit codes.

Exit codes (documented in the README):
  0  success (also when the answer is "nobody")
  1  a negative outcome: data does not conform, actor or question not found
  2  usage or input error: bad file, bad SPARQL, unknown query, missing parameter
"""

from __future__ import annotations


class ActorKGError(Exception):
    """Base class: ``message`` says what went wrong, ``hint`` how to fix it."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class DataError(ActorKGError):
    """A data file cannot be read or parsed (names the file and line)."""


class QueryError(ActorKGError):
    """A SPARQL query cannot be parsed or run (names the position)."""


class ResultTooLarge(QueryError):
    """A query returned more rows or triples than the caller allows."""

    def __init__(self, limit: int, hint: str | None = None):
        super().__init__(f"the result has more than {limit:,} rows", hint or "add a LIMIT to the query")
        self.limit = limit


class QueryTimeout(QueryError):
    """A query did not finish within its time limit."""

    def __init__(self, seconds: float, hint: str):
        super().__init__(f"the query did not finish within {seconds:g} s", hint)
        self.seconds = seconds


class UsageError(ActorKGError):
    """The user asked for something that does not exist or is incomplete."""


class StoreError(ActorKGError):
    """A persistent store or remote endpoint cannot be opened or used."""


class NotFound(ActorKGError):
    """A negative outcome: an actor or question that cannot be matched."""

    exit_code = 1


class UnknownActor(NotFound):
    def __init__(self, name: str, suggestions: list[str]):
        hint = f"did you mean: {', '.join(suggestions)}?" if suggestions else (
            "run 'actorkg actors' to list the known actors")
        super().__init__(f"no actor '{name}'", hint)
        self.name = name
        self.suggestions = suggestions
