"""The ``actorkg`` command: a thin typer layer over ``actorkg.graph``.

Each command parses its arguments, makes one library call and prints the result through
``graph.answer.output``; shared options and error handling live in ``graph.answer.commandline``.
Heavy modules are imported inside the commands, so start-up stays fast.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Annotated, Literal, Optional

import typer

from actorkg import __version__
from actorkg.graph.answer import commandline, output
from actorkg.graph.answer.commandline import Where

app = typer.Typer(name="actorkg", no_args_is_help=True, pretty_exceptions_show_locals=False, rich_markup_mode=None)
command = functools.partial(commandline.command, app)

Format = Annotated[Literal["table", "json", "csv"], typer.Option("--format", "-f", help="Output: table, json or csv.")]
Actor = Annotated[str, typer.Argument(help="Actor name, alias or IRI, e.g. 'Azerbaijan' or 'Baku'.")]
ActorA = Annotated[str, typer.Argument(help="One actor, e.g. Russia.")]
ActorB = Annotated[str, typer.Argument(help="The other actor, e.g. Armenia.")]
Datasets = Annotated[Optional[list[str]], typer.Option(
    "--source", "-s", help="Only records from this dataset, e.g. sipri (repeatable).", show_default=False)]


commandline.app_callback(app, __version__,
                         help="A knowledge graph of political actors: who supports whom, with evidence.")


O = typer.Option  # one line per option: name: type = O(default, "--flag", help=...)


@command("queries")
def list_queries(fmt: Format = "table") -> None:
    """List the named queries with their summaries and parameters.

    Example: actorkg queries
    """
    from actorkg.graph.query import library

    output.print_queries(list(library.named_queries().values()), fmt)


@command("query")
def run_query(where: Where, name: str = typer.Argument(..., help="Query name (see 'actorkg queries')."),
              param: Optional[list[str]] = O(None, "--param", "-p", help="NAME=VALUE (repeatable).", show_default=False),
              fmt: Format = "table") -> None:
    """Run a named query from the library.

    Example: actorkg query supporters-of --param actor=Azerbaijan
    """
    from actorkg.graph.query import library

    query = library.get(name)
    output.print_result(library.run(where.open(), query.name, library.parse_params(param or [])), fmt, query.summary)


@command("sparql")
def run_sparql(where: Where, file: str = typer.Argument(..., help="A SPARQL query file, or - for stdin."),
               fmt: Literal["table", "json", "csv", "turtle", "nt", "jsonld"] = O(
                   "table", "--format", "-f", help="table/json/csv for SELECT and ASK; turtle/nt/jsonld for CONSTRUCT."),
               timeout: float = O(300.0, "--timeout", min=0, help="Seconds before it is stopped (0: no limit).")) -> None:
    """Run an ad-hoc SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE); updates are refused.

    The default graph is the union of all loaded graphs.
    Example: echo 'SELECT * WHERE { ?s ?p ?o } LIMIT 5' | actorkg sparql -
    """
    from actorkg.graph.query.library import read_query_file
    from actorkg.graph.store import adhoc

    text = sys.stdin.read() if file == "-" else read_query_file(Path(file))
    output.print_result(adhoc.run(where.open(), text, timeout), fmt)


@command("actors")
def list_actors(where: Where, everything: bool = O(False, "--all", help="Also places, treaties and events."),
                fmt: Format = "table") -> None:
    """List actors with their types and identifiers (Wikidata, COW code, ISO alpha-3).

    Example: actorkg actors --all
    """
    from actorkg.graph.query import library

    output.print_result(library.entities(where.open(), actors_only=not everything), fmt)


@command("show", scope=True)
def show_actor(where: Where, window, sources, actor: Actor, fmt: Format = "table",
               everything: bool = O(False, "--all", help="Every statement, with its evidence (the named queries).")) -> None:
    """One screen about an actor: identity, then each relation summed (counterparts, records,
    years, TIV, the largest counterparts). --all lists every statement.

    Example: actorkg show Azerbaijan --as-of 2015
    """
    from actorkg.graph.answer.overview import show

    output.print_overview(*show(where.open(), actor, window, sources, everything or fmt != "table"), fmt)


@command("validate")
def validate_data(files: Optional[list[Path]] = typer.Argument(
        None, help="Files to check (with the ontology). Default: the bundled data.", show_default=False),
                  fmt: Format = "table") -> None:
    """Check data against the SHACL shapes; exit 1 if it does not conform.

    Example: actorkg validate my-claims.ttl
    """
    from actorkg.graph.store.validate import validate_files

    if output.print_validation(validate_files(files or [], include_article=not files), fmt):
        raise typer.Exit(1)


@command("export")
def export_graph(where: Where, fmt: Literal["turtle", "nt", "nquads", "trig", "jsonld", "graphml", "gexf"] = O(
        "turtle", "--format", "-f", help="Serialization."),
                 out: Optional[Path] = O(None, "--output", "-o", help="File (default: stdout).")) -> None:
    """Export the whole graph as RDF (turtle, nt, nquads, trig, jsonld) or as the signed
    network for graph tools (graphml; gexf for Gephi).

    Example: actorkg export --format gexf -o actorkg.gexf
    """
    from actorkg.graph.view.export import write_export

    write_export(where.open(), fmt, out, say=lambda m: typer.echo(m, err=True))


@command("view", scope=True)
def view_graph(where: Where, window, sources, out: Path = O(Path("graph.html"), "--output", "-o", help="HTML file."),
               focus: Optional[str] = O(None, "--focus", help="Only what is near this actor.", show_default=False),
               depth: int = O(1, "--depth", help="With --focus: how many steps away."),
               relations: Optional[str] = O(None, "--relations", help="Only these kinds, e.g. arms,alliance.")) -> None:
    """Write the graph as one interactive HTML file that works offline.

    Example: actorkg view -o graph.html --focus Russia --depth 1
    """
    from actorkg.graph.view.render import write_view
    from actorkg.graph.view.select import ViewOptions

    typer.echo(write_view(where.open(), ViewOptions.from_cli(focus, depth, relations, window, sources), out), err=True)


@command("serve")
def serve_graph(where: Where, host: str = O("127.0.0.1", "--host", help="Address to listen on."),
                port: int = O(8000, "--port", help="Port (0: any free port)."),
                timeout: float = O(30.0, "--timeout", help="Seconds a query may run; then it is stopped (503)."),
                max_rows: int = O(100_000, "--max-rows", help="Most rows a result may have (else 422)."),
                max_running: int = O(4, "--max-running", help="Query workers: queries at once (others wait)."),
                enable_update: bool = O(False, "--enable-update", help="Accept SPARQL updates carrying the token."),
                token: Optional[str] = O(None, "--token", envvar="ACTORKG_UPDATE_TOKEN", show_default=False,
                                         help="Bearer token updates must carry (or ACTORKG_UPDATE_TOKEN).")) -> None:
    """Serve a SPARQL 1.1 endpoint (/sparql), the viewer (/), the query library (/queries)
    and /health; read-only unless --enable-update is given with a token.

    Example: actorkg serve --port 8000
    """
    from actorkg.graph.serve import app as server

    settings = server.Settings.from_cli(timeout, max_rows, max_running, enable_update, token)
    server.run(lambda: where.open(writable=enable_update), settings, host, port)


# --- who supports whom: answers and analyses ----------------------------------------------

@command("ask", scope=True)
def ask_question(where: Where, window, sources, fmt: Format = "table", question: str = typer.Argument(
        ..., help="A question in plain English, e.g. 'Who supports Azerbaijan?'."),
                 records: bool = O(False, "--records", help="Every record and claim, not the summary.")) -> None:
    """Answer a question about who supports whom, with the quotes and sources behind it.

    Understands: who supports / backs / arms / is allied with / has troops in X (both X and Y,
    X but not Y, X or Y); whom does X support; does A support B (or C, or both); how are A and
    B related; how is A connected to B; who opposes X; who plays a dual role; is A a reliable
    ally of B; what is X; what does TREATY entail; "in 2020", "since 1991" (docs/questions.md).
    Exit codes: 0 answered (also "nobody"), 1 not understood or actor not found, 2 usage or data error.

    Example: actorkg ask "Does Russia support Armenia or Azerbaijan?"
    """
    from actorkg.graph.answer.ask import ask

    output.print_report(ask(where.open(), question, window, sources), fmt, records)


@command("supporters", scope=True)
def supporters_of(where: Where, window, sources, actor: Actor,
                  supported: bool = O(False, "--supported", help="Whom ACTOR supports instead."),
                  aspect: Literal["support", "arms", "ally", "troops"] = O(
                      "support", "--aspect", help="Which support: any, arms, alliances or troops."),
                  fmt: Format = "table") -> None:
    """Who supports ACTOR, ranked by independent kinds of support and sources, with evidence
    (centrality: among the supporters themselves).

    Example: actorkg supporters Azerbaijan --as-of 2020
    """
    from actorkg.graph.answer import reports

    output.print_report(reports.supporters(where.open(), actor, window, sources, supported, aspect), fmt)


@command("relation", scope=True)
def relation_between(where: Where, window, sources, a: ActorA, b: ActorB, fmt: Format = "table") -> None:
    """Every statement between A and B, both ways, with a verdict (supports / opposes / both / none).

    Example: actorkg relation Russia Armenia
    """
    from actorkg.graph.answer import reports

    output.print_report(reports.relation(where.open(), a, b, window, sources), fmt)


@command("dual-roles", scope=True)
def dual_roles(where: Where, window, sources, fmt: Format = "table", actor: Optional[str] = O(
        None, "--actor", "-a", help="Only the dual roles this actor plays.", show_default=False)) -> None:
    """Dual roles: A cooperates with B and with C, which are in conflict; the share of balanced triangles.

    Example: actorkg dual-roles --actor Russia
    """
    from actorkg.graph.answer import reports

    output.print_report(reports.dual_roles(where.open(), actor, window, sources), fmt)


@command("commitments", scope=True)
def unmet_commitments(where: Where, window, sources, fmt: Format = "table",
                      ally: Optional[str] = O(None, "--ally", help="Only this actor's.", show_default=False),
                      partner: Optional[str] = O(None, "--partner", help="Only towards this actor.", show_default=False)
                      ) -> None:
    """Unmet commitments: a defence commitment, the partner attacked or the treaty invoked,
    and no support from the ally that year.

    Example: actorkg commitments --ally Russia
    """
    from actorkg.graph.answer import reports

    output.print_report(reports.commitments(where.open(), ally, partner, window, sources), fmt)


@command("path", scope=True)
def signed_paths(where: Where, window, sources, a: ActorA, b: ActorB, fmt: Format = "table",
                 limit: int = O(5, "--max", "-n", min=1, help="How many paths at most.")) -> None:
    """How A and B are connected: the shortest paths over cooperation (+) and conflict (-) ties.

    Example: actorkg path Armenia Turkey
    """
    from actorkg.graph.answer import reports

    output.print_report(reports.paths(where.open(), a, b, limit, window, sources), fmt)


@command("import")
def import_dataset(where: Where, kind: str = typer.Argument(..., help="sipri, atop(-member/-alliance), mid, cow-wars, "
                                                                      "ucdp, cow-states, wikidata-links; or a folder."),
                   file: Optional[Path] = typer.Argument(None, help="The dataset file (CSV, or N3 for wikidata-links).",
                                                         show_default=False),
                   strict: bool = O(False, "--strict", help="Fail on any malformed row; the store stays as it was."),
                   quiet: bool = O(False, "--quiet", "-q", help="No progress bar; only the summary and problems."),
                   fmt: Format = "table") -> None:
    """Import a public dataset (or every one in a folder, in the right order) into its own
    named graph of the store (--store, else the default store); unmatched names are reported.

    Example: actorkg import sipri ../shared/data/sipri-trade-register-1950-2024.csv
    """
    from actorkg.graph.answer import progress
    from actorkg.graph.answer.ask import prepare
    from actorkg.graph.sources.importers import import_file, import_folder

    graph = where.open(writable=True, persistent=True)
    if file is None:  # a folder
        reports = import_folder(Path(kind), graph, strict=strict)
    else:
        with progress.rows(f"importing {kind}", show=not quiet and fmt == "table") as tick:
            reports = [import_file(kind, file, graph, strict=strict, progress=tick)]
    if not all(r.unchanged for r in reports):
        prepare(graph)  # what the first question reads, built once for the new data
    if file is None:
        output.print_import_folder(reports, str(graph.path), fmt)
    else:
        output.print_import(reports[0], str(graph.path), fmt)


@command("load")
def load_data(where: Where, update_endpoint: Optional[str] = O(
        None, "--update-endpoint", envvar="ACTORKG_UPDATE_ENDPOINT", help="SPARQL Update URL.", show_default=False),
              graph_store: Optional[str] = O(None, "--graph-store", envvar="ACTORKG_GRAPH_STORE", show_default=False,
                                             help="Graph Store Protocol URL (else SPARQL Update).")) -> None:
    """Load the bundled data and --data files into a store directory or an endpoint (the
    default store without either); only changed files are parsed again.

    Example: actorkg load --store ~/actorkg-store
    """
    from actorkg.graph.answer.ask import prepare
    from actorkg.graph.store.load import load_where

    output.print_load(load_where(where.data, where.store, where.endpoint, where.auth, update_endpoint, graph_store,
                                 after_change=prepare))


registry_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help=(
    "The actor registry: how dataset names resolve to actors.\n\nExample: actorkg registry unmatched --source sipri"))
app.add_typer(registry_app, name="registry")


@functools.partial(commandline.command, registry_app)("unmatched")
def registry_unmatched(where: Where, source: Datasets = None, fmt: Format = "table") -> None:
    """List the names imports could not match to a known actor, per dataset.

    Example: actorkg registry unmatched --source sipri
    """
    from actorkg.graph.sources.registry import unmatched

    columns = {"dataset": "dataset", "name": "name", "statements": "statements"}
    output.print_rows(unmatched(where.open(), source), columns, fmt, title="Names no registry key matched")


@command("corroborate")
def corroborate_claims(where: Where, source: Datasets = None, fmt: Format = "table",
                       claim: Optional[list[int]] = O(None, "--claim", "-c", help="Only this claim (repeatable)."),
                       text: Optional[list[str]] = O(None, "--text", "-t", help="Only this text's claims (repeatable)."),
                       records: int = O(8, "--records", help="Records shown per statement.")) -> None:
    """Check each claim of the texts in the store (the article, any text loaded with review)
    against the datasets: a verdict per claim, with the records' datasets and ids.

    Example: actorkg corroborate --claim 8
    """
    from actorkg.graph.network.corroborate import corroborate

    results = corroborate(where.open(), set(claim or ()) or None, source, warn=lambda m: typer.echo(m, err=True),
                          texts=text)
    output.print_corroboration(results, fmt, records)


@command("extract")
def extract_statements(where: Where, file: Path = typer.Argument(..., help="The article: text, Markdown or HTML."),
                       out: Optional[Path] = O(None, "--out", "-o", help="Candidates file (default: "
                                                                         "FILE.candidates.ttl).", show_default=False),
                       grade: str = O("F", "--grade", help="The source's reliability, A (reliable) to F (unknown)."),
                       title: Optional[str] = O(None, "--title", help="The source's title."),
                       date: Optional[str] = O(None, "--date", help="The source's date, YYYY-MM-DD."),
                       csv_out: Optional[Path] = O(None, "--csv", help="Also a CSV for 'review --csv'."),
                       fmt: Format = "table") -> None:
    """Extract candidate statements from an article for review (nothing is written to the
    store): participants through the registry, kinds from the ontology's verb phrases.

    Example: actorkg extract article.txt --grade C --csv review.csv
    """
    from actorkg.graph.sources.review import extract_to_file

    output.print_extract(extract_to_file(where.open(), file, out, grade, title, date, csv_out), fmt)


@command("review")
def review_candidates(where: Where, file: Path = typer.Argument(..., help="The file 'actorkg extract' wrote."),
                      accept: Optional[str] = O(None, "--accept", help="Accept: 1,3-5 or all.", show_default=False),
                      reject: Optional[str] = O(None, "--reject", help="Reject: 1,3-5 or all.", show_default=False),
                      csv_in: Optional[Path] = O(None, "--csv", help="Decisions from 'extract --csv'.")) -> None:
    """Accept, reject or edit extracted candidates (one by one without --accept, --reject or
    --csv); the accepted ones go into the store, rejected ones are remembered.

    Example: actorkg review article.candidates.ttl --accept 1-4,7 --reject 5
    """
    from actorkg.graph.sources.review import review_file

    output.print_review(review_file(where.open(writable=True, persistent=True), file, accept, reject, csv_in,
                                    lambda text, default: typer.prompt(text, default=default, show_default=False),
                                    typer.echo))


@command("world-dual-roles")
def world_dual_roles(where: Where, source: Datasets = None, fmt: Format = "table",
                     period: int = O(10, "--period", help="Length of a period in years."),
                     start: Optional[int] = O(None, "--from", help="First year."),
                     end: Optional[int] = O(None, "--to", help="Last year."),
                     pattern: Optional[Literal["both", "rival"]] = O(None, "--pattern", show_default=False, help=(
                         "both: arms both sides of a conflict; rival: arms the rival of its ally.")),
                     actor: Optional[str] = O(None, "--actor", help="Only this actor's.", show_default=False),
                     limit: int = O(20, "--limit", "-n", help="How many rows (0: all).")) -> None:
    """Rank dual roles across the imported world data, per period: arms to both sides of a
    dispute or war, or to the rival of a defence-pact ally, scored by TIV.

    Example: actorkg world-dual-roles --from 1990 --to 2019 --actor Russia
    """
    from actorkg.graph.network.worldroles import dual_roles as world_roles

    output.print_world_roles(world_roles(where.open(), period, start, end, source, pattern, limit, actor), fmt)


@command("status")
def store_status(where: Where, fmt: Format = "table") -> None:
    """What the store holds: each source with its version, statements, years and unmatched
    names; the total number of quads; where the store is.

    Example: actorkg status --format json
    """
    from actorkg.graph.query.status import store_status as status_of

    output.print_status(status_of(where.open()), fmt)


main = commandline.entry_point(app)

if __name__ == "__main__":
    main()
