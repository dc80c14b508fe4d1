"""The ``actorkg`` command: a thin typer layer over ``actorkg.graph``.

Each command opens the graph, makes one library call and formats the result. Library
errors become ``Error: ...`` on stderr with the exit codes documented in the README
(0 ok, 1 negative outcome, 2 usage or input error). Heavy modules are imported inside the
commands that need them so start-up stays fast.
"""

from __future__ import annotations

import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    name="actorkg",
    help="A knowledge graph of political actors: who supports whom, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class GraphFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    turtle = "turtle"
    nt = "nt"
    jsonld = "jsonld"


class ExportFormat(str, Enum):
    turtle = "turtle"
    nt = "nt"
    nquads = "nquads"
    trig = "trig"
    jsonld = "jsonld"
    graphml = "graphml"


DataOption = Annotated[Optional[list[Path]], typer.Option(
    "--data", "-d", help="Extra RDF file to load beside the bundled data (repeatable).",
    show_default=False)]
StoreOption = Annotated[Optional[Path], typer.Option(
    "--store", envvar="ACTORKG_STORE", show_default=False,
    help="Persistent store directory, made by 'actorkg load --store PATH'.")]
EndpointOption = Annotated[Optional[str], typer.Option(
    "--endpoint", envvar="ACTORKG_ENDPOINT", show_default=False,
    help="Query this SPARQL 1.1 endpoint (URL) instead of the embedded store.")]
AuthOption = Annotated[Optional[str], typer.Option(
    "--auth", envvar="ACTORKG_AUTH", show_default=False,
    help="Endpoint credentials: USER:PASSWORD or 'Bearer TOKEN' (safer in ACTORKG_AUTH).")]
FormatOption = Annotated[OutputFormat, typer.Option(
    "--format", "-f", help="Output: a table for people, json or csv for scripts.")]


def command(*args, **kwargs):
    """``app.command`` that turns library errors into 'Error: ...' and an exit code."""

    def decorator(fn):
        @functools.wraps(fn)
        def wrapper(*a, **k):
            from actorkg.graph.errors import ActorKGError

            try:
                return fn(*a, **k)
            except ActorKGError as e:
                typer.echo(f"Error: {e.message}", err=True)
                if e.hint:
                    typer.echo(e.hint, err=True)
                raise typer.Exit(e.exit_code) from None

        return app.command(*args, **kwargs)(wrapper)

    return decorator


def _endpoint(url: str | None, auth: str | None, update: str | None = None, graph_store: str | None = None):
    if url is None:
        if update or graph_store:
            raise typer.BadParameter("--update-endpoint and --graph-store need --endpoint URL")
        return None
    from actorkg.graph.remote import Endpoint

    return Endpoint(url, update=update, graph_store=graph_store, auth=auth)


def _open(data: list[Path] | None, store: Path | None, endpoint: str | None = None, auth: str | None = None):
    """The graph a read command works on: in memory, an existing store, or an endpoint."""
    from actorkg.graph.errors import UsageError
    from actorkg.graph.load import open_graph

    if store is not None and endpoint is not None:
        raise UsageError("--store and --endpoint exclude each other (check ACTORKG_STORE and ACTORKG_ENDPOINT)")
    return open_graph(data or (), store_path=store, endpoint=_endpoint(endpoint, auth), create=False)


def _console():
    from rich.console import Console

    return Console(soft_wrap=False)


def _print_result(result, fmt: str, title: str | None = None) -> None:
    """Print a query result as a table, JSON, CSV or RDF."""
    from actorkg.graph import results
    from actorkg.graph.store import Triples

    if fmt == "json":
        typer.echo(results.to_json(result))
    elif fmt == "csv":
        typer.echo(results.to_csv(result), nl=False)
    elif isinstance(result, Triples):
        typer.echo(results.serialize_triples(result, "turtle" if fmt == "table" else fmt), nl=False)
    elif fmt in ("turtle", "nt", "jsonld"):
        raise typer.BadParameter(f"--format {fmt} is for CONSTRUCT and DESCRIBE queries")
    elif isinstance(result, bool):
        typer.echo("true" if result else "false")
    else:
        shown = results.table_columns(result)
        _print_table(shown, [[results.to_display(row.get(v)) for v in shown] for row in result.rows], title)


def _print_table(columns: list[str], rows: list[list[str]], title: str | None = None) -> None:
    from rich.table import Table

    table = Table(title=title, show_lines=False, caption=f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    _console().print(table)


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so a failure never leaves a half-written file."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@command("queries")
def list_queries(fmt: FormatOption = OutputFormat.table) -> None:
    """List the named queries with their summaries and parameters.

    Example: actorkg queries
    """
    import json

    from actorkg.graph import library

    queries = library.named_queries()
    rows = [{"name": q.name, "summary": q.summary,
             "params": [{"name": p.name, "type": p.type, "optional": p.optional,
                         "description": p.description} for p in q.params]}
            for q in queries.values()]
    if fmt == OutputFormat.json:
        typer.echo(json.dumps(rows, indent=2))
    elif fmt == OutputFormat.csv:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["name", "params", "summary"])
        for q in queries.values():
            writer.writerow([q.name, " ".join(p.name for p in q.params), q.summary])
    else:
        _print_table(["name", "parameters", "summary"], [
            [q.name, ", ".join(f"{p.name}{'?' if p.optional else ''} ({p.type})" for p in q.params),
             q.summary] for q in queries.values()])


@command("query")
def run_query(
    name: Annotated[str, typer.Argument(help="Query name (see 'actorkg queries').")],
    param: Annotated[Optional[list[str]], typer.Option(
        "--param", "-p", help="Parameter as NAME=VALUE (repeatable).", show_default=False)] = None,
    fmt: FormatOption = OutputFormat.table,
    data: DataOption = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
) -> None:
    """Run a named query from the library.

    Example: actorkg query supporters-of --param actor=Azerbaijan
    """
    from actorkg.graph import library

    query = library.get(name)
    values = library.parse_params(param or [])
    graph = _open(data, store, endpoint, auth)
    result = library.run(graph, query.name, values)
    _print_result(result, fmt.value, title=query.summary if fmt == OutputFormat.table else None)


@command("sparql")
def run_sparql(
    file: Annotated[str, typer.Argument(help="File with a SPARQL query, or - for standard input.")],
    fmt: Annotated[GraphFormat, typer.Option(
        "--format", "-f", help="table/json/csv for SELECT and ASK; turtle/nt/jsonld for CONSTRUCT.")
    ] = GraphFormat.table,
    data: DataOption = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
) -> None:
    """Run an ad-hoc SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE).

    The default graph is the union of all loaded graphs. Updates are refused.
    Example: echo 'SELECT * WHERE { ?s ?p ?o } LIMIT 5' | actorkg sparql -
    """
    from actorkg.graph.errors import QueryError, UsageError
    from actorkg.graph.sparql import query_form

    if file == "-":
        text = sys.stdin.read()
    else:
        path = Path(file)
        if not path.is_file():
            raise UsageError(f"{file}: no such file", "give a .rq file or - to read standard input")
        text = path.read_text(encoding="utf-8")
    if query_form(text) == "UPDATE":
        raise QueryError("SPARQL updates are not allowed here: this command only reads",
                         "edit the data files or use 'actorkg import' instead")
    result = _open(data, store, endpoint, auth).query(text)
    _print_result(result, fmt.value)


@command("actors")
def list_actors(
    all_entities: Annotated[bool, typer.Option(
        "--all", help="Also list places, treaties and events.")] = False,
    fmt: FormatOption = OutputFormat.table,
    data: DataOption = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
) -> None:
    """List actors with their types and identifiers (Wikidata, COW code, ISO alpha-3).

    Example: actorkg actors --all
    """
    from actorkg.graph import library
    from actorkg.graph.store import Solutions

    result = library.run(_open(data, store, endpoint, auth), "entities")
    if not all_entities:
        result = Solutions(result.variables, [r for r in result.rows if r["category"].value == "actor"])
    _print_result(result, fmt.value)


@command("show")
def show_actor(
    actor: Annotated[str, typer.Argument(help="Actor name, alias or IRI, e.g. 'Russia' or 'Baku'.")],
    fmt: FormatOption = OutputFormat.table,
    data: DataOption = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
) -> None:
    """Everything about one actor: identity, then every relation with its evidence.

    Example: actorkg show Russia
    """
    import json

    from actorkg.graph import library, results
    from actorkg.graph.resolve import ActorIndex

    graph = _open(data, store, endpoint, auth)
    match = ActorIndex.of(graph).resolve(actor)
    sections = {
        "profile": library.run(graph, "actor-profile", {"actor": match.iri}),
        "supported by": library.run(graph, "supporters-of", {"actor": match.iri}),
        "supports": library.run(graph, "supported-by", {"actor": match.iri}),
        "opposed by": library.run(graph, "opponents-of", {"actor": match.iri}),
        "timeline": library.run(graph, "timeline", {"actor": match.iri}),
    }
    if fmt == OutputFormat.json:
        typer.echo(json.dumps({"id": match.iri, "label": match.label, "type": match.type,
                               **{k: results.records(v) for k, v in sections.items()}},
                              ensure_ascii=False, indent=2))
        return
    if fmt == OutputFormat.csv:
        raise typer.BadParameter("show has no CSV form; use --format json or 'actorkg query'")
    for title, result in sections.items():
        shown = results.table_columns(result)
        _print_table(shown, [[results.to_display(row.get(v)) for v in shown] for row in result.rows],
                     title=f"{match.label}: {title}")


@command("validate")
def validate_data(
    files: Annotated[Optional[list[Path]], typer.Argument(
        help="Files to check (with the ontology). Default: the bundled data.", show_default=False)] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Check data against the SHACL shapes; exit 1 if it does not conform.

    Example: actorkg validate my-claims.ttl
    """
    import json

    from actorkg.graph.validate import validate_files

    violations = validate_files(files or [], include_bundled=not files)
    if fmt == OutputFormat.json:
        typer.echo(json.dumps({"conforms": not violations,
                               "violations": [v.__dict__ for v in violations]}, indent=2))
    elif violations:
        _print_table(["focus", "path", "message"],
                     [[v.focus, v.path or "", v.message] for v in violations],
                     title="Data does not conform to the shapes")
    else:
        typer.echo("Data conforms to the shapes.")
    if violations:
        raise typer.Exit(1)


@command("export")
def export_graph(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Serialization.")] = ExportFormat.turtle,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="File to write (default: standard output).", show_default=False)] = None,
    data: DataOption = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
) -> None:
    """Export the whole graph, derived edges included, as RDF or GraphML.

    Example: actorkg export --format graphml -o actorkg.graphml
    """
    from actorkg.graph.export import export

    payload = export(_open(data, store, endpoint, auth), fmt.value)
    if output is None:
        sys.stdout.buffer.write(payload)
    else:
        _write_atomically(output, payload)
        typer.echo(f"Wrote {output} ({len(payload):,} bytes)", err=True)


@command("load")
def load_data(
    data: DataOption = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    update_endpoint: Annotated[Optional[str], typer.Option(
        "--update-endpoint", envvar="ACTORKG_UPDATE_ENDPOINT", show_default=False,
        help="SPARQL 1.1 Update URL of the endpoint, e.g. http://localhost:7878/update.")] = None,
    graph_store: Annotated[Optional[str], typer.Option(
        "--graph-store", envvar="ACTORKG_GRAPH_STORE", show_default=False,
        help="Graph Store Protocol URL, e.g. http://localhost:7878/store (else SPARQL Update is used).")] = None,
    auth: AuthOption = None,
) -> None:
    """Load the bundled data and --data files into a store directory or a SPARQL endpoint.

    Only files that changed since the last load are parsed again; the derived edges are
    then rebuilt. Later commands given the same --store or --endpoint read from it.
    Example: actorkg load --store ~/actorkg-store
    """
    from actorkg.graph.errors import UsageError
    from actorkg.graph.load import load_graph
    from actorkg.graph.namespaces import compact

    if store is not None and endpoint is not None:
        raise UsageError("--store and --endpoint exclude each other (check ACTORKG_STORE and ACTORKG_ENDPOINT)")
    report = load_graph(data or (), store_path=store,
                        endpoint=_endpoint(endpoint, auth, update_endpoint, graph_store))
    for graph, count in report.loaded.items():
        typer.echo(f"Loaded {count:,} triples into {compact(graph)}", err=True)
    if report.derived is not None:
        typer.echo(f"Derived {report.derived:,} triples into graph:derived", err=True)
    if not report.loaded and report.derived is None:
        typer.echo(f"{report.target} is up to date ({len(report.unchanged)} files unchanged)", err=True)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
