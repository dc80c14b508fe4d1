"""The projection's multigraph reads as networkx's MultiDiGraph does, order included (every
answer lists statements in graph order), without importing networkx on a question's path."""

from __future__ import annotations

import random
import subprocess
import sys

import networkx as nx

from actorkg.graph.network.multigraph import StatementGraph


def _both(nodes, edges):
    ours, theirs = StatementGraph(), nx.MultiDiGraph()
    for g in (ours, theirs):
        g.add_nodes_from((n, {"label": n.upper()}) for n in nodes)
        g.add_edges_from((s, o, k, dict(d)) for s, o, k, d in edges)
    return ours, theirs


def _random_edges(seed: int, count: int = 60):
    rng = random.Random(seed)
    names = [f"n{i}" for i in range(8)]
    # Repeated keys between the same ends update the edge, as in networkx.
    return names, [(rng.choice(names), rng.choice(names), f"s{rng.randrange(40)}", {"w": i}) for i in range(count)]


def test_reads_as_a_networkx_multidigraph():
    for seed in range(5):
        nodes, edges = _random_edges(seed)
        ours, theirs = _both(nodes[:5], edges)  # some ends appear only in edges
        assert list(ours) == list(theirs) and len(ours) == len(theirs)
        assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True))
        assert ours.nodes["n1"] == theirs.nodes["n1"]
        for flags in ({}, {"keys": True}, {"data": True}, {"keys": True, "data": True}):
            assert list(ours.edges(**flags)) == list(theirs.edges(**flags))
            for n in nodes:
                assert list(ours.out_edges(n, **flags)) == list(theirs.out_edges(n, **flags))
                assert list(ours.in_edges(n, **flags)) == list(theirs.in_edges(n, **flags))
        for s in nodes:
            for o in nodes:
                assert ours.get_edge_data(s, o) == theirs.get_edge_data(s, o)
                assert ours.number_of_edges(s, o) == theirs.number_of_edges(s, o)
        assert ours.number_of_edges() == theirs.number_of_edges()
        assert "nowhere" not in ours and ours.get_edge_data("n1", "nowhere") is None


def test_compose_is_networkx_compose():
    nodes, first = _random_edges(1)
    _, second = _random_edges(2)
    a, na = _both(nodes[:3], first)
    b, nb = _both(nodes[2:], second)
    a.graph["x"], na.graph["x"] = 1, 1
    b.graph["y"], nb.graph["y"] = 2, 2
    ours, theirs = a.compose(b), nx.compose(na, nb)
    assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True))
    assert list(ours.edges(keys=True, data=True)) == list(theirs.edges(keys=True, data=True))
    assert ours.graph == theirs.graph == {"x": 1, "y": 2}
    assert nx.utils.graphs_equal(ours.to_networkx(), theirs)


def test_a_question_between_actors_does_not_import_networkx(tmp_path):
    """networkx is a quarter of a second of CPU: half of what a question may take on the
    world store. A terminal answer to a check, a choice, a relation or who supports whom
    needs none of its algorithms."""
    code = ("import sys\n"
            "from actorkg.graph.store.load import open_graph\n"
            "from actorkg.graph.answer.ask import ask\n"
            "store = open_graph()\n"
            "for q in ['Who supports Azerbaijan?', 'Who opposes Armenia?', 'Does Russia support Armenia?',\n"
            "          'Does Russia support Armenia or Azerbaijan?', 'How are Armenia and Turkey related?']:\n"
            "    assert ask(store, q).answer\n"
            "print('networkx' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"ACTORKG_NO_CACHE": "1", "PATH": "/usr/bin:/bin"}, cwd=tmp_path)
    assert out.stdout.strip() == "False", out.stderr
