"""A pair's statements, read by finding the statements that name both ends and then reading
them by IRI (``project._pair_rows``), equal the edges query bound to both ends, both ways
round: on the article, on the tiny world, with a statement that has no IRI, and (in
tests/sources/test_shared_data.py) on every real dataset."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from actorkg.graph.namespaces import AK
from actorkg.graph.network import project
from actorkg.graph.network.rowcache import cached_rows
from actorkg.graph.query import library

from ..conftest import FIXTURES


def bound_rows(store, a: str, b: str) -> list[dict]:
    """The edges query bound to both ends, both ways round: what the pair read replaced."""
    text = library.get("edges").text
    return project._plain_rows([row for ends in ((a, b), (b, a)) for row in store.query(
        text, {"subject": ox.NamedNode(ends[0]), "object": ox.NamedNode(ends[1])}).rows])


def as_set(rows: list[dict]) -> set[str]:
    return {repr(sorted(row.items())) for row in rows}


def assert_pairs_read_as_bound(store, pairs: list[tuple[str, str]]) -> int:
    pairs = sorted({tuple(sorted(p)) for p in pairs})
    read = project._pair_rows(store, library.get("edges").text, pairs)
    expected = [row for a, b in pairs for row in bound_rows(store, a, b)]
    assert len(read) == len(expected) and as_set(read) == as_set(expected)
    return len(read)


@pytest.mark.parametrize("store_name", ["graph", "world"])
def test_every_tied_pair_reads_as_the_bound_query(store_name, request):
    store = request.getfixturevalue(store_name)
    pairs = [(r["a"], r["b"]) for r in cached_rows(store, "signed-ties")]
    assert len(pairs) > 5
    # Pairs with no statement between them read nothing, as the bound query does.
    assert assert_pairs_read_as_bound(store, pairs + [(pairs[0][0], pairs[-1][1])]) > len(pairs) // 2


def test_a_statement_without_an_iri_is_read_between_its_pair(tmp_path):
    """VALUES cannot bind a blank node: such a statement is read with the bound query."""
    from actorkg.graph.store.load import open_graph

    extra = tmp_path / "blank.ttl"
    extra.write_text((FIXTURES / "world.ttl").read_text(encoding="utf-8") + """
[] a ak:ArmsTransfer ; ak:supplier kg:Echo ; ak:recipient kg:Bravo ;
    ak:pointInTime "2016"^^xsd:gYear ; ak:recordId "sipri-blank" ; prov:wasDerivedFrom src:arms-db .
""", encoding="utf-8")
    store = open_graph([extra], include_article=False)
    echo, bravo = "https://w3id.org/actorkg/entity/Echo", "https://w3id.org/actorkg/entity/Bravo"
    alpha = "https://w3id.org/actorkg/entity/Alpha"
    assert assert_pairs_read_as_bound(store, [(echo, bravo), (alpha, bravo)]) >= 2
    read = project._pair_rows(store, library.get("edges").text, [(bravo, echo)])
    assert [r["records"] for r in read] == ["sipri-blank"]


@pytest.mark.parametrize("store_name", ["graph", "world"])
@pytest.mark.parametrize("of", ["conflict", "support", "neither"])
def test_a_pair_read_of_some_kinds_is_the_full_read_cut_to_them(store_name, of, request):
    """Reading only some kinds (conflict: what a dual role needs of its partners' pairs;
    support: what a commitment needs of an ally's pairs; those of neither sign) gives those
    rows of the full read, no more and no fewer, though only the roles of those kinds are
    looked at (alliances share their parties' role with conflicts)."""
    store = request.getfixturevalue(store_name)
    pairs = sorted({tuple(sorted((r["a"], r["b"]))) for r in cached_rows(store, "signed-ties")})
    known = project.kinds(store)
    test = {"conflict": lambda k: k.polarity < 0, "support": lambda k: k.supports, "neither": lambda k: k.polarity == 0}[of]
    wanted = sorted(iri for iri, k in known.items() if test(k))
    text = library.get("edges").text
    full = project._pair_rows(store, text, pairs)
    cut = project._pair_rows(store, text, pairs, wanted)
    expected = [row for row in full if row["kindClass"] in wanted]
    assert len(expected) < len(full)
    assert len(cut) == len(expected) and as_set(cut) == as_set(expected)
    if of != "neither":
        assert expected
    roles = {role for iri in wanted for role in (known[iri].subject_role, known[iri].object_role)}
    assert roles and all(r.startswith(AK) for r in roles)
