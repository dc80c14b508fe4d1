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
    gexf = "gexf"


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
                code = e.exit_code
            # Raised outside the handler so the exit carries no traceback of the failed
            # command, whose frames would keep its store (and the store's lock) alive.
            raise typer.Exit(code)

        return app.command(*args, **kwargs)(wrapper)

    return decorator


def _endpoint(url: str | None, auth: str | None, update: str | None = None, graph_store: str | None = None):
    if url is None:
        if update or graph_store:
            raise typer.BadParameter("--update-endpoint and --graph-store need --endpoint URL")
        return None
    from actorkg.graph.store.remote import Endpoint

    return Endpoint(url, update=update, graph_store=graph_store, auth=auth)


def _open(data: list[Path] | None, store: Path | None, endpoint: str | None = None, auth: str | None = None,
          writable: bool = False):
    """The graph a command works on: in memory, an existing store, or an endpoint."""
    from actorkg.graph.errors import UsageError
    from actorkg.graph.store.load import open_graph

    if store is not None and endpoint is not None:
        raise UsageError("--store and --endpoint exclude each other (check ACTORKG_STORE and ACTORKG_ENDPOINT)")
    return open_graph(data or (), store_path=store, endpoint=_endpoint(endpoint, auth), create=False,
                      writable=writable)


def _console():
    from rich.console import Console

    return Console(soft_wrap=False)


def _print_result(result, fmt: str, title: str | None = None) -> None:
    """Print a query result as a table, JSON, CSV or RDF."""
    from actorkg.graph.query import results
    from actorkg.graph.store.core import Triples

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

    from actorkg.graph.query import library

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
    from actorkg.graph.query import library

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
    timeout: Annotated[float, typer.Option(
        "--timeout", help="Seconds the query may run before it is stopped (0: no limit).")] = 300.0,
    data: DataOption = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
) -> None:
    """Run an ad-hoc SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE).

    The default graph is the union of all loaded graphs. Updates are refused.
    Example: echo 'SELECT * WHERE { ?s ?p ?o } LIMIT 5' | actorkg sparql -
    """
    from actorkg.graph.errors import UsageError
    from actorkg.graph.store import adhoc

    if file == "-":
        text = sys.stdin.read()
    else:
        path = Path(file)
        if not path.is_file():
            raise UsageError(f"{file}: no such file", "give a .rq file or - to read standard input")
        text = path.read_text(encoding="utf-8")
    if timeout < 0:
        raise UsageError("--timeout must be 0 (no limit) or a number of seconds")
    result = adhoc.run(_open(data, store, endpoint, auth), text, timeout)
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
    from actorkg.graph.query import library
    from actorkg.graph.store.core import Solutions

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

    from actorkg.graph.query import library, results
    from actorkg.graph.query.resolve import ActorIndex

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

    from actorkg.graph.store.validate import validate_files

    violations = validate_files(files or [], include_article=not files)
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
    """Export the whole graph, derived edges included, as RDF (turtle, nt, nquads, trig,
    jsonld) or as the signed network for graph tools (graphml; gexf for Gephi).

    Example: actorkg export --format gexf -o actorkg.gexf
    """
    from actorkg.graph.view.export import export

    payload = export(_open(data, store, endpoint, auth), fmt.value)
    if output is None:
        sys.stdout.buffer.write(payload)
    else:
        _write_atomically(output, payload)
        typer.echo(f"Wrote {output} ({len(payload):,} bytes)", err=True)


@command("view")
def view_graph(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("graph.html"),
    focus: Annotated[Optional[str], typer.Option(
        "--focus", help="Show only what is near this actor (name, alias or IRI).", show_default=False)] = None,
    depth: Annotated[int, typer.Option("--depth", help="With --focus: how many steps away to go.")] = 1,
    relations: Annotated[Optional[str], typer.Option(
        "--relations", help="Only these relation kinds, comma-separated (e.g. arms,alliance,support).",
        show_default=False)] = None,
    as_of: Annotated[Optional[int], typer.Option(
        "--as-of", help="Only relations in force that year (undated ones are kept).", show_default=False)] = None,
    source: Annotated[Optional[list[str]], typer.Option(
        "--source", help="Only relations from this source (name, title or IRI; repeatable).",
        show_default=False)] = None,
    data: DataOption = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
) -> None:
    """Write the graph as one interactive HTML file that works offline.

    Hover or click a node or edge for its relations, years and evidence quotes.
    Example: actorkg view -o graph.html --focus Russia --depth 1
    """
    from actorkg.graph.errors import UsageError
    from actorkg.graph.view.render import describe, render_view
    from actorkg.graph.view.select import ViewOptions

    if focus is None and depth != 1:
        raise UsageError("--depth needs --focus", "e.g. --focus Russia --depth 2")
    kinds = tuple(k.strip() for k in (relations or "").split(",") if k.strip())
    options = ViewOptions(focus=focus, depth=depth, relations=kinds, as_of=as_of, sources=tuple(source or ()))
    html, selection = render_view(_open(data, store, endpoint, auth), options)
    payload = html.encode("utf-8")
    _write_atomically(output, payload)
    typer.echo(f"Wrote {output}: {describe(selection)} ({len(payload) / 1024:,.0f} KiB)", err=True)


@command("serve")
def serve_graph(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: any free port).")] = 8000,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds a query may run before 503.")] = 30.0,
    max_rows: Annotated[int, typer.Option("--max-rows", help="Most rows a result may have (else 422).")] = 100_000,
    max_running: Annotated[int, typer.Option(
        "--max-running", help="Queries that may run at once (else 503 busy).")] = 4,
    enable_update: Annotated[bool, typer.Option(
        "--enable-update", help="Accept SPARQL updates from clients that send the token.")] = False,
    token: Annotated[Optional[str], typer.Option(
        "--token", envvar="ACTORKG_UPDATE_TOKEN", help="Bearer token updates must carry (or ACTORKG_UPDATE_TOKEN).",
        show_default=False)] = None,
    data: DataOption = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
) -> None:
    """Serve a SPARQL 1.1 endpoint (/sparql), the graph viewer (/), the query library
    (/queries) and /health. Read-only unless --enable-update is given with a token.

    Example: actorkg serve --port 8000
    """
    from actorkg.graph.errors import UsageError
    from actorkg.graph.serve import app as serve

    if enable_update and not token:
        raise UsageError("--enable-update needs a token", "set ACTORKG_UPDATE_TOKEN or give --token")
    if timeout <= 0 or max_rows <= 0 or max_running <= 0:
        raise UsageError("--timeout, --max-rows and --max-running must be positive")
    settings = serve.Settings(timeout=timeout, max_rows=max_rows, max_running=max_running,
                              update_token=token if enable_update else None)
    graph = _open(data, store, endpoint, auth, writable=enable_update)
    sock = serve.listen(host, port)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    if host not in serve.LOOPBACK:
        typer.echo(f"Warning: listening on {host}: other machines can reach this server", err=True)
    typer.echo(f"actorkg serving http://{shown}:{bound_port}/ (SPARQL endpoint: /sparql, queries: /queries; "
               f"{'updates need the token' if settings.updates_enabled else 'read-only'}). Ctrl+C stops.")
    serve.serve(serve.create_app(graph, settings), sock)


# --- who supports whom: answers and analyses ----------------------------------------------

class ReportFormat(str, Enum):
    table = "table"
    json = "json"


AsOfOption = Annotated[Optional[int], typer.Option(
    "--as-of", help="Only statements in force in this year (undated ones are kept).", show_default=False)]
BetweenOption = Annotated[Optional[tuple[int, int]], typer.Option(
    "--between", help="Only statements in force at some point between two years: --between 1991 2020.",
    show_default=False)]
SourceOption = Annotated[Optional[list[str]], typer.Option(
    "--source", "-s", help="Only statements from this source: IRI or a word of its label (repeatable).",
    show_default=False)]
ReportFormatOption = Annotated[ReportFormat, typer.Option(
    "--format", "-f", help="Output: text and tables for people, json for scripts.")]


def _window(as_of: int | None, between: tuple[int, int] | None):
    from actorkg.graph.network.project import window_from_options

    return window_from_options(as_of, between)


def _print_report(report, fmt: ReportFormat) -> None:
    """An ``ask.Answer`` or a ``reports.Report``, as text and tables or as JSON."""
    if fmt == ReportFormat.json:
        import json

        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        from actorkg.graph.answer import terminal

        terminal.print_any(report)


@command("ask")
def ask_question(
    question: Annotated[str, typer.Argument(help="A question in plain English, e.g. 'Who supports Azerbaijan?'.")],
    as_of: AsOfOption = None,
    between: BetweenOption = None,
    source: SourceOption = None,
    fmt: ReportFormatOption = ReportFormat.table,
    data: DataOption = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
) -> None:
    """Answer a question about who supports whom, with the quotes and sources behind it.

    Understands: who supports / backs / arms / sells weapons to / is allied with / has troops
    in X; whom does X support; does A support B (or C); how are A and B related; how has X's
    role affected relations between A and B; how is A connected to B; who opposes /
    threatens / is in conflict with X; who plays a dual role; is A a reliable ally of B;
    what is X; what does TREATY entail. Add "in 2020", "as of 2020", "since 1991" or
    "between 1991 and 2020" to restrict the time.
    Exit codes: 0 answered (also "nobody"), 1 question not understood or actor not found,
    2 usage or data error.

    Example: actorkg ask "Does Russia support Armenia or Azerbaijan?"
    """
    from actorkg.graph.answer.ask import ask

    _print_report(ask(_open(data, store, endpoint, auth), question, _window(as_of, between), source), fmt)


class Aspect(str, Enum):
    support = "support"
    arms = "arms"
    ally = "ally"
    troops = "troops"


@command("supporters")
def supporters_of(
    actor: Annotated[str, typer.Argument(help="Actor name, alias or IRI, e.g. 'Azerbaijan' or 'Baku'.")],
    supported: Annotated[bool, typer.Option(
        "--supported", help="List whom ACTOR supports instead of who supports it.")] = False,
    aspect: Annotated[Aspect, typer.Option(
        "--aspect", help="Which support: any, arms, alliances or troops.")] = Aspect.support,
    as_of: AsOfOption = None,
    between: BetweenOption = None,
    source: SourceOption = None,
    fmt: ReportFormatOption = ReportFormat.table,
    data: DataOption = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
) -> None:
    """Who supports ACTOR, ranked by independent kinds of support and sources, with evidence.

    The centrality column is each supporter's degree centrality in the cooperation network
    among the supporters themselves (who ties the others together).
    Example: actorkg supporters Azerbaijan --as-of 2020
    """
    from actorkg.graph.answer import reports

    _print_report(reports.supporters(_open(data, store, endpoint, auth), actor, _window(as_of, between), source,
                                     supported=supported, aspect=aspect.value), fmt)


@command("relation")
def relation_between(
    a: Annotated[str, typer.Argument(help="One actor, e.g. Russia.")],
    b: Annotated[str, typer.Argument(help="The other actor, e.g. Armenia.")],
    as_of: AsOfOption = None,
    between: BetweenOption = None,
    source: SourceOption = None,
    fmt: ReportFormatOption = ReportFormat.table,
    data: DataOption = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
) -> None:
    """Every statement between A and B, both ways, as cooperation and conflict, with a verdict
    (supports / opposes / both / none).

    Example: actorkg relation Russia Armenia
    """
    from actorkg.graph.answer import reports

    _print_report(reports.relation(_open(data, store, endpoint, auth), a, b, _window(as_of, between), source), fmt)


@command("dual-roles")
def dual_roles(
    actor: Annotated[Optional[str], typer.Option(
        "--actor", "-a", help="Only the dual roles this actor plays.", show_default=False)] = None,
    as_of: AsOfOption = None,
    between: BetweenOption = None,
    source: SourceOption = None,
    fmt: ReportFormatOption = ReportFormat.table,
    data: DataOption = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
) -> None:
    """Dual roles: A cooperates with B and with C while B and C are in conflict; also the
    share of balanced triangles in the signed network.

    Example: actorkg dual-roles --actor Russia
    """
    from actorkg.graph.answer import reports

    _print_report(reports.dual_roles(_open(data, store, endpoint, auth), actor, _window(as_of, between), source), fmt)


@command("commitments")
def unmet_commitments(
    ally: Annotated[Optional[str], typer.Option(
        "--ally", help="Only commitments of this actor.", show_default=False)] = None,
    partner: Annotated[Optional[str], typer.Option(
        "--partner", help="Only commitments towards this actor.", show_default=False)] = None,
    as_of: AsOfOption = None,
    between: BetweenOption = None,
    source: SourceOption = None,
    fmt: ReportFormatOption = ReportFormat.table,
    data: DataOption = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
) -> None:
    """Unmet commitments: a defence commitment between an ally and a partner, the partner
    attacked or the treaty invoked, and no support from the ally that year.

    Example: actorkg commitments --ally Russia
    """
    from actorkg.graph.answer import reports

    _print_report(reports.commitments(_open(data, store, endpoint, auth), ally, partner, _window(as_of, between), source), fmt)


@command("path")
def signed_paths(
    a: Annotated[str, typer.Argument(help="One actor, e.g. Armenia.")],
    b: Annotated[str, typer.Argument(help="The other actor, e.g. Turkey.")],
    limit: Annotated[int, typer.Option("--max", "-n", min=1, help="How many paths at most.")] = 5,
    as_of: AsOfOption = None,
    between: BetweenOption = None,
    source: SourceOption = None,
    fmt: ReportFormatOption = ReportFormat.table,
    data: DataOption = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
) -> None:
    """How A and B are connected: the shortest paths over cooperation (+) and conflict (-)
    ties, each with its sign (+ cooperative, - hostile).

    Example: actorkg path Armenia Turkey
    """
    from actorkg.graph.answer import reports

    _print_report(reports.paths(_open(data, store, endpoint, auth), a, b, limit, _window(as_of, between), source), fmt)


ImportStoreOption = Annotated[Optional[Path], typer.Option(
    "--store", envvar="ACTORKG_STORE",
    help="Persistent store directory (default: ACTORKG_STORE or ~/.local/share/actorkg/store).",
    show_default=False)]
SourceOption = Annotated[Optional[list[str]], typer.Option(
    "--source", "-s", help="Only data from this source: a dataset name (sipri, atop-member, ucdp, ...), "
    "'article', or a source IRI (repeatable).", show_default=False)]


def _open_store(store: Path | None, writable: bool = False):
    """The persistent store imports write to and the data commands read from."""
    from actorkg.graph import paths
    from actorkg.graph.store.load import open_graph

    return open_graph(store_path=store or paths.default_store(), writable=writable)


def _sources(values: list[str] | None) -> set[str] | None:
    from actorkg.graph.namespaces import SRC, expand

    if not values:
        return None
    out = set()
    for value in values:
        if value == "article":
            out.add(SRC + "article-8d98e348b7dc699f")
        elif ":" in value:
            out.add(expand(value))
        else:
            out.add(SRC + value)
    return out


@command("import")
def import_dataset(
    kind: Annotated[str, typer.Argument(help="Dataset kind: sipri, atop (member or alliance level), "
                                             "atop-member, atop-alliance, mid, cow-wars, ucdp, cow-states, wikidata-links; "
                                             "or a folder: every dataset file found in it.")],
    file: Annotated[Optional[Path], typer.Argument(help="The dataset file (CSV, or N3 for wikidata-links).",
                                                   show_default=False)] = None,
    store: ImportStoreOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on any malformed row; the store is left as it was.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar; only the summary line and problems.")] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Import a public dataset into its own named graph of the persistent store.

    Re-importing replaces the dataset's graph (the same file changes nothing). States are
    resolved through the actor registry; import cow-states (and wikidata-links) first, or
    give a folder: 'actorkg import DIR' imports every dataset file in it in that order.
    Ends with a report of malformed rows and of names it could not match.
    Example: actorkg import sipri ../shared/data/sipri-trade-register-1950-2024.csv
    """
    import json

    from actorkg.graph.paths import default_store
    from actorkg.graph.sources.importers import import_file, import_folder

    graph = _open_store(store, writable=True)
    where = store or default_store()
    if file is None:
        reports = import_folder(Path(kind), graph, strict=strict)
        if fmt == OutputFormat.json:
            typer.echo(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
            return
        _print_table(["dataset", "records", "statements", "triples", "unmatched", "malformed", "store"],
                     [[r.kind, f"{r.records:,}", f"{r.statements:,}", f"{r.triples:,}",
                       str(len(r.unmatched)), str(len(r.malformed)), "unchanged" if r.unchanged else "imported"]
                      for r in reports],
                     title=f"Imported into {where} ({reports[-1].derived:,} derived triples)")
        if any(r.unmatched for r in reports):
            typer.echo("Names no known actor matched are kept as unresolved actors: see 'actorkg registry unmatched'.",
                       err=True)
        return
    show = not quiet and fmt == OutputFormat.table
    if show:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn(f"importing {kind}"), BarColumn(), TextColumn("{task.completed}/{task.total} rows"),
                      TimeElapsedColumn(), console=_console(), transient=True) as bar:
            task = bar.add_task(kind, total=None)
            report = import_file(kind, file, graph, strict=strict,
                                 progress=lambda done, total: bar.update(task, completed=done, total=total))
    else:
        report = import_file(kind, file, graph, strict=strict)
    if fmt == OutputFormat.json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    if report.unchanged:
        typer.echo(f"{file} as {report.kind}: unchanged, {where} already holds these {report.triples:,} triples "
                   f"in <{report.graph}>.")
    else:
        typer.echo(f"Imported {report.records:,} records of {file} as {report.kind} into {where}: "
                   f"{report.statements:,} statements, {report.triples:,} triples in <{report.graph}>, "
                   f"{report.derived:,} derived triples.")
    for problem in report.repaired:
        typer.echo(f"repaired {problem}", err=True)
    if report.malformed:
        typer.echo(f"{len(report.malformed)} malformed row(s) skipped:", err=True)
        for problem in report.malformed[:20]:
            typer.echo(f"  {file} {problem}", err=True)
        if len(report.malformed) > 20:
            typer.echo(f"  ... and {len(report.malformed) - 20} more (use --format json for all)", err=True)
    for warning in report.warnings[:20]:
        typer.echo(f"warning: {warning}", err=True)
    if report.unmatched:
        typer.echo(f"{len(report.unmatched)} name(s) could not be matched to a known actor "
                   "(kept as unresolved actors; see 'actorkg registry unmatched'):", err=True)
        for name, lines in sorted(report.unmatched.items(), key=lambda x: (-len(x[1]), x[0])):
            at = f" (first at line {lines[0]})" if lines and lines[0] else ""
            typer.echo(f"  {name}: {len(lines)} use(s){at}", err=True)


registry_app = typer.Typer(help="The actor registry: how dataset names resolve to actors.\n\n"
                                "Example: actorkg registry unmatched --source sipri",
                           no_args_is_help=True, rich_markup_mode=None)
app.add_typer(registry_app, name="registry")


@registry_app.command("unmatched")
def registry_unmatched(
    store: ImportStoreOption = None,
    source: SourceOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List the names imports could not match to a known actor, per dataset.

    Example: actorkg registry unmatched --source sipri
    """
    import json

    from actorkg.graph.errors import ActorKGError
    from actorkg.graph.sources.registry import unmatched

    try:
        rows = unmatched(_open_store(store), _sources(source))
    except ActorKGError as e:
        typer.echo(f"Error: {e.message}", err=True)
        raise typer.Exit(e.exit_code) from None
    if fmt == OutputFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == OutputFormat.csv:
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=["dataset", "name", "statements", "source", "actor"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        _print_table(["dataset", "name", "statements"],
                     [[r["dataset"], r["name"], str(r["statements"])] for r in rows],
                     title="Names no registry key matched")


@command("corroborate")
def corroborate_claims(
    claim: Annotated[Optional[list[int]], typer.Option(
        "--claim", "-c", help="Only this claim number (repeatable).", show_default=False)] = None,
    source: SourceOption = None,
    records: Annotated[int, typer.Option("--records", help="Records shown per statement in the table.")] = 8,
    store: ImportStoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Check each of the article's claims against the imported datasets.

    Verdict per claim: corroborated, contradicted, partly corroborated or no data, computed
    from the records, which are listed with their dataset and record id.
    Example: actorkg corroborate --claim 8
    """
    import json
    from dataclasses import asdict

    from actorkg.graph.network.corroborate import corroborate

    graph = _open_store(store)
    results = corroborate(graph, set(claim) if claim else None, _sources(source))
    if not graph.query("ASK { ?s a <https://w3id.org/actorkg/ontology#Dataset> }"):
        typer.echo("warning: no dataset is imported in this store, so every verdict is 'no data'; "
                   "see 'actorkg import --help'", err=True)
    if fmt == OutputFormat.json:
        typer.echo(json.dumps([{**asdict(r), "sources": r.sources} for r in results], ensure_ascii=False, indent=2))
        return
    if fmt == OutputFormat.csv:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["claim", "verdict", "statement", "says", "statement_verdict", "reason", "records"])
        for r in results:
            for f in r.findings:
                writer.writerow([r.number, r.verdict, f.statement, f.says, f.verdict, f.reason,
                                 " | ".join(f"{x['dataset']}: {x['record']}" for x in f.records)])
        return
    console = _console()
    for r in results:
        console.print(f"[bold]Claim {r.number}[/bold]: {r.text}", highlight=False)
        console.print(f"  verdict: [bold]{r.verdict}[/bold]" + (f"  (sources: {', '.join(_short(s) for s in r.sources)})"
                                                              if r.sources else ""), highlight=False)
        for f in r.findings:
            console.print(f"  - {f.says}: {f.verdict}. {f.reason}", highlight=False, markup=False)
            for line in f.context:
                console.print(f"      {line}", highlight=False, markup=False)
            for x in f.records[:records]:
                detail = f" [{x['details']}]" if x["details"] else ""
                console.print(f"      {x['what']}{detail} <- {_short(x['source'])}: {x['record']}",
                              highlight=False, markup=False)
            if len(f.records) > records:
                console.print(f"      ... and {len(f.records) - records} more record(s) (--records N or --format json)",
                              highlight=False)
        console.print()


def _registry_store(store: Path | None):
    """The store whose registry resolves names: the given or default store when it
    exists, else the bundled graph in memory."""
    from actorkg.graph import paths

    path = store or paths.default_store()
    return _open_store(path) if path.exists() else _open(None, None)


@command("extract")
def extract_statements(
    file: Annotated[Path, typer.Argument(help="The article: plain text, Markdown (.md) or saved HTML (.html).")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Where to write the candidates "
                                                "(default: FILE's name with .candidates.ttl, in the current folder).",
                                                show_default=False)] = None,
    grade: Annotated[str, typer.Option("--grade", help="The source's reliability grade, A (completely reliable) "
                                                       "to F (cannot be judged).")] = "F",
    title: Annotated[Optional[str], typer.Option("--title", help="The source's title (default: from the document).",
                                                 show_default=False)] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="The source's date, YYYY-MM-DD (default: from the "
                                                               "document).", show_default=False)] = None,
    csv_out: Annotated[Optional[Path], typer.Option("--csv", help="Also write the candidates as a CSV to fill in "
                                                    "and read back with 'review --csv'.", show_default=False)] = None,
    store: ImportStoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Extract candidate statements from an article, for review.

    Participants are resolved through the store's registry (new persons, places and
    organisations are proposed, marked new); the relation kind comes from the ontology's
    verb phrases; each candidate quotes its sentence. Writes a Turtle file that validates
    against the shapes and prints a review table. Nothing is written to the store.
    Example: actorkg extract article.txt --grade C --csv review.csv
    """
    import json
    import re

    from actorkg.graph.errors import UsageError
    from actorkg.graph.query.lexicon import lexicon
    from actorkg.graph.sources import review
    from actorkg.graph.sources.candidates import CandidateFile, extract_file, to_turtle
    from actorkg.graph.store.validate import validate_files

    if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise UsageError(f"--date '{date}' is not YYYY-MM-DD")
    graph = _registry_store(store)
    result = extract_file(file, graph, grade, title, date)
    target = out or Path(file.name).with_suffix("").with_suffix(".candidates.ttl")
    _write_atomically(target, to_turtle(result.triples))
    violations = validate_files([target], include_article=False)
    if violations:
        raise UsageError(f"{target}: the candidates do not validate ({violations[0].focus}: {violations[0].message})")
    rows = CandidateFile(target).rows
    words = lexicon(graph)
    if csv_out is not None:
        _write_atomically(csv_out, review.to_csv(rows, words).encode("utf-8"))
    if fmt == OutputFormat.json:
        typer.echo(json.dumps({"file": str(target), "source": result.document.source_id, "candidates": [
            dict(zip(review.TABLE_COLUMNS, cells), id=row.iri, quotes=row.quotes)
            for row, cells in zip(rows, review.table_rows(rows, words))]}, ensure_ascii=False, indent=2))
        return
    _print_table(review.TABLE_COLUMNS, review.table_rows(rows, words),
                 title=f"{len(rows)} candidate statements from {file.name}")
    notes = [f"{result.already_loaded} already loaded from this source"] if result.already_loaded else []
    notes += [f"{result.rejected_before} rejected before"] if result.rejected_before else []
    typer.echo(f"Wrote {target} (valid against the shapes)" + (f"; left out: {', '.join(notes)}" if notes else "")
               + f". Review it: actorkg review {target}")


@command("review")
def review_candidates(
    file: Annotated[Path, typer.Argument(help="The candidates file 'actorkg extract' wrote.")],
    accept: Annotated[Optional[str], typer.Option("--accept", help="Accept these candidates: 1,3-5 or all.",
                                                  show_default=False)] = None,
    reject: Annotated[Optional[str], typer.Option("--reject", help="Reject these candidates: 1,3-5 or all.",
                                                  show_default=False)] = None,
    csv_in: Annotated[Optional[Path], typer.Option("--csv", help="Read the decisions (and edits) from a CSV "
                                                   "written by 'extract --csv'.", show_default=False)] = None,
    store: ImportStoreOption = None,
) -> None:
    """Accept, reject or edit extracted candidates; load the accepted ones into the store.

    Without --accept, --reject or --csv, asks about each candidate in turn. Accepted
    statements go into the source's own named graph; rejected ones are remembered so
    'extract' does not propose them again.
    Example: actorkg review article.candidates.ttl --accept 1-4,7 --reject 5
    """
    from actorkg.graph.query.lexicon import lexicon
    from actorkg.graph.sources import review
    from actorkg.graph.sources.candidates import CandidateFile

    candidates = CandidateFile(file)
    graph = _open_store(store, writable=True)
    words = lexicon(graph)
    if csv_in is not None:
        decisions = review.decisions_from_csv(csv_in, candidates.rows, words)
    elif accept or reject:
        decisions = review.Decisions(review.parse_numbers(accept, candidates.rows),
                                     review.parse_numbers(reject, candidates.rows))
    else:
        decisions = review.interactive(
            candidates.rows, words, lambda text, default: typer.prompt(text, default=default, show_default=False),
            typer.echo)
    report = review.apply(candidates, decisions, graph, words)
    typer.echo(f"Accepted {report.accepted} ({report.corroborating} corroborating another source), rejected "
               f"{report.rejected}, left {report.undecided} undecided; <{report.graph}> holds {report.triples} triples.")


class Pattern(str, Enum):
    both = "both"
    rival = "rival"


@command("world-dual-roles")
def world_dual_roles(
    period: Annotated[int, typer.Option("--period", help="Length of a period in years.")] = 10,
    start: Annotated[Optional[int], typer.Option("--from", help="First year.", show_default=False)] = None,
    end: Annotated[Optional[int], typer.Option("--to", help="Last year.", show_default=False)] = None,
    pattern: Annotated[Optional[Pattern], typer.Option(
        "--pattern", help="both: arms both sides of a conflict; rival: arms the rival of its ally.",
        show_default=False)] = None,
    actor: Annotated[Optional[str], typer.Option("--actor", help="Only this actor's dual roles.", show_default=False)] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many rows (0: all).")] = 20,
    source: SourceOption = None,
    store: ImportStoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Rank dual roles across the imported world data, per period.

    A state that delivered arms to both sides of a militarized dispute or war (SIPRI +
    MID/COW/UCDP), or to the rival of its defence-pact ally (ATOP), scored by TIV.
    Example: actorkg world-dual-roles --from 1990 --to 2019 --actor Russia
    """
    import json

    from actorkg.graph.network.worldroles import dual_roles
    from actorkg.graph.query.resolve import ActorIndex

    graph = _open_store(store)
    rows = dual_roles(graph, period, start, end, _sources(source), pattern.value if pattern else None)
    if actor:
        iri = ActorIndex.of(graph).resolve(actor).iri
        rows = [r for r in rows if r.actor == iri]
    rows = rows[:limit] if limit else rows
    if fmt == OutputFormat.json:
        typer.echo(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2))
        return
    if fmt == OutputFormat.csv:
        import csv

        records = [r.to_dict() for r in rows]
        writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]) if records else ["period"], lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow({k: " ".join(v) if isinstance(v, list) else v for k, v in record.items()})
        return
    _print_table(
        ["period", "pattern", "actor", "B", "C", "TIV to B", "TIV to C", "conflict records", "sources"],
        [[f"{r.period[0]}-{r.period[1]}", r.pattern, r.labels[r.actor],
          r.labels[r.b] + (" (ally)" if r.pattern != "arms both sides" else ""), r.labels[r.c],
          f"{r.tiv_b:,.0f} ({r.deals_b})" if r.deals_b else "", f"{r.tiv_c:,.0f} ({r.deals_c})", str(r.conflicts),
          ", ".join(_short(s) for s in r.sources)] for r in rows],
        title="Dual roles: arming both sides, or the rival of an ally (TIV in millions, deals in brackets)")


def _short(source: str) -> str:
    from actorkg.graph.namespaces import compact

    return compact(source)


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
    from actorkg.graph.namespaces import compact
    from actorkg.graph.store.load import load_graph

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


@command("status")
def store_status(
    store: ImportStoreOption = None,
    endpoint: EndpointOption = None,
    auth: AuthOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Say what the store holds: each source with its version, statements, years covered
    and unmatched names; the total number of quads; where the store is.

    Reads --store, else the default store 'import' writes when it exists, else the bundled
    data in memory. Example: actorkg status --format json
    """
    import json

    from actorkg.graph.paths import default_store
    from actorkg.graph.query.status import store_status as status_of

    if store is None and endpoint is None and (default_store() / "CURRENT").is_file():
        store = default_store()
    status = status_of(_open(None, store, endpoint, auth))
    if fmt == OutputFormat.json:
        typer.echo(json.dumps(status.to_dict(), ensure_ascii=False, indent=2))
        return
    if fmt == OutputFormat.csv:
        raise typer.BadParameter("status has no CSV form; use --format json")
    _print_table(["source", "version", "statements", "derived", "years", "unmatched names"],
                 [[s.name, s.version or "", f"{s.statements:,}", f"{s.derived_statements:,}", s.years,
                   str(s.unmatched)] for s in status.sources],
                 title=f"{status.store}: {status.quads:,} quads")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
