"""Every state known whatever the import order: SIPRI imported before the COW state list
gives Israel, the United States, Ukraine their COW identity and the same IRIs as the usual
order (the bundled registry is written before each import); "Who has armed the USA?" is
answered for the United States from the raw SIPRI rows."""

from __future__ import annotations

import pytest
from actorkg.graph.sources.importers import FILES

from .. import rawfiles
from ..conftest import SHARED_DATA

pytestmark = pytest.mark.shared_data
KG = "https://w3id.org/actorkg/entity/"
STATES = """PREFIX ak: <https://w3id.org/actorkg/ontology#>
SELECT ?actor ?code WHERE { ?actor a ak:State ; ak:cowCode ?code }"""
PARTIES = """PREFIX ak: <https://w3id.org/actorkg/ontology#>
SELECT DISTINCT ?actor WHERE { ?s a ak:ArmsTransfer ; ak:supplier|ak:recipient ?actor }"""


@pytest.fixture(scope="module")
def sipri_first(tmp_path_factory):
    from actorkg.graph.sources.importers import import_file
    from actorkg.graph.store.load import open_graph

    store = open_graph(store_path=tmp_path_factory.mktemp("order") / "store")
    reports = {kind: import_file(kind, SHARED_DATA / FILES[kind], store) for kind in ("sipri", "cow-states")}
    return store, reports


def test_sipri_before_cow_states_resolves_every_state(sipri_first, full):
    store, reports = sipri_first
    codes = {row["actor"].value: int(row["code"].value) for row in store.query(STATES).rows}
    assert {KG + "Israel": 666, KG + "UnitedStatesOfAmerica": 2, KG + "Ukraine": 369}.items() <= codes.items()
    assert len(codes) == len(set(codes.values())) == 217
    named = {rows[1] for rows in rawfiles.sipri_rows(SHARED_DATA / FILES["sipri"])}
    assert {"Israel", "United States", "Ukraine"} <= named
    assert not {"Israel", "United States", "Ukraine"} & set(reports["sipri"].unmatched)
    # The same IRIs as importing the COW list first (the full fixture's order).
    world, _ = full
    assert codes == {row["actor"].value: int(row["code"].value) for row in world.query(STATES).rows}
    assert {r["actor"].value for r in store.query(PARTIES).rows} == {r["actor"].value for r in world.query(PARTIES).rows}


def test_who_armed_the_usa_counts_the_raw_sipri_rows(full):
    from actorkg.graph.answer.ask import ask

    store, _ = full
    raw = [d for d in rawfiles.sipri_rows(SHARED_DATA / FILES["sipri"]) if d[0] == "United States"]
    answer = ask(store, "Who has armed the USA?")
    assert [a.iri for a in answer.actors] == [KG + "UnitedStatesOfAmerica"] and answer.to_dict()["taken_as"] == []
    ties = answer.details["ties"]
    assert len(ties) == len({d[1] for d in raw})
    assert sum(t["statements"] for t in ties) == len(raw)
    uk = next(t for t in ties if t["actor"]["label"] == "United Kingdom")
    assert uk["statements"] == sum(1 for d in raw if d[1] == "United Kingdom")
