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
