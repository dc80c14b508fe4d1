"""Print answers and reports for people: the sentence, a table, then the numbered evidence.

Quotes repeat across statements (one passage often backs several), so each distinct quote
or record is listed once and the table points to it by number.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..network.evidence import Evidence, Statement
from .output import stdout_console

_SHORT = {"#", "±", "source", "records", "years", "TIV", "share", "now", "rank", "statements", "sources", "together"}

# More rows than this go to --format json; a terminal table of thousands helps nobody.
MAX_STATEMENTS = 40
# Counterparts in a summary table: a hub of the generated 10M-triple world has thousands,
# whose table took rich over a minute to lay out.
MAX_COUNTERPARTS = 30
# Rows (sources) of one counterpart: the hub's first supporter there has fifty sources, and
# the evidence its rows cite was 17,000 lines.
MAX_ROWS_EACH = 8


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]], title: str | None = None):
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        # Counts, years and sources stay on one line; names and details fold, but not into a
        # column one letter wide (rich shrinks them first when the terminal is narrow).
        short = column in _SHORT
        table.add_column(column, overflow="fold", no_wrap=short, min_width=None if short else 12)
    for row in rows:
        # Text, not markup: labels and quotes come from the web and may hold "[...]".
        table.add_row(*(Text(cell) for cell in row))
    return table


# A summary's last column says what each row holds (kinds, weapons, treaties). Beside the
# others it needs this much room to be read; with less (an 80-column terminal, a pipe)
# rich folded it a few letters wide and cut it at the edge, so it goes under the table.
DETAILS = "details"
DETAILS_WIDTH = 30


def _print_summary(console, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """The summary table; its details in a column when there is room for them, else listed
    under it by row; and when even the other columns do not fit (rich would cut the table
    at the edge), each row as one paragraph of ``column: value``."""
    from rich.measure import Measurement

    def width(table) -> Measurement:  # unclamped: console.measure stops at the console's width
        return Measurement.get(console, console.options.update_width(1_000_000), table)

    columns = list(columns)
    table, details_apart = _table(columns, rows), False
    if DETAILS in columns:
        at = columns.index(DETAILS)
        others = _table([c for c in columns if c != DETAILS], [[*row[:at], *row[at + 1:]] for row in rows])
        if console.width - width(others).maximum < DETAILS_WIDTH + 3:  # + border, padding
            table, details_apart = others, True
    if width(table).minimum > console.width:
        _print_paragraphs(console, columns, rows)  # every column, the details too
        return
    console.print(table)
    if details_apart:
        _print_details(console, columns, rows)


def _print_details(console, columns: list[str], rows: Sequence[Sequence[str]]) -> None:
    """Each row's details on a line of its own: ``1 Russia, SIPRI: arms, ...``."""
    from rich.text import Text

    console.print(f"{DETAILS}:")
    number = name = named = ""
    for row in rows:
        cells = dict(zip(columns, row))
        if cells.get("#"):  # a counterpart's first row: the rows after it are its own
            number, name, named = cells["#"], cells.get("actor", ""), ""
        named = cells.get("named") or named  # a combined answer's actor named in the question
        if cells[DETAILS]:
            where = ", ".join(v for v in (name, named, cells.get("source")) if v)
            console.print(Text(f" {number} {where}: {cells[DETAILS]}"))


def _print_paragraphs(console, columns: list[str], rows: Sequence[Sequence[str]]) -> None:
    """Each row as ``column: value; ...`` (its empty cells left out), a counterpart's further
    rows indented under its first."""
    from rich.text import Text

    for row in rows:
        first = bool(row[0])
        cells = "; ".join(f"{c}: {v}" for c, v in zip(columns, row) if v)
        console.print(Text((" " if first else "    ") + cells))


def _evidence_key(e: Evidence) -> tuple:
    return (e.source, e.quote, e.record)


def number_evidence(statements: Sequence[Statement]) -> tuple[dict[tuple, int], list[Evidence]]:
    """A number for each distinct quote or record, in order of first use."""
    numbers: dict[tuple, int] = {}
    ordered: list[Evidence] = []
    for s in statements:
        for e in s.evidence:
            if _evidence_key(e) not in numbers:
                numbers[_evidence_key(e)] = len(ordered) + 1
                ordered.append(e)
    return numbers, ordered


def _polarity(p: int) -> str:
    return {1: "+", -1: "-"}.get(p, "0")


def print_statements(statements: Sequence[Statement], console=None, title: str = "Statements") -> None:
    """The statement table and, below it, every quote or record it rests on."""
    console = console or stdout_console()
    shown = list(statements[:MAX_STATEMENTS])
    numbers, ordered = number_evidence(shown)
    rows = [[s.subject_label, s.relation, s.object_label, _polarity(s.polarity), s.years(),
             " ".join(f"[{numbers[_evidence_key(e)]}]" for e in s.evidence)] for s in shown]
    console.print(_table(["subject", "relation", "object", "±", "years", "evidence"], rows, title))
    if len(statements) > len(shown):
        console.print(f"... and {len(statements) - len(shown)} more statements (use --format json for all)")
    print_evidence(ordered, console)


def print_evidence(ordered: Sequence[Evidence], console=None) -> None:
    """Numbered quotes and records, grouped under their source."""
    console = console or stdout_console()
    by_source: dict[str, list[tuple[int, Evidence]]] = {}
    for i, e in enumerate(ordered, 1):
        by_source.setdefault(e.source, []).append((i, e))
    for items in by_source.values():
        e = items[0][1]
        grade = f", grade {e.reliability}" if e.reliability else ""
        weak = " (low reliability)" if e.low_reliability else ""
        console.print(f"Evidence from {e.source_label}{grade}{weak}:", markup=False)
        for i, e in items:
            console.print(f" [{i}] " + (f"“{e.quote}”" if e.quote is not None else f"record {e.record}"),
                          markup=False)


def print_answer(answer, records: bool = False) -> None:
    """An ``ask.Answer``: the one-sentence answer, then its summary table and the evidence it
    cites, or (without a summary, or with ``records``) every statement with its evidence."""
    console = stdout_console()
    console.print(answer.answer, markup=False)
    if answer.rows and not records:
        console.print()
        rows, cited, counterparts = _shown_rows(answer)
        _print_summary(console, answer.columns, rows)
        _, ordered = number_evidence(cited)
        print_evidence(ordered, console)
        if counterparts > MAX_COUNTERPARTS:
            console.print(f"... and {counterparts - MAX_COUNTERPARTS} more counterparts (--format json lists "
                          "them all)")
        hidden = len(answer.results) - len(cited)
        if hidden > 0:
            console.print(f"... {hidden} more records behind these rows: --records lists every one "
                          "(--format json has them all)")
    elif answer.results:
        console.print()
        print_statements(answer.results, console)


def _shown_rows(answer) -> tuple[list[list[str]], list[Statement], int]:
    """The summary rows a terminal shows (the first MAX_COUNTERPARTS counterparts, at most
    MAX_ROWS_EACH rows of each, and a row saying how many more), the distinct statements
    those rows cite, and the number of counterparts. A counterpart's rows start with its
    number."""
    cited = answer.cited or [[] for _ in answer.rows]
    groups: list[list[int]] = []
    for i, row in enumerate(answer.rows):
        if row[0] or not groups:
            groups.append([])
        groups[-1].append(i)
    rows: list[list[str]] = []
    statements: dict[str, Statement] = {}
    for group in groups[:MAX_COUNTERPARTS]:
        for i in group[:MAX_ROWS_EACH]:
            rows.append(answer.rows[i])
            statements.update((s.id, s) for s in cited[i])
        if len(group) > MAX_ROWS_EACH:
            more = [""] * len(answer.columns)
            more[2] = f"... and {len(group) - MAX_ROWS_EACH} more rows"
            rows.append(more)
    return rows, list(statements.values()), len(groups)


def print_report(report) -> None:
    """A ``reports.Report``: summary, its table, then the statements and evidence behind it."""
    console = stdout_console()
    console.print(report.summary, markup=False)
    if report.rows:
        _print_summary(console, report.columns, report.rows)
    if report.statements:
        print_statements(report.statements, console)


def print_any(item, records: bool = False) -> None:
    """An answer (it has ``results``) or a report."""
    if hasattr(item, "results"):
        print_answer(item, records)
    else:
        print_report(item)
