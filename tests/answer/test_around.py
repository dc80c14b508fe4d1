"""Questions about named actors read only the statements around them (graph/network/around.py),
and answer exactly as they would from the whole projection."""

from __future__ import annotations

import json

import pytest

from actorkg.graph.answer import reports
from actorkg.graph.answer.ask import ask
from actorkg.graph.network import around
from actorkg.graph.network.project import Window

ARTICLE_QUESTIONS = [
    "Does Russia support Armenia or Azerbaijan?", "Who supports Azerbaijan?", "Who supports Armenia?",
    "Whom does Russia support?", "Who arms Azerbaijan?", "Who has troops in Armenia?",
    "Does Russia support Armenia?", "Does Iran support Azerbaijan?", "How are Armenia and Turkey related?",
    "How is Armenia connected to Turkey?", "Who opposes Armenia?", "Does Russia play a double game?",
    "Does Turkey play a dual role?", "Is Russia a reliable ally of Armenia?", "Can Armenia rely on Russia?",
    "What is Russia?", "Who is Nikol Pashinyan?", "What is Nagorno-Karabakh?",
    "How has Russia's role affected relations between Armenia and Turkey?",
    "What role does Russia play between Armenia and Azerbaijan?",
    "What does the collective security treaty entail?", "Who plays a dual role?",
]
WORLD_QUESTIONS = ["Does Alpha arm Bravo or Charlie?", "Is Alpha a reliable ally of Bravo?", "Who supports Alpha?",
                   "How is Bravo connected to Charlie?", "Does Alpha play a dual role?"]


@pytest.fixture
def whole_network(monkeypatch):
    """Make every analysis read the whole projection, as before."""
    real = around.graph_for

    def whole(store, need, ids, window=None, sources=None, aspect="support"):
        return real(store, "network", ids, window, sources, aspect)

    return lambda: monkeypatch.setattr(around, "graph_for", whole)


def _answers(store, questions, window=None):
    return [json.dumps(ask(store, q, window).to_dict(), sort_keys=True) for q in questions]


@pytest.mark.parametrize("window", [None, Window.as_of(2020), Window(1991, 2019)])
def test_article_questions_answer_as_from_the_whole_network(graph, whole_network, window):
    local = _answers(graph, ARTICLE_QUESTIONS, window)
    whole_network()
    assert local == _answers(graph, ARTICLE_QUESTIONS, window)


def test_world_fixture_questions_answer_as_from_the_whole_network(world, whole_network):
    local = _answers(world, WORLD_QUESTIONS)
    whole_network()
    assert local == _answers(world, WORLD_QUESTIONS)


def test_reports_answer_as_from_the_whole_network(graph, whole_network):
    def run():
        return [json.dumps(r.to_dict(), sort_keys=True) for r in (
            reports.supporters(graph, "Azerbaijan"), reports.supporters(graph, "Russia", supported=True),
            reports.relation(graph, "Russia", "Armenia"), reports.dual_roles(graph, "Russia"),
            reports.commitments(graph, "Russia"), reports.commitments(graph, "Russia", "Armenia"),
            reports.paths(graph, "Armenia", "Turkey"))]

    local = run()
    whole_network()
    assert local == run()


def test_a_question_reads_only_the_statements_around_its_actors(graph):
    """Who supports Azerbaijan: Azerbaijan's statements and those among its supporters, not
    e.g. the statement that Nagorno-Karabakh is inhabited by Armenians."""
    from actorkg.graph.network.project import project

    local = around.graph_for(graph, "supporters", ["https://w3id.org/actorkg/entity/Azerbaijan"])
    assert 0 < local.number_of_edges() < project(graph).number_of_edges()
    assert all("https://w3id.org/actorkg/entity/Azerbaijan" in (s, o) or {s, o} <= set(local)
               for s, o in local.edges())


def test_supporters_read_the_cooperation_pairs_only_when_the_centrality_is_read(graph, monkeypatch):
    """The signed topology of the whole store is the costliest read of a first question (a
    minute at 10M triples) and only the JSON's centrality uses it."""
    read = []
    real = around._pairs_among
    monkeypatch.setattr(around, "_pairs_among", lambda *a: read.append(a) or real(*a))
    answer = ask(graph, "Who supports Azerbaijan?")
    assert "Turkey" in answer.answer and read == []
    ties = answer.to_dict()["details"]["ties"]
    assert len(read) == 1
    assert len(ties) > 1 and all(t["centrality"] is not None for t in ties)


def _two_step_paths(store, a: str, b: str) -> set[tuple[str, ...]]:
    """Every path of one or two steps from ``a`` to ``b`` over the signed topology."""
    from actorkg.graph.network.rowcache import cached_rows

    tied = {frozenset((r["a"], r["b"])) for r in cached_rows(store, "signed-ties")}
    nodes = {n for pair in tied for n in pair}
    found = {(a, b)} if frozenset((a, b)) in tied else set()
    return found | {(a, n, b) for n in nodes - {a, b} if {frozenset((a, n)), frozenset((n, b))} <= tied}


def test_an_impact_reads_the_pairs_of_its_actors_and_the_causes_not_their_other_statements(graph):
    """Russia between Armenia and Turkey: the chain's statements between Azerbaijan and
    Turkey is read as a cause; Russia's arms to Azerbaijan, a fourth actor, are not read."""
    from actorkg.graph.network.project import project

    e = "https://w3id.org/actorkg/entity/"
    ids = [e + "Russia", e + "Armenia", e + "Turkey"]
    local = around.graph_for(graph, "causes", ids)
    pairs = {frozenset((s, o)) for s, o in local.edges()}
    assert frozenset((e + "Azerbaijan", e + "Turkey")) in pairs  # a cause on the chain
    assert frozenset((e + "Russia", e + "Azerbaijan")) not in pairs
    assert frozenset((e + "Russia", e + "Azerbaijan")) in {frozenset((s, o)) for s, o in project(graph).edges()}
    chain = ask(graph, "How has Russia's role affected relations between Armenia and Turkey?").answer
    assert chain.startswith("Through the causes the sources record: Russia did not intervene for Armenia (2020), "
                            "which led to Azerbaijan and Turkey: closer relations (2020-)")


def test_near_paths_are_the_shortest_when_the_two_actors_give_enough(graph):
    """The paths from the two actors' own neighbours (``around._near_paths``) are real, of one
    or two steps, the direct tie first; with fewer than asked the whole topology is walked."""
    kg = "https://w3id.org/actorkg/entity/"
    a, b = kg + "Armenia", kg + "Azerbaijan"
    every = _two_step_paths(graph, a, b)
    assert len(every) >= 3 and (a, b) in every
    found = around._near_paths(graph, a, b, len(every))
    assert found and {tuple(p) for p in found} == every and tuple(found[0]) == (a, b)
    assert len(around._near_paths(graph, a, b, 2)) == 2
    assert around._near_paths(graph, a, b, len(every) + 1) is None


def test_paths_read_only_the_pairs_on_them(graph):
    """Armenia's and Turkey's other statements lie on no path: they are not read."""
    kg = "https://w3id.org/actorkg/entity/"
    a, b = kg + "Armenia", kg + "Turkey"
    read = around.along_paths(graph, a, b, candidates=2)
    on_paths = {frozenset(p) for nodes in around._near_paths(graph, a, b, 2) or () for p in zip(nodes, nodes[1:])}
    on_paths.add(frozenset((a, b)))
    assert read.number_of_edges() > 0
    assert all(frozenset((s, o)) in on_paths for s, o in read.edges())
    assert read.number_of_edges() < around.actors(graph, [a, b]).number_of_edges()


def test_a_commitment_to_one_partner_reads_the_partner_not_the_ally(graph):
    """Russia's statements read are those with Armenia and with Armenia's office holders."""
    from actorkg.graph.network.analysis import OFFICE_EDGE

    kg = "https://w3id.org/actorkg/entity/"
    russia, armenia = kg + "Russia", kg + "Armenia"
    read = around.commitments(graph, russia, armenia)
    holders = {s for s, o, d in read.edges(data=True) if d["edge"] == OFFICE_EDGE and o == armenia}
    others = {s if o == russia else o for s, o in read.edges() if russia in (s, o)} - {armenia}
    assert holders and others and others <= holders
    assert all(armenia in (s, o) or russia in (s, o) for s, o in read.edges())
    def of_russia(g) -> int:
        return sum(1 for s, o in g.edges() if russia in (s, o))

    assert of_russia(around.actors(graph, [russia])) > of_russia(read)


def expected_pairs(store, members: set[str], polarity: int) -> set[tuple[str, str]]:
    """The pairs of ``members`` the whole store's signed topology ties with that sign."""
    from actorkg.graph.network.rowcache import cached_rows

    return {tuple(sorted((r["a"], r["b"]))) for r in cached_rows(store, "signed-ties")
            if r["a"] in members and r["b"] in members and (polarity == 0 or (r["polarity"] > 0) == (polarity > 0))}


@pytest.mark.parametrize("store_name", ["graph", "world"])
@pytest.mark.parametrize("polarity", [-1, 0, 1])
@pytest.mark.parametrize("checked", [False, True], ids=["read", "read-then-checked"])
def test_ties_among_members_are_those_of_the_signed_topology(store_name, polarity, checked, request, monkeypatch):
    """Read from the members' own ties, or (``checked``: as for hubs, whose ties cost more to
    read than checking every pair) from two members' ties and the other pairs checked."""
    from actorkg.graph.network.rowcache import cached_rows

    if checked:
        monkeypatch.setattr(around, "FIRST_READ", 2)
        monkeypatch.setattr(around, "PAIR_COST", 0.0)
    else:
        monkeypatch.setattr(around, "PAIR_COST", float("inf"))
    monkeypatch.setenv("ACTORKG_NO_CACHE", "1")
    store = request.getfixturevalue(store_name)
    everyone = {n for r in cached_rows(store, "signed-ties") for n in (r["a"], r["b"])}
    some = set(sorted(everyone)[::2])
    checks = []
    real_query = type(store).query
    monkeypatch.setattr(type(store), "query", lambda self, text, *a, **k: (
        checks.append(text) if "{ ?a ?edge ?b } UNION" in text and "VALUES (?a ?b)" in text else None)
        or real_query(self, text, *a, **k))
    for members in (everyone, some):
        found = around._pairs_among(store, members, polarity)
        assert found == expected_pairs(store, members, polarity)
    assert around._pairs_among(store, everyone, polarity)
    assert bool(checks) == checked


def answers_reading_both_ways(store, monkeypatch, questions, windows=(None,)):
    """The answers (JSON) to ``questions`` read one way round (``project_around(incoming=)``),
    only the kinds that can hold the aspect's ties (``of_kinds=``), and with every statement
    of the actors."""
    from actorkg.graph.network import project

    def answers():
        return [json.dumps(ask(store, q, w).to_dict(), sort_keys=True) for w in windows for q in questions]

    local = answers()
    monkeypatch.setattr(around, "project_around",
                        lambda *a, incoming=None, of_kinds=None, **k: project.project_around(*a, **k))
    return local, answers()


ONE_WAY = {"graph": ["Who supports Russia?", "Who supports Armenia?", "Who opposes Armenia?", "Whom does Russia support?",
                     "Who arms Azerbaijan?", "Whom does Turkey support?", "Who opposes Azerbaijan?",
                     "Whom does Azerbaijan oppose?", "Who has troops in Armenia?", "Who is allied with Armenia?",
                     "Whom does Russia threaten?", "Who is in conflict with Armenia?", "Who criticizes Russia?"],
           "world": ["Who supports Alpha?", "Who opposes Bravo?", "Whom does Alpha arm?", "Whom does Charlie support?",
                     "Whom does Bravo oppose?"]}


@pytest.mark.parametrize("store_name", ["graph", "world"])
def test_one_way_questions_answer_as_from_all_the_actors_statements(store_name, request, monkeypatch):
    local, both = answers_reading_both_ways(request.getfixturevalue(store_name), monkeypatch, ONE_WAY[store_name],
                                            windows=(None, Window.as_of(2020), Window(1991, 2019)))
    assert local == both


def test_supporters_read_the_statements_towards_the_actor_and_the_symmetric_ones(graph):
    """Of the kinds that can hold support (``Aspect.may``): Russia's critics are no supporters."""
    russia = "https://w3id.org/actorkg/entity/Russia"
    towards = around.graph_for(graph, "supporters", [russia])
    every = around.actors(graph, [russia])
    assert all(o == russia or d["symmetric"] for s, o, d in towards.edges(data=True))
    assert {k for *_, k in towards.edges(keys=True)} == {
        k for s, o, k, d in every.edges(keys=True, data=True) if (o == russia or d["symmetric"]) and d["supports"]}
    assert towards.number_of_edges() < every.number_of_edges()
    opposing = around.graph_for(graph, "incoming", [russia], aspect="oppose")
    assert {k for *_, k in opposing.edges(keys=True)} == {
        k for s, o, k, d in every.edges(keys=True, data=True) if (o == russia or d["symmetric"]) and d["polarity"] < 0}


def read_every_statement(store, actor, partner=None, window=None, sources=None):
    """What commitments read before ``around.commitments``: both actors' statements, or the
    actor's and all its allies'."""
    from actorkg.graph.network.analysis import ALLY_EDGE
    from actorkg.graph.network.evidence import incident

    graph = around.actors(store, [actor] + ([partner] if partner else []), window, sources)
    if partner is None:
        allies = {s.other(actor) for s in incident(graph, actor, lambda d: d["edge"] == ALLY_EDGE)} - {actor}
        graph = around._merge(graph, around.actors(store, sorted(allies), window, sources))
    return graph


def every_statement_of_entity(store, iri, window=None, sources=None):
    """What a profile read before ``around.entity`` counted a hub's ties: every statement of
    the entity and those about it."""
    from actorkg.graph.network.project import project_around
    from actorkg.graph.query import library

    about = library.run(store, "statements-about", {"entity": iri}).rows
    return project_around(store, [iri], window, sources, pairs={(r["subject"].value, r["object"].value) for r in about})


def every_statement_for_dual_role(store, actor, widest=around.MOST_PAIRS, window=None, sources=None):
    """What a dual role read before ``around.partners_in_conflict`` counted a hub's ties:
    every statement of the actor and the conflicts of the pairs of its partners."""
    from actorkg.graph.network import signed

    return around.with_ties_among(store, actor, window, sources, -1, lambda g: signed.cooperation_partners(g, actor),
                                  widest, lambda g: bool(signed.dual_roles(g, actor)))


def commitment_answers(store, monkeypatch, ally, partner, windows=(None,)):
    """Commitment answers and reports (JSON) read by ``around.commitments`` and from every
    statement of the actors: of the ally to the partner (dated too), of the ally to anyone
    and towards the partner from anyone (their reports, dated too; the one-actor question
    undated: dated, it sets apart the undated statements it read)."""
    def answers():
        found = [ask(store, f"Is {ally} a reliable ally?")]
        for w in windows:
            found += [ask(store, f"Is {ally} a reliable ally of {partner}?", w), reports.commitments(store, ally, window=w),
                      reports.commitments(store, partner=partner, window=w), reports.commitments(store, ally, partner, w)]
        return [json.dumps(x.to_dict(), sort_keys=True) for x in found]

    local = answers()
    monkeypatch.setattr(around, "commitments", read_every_statement)
    return local, answers()


@pytest.mark.parametrize("store_name", ["graph", "world"])
def test_commitments_answer_as_from_every_statement_of_the_actors(store_name, request, monkeypatch):
    ally, partner = {"graph": ("Russia", "Armenia"), "world": ("Alpha", "Bravo")}[store_name]
    local, every = commitment_answers(request.getfixturevalue(store_name), monkeypatch, ally, partner,
                                      windows=(None, Window.as_of(2020), Window(1991, 2019)))
    assert local == every


@pytest.mark.parametrize("store_name", ["graph", "world"])
def test_a_dated_question_about_any_commitment_sees_the_undated_alliances(store_name, request, monkeypatch):
    """'Is Russia a reliable ally in 2020?': the article dates none of Russia's alliances, so
    the answer is unknown, with the undated alliances shown, as from every statement of the
    actors (it once read only the alliances in force and answered that Russia had no ally)."""
    store = request.getfixturevalue(store_name)
    ally = {"graph": "Russia", "world": "Alpha"}[store_name]

    def answers():
        found = []
        for w in (Window.as_of(2020), Window(1991, 2019)):
            a = ask(store, f"Is {ally} a reliable ally?", w).to_dict()
            alliances = sorted(s["statement"] for s in a["details"].get("undated", []) if "ally" in s["kind"])
            found.append((a["verdict"], json.dumps(a["details"]["commitments"], sort_keys=True), alliances))
        return found

    local = answers()
    monkeypatch.setattr(around, "commitments", read_every_statement)
    assert local == answers()
    if store_name == "graph":
        verdict, commitments, alliances = local[0]
        assert verdict == "unknown" and commitments == "[]" and len(alliances) == 2


@pytest.mark.parametrize("store_name", ["graph", "world"])
def test_an_actors_support_cut_to_pairs_is_the_pairs_read(store_name, request):
    """Where most of its allies were attacked, a commitments question reads the actor's support
    once and keeps what lies between it and those allies (``_between_pairs``): the same
    statements, undated ones, and ends as reading each pair, for every actor and window."""
    from actorkg.graph.network.analysis import ALLY_EDGE
    from actorkg.graph.network.evidence import incident
    from actorkg.graph.network.project import kinds, project, project_around

    store = request.getfixturevalue(store_name)
    support = [iri for iri, k in kinds(store).items() if k.supports and k.edge != ALLY_EDGE]
    compared = 0
    for window in (None, Window.as_of(2020), Window(1991, 2019)):
        every = project(store, window)
        for actor in sorted(every):
            partners = sorted({s.other(actor) for s in incident(every, actor, lambda d: d["polarity"] != 0)} - {actor})
            if not partners:
                continue
            pairs = [(actor, p) for p in partners]
            read = project_around(store, [], window, pairs=pairs, of_kinds=support)
            cut = around._between_pairs(project_around(store, [actor], window, of_kinds=support), pairs)
            assert sorted(cut.edges(keys=True, data=True)) == sorted(read.edges(keys=True, data=True))
            assert cut.graph["undated"] == read.graph["undated"]
            assert {n for e in cut.edges() for n in e} == {n for e in read.edges() for n in e}
            compared += read.number_of_edges() + len(read.graph["undated"])
    assert compared > 10


@pytest.mark.parametrize("store_name", ["graph", "world"])
def test_ties_of_statements_counted_in_chunks_are_those_of_the_statements(store_name, request, monkeypatch):
    """``profile.statement_ties_in`` reads the statements' years and sources bound in chunks
    (``library.rows_for_each``) and counts them: the ties of every statement of the store, as
    ``ties_of`` groups them read, however small the chunks; dated, those of the statements
    the projection keeps in the window."""
    from actorkg.graph.network import profile
    from actorkg.graph.network.evidence import all_statements
    from actorkg.graph.network.project import project
    from actorkg.graph.query import library

    store = request.getfixturevalue(store_name)
    statements = list(all_statements(project(store)))
    assert len(statements) > 10

    def counts(ties):
        return sorted((t.kind_class, t.subject, t.object, t.statements, t.first, t.last, t.sources) for t in ties)

    expected = counts(profile.ties_of(statements))
    monkeypatch.setattr(library, "VALUES_CHUNK", 7)
    chunked = profile.statement_ties_in(store, [s.id for s in statements], None, None).ties
    assert counts(chunked) == expected
    if store_name == "graph":  # ties of several statements, some counted in several chunks
        assert any(t.statements > 1 for t in chunked)
    # The latest is the statement that ends last, then starts last.
    by_id = {s.id: s for s in statements}
    for t in chunked:
        latest = by_id[t.latest_statement]
        assert (latest.kind_class, {latest.subject, latest.object}) == (t.kind_class, {t.subject, t.object})
        assert (latest.end or latest.start or -9999) == (t.last if t.last is not None else -9999)
    # Dated, the window's rules are the projection's: the ties of its statements in force
    # then, its undated ones set apart.
    for window in (Window.as_of(2020), Window(1991, 2019), Window.since(2022)):
        dated = project(store, window)
        within = profile.statement_ties_in(store, [s.id for s in statements], window, None)
        assert counts(within.ties) == counts(profile.ties_of(list(all_statements(dated))))
        assert within.undated == {key for _, _, key, _ in dated.graph["undated"]}
