"""The article's graph: verbatim quotes, all 13 claims, confirmed identifiers, shapes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from actorkg.graph import paths
from actorkg.graph.namespaces import AK, KG, WD
from actorkg.graph.store.validate import validate

QUOTES = f"SELECT DISTINCT ?statement ?quote WHERE {{ ?statement <{AK}quote> ?quote }}"


def test_every_quote_appears_verbatim_in_the_article(graph, article_text):
    rows = graph.query(QUOTES).rows
    assert len(rows) >= 30
    missing = [(r["statement"].value, r["quote"].value) for r in rows if r["quote"].value not in article_text]
    assert missing == []


def test_all_thirteen_claims_have_quoted_statements(graph):
    rows = graph.query(f"""
        SELECT ?number (COUNT(DISTINCT ?statement) AS ?statements) (COUNT(DISTINCT ?quote) AS ?quotes)
        WHERE {{ ?claim <{AK}claimNumber> ?number . ?statement <{AK}claim> ?claim ; <{AK}quote> ?quote }}
        GROUP BY ?number ORDER BY ?number""").rows
    assert [int(r["number"].value) for r in rows] == list(range(1, 14))
    assert all(int(r["statements"].value) >= 1 and int(r["quotes"].value) >= 1 for r in rows)


def test_source_is_graded_unproven_and_dated(graph):
    row = graph.query(f"""
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?title ?creator ?modified ?grade ?low WHERE {{
          ?source a <{AK}TextSource> ; dcterms:title ?title ; dcterms:creator ?creator ;
                  dcterms:modified ?modified ; <{AK}reliability> ?r .
          ?r <{AK}grade> ?grade ; <{AK}isLowReliability> ?low }}""").rows[0]
    assert row["title"].value.startswith("Russia’s Role in South Caucasus Tensions")
    assert row["creator"].value == "Ankit"
    assert row["modified"].value == "2024-03-01"
    assert row["grade"].value == "F" and row["low"].value == "true"


def test_only_confirmed_identifiers():
    """QIDs and COW codes are exactly the ones DESIGN.md and public data confirm."""
    store = ox.Store()
    store.load(path=str(paths.actors_file()))
    qids = {(t.subject.value.removeprefix(KG), t.object.value.removeprefix(WD))
            for t in store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs"), None)}
    assert qids == {("Russia", "Q159"), ("Armenia", "Q399"), ("Azerbaijan", "Q227"), ("Turkey", "Q43"),
                    ("Iran", "Q794"), ("EthnicArmenians", "Q79797")}
    cow = {(t.subject.value.removeprefix(KG), int(t.object.value))
           for t in store.quads_for_pattern(None, ox.NamedNode(AK + "cowCode"), None)}
    assert cow == {("Russia", 365), ("Armenia", 371), ("Azerbaijan", 373), ("Turkey", 640), ("Iran", 630)}


def test_no_direct_edge_is_written_by_hand(graph):
    """Direct edges exist only in the derived graph, never in the curated file."""
    edges = {r["edge"].value for r in graph.query(f"SELECT DISTINCT ?edge WHERE {{ ?k <{AK}edge> ?edge }}").rows}
    store = ox.Store()
    store.load(path=str(paths.actors_file()))
    used = {q.predicate.value for q in store}
    assert edges & used == set()
    assert AK + "supports" in edges


def test_bundled_data_conforms_to_the_shapes(graph):
    assert validate(graph) == []


def test_every_ontology_term_has_label_and_definition():
    store = ox.Store()
    store.load(path=str(paths.ontology_file()))
    rows = store.query(f"""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?term WHERE {{ ?term a ?any . FILTER(STRSTARTS(STR(?term), "{AK}"))
          FILTER NOT EXISTS {{ ?term rdfs:label ?l . ?term skos:definition ?d }} }}""")
    assert [r["term"].value for r in rows] == []


@pytest.mark.parametrize("turtle, message", [
    ("stmt:x a ak:Support ; ak:supporter kg:Turkey ; ak:recipient kg:Azerbaijan ; prov:wasDerivedFrom src:t .",
     "verbatim quote"),
    ("stmt:x a ak:Support ; ak:supporter kg:Turkey ; ak:quote \"q\" ; prov:wasDerivedFrom src:t .",
     "lacks its participant"),
    ("stmt:x a ak:Support ; ak:supporter kg:Turkey ; ak:recipient kg:Azerbaijan ; ak:quote \"q\" .",
     "needs a source"),
    ("stmt:x a ak:Conflict ; ak:party kg:Turkey ; ak:quote \"q\" ; prov:wasDerivedFrom src:t .",
     "two distinct parties"),
])
def test_shapes_report_bad_statements(tmp_path, turtle, message):
    from actorkg.graph.store.validate import validate_files

    path = tmp_path / "bad.ttl"
    path.write_text("""
        @prefix ak: <https://w3id.org/actorkg/ontology#> . @prefix kg: <https://w3id.org/actorkg/entity/> .
        @prefix stmt: <https://w3id.org/actorkg/statement/> . @prefix src: <https://w3id.org/actorkg/source/> .
        @prefix prov: <http://www.w3.org/ns/prov#> . @prefix dcterms: <http://purl.org/dc/terms/> .
        src:t a ak:TextSource ; dcterms:title "t" ; ak:reliability ak:ReliabilityC .
        """ + turtle)
    violations = validate_files([path], include_article=False)
    assert any(message in v.message and v.focus == "stmt:x" for v in violations), violations
