"""A summary table at a terminal stays readable however many counterparts an answer has."""

from __future__ import annotations

from actorkg.graph.answer import terminal
from actorkg.graph.answer.ask import Answer
from actorkg.graph.network.evidence import Evidence, Statement


def _statement(i: int) -> Statement:
    source = "https://example.org/dataset"
    return Statement(id=f"s{i}", subject=f"a{i}", subject_label=f"Actor {i}", object="x", object_label="X",
                     kind="arms", relation="arms", kind_class="k", polarity=1, symmetric=False, supports=True,
                     edge=None, edge_label=None, start=2000, end=2000, qualifier=None, sources=(source,),
                     evidence=(Evidence(source, "a dataset", "B", False, record=f"record {i}"),), data={})


def test_a_hub_shows_its_first_counterparts_and_says_how_many_more(capsys):
    count = terminal.MAX_COUNTERPARTS + 7
    statements = [_statement(i) for i in range(count)]
    detail = "access to infrastructure, access to territory, arms, funding, intelligence, " * 3
    rows = []
    for i in range(count):  # two rows (sources) per counterpart, the first numbered
        rows += [[str(i + 1), f"Actor {i}", "DATA", "1", "2000", detail], ["", "", "TEXT", "1", "2000", detail]]
    answer = Answer("Who arms X?", "supporters", [], None, "Arms suppliers of X: many.", statements,
                    columns=["#", "actor", "source", "records", "years", "details"], rows=rows,
                    cited=[cite for s in statements for cite in ([s], [])])
    terminal.print_answer(answer)
    out = capsys.readouterr().out
    assert f"Actor {terminal.MAX_COUNTERPARTS - 1} " in out and f"Actor {terminal.MAX_COUNTERPARTS} " not in out
    assert "... and 7 more counterparts (--format json lists them all)" in out
    assert f"record {terminal.MAX_COUNTERPARTS - 1}" in out and f"record {terminal.MAX_COUNTERPARTS}" not in out
    assert "7 more records behind these rows" in out
    # The details fold into a column of readable width, not one letter per line.
    assert max(len(line) for line in out.splitlines()) <= 80
    assert len(out.splitlines()) < 40 * terminal.MAX_COUNTERPARTS


def test_a_counterpart_with_many_sources_shows_its_first_rows_and_cites_only_those(capsys):
    """The generated world's first hub supporter has fifty sources: its rows and the records
    they cite are capped, and the table says how many rows are left out."""
    sources = terminal.MAX_ROWS_EACH + 5
    statements = [_statement(i) for i in range(sources)]
    rows = [[("1" if i == 0 else ""), ("Actor 0" if i == 0 else ""), f"DATA {i}", "1", "2000", ""]
            for i in range(sources)]
    rows.append(["2", "Actor 1", "DATA", "1", "2000", ""])
    other = _statement(99)
    answer = Answer("Who arms X?", "supporters", [], None, "Arms suppliers of X: many.", statements + [other],
                    columns=["#", "actor", "source", "records", "years", "details"], rows=rows,
                    cited=[[s] for s in statements] + [[other]])
    terminal.print_answer(answer)
    out = capsys.readouterr().out
    assert f"DATA {terminal.MAX_ROWS_EACH - 1} " in out and f"DATA {terminal.MAX_ROWS_EACH} " not in out
    assert "... and 5 more rows" in out
    assert f"record {terminal.MAX_ROWS_EACH - 1}" in out and f"record {terminal.MAX_ROWS_EACH}" not in out
    assert "Actor 1" in out and "record 99" in out  # the next counterpart is shown with its evidence
    assert "5 more records behind these rows" in out


def _supporters_answer() -> Answer:
    """A supporters answer as the world data gives it: nine columns, long details."""
    columns = ["#", "actor", "source", "records", "years", "TIV", "share", "now", "details"]
    detail = "arms, military presence, strategic ally, support, treaty ally; Collective Security Treaty (defense)"
    rows = [["1", "Russia", "SIPRI", "30", "1993-2022", "860", "88%", "no", detail + "; SAM system"],
            ["", "", "ATOP", "4", "1992-", "", "", "yes", detail + " (ATOP 4220)"],
            ["2", "India", "SIPRI", "2", "2020-2023", "36", "4%", "yes", "artillery locating radar"],
            ["3", "Georgia", "ATOP", "2", "1993-2009", "", "", "no", ""]]
    statements = [_statement(i) for i in range(len(rows))]
    return Answer("Who supports X?", "supporters", [], None, "Supporters of X: Russia, India, Georgia.", statements,
                  columns=columns, rows=rows, cited=[[s] for s in statements])


def test_details_go_under_the_table_when_the_terminal_is_narrow(capsys, monkeypatch):
    """At 80 columns (a pipe, a small terminal) the details were folded seven letters wide and
    cut at the edge; they are listed under the table, whole, by counterpart and source."""
    monkeypatch.setenv("COLUMNS", "80")
    terminal.print_answer(_supporters_answer())
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if "actor" in line)
    assert "details" not in header and header.rstrip().endswith("┃") and "now" in header
    listed = " ".join(lines[lines.index("details:") + 1:])
    assert "1 Russia, SIPRI: arms, military presence, strategic ally, support, treaty ally;" in listed
    assert "1 Russia, ATOP: arms" in listed and "(ATOP 4220)" in listed
    assert "2 India, SIPRI: artillery locating radar" in listed and "Georgia" not in listed  # no details, no line


def test_details_stay_a_column_when_the_terminal_is_wide(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    terminal.print_answer(_supporters_answer())
    lines = capsys.readouterr().out.splitlines()
    assert "details:" not in lines
    assert "details" in next(line for line in lines if "actor" in line)
    assert any("artillery locating radar" in line and "India" in line for line in lines)


def test_a_table_too_wide_for_the_terminal_is_printed_row_by_row(capsys, monkeypatch):
    """A report of supporters at 80 columns: rich cut its last columns at the edge (the
    centrality was never shown); each row is now a paragraph with every value."""
    from actorkg.graph.answer.reports import Report

    columns = ["rank", "actor", "kinds", "support types", "sources", "statements", "centrality", "betweenness"]
    rows = [["1", "Russia", "arms, military presence, strategic ally, support, treaty ally",
             "political backing, troops, weapons", "3", "38", "0.93", "0.41"],
            ["2", "Belarus", "arms, treaty ally", "troops, weapons", "2", "4", "0.64", "0.05"]]
    monkeypatch.setenv("COLUMNS", "80")
    terminal.print_report(Report("2 supporters of Armenia", columns, rows, []))
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80
    text = " ".join(out.split())
    assert "rank: 1; actor: Russia; kinds: arms, military presence, strategic ally, support, treaty ally;" in text
    assert "centrality: 0.93; betweenness: 0.41" in text and "betweenness: 0.05" in text
    monkeypatch.setenv("COLUMNS", "200")
    terminal.print_report(Report("2 supporters of Armenia", columns, rows, []))
    header = next(line for line in capsys.readouterr().out.splitlines() if "actor" in line)
    assert "betweenness" in header and "centrality" in header
