"""Whole-network analyses (dual roles, balance, unmet commitments, world dual roles) answer as
they did before they were made fast: the straightforward versions below are the code they
replaced, compared on the article, the world fixture and a generated world with many triads.
The whole projection and the world-roles rows are kept per store generation."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from actorkg.graph.answer import reports
from actorkg.graph.answer.ask import ask
from actorkg.graph.network import analysis, overlap, rowcache, signed, worldroles
from actorkg.graph.network.evidence import between, incident
from actorkg.graph.network.project import Window, project
from actorkg.graph.store import cached as store_cache
from actorkg.graph.store.load import open_graph

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _generate(path: Path, triples: int) -> None:
    spec = importlib.util.spec_from_file_location("generate", BENCHMARKS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(path, triples)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated world of 20,000 triples: hundreds of triads and commitments."""
    path = tmp_path_factory.mktemp("generated") / "world.nt"
    _generate(path, 20_000)
    return open_graph([path])


def _reference_dual_roles(graph, actor=None):
    actors = signed._actors(graph)
    label = {n: graph.nodes[n].get("label", n) for n in actors}
    found = []
    for a in sorted(actors if actor is None else {actor} & actors):
        partners = {}
        for s in incident(graph, a, lambda d: d["polarity"] > 0):
            other = s.other(a)
            if other in actors - {a} and (s.symmetric or s.subject == a):
                partners.setdefault(other, []).append(s)
        names = sorted(partners, key=str)
        for i, b in enumerate(names):
            for c in names[i + 1:]:
                conflict = between(graph, b, c, lambda d: d["polarity"] < 0)
                if conflict and _at_one_time(graph, partners[b], partners[c], conflict):
                    sides = [overlap.of_statements(side, graph.graph["sources"]) for side in (partners[b], partners[c], conflict)]
                    window = overlap.in_window(graph.graph.get("window"))
                    found.append(signed.Triad(a, b, c, (label[a], label[b], label[c]),
                                              partners[b], partners[c], conflict,
                                              years=overlap.together(*sides, *([window] if window else []))))
    return sorted(found, key=lambda t: (-len(t.statements), t.labels))


def _at_one_time(graph, *sides) -> bool:
    """Whether some year has a statement of every side in force (an undated one: any year),
    year by year over every year the statements name, in the graph's window."""
    from actorkg.graph.network.summary import reference_year

    sources, window = graph.graph["sources"], graph.graph.get("window")

    def covers(s, year) -> bool:
        if s.start is None and s.end is None:
            return True
        end = s.end if s.end is not None else reference_year(s, sources)
        if end is not None and s.start is not None:
            end = max(end, s.start)  # an open end before the start: the start year alone
        return (s.start is None or s.start <= year) and (end is None or year <= end)

    named = {y for side in sides for s in side for y in (s.start, s.end, reference_year(s, sources)) if y is not None}
    if window is not None:
        named |= {y for y in (window.start, window.end) if y is not None}
    years = range(min(named), max(named) + 1) if named else [0]
    return any(all(any(covers(s, y) for s in side) for side in sides) for y in years
               if window is None or window.admits(y, y))


def _reference_unmet(graph):
    pairs = set()
    for s, o, data in graph.edges(data=True):
        if data["edge"] == analysis.ALLY_EDGE:
            pairs |= {(s, o), (o, s)} if data["symmetric"] else {(s, o)}
    # One partner at a time, its triggers read afresh (no sharing between calls).
    found = [analysis.commitment(graph, a, p) for a, p in sorted(pairs)]
    return sorted((c for c in found if c.unmet), key=lambda c: (c.ally_label, c.partner_label))


def _dump(items) -> str:
    return json.dumps(items, sort_keys=True)


@pytest.mark.parametrize("store", ["graph", "world", "generated"])
@pytest.mark.parametrize("window", [None, Window.as_of(2000), Window(1990, 2010)])
def test_dual_roles_and_commitments_as_before(request, store, window):
    graph = project(request.getfixturevalue(store), window)
    triads = signed.dual_roles(graph)
    assert _dump(signed.triad_dicts(triads)) == _dump([t.to_dict() for t in _reference_dual_roles(graph)])
    assert _dump([c.to_dict() for c in analysis.unmet_commitments(graph)]) == _dump(
        [c.to_dict() for c in _reference_unmet(graph)])
    some = sorted({t.actor for t in triads})[:3]
    for actor in some:
        assert _dump(signed.triad_dicts(signed.dual_roles(graph, actor))) == _dump(
            [t.to_dict() for t in _reference_dual_roles(graph, actor)])
    if store == "generated" and window is None:
        assert len(triads) > 100 and analysis.unmet_commitments(graph)


def test_generated_world_answers_are_stable_across_calls(generated):
    """The shared records of ``triad_dicts`` are plain data: two answers are equal and apart."""
    first, second = ask(generated, "Who plays a dual role?").to_dict(), ask(generated, "Who plays a dual role?").to_dict()
    assert first == second and first["details"]["triads"]
    assert _dump(reports.dual_roles(generated).to_dict()["triads"]) == _dump(first["details"]["triads"])


def test_the_whole_projection_is_kept_per_generation(cached_store, monkeypatch):
    extra, store_dir = cached_store
    built = project(open_graph([extra], store_path=store_dir), Window.as_of(2020))

    from actorkg.graph.network import project as projection

    monkeypatch.setattr(projection, "_graph", lambda *a, **k: (_ for _ in ()).throw(AssertionError("rebuilt")))
    again = project(open_graph([extra], store_path=store_dir), Window.as_of(2020))
    assert sorted(again.edges(keys=True, data=True)) == sorted(built.edges(keys=True, data=True))
    assert dict(again.nodes(data=True)) == dict(built.nodes(data=True))
    assert again.graph["undated"] == built.graph["undated"]
    with pytest.raises(AssertionError, match="rebuilt"):  # another window is another projection
        project(open_graph([extra], store_path=store_dir), Window.as_of(2019))


def test_a_graph_read_around_actors_is_kept_per_generation(cached_store, monkeypatch):
    """A later process asking about the same actors reads the built graph back; another
    window, other pairs or other actors are another graph."""
    from actorkg.graph.network import project as projection
    from actorkg.graph.namespaces import KG

    extra, store_dir = cached_store
    ask_about = dict(nodes=[KG + "Russia"], window=Window.as_of(2020), pairs=[(KG + "Turkey", KG + "Armenia")])
    built = projection.project_around(open_graph([extra], store_path=store_dir), **ask_about)
    assert built.number_of_edges() > 0 and built.graph["undated"]

    monkeypatch.setattr(projection, "_graph", lambda *a, **k: (_ for _ in ()).throw(AssertionError("rebuilt")))
    reopened = open_graph([extra], store_path=store_dir)
    # The same pair the other way round is the same question.
    again = projection.project_around(reopened, **{**ask_about, "pairs": [(KG + "Armenia", KG + "Turkey")]})
    assert sorted(again.edges(keys=True, data=True)) == sorted(built.edges(keys=True, data=True))
    assert dict(again.nodes(data=True)) == dict(built.nodes(data=True))
    assert again.graph["undated"] == built.graph["undated"]
    for other in ({"window": Window.as_of(2019)}, {"pairs": []}, {"nodes": [KG + "Armenia"]}, {"incoming": True}):
        with pytest.raises(AssertionError, match="rebuilt"):
            projection.project_around(reopened, **{**ask_about, **other})


def test_world_roles_read_their_rows_once_per_generation(tmp_path, monkeypatch):
    monkeypatch.setenv("ACTORKG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ACTORKG_NO_CACHE", raising=False)
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "world.ttl"
    store_dir = tmp_path / "store"
    first = [r.to_dict() for r in worldroles.dual_roles(open_graph([fixture], store_path=store_dir))]
    assert first and any(name.startswith("world-roles-") for name in
                         (p.name for p in (tmp_path / "cache").iterdir()))
    reopened = open_graph([fixture], store_path=store_dir)
    assert rowcache.generation(reopened)
    real = reopened.query

    def query(text, *args, **kwargs):  # only the generation stamp may be read
        assert text == store_cache._GENERATION_QUERY, "queried"
        return real(text, *args, **kwargs)

    monkeypatch.setattr(reopened, "query", query)
    assert [r.to_dict() for r in worldroles.dual_roles(reopened)] == first
