"""Signed-network analyses on the article and on a small importer-shaped world."""

from __future__ import annotations

import pytest
from actorkg.graph.errors import UsageError
from actorkg.graph.namespaces import AK, KG
from actorkg.graph.network import analysis, causes, profile, signed
from actorkg.graph.network.evidence import all_statements, reliance
from actorkg.graph.network.project import source_index, Window, project, select_sources
from actorkg.graph.query import library

RUSSIA, ARMENIA, AZERBAIJAN, TURKEY, IRAN = (KG + n for n in ("Russia", "Armenia", "Azerbaijan", "Turkey", "Iran"))
ALPHA, BRAVO, CHARLIE, DELTA = (KG + n for n in ("Alpha", "Bravo", "Charlie", "Delta"))


def quotes(statements) -> set[str]:
    return {e.quote for s in statements for e in s.evidence if e.quote}


# --- the projection ---------------------------------------------------------------------------

def test_projection_reads_kinds_from_the_ontology(network):
    data = {d["kind_class"]: d for _, _, d in network.edges(data=True)}
    arms = data[AK + "ArmsTransfer"]
    assert (arms["polarity"], arms["supports"], arms["edge"], arms["support_type"]) == (
        1, True, AK + "armsSupplierOf", AK + "WeaponsSupport")
    assert data[AK + "Attack"]["implies_conflict"] and data[AK + "Attack"]["polarity"] == -1
    assert data[AK + "StrategicAlliance"]["symmetric"]
    assert data[AK + "TreatyInvocation"]["outcome"] == AK + "NotHonoured"
    assert data[AK + "TreatyInvocation"]["treaty"] == KG + "CollectiveSecurityTreaty"
    assert data[AK + "Conflict"]["about"] == KG + "NagornoKarabakh"
    assert all(d["low_reliability"] and d["reliability"] == "F" for d in data.values())
    # An endpoint that is not a named entity still gets its label.
    assert network.nodes[AK + "DefenseObligation"]["label"] == "defense"


def test_a_kind_declared_only_in_data_flows_through(world_network):
    training = [s for s in all_statements(world_network) if s.kind == "training"]
    assert len(training) == 1 and training[0].supports and training[0].polarity == 1
    assert [t.label for t in analysis.supporters(world_network, BRAVO)] == ["Alpha", "Charlie", "Delta"]


def test_a_statements_own_support_type_names_it(world_network):
    (ucdp,) = [s for s in all_statements(world_network) if s.subject == DELTA]
    assert (ucdp.kind, ucdp.relation) == ("support", "troops")


def test_statement_on_several_sources_keeps_each_sources_evidence(world_network):
    (alliance,) = [s for s in all_statements(world_network) if s.relation == "treaty ally"]
    assert len(alliance.sources) == 2
    by_source = {(e.source.rsplit("/", 1)[1], e.quote or e.record) for e in alliance.evidence}
    assert by_source == {("blog", "Bravo joined the Pact."), ("pacts-db", "atop-1"), ("pacts-db", "atop-2")}
    # Not every source is weak, so the statement is not weak.
    assert not alliance.data["low_reliability"]


def test_window_sets_undated_statements_apart_and_drops_others(graph):
    in_1990 = project(graph, Window.as_of(1990))
    kinds = {d["kind"] for _, _, d in in_1990.edges(data=True)}
    assert "military presence" not in kinds  # since 1991
    assert "arms" not in kinds  # the undated arms statement is no evidence for 1990...
    assert "arms" in {d["kind"] for _, _, _, d in in_1990.graph["undated"]}  # ...but kept apart
    assert all(d["start"] is not None and d["start"] <= 1990 for _, _, d in in_1990.edges(data=True))


def test_an_open_end_runs_to_the_end_of_its_sources_data(world):
    """A statement with no end is in force until the last year its dataset covers, not after."""
    sources = source_index(world)
    for s, o, key, d in project(world).edges(keys=True, data=True):
        last = sources[d["source"]].last_year
        if d["start"] is not None and d["end"] is None and last is not None:
            assert project(world, Window.as_of(last)).has_edge(s, o, key)
            assert not project(world, Window.as_of(last + 1)).has_edge(s, o, key)
            break
    else:
        pytest.fail("the world fixture has no open-ended dated statement of a dataset with coverage")


def test_sources_filter(world):
    blog = select_sources(world, ["blog"])
    assert blog == {"https://w3id.org/actorkg/source/blog"}
    only_blog = project(world, sources=blog)
    assert {d["source"] for _, _, d in only_blog.edges(data=True)} == blog
    assert select_sources(world, None) is None
    with pytest.raises(UsageError, match="no source matches 'sipri'") as caught:
        select_sources(world, ["sipri"])
    assert "arms register" in caught.value.hint


# --- supporters and ties ----------------------------------------------------------------------

def test_supporters_of_azerbaijan(network):
    found = analysis.supporters(network, AZERBAIJAN)
    assert [(t.label, t.kinds) for t in found] == [("Russia", ["arms"]), ("Turkey", ["support"])]
    assert "It’s worth noting that Russia serves as one of Azerbaijan’s primary sources of arms." in quotes(
        found[0].statements)
    assert all(s.object == AZERBAIJAN for t in found for s in t.statements)


def test_supporters_are_ranked_by_independent_kinds_then_sources(world_network):
    found = analysis.supporters(world_network, BRAVO)
    assert [(t.label, t.kinds) for t in found] == [
        ("Alpha", ["arms", "treaty ally"]), ("Charlie", ["training"]), ("Delta", ["troops"])]
    assert len(found[0].sources) == 3
    # Centrality among Bravo's supporters: Alpha and Charlie cooperate, Delta stands apart.
    assert {t.label: t.centrality for t in found} == {"Alpha": 0.5, "Charlie": 0.5, "Delta": 0.0}


def test_supporters_by_aspect(network, world_network):
    assert [t.label for t in analysis.supporters(network, ARMENIA, "ally")] == ["Russia"]
    assert [t.kinds for t in analysis.supporters(network, ARMENIA, "troops")] == [["military presence"]]
    # A treaty ally's promise of troops is not troops on the ground.
    assert [t.label for t in analysis.supporters(world_network, BRAVO, "troops")] == ["Delta"]
    assert [t.label for t in analysis.supporters(world_network, BRAVO, "arms")] == ["Alpha"]
    with pytest.raises(UsageError, match="no relation aspect"):
        analysis.supporters(network, ARMENIA, "love")


def test_supported_by_russia(network):
    found = analysis.supported(network, RUSSIA)
    assert [(t.label, t.kinds) for t in found] == [
        ("Armenia", ["military presence", "strategic ally", "support", "treaty ally"]), ("Azerbaijan", ["arms"])]
    assert all(s.subject == RUSSIA for t in found for s in t.statements)


def test_opponents_of_armenia(network):
    found = {t.label: t.kinds for t in analysis.opponents(network, ARMENIA)}
    assert found["Azerbaijan"] == ["accusation", "attack", "conflict", "strained relations"]
    assert found["Iran"] == ["threat"] and "threat" in found["Turkey"]
    assert [t.label for t in analysis.opponents(network, ARMENIA, "conflict")] == ["Azerbaijan"]


# --- relation ---------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, verdict", [
    (RUSSIA, ARMENIA, "both"), (RUSSIA, AZERBAIJAN, "supports"), (ARMENIA, TURKEY, "opposes"), (IRAN, AZERBAIJAN, "none"),
])
def test_relation_verdicts(network, a, b, verdict):
    assert analysis.relation(network, a, b).verdict == verdict


def test_relation_groups_statements_both_ways(network):
    report = analysis.relation(network, RUSSIA, ARMENIA)
    assert {s.relation for s in report.cooperation} == {"military presence", "strategic ally", "support", "treaty ally"}
    assert {s.relation for s in report.conflict} == {"strained relations"}
    assert {(s.subject, s.relation) for s in report.other} == {
        (RUSSIA, "did not intervene"), (ARMENIA, "invoked treaty")}
    assert {s.relation for s in report.support(RUSSIA)} == {"military presence", "strategic ally", "support",
                                                             "treaty ally"}


# --- unmet commitments ------------------------------------------------------------------------

def _sparql_unmet(store) -> set[tuple]:
    return {(r["ally"].value, r["partner"].value, int(r["year"].value), r["basis"].value)
            for r in library.run(store, "unmet-commitments").rows}


def _python_unmet(net) -> set[tuple]:
    return {(c.ally, c.partner, t.year, t.basis) for c in analysis.unmet_commitments(net) for t in c.triggers}


def test_unmet_commitments_of_russia(network):
    (found,) = analysis.unmet_commitments(network)
    assert (found.ally_label, found.partner_label, found.years) == ("Russia", "Armenia", [2020])
    assert {t.basis for t in found.triggers} == {"invoked, not honoured", "did not intervene",
                                                 "attacked, no support recorded"}
    assert {s.relation for s in found.commitments} == {"strategic ally", "treaty ally"}
    assert "Despite Armenia’s pleas and the activation of their collective security treaty, Russia chose not to " \
           "intervene militarily." in quotes(found.statements)


def test_unmet_commitments_match_the_sparql_query(graph, network, world, world_network):
    assert _python_unmet(network) == _sparql_unmet(graph)
    assert _python_unmet(world_network) == _sparql_unmet(world) == {
        (ALPHA, BRAVO, 2015, "attacked, no support recorded")}


def test_commitments_follow_the_window(graph, network):
    assert len(analysis.unmet_commitments(network)) == 1
    # The article dates no alliance: no period proves a commitment in force.
    assert analysis.unmet_commitments(project(graph, Window(2018, 2021))) == []


def test_commitment_without_trigger_and_without_alliance(network):
    assert analysis.commitment(network, TURKEY, ARMENIA).commitments == []
    kept = analysis.commitment(network, ARMENIA, RUSSIA)  # Russia was never attacked
    assert kept.commitments and not kept.unmet


# --- dual roles, balance, paths, centrality ---------------------------------------------------

def test_dual_role_of_russia_matches_the_sparql_query(graph, network):
    (triad,) = signed.dual_roles(network)
    assert triad.labels == ("Russia", "Armenia", "Azerbaijan")
    assert {s.relation for s in triad.with_c} == {"arms"}
    assert {"attack", "conflict"} <= {s.relation for s in triad.conflict}
    sparql = {(r["actor"].value, r["b"].value, r["c"].value) for r in library.run(graph, "dual-roles").rows}
    assert sparql == {(triad.actor, triad.b, triad.c)}


def test_dual_roles_per_actor_and_window(network, world, world_network):
    assert signed.dual_roles(network, TURKEY) == []
    assert [t.labels for t in signed.dual_roles(world_network)] == [("Alpha", "Bravo", "Charlie")]
    # In 2011 Bravo and Charlie were not yet hostile.
    assert signed.dual_roles(project(world, Window.as_of(2011))) == []


def test_share_of_balanced_triangles(network, world_network):
    article = signed.balance(network)
    assert (article.triangles, len(article.balanced), article.share) == (2, 1, 0.5)
    assert article.unbalanced == [("Armenia", "Azerbaijan", "Russia")]
    assert article.balanced == [("Armenia", "Azerbaijan", "Turkey")]
    assert signed.balance(world_network).share == 0.0


def test_signed_graph_nets_cooperation_against_conflict(network):
    simple = signed.signed_graph(network)
    assert simple[RUSSIA][ARMENIA]["sign"] == 1  # four cooperation statements, one conflict
    assert simple[ARMENIA][TURKEY]["sign"] == -1
    assert not simple.has_node(KG + "NagornoKarabakh")  # places are not actors


def test_paths_between_armenia_and_turkey(network):
    found = signed.paths(network, ARMENIA, TURKEY)
    assert [p.text() for p in found] == ["Armenia - Turkey", "Armenia - Azerbaijan + Turkey",
                                         "Armenia + Russia + Azerbaijan + Turkey"]
    assert [p.sign for p in found] == [-1, -1, 1]
    assert all(step for p in found for step in p.steps)
    assert len(signed.paths(network, ARMENIA, TURKEY, limit=1)) == 1
    assert signed.paths(network, ARMENIA, KG + "NagornoKarabakh") == []


# A ring a-b-c-d-e-a with a hub h tied to every node, and a tail e-t.
RING = {"a": "beh", "b": "ach", "c": "bdh", "d": "ceh", "e": "adht", "h": "abcde", "t": "e"}


def test_shortest_paths_fewest_steps_first_then_in_node_order():
    import networkx as nx

    adjacency = {n: set(ns) for n, ns in RING.items()}
    every = list(nx.shortest_simple_paths(nx.Graph((u, v) for u, ns in RING.items() for v in ns), "a", "c"))
    for limit in (1, 2, 3, 6, 50):
        found = signed.shortest_paths(adjacency, "a", "c", limit)
        assert found == sorted(found, key=lambda p: (len(p), p)) and len(found) == min(limit, len(every))
        assert [len(p) for p in found] == [len(p) for p in every[:limit]]  # as short as networkx's
        assert all(len(set(p)) == len(p) and all(v in adjacency[u] for u, v in zip(p, p[1:])) for p in found)
    assert signed.shortest_paths(adjacency, "a", "c", 2) == [["a", "b", "c"], ["a", "h", "c"]]
    assert signed.shortest_paths(adjacency, "a", "c", 5, longest=2) == [["a", "b", "c"], ["a", "h", "c"]]
    assert signed.shortest_paths(adjacency, "a", "a", 5) == []
    assert signed.shortest_paths(adjacency, "a", "nobody", 5) == []
    assert signed.shortest_paths({**adjacency, "x": {"y"}, "y": {"x"}}, "a", "x", 5) == []


def test_shortest_paths_import_networkx_only_for_paths_longer_than_two_steps(monkeypatch):
    """Importing networkx costs ~0.25 s; the direct tie and common neighbours need none of it."""
    import sys

    adjacency = {n: set(ns) for n, ns in RING.items()}
    monkeypatch.setitem(sys.modules, "networkx", None)  # importing it now fails
    assert signed.shortest_paths(adjacency, "a", "c", 2) == [["a", "b", "c"], ["a", "h", "c"]]
    assert signed.shortest_paths(adjacency, "a", "h", 3) == [["a", "h"], ["a", "b", "h"], ["a", "e", "h"]]
    with pytest.raises(ImportError):
        signed.shortest_paths(adjacency, "a", "c", 3)


# --- impact, profile, treaty ------------------------------------------------------------------

def test_impact_of_russia_on_armenia_and_turkey(network):
    found = causes.impact(network, RUSSIA, ARMENIA, TURKEY)
    (chain,) = found.chains
    assert [s.relation for s in chain] == ["did not intervene", "closer relations", "strained relations"]
    assert [s.relation for s in found.other_causes] == ["support"]
    assert "Russia’s decision not to intervene in the conflict has led to closer ties between Azerbaijan and " \
           "Turkey." in quotes(found.statements)


def test_impact_without_a_causal_chain_shows_the_direct_ties(network):
    found = causes.impact(network, IRAN, ARMENIA, AZERBAIJAN)
    assert found.chains == [] and [s.relation for s in found.context] == ["threat"]


def test_profile_of_a_territory(graph, network):
    found = profile.profile(graph, network, KG + "NagornoKarabakh")
    assert (found.label, found.type_label, found.category) == ("Nagorno-Karabakh", "territory", "place")
    assert {s.relation for s in found.statements} >= {"located in", "recognized as part of", "inhabits"}
    assert [s.relation for s in found.about if s.kind == "conflict"] == ["conflict"]
    assert ("alternative label", "Karabakh") in found.identity


def test_treaty_report(graph, network):
    found = profile.treaty(graph, network, KG + "CollectiveSecurityTreaty")
    ((_, obligation),) = found.obligations
    assert obligation.label == "defense" and "military support if a member is attacked" in obligation.definition
    assert found.party_labels == ["Armenia", "Russia"]
    assert [s.relation for s in found.alliances] == ["treaty ally"]
    ((invocation, outcome),) = found.invocations
    assert (invocation.subject_label, outcome.label) == ("Armenia", "not honoured")


def test_reliance_notes_a_single_weak_source(network, world_network):
    assert "single low-reliability source" in reliance(all_statements(network)).note()
    datasets = [s for s in all_statements(world_network) if "blog" not in " ".join(s.sources)]
    assert reliance(datasets).note() == ""


def test_graphml_export_carries_the_projection(cli, tmp_path):
    import networkx as nx

    out = tmp_path / "graph.graphml"
    assert cli("export", "--format", "graphml", "-o", str(out)).exit_code == 0
    exported = nx.read_graphml(out)
    edges = [d for _, _, d in exported.edges(data=True)]
    assert len(edges) == 29
    assert {d["relation"] for d in edges} >= {"arms", "treaty ally", "did not intervene"}
    assert all(d["low_reliabilities"] == "True" for d in edges)
