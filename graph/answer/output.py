"""Every command's output in its three forms: tables for people, JSON and CSV for scripts.

The CLI calls one function here per command after its one library call, so the commands
stay a few lines each. Strings from data are printed as text, never as rich markup.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Mapping, Sequence

from ..namespaces import compact


def stdout_console():
    """A rich console on stdout. Rich exits 1 when the reader of its output leaves
    (``| head -1``); this one raises BrokenPipeError instead, which the command wrapper
    turns into a quiet exit 0 (``commandline.reader_left``)."""
    from rich.console import Console

    class PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    return PipeConsole(soft_wrap=False, highlight=False)


def print_json(value) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def print_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)


def print_table(columns: Sequence[str], rows: Sequence[Sequence[str]], title: str | None = None,
                caption: bool = True) -> None:
    from rich.table import Table
    from rich.text import Text

    count = f"{len(rows)} row{'s' if len(rows) != 1 else ''}" if caption else None
    table = Table(title=title, show_lines=False, caption=count)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text(str(cell)) for cell in row))
    stdout_console().print(table)


def print_rows(rows: Sequence[Mapping[str, object]], columns: Mapping[str, str], fmt: str,
               title: str | None = None) -> None:
    """Records as JSON (every key), or CSV / a table of ``columns`` (key -> header)."""
    if fmt == "json":
        print_json(list(rows))
    elif fmt == "csv":
        print_csv(list(columns), ([_cell(r.get(k)) for k in columns] for r in rows))
    else:
        print_table(list(columns.values()), [[_cell(r.get(k)) for k in columns] for r in rows], title)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    return str(value)


def print_result(result, fmt: str, title: str | None = None) -> None:
    """A SPARQL result: rows as a table, JSON or CSV; a graph as RDF; a boolean as true/false."""
    from ..errors import UsageError
    from ..query import results
    from ..store.core import Triples

    if fmt == "json":
        sys.stdout.write(results.to_json(result) + "\n")
    elif fmt == "csv":
        sys.stdout.write(results.to_csv(result))
    elif isinstance(result, Triples):
        sys.stdout.write(results.serialize_triples(result, "turtle" if fmt == "table" else fmt))
    elif fmt in ("turtle", "nt", "jsonld"):
        raise UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE queries", "use table, json or csv")
    elif isinstance(result, bool):
        sys.stdout.write("true\n" if result else "false\n")
    else:
        shown = results.table_columns(result)
        print_table(shown, [[results.to_display(row.get(v)) for v in shown] for row in result.rows], title)


STATEMENT_COLUMNS = ["id", "subject", "subject_label", "relation", "object", "object_label", "polarity",
                     "start", "end", "sources", "evidence"]


def _statement_row(s) -> list[object]:
    evidence = " | ".join(e.quote if e.quote is not None else f"record {e.record}" for e in s.evidence)
    return [s.id, s.subject, s.subject_label, s.relation, s.object, s.object_label, s.polarity,
            s.start, s.end, " ".join(s.sources), evidence]


def print_report(report, fmt: str, records: bool = False) -> None:
    """An ``ask.Answer`` or a ``reports.Report``: text and tables, JSON, or CSV (the report's
    table when it has one, else one row per statement with its evidence)."""
    if fmt == "json":
        print_json(report.to_dict())
    elif fmt == "csv":
        if getattr(report, "rows", None) and not records:
            print_csv(report.columns, report.rows)
        else:
            statements = getattr(report, "results", None) or getattr(report, "statements", [])
            print_csv(STATEMENT_COLUMNS, (_statement_row(s) for s in statements))
    else:
        from . import terminal

        terminal.print_any(report, records)


def print_queries(queries, fmt: str) -> None:
    """The named-query library."""
    if fmt == "json":
        print_json([{"name": q.name, "summary": q.summary,
                     "params": [{"name": p.name, "type": p.type, "optional": p.optional,
                                 "description": p.description} for p in q.params]} for q in queries])
    elif fmt == "csv":
        print_csv(["name", "params", "summary"], ([q.name, " ".join(p.name for p in q.params), q.summary]
                                                  for q in queries))
    else:
        print_table(["name", "parameters", "summary"], [
            [q.name, ", ".join(f"{p.name}{'?' if p.optional else ''} ({p.type})" for p in q.params), q.summary]
            for q in queries])


def print_profile(profile: Mapping[str, object], sections: Mapping[str, object], fmt: str) -> None:
    """``show``: the actor's identity, then one table per section of named-query results."""
    from ..query import results

    if fmt == "json":
        print_json({**profile, **{k: results.records(v) for k, v in sections.items()}})
        return
    if fmt == "csv":
        # One table: a section column, then every column any section has (empty where a
        # section has no such column), as the JSON's sections would be flattened.
        columns = list(dict.fromkeys(v for result in sections.values() for v in result.variables))
        print_csv(["section", *columns], ([title, *("" if row.get(v) is None else results.to_python(row[v])
                                                    for v in columns)]
                                          for title, result in sections.items() for row in result.rows))
        return
    for title, result in sections.items():
        shown = results.table_columns(result)
        print_table(shown, [[results.to_display(row.get(v)) for v in shown] for row in result.rows],
                    title=f"{profile['label']}: {title}")


def print_overview(overview, sections: tuple | None, fmt: str) -> None:
    """``show``: one screen (identity, a line per relation), or with ``sections`` (json, csv,
    ``--all``) the named queries' sections too."""
    if fmt == "json":
        profile, found = sections
        from ..query import results

        print_json({**profile, "overview": overview.to_dict(), **{k: results.records(v) for k, v in found.items()}})
        return
    if fmt == "csv":
        print_profile(*sections, fmt)
        return
    console = stdout_console()
    console.print(f"[bold]{overview.label}[/bold] ({overview.type})", highlight=False)
    for name, value in _identity_lines(overview.identity):
        console.print(f"  {name}: {value}", highlight=False, markup=False)
    headings = {1: "Cooperation", 0: "Other relations", -1: "Hostility"}
    shown = None
    for line in overview.lines:
        if line.polarity != shown:
            shown = line.polarity
            console.print(f"[bold]{headings.get(shown, 'Relations')}[/bold]", highlight=False)
        console.print(_relation_line(line), highlight=False, markup=False)
    if sections is not None:
        print_profile(*sections, fmt)
    elif overview.lines:
        import shlex

        console.print(f"Every statement with its evidence: actorkg show {shlex.quote(overview.label)} --all",
                      highlight=False, markup=False)


def _relation_line(line) -> str:
    """'  arms, from 14 actors (SIPRI): 111 records 1993-2023, TIV 4,317; largest Russia 2,185 (51%), ...'."""
    noun = "claim" if line.text else "record"
    said = f"{line.statements:,} {noun}{'s' if line.statements != 1 else ''}"
    if line.first is not None:
        said += f" {line.years}" + (f", {line.undated} undated" if line.undated else "")
    else:  # no statement of the line is dated
        said += " (undated)"
    if line.tiv:
        said += f", TIV {line.tiv:,.0f}"
    largest = line.largest()
    if len(line.counterparts) == 1:
        return f"  {line.relation}, {line.direction} {largest[0].label} ({line.source}): {said}"
    if line.tiv or len({c.statements for c in largest}) > 1:
        named = "largest " + ", ".join(c.text(line.tiv) for c in largest)
    else:  # all alike: their counts would say nothing
        named = "among them " + ", ".join(c.label for c in largest)
    return f"  {line.relation}, {line.direction} {len(line.counterparts)} {line.noun} ({line.source}): {said}; {named}"


def _identity_lines(identity: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """One line per field, its values joined ('alternative label: Azeri, Baku')."""
    joined: dict[str, list[str]] = {}
    for name, value in identity:
        joined.setdefault(name, []).append(value)
    return [(name, ", ".join(values)) for name, values in joined.items()]


def print_validation(violations, fmt: str) -> bool:
    """SHACL violations; returns whether there were any (the command then exits 1)."""
    if fmt == "json":
        print_json({"conforms": not violations, "violations": [v.__dict__ for v in violations]})
    elif fmt == "csv":
        print_csv(["focus", "path", "message"], ([v.focus, v.path or "", v.message] for v in violations))
    elif violations:
        print_table(["focus", "path", "message"], [[v.focus, v.path or "", v.message] for v in violations],
                    title="Data does not conform to the shapes")
    else:
        sys.stdout.write("Data conforms to the shapes.\n")
    return bool(violations)


def print_import(report, where: str, fmt: str) -> None:
    """What an import did: the summary line, then repaired and malformed rows, unmatched names."""
    if fmt == "json":
        print_json(report.to_dict())
        return
    file = report.file
    if report.unchanged:
        sys.stdout.write(f"{file} as {report.kind}: unchanged, {where} already holds these {report.triples:,} "
                         f"triples in <{report.graph}>.\n")
    else:
        sys.stdout.write(f"Imported {report.records:,} records of {file} as {report.kind} into {where}: "
                         f"{report.statements:,} statements, {report.triples:,} triples in <{report.graph}>, "
                         f"{report.derived:,} derived triples.\n")
    err = sys.stderr
    for problem in report.repaired:
        err.write(f"repaired {problem}\n")
    if report.malformed:
        err.write(f"{len(report.malformed)} malformed row(s) skipped:\n")
        for problem in report.malformed[:20]:
            err.write(f"  {file} {problem}\n")
        if len(report.malformed) > 20:
            err.write(f"  ... and {len(report.malformed) - 20} more (use --format json for all)\n")
    for warning in report.warnings[:20]:
        err.write(f"warning: {warning}\n")
    if report.unmatched:
        err.write(f"{len(report.unmatched)} name(s) could not be matched to a known actor "
                  "(kept as unresolved actors; see 'actorkg registry unmatched'):\n")
        for name, lines in sorted(report.unmatched.items(), key=lambda x: (-len(x[1]), x[0])):
            at = f" (first at line {lines[0]})" if lines and lines[0] else ""
            err.write(f"  {name}: {len(lines)} use(s){at}\n")


def print_import_folder(reports, where: str, fmt: str) -> None:
    """``import DIR``: one row per dataset file imported (or found unchanged)."""
    if fmt == "json":
        print_json([r.to_dict() for r in reports])
        return
    header = ["dataset", "records", "statements", "triples", "unmatched", "malformed", "store"]
    rows = [[r.kind, r.records, r.statements, r.triples, len(r.unmatched), len(r.malformed),
             "unchanged" if r.unchanged else "imported"] for r in reports]
    if fmt == "csv":
        print_csv(header, rows)
        return
    print_table(header, [[f"{c:,}" if isinstance(c, int) else c for c in row] for row in rows],
                title=f"Imported into {where} ({reports[-1].derived:,} derived triples)" if reports else where)
    if any(r.unmatched for r in reports):
        sys.stderr.write("Names no known actor matched are kept as unresolved actors: see 'actorkg registry unmatched'.\n")


def print_corroboration(results, fmt: str, records: int = 8) -> None:
    """``corroborate``: a verdict per claim, each statement's finding and the records behind it."""
    from dataclasses import asdict

    if fmt == "json":
        print_json([{**asdict(r), "sources": r.sources} for r in results])
        return
    if fmt == "csv":
        print_csv(["claim", "verdict", "statement", "says", "statement_verdict", "reason", "records", "text"],
                  ([r.number, r.verdict, f.statement, f.says, f.verdict, f.reason,
                    " | ".join(f"{x['dataset']}: {x['record']}" for x in f.records), r.source]
                   for r in results for f in r.findings))
        return
    console = stdout_console()
    texts = len({r.source for r in results}) > 1  # then each claim says which text it is from
    for r in results:
        console.print(f"[bold]Claim {r.number}[/bold]" + (f" of {r.source_label}" if texts else "") + ": ",
                      end="", markup=True, highlight=False)
        console.print(r.text, markup=False)
        sources = f"  (sources: {', '.join(compact(s) for s in r.sources)})" if r.sources else ""
        console.print(f"  verdict: [bold]{r.verdict}[/bold]", end="")
        console.print(sources, markup=False)
        for f in r.findings:
            console.print(f"  - {f.says}: {f.verdict}. {f.reason}", markup=False)
            for line in f.context:
                console.print(f"      {line}", markup=False)
            for x in f.records[:records]:
                detail = f" [{x['details']}]" if x["details"] else ""
                console.print(f"      {x['what']}{detail} <- {compact(x['source'])}: {x['record']}", markup=False)
            if len(f.records) > records:
                console.print(f"      ... and {len(f.records) - records} more record(s) (--records N or --format json)",
                              markup=False)
        console.print()


def print_world_roles(rows, fmt: str) -> None:
    """``world-dual-roles``: one row per actor, pair and period."""
    records = [r.to_dict() for r in rows]
    if fmt == "json":
        print_json(records)
    elif fmt == "csv":
        header = list(records[0]) if records else ["period"]
        print_csv(header, ([_cell(rec.get(k)) for k in header] for rec in records))
    else:
        print_table(
            ["period", "pattern", "actor", "B", "C", "TIV to B", "TIV to C", "conflict records", "sources"],
            [[f"{r.period[0]}-{r.period[1]}", r.pattern, r.labels[r.actor],
              r.labels[r.b] + (" (ally)" if r.pattern != "arms both sides" else ""), r.labels[r.c],
              f"{r.tiv_b:,.0f} ({r.deals_b})" if r.deals_b else "", f"{r.tiv_c:,.0f} ({r.deals_c})", str(r.conflicts),
              ", ".join(compact(s) for s in r.sources)] for r in rows],
            title="Dual roles: arming both sides, or the rival of an ally (TIV in millions, deals in brackets)")


def print_load(report) -> None:
    """``load``: what was (re)loaded and derived, on stderr (stdout stays free for scripts)."""
    err = sys.stderr
    for graph, count in report.loaded.items():
        err.write(f"Loaded {count:,} triples into {compact(graph)}\n")
    if report.derived is not None:
        err.write(f"Derived {report.derived:,} triples into graph:derived\n")
    if not report.loaded and report.derived is None:
        err.write(f"{report.target} is up to date ({len(report.unchanged)} files unchanged)\n")


def print_extract(report, fmt: str) -> None:
    """``extract``: the review table of the candidates, and where they were written."""
    if fmt == "json":
        print_json({"file": str(report.target), "source": report.source, "candidates": report.records})
        return
    if fmt == "csv":
        print_csv(report.columns, report.table)
        return
    print_table(report.columns, report.table, title=f"{len(report.table)} candidate statements")
    notes = [f"{report.already_loaded} already loaded from this source"] if report.already_loaded else []
    notes += [f"{report.rejected_before} rejected before"] if report.rejected_before else []
    sys.stdout.write(f"Wrote {report.target} (valid against the shapes)"
                     + (f"; left out: {', '.join(notes)}" if notes else "")
                     + f". Review it: actorkg review {report.target}\n")


def print_review(report) -> None:
    sys.stdout.write(f"Accepted {report.accepted} ({report.corroborating} corroborating another source), rejected "
                     f"{report.rejected}, left {report.undecided} undecided; <{report.graph}> holds "
                     f"{report.triples} triples.\n")


def print_status(status, fmt: str) -> None:
    """``status``: one row per source, under the store's location and size."""
    if fmt == "json":
        print_json(status.to_dict())
        return
    header = ["source", "version", "statements", "derived", "years", "unmatched names"]
    rows = [[s.name, s.version or "", s.statements, s.derived_statements, s.years, s.unmatched] for s in status.sources]
    if fmt == "csv":
        print_csv(header, rows)
    else:
        print_table(header, [[f"{c:,}" if isinstance(c, int) else c for c in row] for row in rows],
                    title=f"{status.store}: {status.quads:,} quads")
