"""How the CLI's commands take their options, said once for all of them.

Where the graph lives (``--data/--store/--endpoint/--auth/--memory``) is an option of the
``actorkg`` app and, hidden, of every command (``actorkg ask --store DIR`` keeps working);
the time and source scope (``--as-of/--between/--source``) is defined here once and added to
the commands that take it. ``command`` builds each command's signature from these pieces,
so typer's ``--help`` shows them, and turns library errors into ``Error: ...`` and the
documented exit code instead of a traceback.
"""

from __future__ import annotations

import functools
import inspect
import sys
import typing
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Optional

import typer


@dataclass(frozen=True)
class Where:
    """The graph a command reads: ``--endpoint``, else ``--store``, else the default store
    that ``import`` and ``load`` write when it exists, else the bundled data in memory."""

    data: tuple[Path, ...] = ()
    store: Path | None = None
    endpoint: str | None = None
    auth: str | None = None
    memory: bool = False

    def merged(self, **given) -> "Where":
        """Options given after the command win over the app's."""
        given = {k: v for k, v in given.items() if v not in (None, (), [], False)}
        if "data" in given:
            given["data"] = self.data + tuple(given["data"])
        return replace(self, **given)

    def open(self, writable: bool = False, persistent: bool = False):
        from ..store.load import open_where

        return open_where(self.data, self.store, self.endpoint, self.auth, memory=self.memory,
                          writable=writable, persistent=persistent)


def _where_params(hidden: bool) -> list[inspect.Parameter]:
    """``--data/--store/--endpoint/--auth``; on commands they are hidden aliases of the app's."""
    env = (lambda name: None) if hidden else (lambda name: name)
    options = {
        "data": (Optional[list[Path]], typer.Option(
            "--data", "-d", hidden=hidden, show_default=False,
            help="Extra RDF file to load beside the bundled data (repeatable).")),
        "store": (Optional[Path], typer.Option(
            "--store", envvar=env("ACTORKG_STORE"), hidden=hidden, show_default=False,
            help="Store directory (default: the one 'actorkg import' writes, if it exists).")),
        "endpoint": (Optional[str], typer.Option(
            "--endpoint", envvar=env("ACTORKG_ENDPOINT"), hidden=hidden, show_default=False,
            help="Query this SPARQL 1.1 endpoint (URL) instead of a local store.")),
        "auth": (Optional[str], typer.Option(
            "--auth", envvar=env("ACTORKG_AUTH"), hidden=hidden, show_default=False,
            help="Endpoint credentials: USER:PASSWORD or 'Bearer TOKEN' (safer in ACTORKG_AUTH).")),
        "memory": (bool, typer.Option(
            "--memory", hidden=hidden, help="Read only the bundled data, in memory, ignoring the default store.")),
    }
    return [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[kind, option],
                              default=False if kind is bool else None)
            for name, (kind, option) in options.items()]


def _scope_params() -> list[inspect.Parameter]:
    """``--as-of``, ``--between`` and ``--source``, defined once for every command taking them."""
    options = {
        "as_of": (Optional[int], typer.Option(
            "--as-of", show_default=False, help="Only statements in force in this year.")),
        "between": (Optional[tuple[int, int]], typer.Option(
            "--between", show_default=False, help="Only statements in force between two years: --between 1991 2020.")),
        "source": (Optional[list[str]], typer.Option(
            "--source", "-s", show_default=False,
            help="Only statements from this source: a dataset (sipri, atop-member, ucdp, ...), 'article', "
                 "a source IRI or a word of its title (repeatable).")),
    }
    return [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[kind, option], default=None)
            for name, (kind, option) in options.items()]


WHERE_NAMES = ("data", "store", "endpoint", "auth", "memory")


def _resolved(fn) -> inspect.Signature:
    """``fn``'s signature with its string annotations evaluated (typer reads the signature we
    set on the wrapper, and this module's annotations are strings)."""
    hints = typing.get_type_hints(fn, include_extras=True)
    signature = inspect.signature(fn)
    return signature.replace(parameters=[p.replace(annotation=hints.get(p.name, p.annotation))
                                         for p in signature.parameters.values()])


def reader_left() -> None:
    """The reader of our output has gone (``actorkg ask ... | head -1``): that is not a
    failure. What is still buffered goes to /dev/null, so the exit's flush cannot fail too."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def entry_point(app: typer.Typer):
    """The console script's entry point: ``app``, exiting 0 when the reader of its output
    leaves early (click would exit 1), also when that shows only in the final flush."""

    def main() -> None:
        try:
            app()
        finally:
            try:
                sys.stdout.flush()
            except BrokenPipeError:
                reader_left()

    return main


def command(app: typer.Typer, name: str, *, scope: bool = False):
    """``app.command(name)`` that gives the function ``where`` (and with ``scope``, ``window``
    and ``sources``) and turns library errors into 'Error: ...' and an exit code."""

    def decorator(fn):
        signature = _resolved(fn)
        own = [p for p in signature.parameters.values() if p.name not in ("where", "window", "sources")]
        context = inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
        extra = (_scope_params() if scope else []) + _where_params(hidden=True)

        @functools.wraps(fn)
        def wrapper(ctx: typer.Context, **kwargs):
            from ..errors import ActorKGError

            where = (ctx.obj or Where()).merged(**{k: kwargs.pop(k) for k in WHERE_NAMES})
            try:
                if "where" in signature.parameters:
                    kwargs["where"] = where
                if scope:
                    from ..network.project import window_from_options

                    kwargs["window"] = window_from_options(kwargs.pop("as_of"), kwargs.pop("between"))
                    kwargs["sources"] = kwargs.pop("source")
                return fn(**kwargs)
            except BrokenPipeError:
                reader_left()
                code = 0
            except ActorKGError as e:
                typer.echo(f"Error: {e.message}", err=True)
                if e.hint:
                    typer.echo(e.hint, err=True)
                code = e.exit_code
            # Raised outside the handler so the exit carries no traceback of the failed
            # command, whose frames would keep its store (and the store's lock) alive.
            raise typer.Exit(code)

        wrapper.__signature__ = signature.replace(parameters=[context, *own, *extra])
        return app.command(name)(wrapper)

    return decorator


def app_callback(app: typer.Typer, version: str, help: str) -> None:
    """The app's own options: ``--version`` and where the graph lives, kept in ``ctx.obj``
    for the command that follows."""

    def show_version(value: bool) -> None:
        if value:
            typer.echo(f"actorkg {version}")
            raise typer.Exit()

    def callback(ctx: typer.Context, **where) -> None:
        where.pop("version", None)
        ctx.obj = Where(**{**where, "data": tuple(where.get("data") or ())})

    callback.__doc__ = help
    version_option = inspect.Parameter(
        "version", inspect.Parameter.KEYWORD_ONLY, default=False,
        annotation=Annotated[bool, typer.Option("--version", callback=show_version, is_eager=True,
                                                help="Print the version and exit.")])
    context = inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
    callback.__signature__ = inspect.Signature([context, version_option, *_where_params(hidden=False)])
    app.callback()(callback)
