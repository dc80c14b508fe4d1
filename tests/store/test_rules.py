"""Rules derive the direct edges from statements; nothing else writes them."""

from __future__ import annotations

from actorkg.graph.namespaces import AK, DERIVED_GRAPH, KG
from actorkg.graph.store.load import open_graph

PREFIXES = """
@prefix ak: <https://w3id.org/actorkg/ontology#> . @prefix kg: <https://w3id.org/actorkg/entity/> .
@prefix stmt: <https://w3id.org/actorkg/statement/> . @prefix src: <https://w3id.org/actorkg/source/> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def edges(store, predicate: str) -> set[tuple[str, str]]:
    rows = store.query(f"SELECT ?s ?o WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?s <{AK}{predicate}> ?o }} }}").rows
    return {(r["s"].value.removeprefix(KG), r["o"].value.removeprefix(KG)) for r in rows}


def test_article_edges(graph):
    assert edges(graph, "supports") == {("Russia", "Armenia"), ("Armenia", "Russia"),
                                        ("Russia", "Azerbaijan"), ("Turkey", "Azerbaijan")}
    assert edges(graph, "armsSupplierOf") == {("Russia", "Azerbaijan")}
    assert edges(graph, "allyOf") == {("Russia", "Armenia"), ("Armenia", "Russia")}
    assert edges(graph, "militaryPresenceIn") == {("Russia", "Armenia")}
    assert edges(graph, "inConflictWith") == {("Armenia", "Azerbaijan"), ("Azerbaijan", "Armenia")}
    assert edges(graph, "partyTo") == {("Armenia", "CollectiveSecurityTreaty"), ("Russia", "CollectiveSecurityTreaty")}


def test_treaty_alliance_statement_carries_the_evidence(graph):
    rows = graph.query(f"""
        SELECT ?quote WHERE {{ ?a a <{AK}TreatyAlliance> ; <{AK}party> <{KG}Russia>, <{KG}Armenia> ;
                               <{AK}quote> ?quote }}""").rows
    quotes = {r["quote"].value for r in rows}
    assert "The collective security treaty between Armenia and Russia is a mutual defense agreement." in quotes
    assert any("other members will provide military assistance" in q for q in quotes)


def test_treaty_alliance_needs_overlapping_membership(tmp_path):
    data = tmp_path / "treaty.ttl"
    data.write_text(PREFIXES + """
        src:d a ak:Dataset ; rdfs:label "d" ; ak:reliability ak:ReliabilityB .
        kg:T a ak:Treaty ; rdfs:label "T" .
        kg:A a ak:State ; rdfs:label "A" . kg:B a ak:State ; rdfs:label "B" . kg:C a ak:State ; rdfs:label "C" .
        stmt:o a ak:TreatyObligation ; ak:treaty kg:T ; ak:obligationType ak:DefenseObligation ;
               ak:recordId "o" ; prov:wasDerivedFrom src:d .
        stmt:a a ak:TreatyMembership ; ak:member kg:A ; ak:treaty kg:T ; ak:start "1990"^^xsd:gYear ;
               ak:end "1995"^^xsd:gYear ; ak:recordId "a" ; prov:wasDerivedFrom src:d .
        stmt:b a ak:TreatyMembership ; ak:member kg:B ; ak:treaty kg:T ; ak:start "1993"^^xsd:gYear ;
               ak:recordId "b" ; prov:wasDerivedFrom src:d .
        stmt:c a ak:TreatyMembership ; ak:member kg:C ; ak:treaty kg:T ; ak:start "1999"^^xsd:gYear ;
               ak:recordId "c" ; prov:wasDerivedFrom src:d .
    """)
    store = open_graph([data], include_article=True)
    allies = edges(store, "allyOf")
    assert ("A", "B") in allies and ("B", "C") in allies
    assert ("A", "C") not in allies  # A left in 1995, C joined in 1999
    row = store.query(f"""SELECT ?start WHERE {{ ?s a <{AK}TreatyAlliance> ; <{AK}party> <{KG}A>, <{KG}B> ;
                          <{AK}start> ?start }}""").rows[0]
    assert row["start"].value == "1993"


def test_removing_a_statement_removes_its_edge(tmp_path):
    data = tmp_path / "extra.ttl"
    data.write_text(PREFIXES + """
        src:s a ak:TextSource ; rdfs:label "s" ; ak:reliability ak:ReliabilityC .
        stmt:iran-arms a ak:ArmsTransfer ; ak:supplier kg:Iran ; ak:recipient kg:Armenia ;
                       ak:quote "q" ; prov:wasDerivedFrom src:s .
    """)
    store_dir = tmp_path / "store"
    store = open_graph([data], store_path=store_dir)
    assert ("Iran", "Armenia") in edges(store, "armsSupplierOf")
    del store
    data.write_text(PREFIXES)
    store = open_graph([data], store_path=store_dir)
    assert ("Iran", "Armenia") not in edges(store, "armsSupplierOf")
    assert ("Russia", "Azerbaijan") in edges(store, "armsSupplierOf")


def recorded_kinds(store, name: str) -> set[tuple[str, str]]:
    from actorkg.graph.query import library

    return {(r["source"].value.rsplit("/", 1)[-1], r["kind"].value.removeprefix(AK))
            for r in library.run(store, name).rows}


def test_sources_record_the_kinds_of_their_statements(graph):
    """ak:recordsKind, derived at load, says what counting every statement says, the
    treaty alliance the article's memberships form included."""
    recorded = recorded_kinds(graph, "source-kinds")
    assert recorded == recorded_kinds(graph, "statement-counts")
    article = {kind for source, kind in recorded if source.startswith("article-")}
    assert {"ArmsTransfer", "MilitaryPresence", "TreatyMembership", "TreatyAlliance"} <= article


def test_a_rule_reading_its_graph_keeps_the_anchor_over_the_whole_store():
    from actorkg.graph.store.rules import ANCHOR, rules

    found = {r.name: r for r in rules()}
    assert found["recorded-kinds"].reads_graph
    assert found["recorded-kinds"].over_union() == found["recorded-kinds"].text
    assert not found["edges"].reads_graph  # ?sourceA and the like are other variables
    assert not found["treaty-alliances"].reads_graph
    assert ANCHOR not in found["treaty-alliances"].over_union()
