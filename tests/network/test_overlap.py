"""When the ties of a triad hold together (``overlap``): merged spans, open ends, undated."""

from actorkg.graph.network.overlap import EARLIEST, LATEST, Held, held, span, together, union


def test_a_statements_span_follows_the_window_rules():
    assert span(2006, 2017, 2023) == (2006, 2017)
    assert span(1992, None, 2016) == (1992, 2016)  # open: to its source's last year
    assert span(1992, None, None) == (1992, LATEST)  # a source with no last year: on
    assert span(None, 2000, 2016) == (EARLIEST, 2000)
    assert span(None, None, 2016) is None  # undated


def test_spans_merge_and_ties_meet():
    alliance = held([span(1959, None, 2016), span(2002, 2002, None)])
    assert alliance == Held(((1959, 2016),), False)
    war = held([span(1950, 1953, None), span(2000, 2001, None), span(2003, 2003, None)])
    assert war.spans == ((1950, 1953), (2000, 2001), (2003, 2003))
    assert held([span(2000, 2001, None), span(2002, 2004, None)]).spans == ((2000, 2004),)  # years that touch
    assert together(alliance, war) == Held(((2000, 2001), (2003, 2003)), False)
    assert together(held([span(1945, 1945, None)]), alliance, war) is None  # 1945, never with the others
    assert together(alliance, war).text() == "2000-2001, 2003"


def test_an_undated_tie_may_hold_at_any_time():
    claim = held([None])
    assert claim.undated and together(claim, claim, claim) == Held((), True)
    war = held([span(2020, 2020, None)])
    assert together(claim, war, claim) == Held(((2020, 2020),), False)
    assert together(claim, Held(), war) is None  # a tie with no statement holds never
    assert union([claim, war]) == Held(((2020, 2020),), True)
    assert Held(((EARLIEST, 2000), (2010, LATEST))).to_list() == [[None, 2000], [2010, None]]


def test_a_tables_cell_names_few_spans_and_counts_many():
    few = held([span(1953, 1953, None), span(1961, 1961, None)])
    assert few.brief() == "1953, 1961"
    many = held([span(y, y, None) for y in (1953, 1961, 1979, 2006)])
    assert many.brief() == "1953-2006 (4 spans)"
    assert Held(((EARLIEST, 1900), (1950, 1960), (2000, LATEST))).brief() == "…-… (3 spans)"
