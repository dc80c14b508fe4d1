"""The importers on the full public datasets in ../shared/data (skipped when absent, failed
when absent in CI: see tests/conftest.py).

Counts are computed from the files with the csv module, independently of the importers,
and compared with what the store holds. All tests share one session store (``full`` in
tests/conftest.py, about 40 s).
"""

from __future__ import annotations

import csv
import json
from collections import Counter

import pyoxigraph as ox
import pytest
from actorkg.graph.sources.importers import FILES

from .. import rawfiles
from ..conftest import SHARED_DATA, quad_strings

PREFIXES = """PREFIX ak: <https://w3id.org/actorkg/ontology#>
PREFIX kg: <https://w3id.org/actorkg/entity/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX src: <https://w3id.org/actorkg/source/>
"""

pytestmark = pytest.mark.shared_data


def count(store, text) -> int:
    return int(store.query(PREFIXES + "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { " + text + " }").rows[0]["n"].value)


def sipri_rows():
    return rawfiles.sipri_rows(SHARED_DATA / FILES["sipri"])


def test_every_sipri_deal_imported(full):
    store, reports = full
    deals = sipri_rows()
    assert all(len(d) == 16 for d in deals)
    assert len(deals) == 27951
    assert reports["sipri"].records == reports["sipri"].statements == len(deals)
    assert reports["sipri"].malformed == [] and len(reports["sipri"].repaired) == 2
    assert count(store, "?s a ak:ArmsTransfer ; prov:wasDerivedFrom src:sipri") == len(deals)


def test_russia_has_20_deals_with_azerbaijan(full):
    store, _ = full
    in_file = sum(1 for d in sipri_rows() if d[0] == "Azerbaijan" and d[1] == "Russia")
    assert in_file == 20
    assert count(store, "?s a ak:ArmsTransfer ; ak:supplier kg:Russia ; ak:recipient kg:Azerbaijan ; "
                        "prov:wasDerivedFrom src:sipri") == 20


def test_soviet_union_deals_are_russia_under_cow_365(full):
    store, _ = full
    soviet = sum(1 for d in sipri_rows() if d[1] == "Soviet Union")
    russia = sum(1 for d in sipri_rows() if d[1] == "Russia")
    assert count(store, "?s a ak:ArmsTransfer ; ak:supplier kg:Russia ; prov:wasDerivedFrom src:sipri") == soviet + russia


def test_sipri_unmatched_names(full):
    _, reports = full
    assert sorted(reports["sipri"].unmatched) == ["Aruba", "Biafra", "Katanga", "Libya GNC", "Northern Cyprus",
                                                  "Palestine", "Western Sahara"]


def test_atop_counts_and_csto(full):
    store, reports = full
    with (SHARED_DATA / FILES["atop-member"]).open(newline="") as f:
        members = list(csv.DictReader(f))
    assert reports["atop-member"].statements == len(members) == 2398
    assert reports["atop-member"].malformed == []
    assert count(store, "?s a ak:TreatyMembership ; ak:treaty kg:ATOP-4220") == sum(
        1 for m in members if m["atopid"] == "4220")
    assert store.query(PREFIXES + "ASK { kg:ATOP-4220 <http://www.w3.org/2004/02/skos/core#closeMatch> "
                                  "kg:CollectiveSecurityTreaty }")
    # ATOP's member 8152 is no COW state: reported, not dropped.
    assert list(reports["atop-member"].unmatched) == ["COW code 8152"]


def test_mid_pairs(full):
    store, reports = full
    with (SHARED_DATA / FILES["mid"]).open(newline="") as f:
        pairs = {(r["dispnum"], frozenset((r["ccode1"], r["ccode2"]))) for r in csv.DictReader(f)}
    assert reports["mid"].statements == len(pairs)
    assert count(store, "?s a ak:Hostility ; prov:wasDerivedFrom src:mid") == len(pairs)


def test_ucdp_and_cow_wars(full):
    store, reports = full
    assert reports["ucdp"].encoding == "utf-8-sig"
    with (SHARED_DATA / FILES["ucdp"]).open(encoding="utf-8-sig", newline="") as f:
        assert reports["ucdp"].records == len(list(csv.DictReader(f))) == 1403
    assert reports["ucdp"].malformed == []
    assert count(store, "?s a ak:Support ; ak:supporter kg:Turkey ; ak:recipient kg:Azerbaijan ; "
                        "ak:supportType ak:TroopSupport ; prov:wasDerivedFrom src:ucdp") == 1
    with (SHARED_DATA / FILES["cow-wars"]).open(newline="") as f:
        wars = {r["init_war_id"] for r in csv.DictReader(f)}
    assert reports["cow-wars"].statements == len(wars)


def test_cow_states_and_mondial(full):
    store, reports = full
    with (SHARED_DATA / FILES["cow-states"]).open(newline="") as f:
        codes = {r["ccode"] for r in csv.DictReader(f)}
    assert count(store, "?s a ak:State ; ak:cowCode ?c") == len(codes)
    linked = count(store, "?s ak:mondialCode ?m ; <http://www.w3.org/2002/07/owl#sameAs> ?q")
    # Every reviewed crosswalk row links (the file gives the expected QID); the rest is reported.
    from actorkg.graph.sources.registry import load_mondial_crosswalk

    assert linked == len(load_mondial_crosswalk()) == reports["wikidata-links"].records - 31
    assert len(reports["wikidata-links"].unmatched) == 31


def test_corroborate_on_world_data(full):
    from actorkg.graph.network.corroborate import corroborate

    store, _ = full
    results = {r.number: r for r in corroborate(store)}
    arms = next(f for f in results[8].findings if "2020" not in f.says)
    assert arms.verdict == "corroborated" and len(arms.records) == 20
    assert any(c.startswith("rank 1 of 14 suppliers of Azerbaijan") for c in arms.context)
    armenia = next(f for f in results[12].findings if f.says.startswith("treaty party: Armenia"))
    assert "also a member: Azerbaijan 1993-1999 [atopid 4220, member 373, phase 1]" in armenia.context
    verdicts = Counter(r.verdict for r in results.values())
    assert verdicts["corroborated"] >= 8 and results[2].verdict == "no data"


def test_world_dual_roles(full):
    from actorkg.graph.network.worldroles import dual_roles

    store, _ = full
    rows = dual_roles(store, period=10)
    assert rows and rows == sorted(rows, key=lambda r: -r.score)
    patterns = {r.pattern for r in rows}
    assert patterns == {"arms both sides", "arms the rival of an ally"}
    assert any(r.actor.endswith("/Russia") and {r.b, r.c} == {
        "https://w3id.org/actorkg/entity/Armenia", "https://w3id.org/actorkg/entity/Azerbaijan"} for r in rows)
    # datasets only by default: the article's undated claims are not delivery records
    assert all("/source/article" not in s for r in rows for s in r.sources)


def test_world_dual_roles_count_deals_not_delivery_years(full):
    """Russia's deals with China in 2000-2009 are the SIPRI rows (supplier Russia or the
    Soviet Union) delivering in those years, each once however many years it delivered in."""
    from actorkg.graph.network.worldroles import dual_roles

    store, _ = full

    def in_period(deal):
        years = [int(y) for y in deal[10].split(";") if y.strip()] or [int(deal[2])]
        return any(2000 <= y <= 2009 for y in years)

    raw = sum(1 for d in sipri_rows() if d[0] == "China" and d[1] in ("Russia", "Soviet Union") and in_period(d))
    rows = [r for r in dual_roles(store, period=10, start=2000, end=2009, actor="Russia")
            if r.pattern == "arms both sides" and "https://w3id.org/actorkg/entity/China" in (r.b, r.c)]
    assert rows and raw > 0
    for r in rows:
        assert (r.deals_b if r.b.endswith("/China") else r.deals_c) == raw


def test_status_counts_and_years_match_the_files(full):
    from actorkg.graph.query.status import store_status

    store, reports = full
    sources = {s.name: s for s in store_status(store).sources}
    for kind, name in FILES.items():
        entry = sources[kind]
        assert entry.file == name and entry.statements == reports[kind].statements
        assert entry.unmatched == len(reports[kind].unmatched)
        if kind != "wikidata-links":
            assert (entry.first_year, entry.last_year) == rawfiles.years(kind, SHARED_DATA / name)
    assert sources["sipri"].statements == len(sipri_rows())
    assert (sources["sipri"].unmatched, sources["wikidata-links"].unmatched) == (7, 31)
    assert (sources["ucdp"].first_year, sources["ucdp"].last_year) == (1989, 2021)


def test_killed_import_leaves_the_store_as_it_was(tmp_path):
    """SIGKILL in the middle of a real SIPRI import (while parsing, and as it starts the bulk
    write): the next open finds the store as it was before the import started. The import
    runs in a child that prints its progress, so the kill lands inside the import whatever
    the machine's speed (kills after a fixed delay came after the import had finished its
    writes on a fast machine, the process still preparing the first question)."""
    import gc
    import subprocess
    import sys

    from actorkg.graph.sources.importers import import_file
    from actorkg.graph.store.load import open_graph

    path = tmp_path / "store"
    store = open_graph(store_path=path)
    import_file("cow-states", SHARED_DATA / FILES["cow-states"], store)
    before = quad_strings(store)
    del store
    gc.collect()
    child = ("import sys; from pathlib import Path; from actorkg.graph.sources.importers import import_file; "
             "from actorkg.graph.store.load import open_graph; "
             "import_file('sipri', Path(sys.argv[1]), open_graph(store_path=Path(sys.argv[2]), writable=True), "
             "progress=lambda done, total: print(done, total, flush=True))")
    # A third of the rows parsed, nine tenths, and every row (the bulk write begins).
    errors = tmp_path / "child-stderr.txt"  # a file, not a pipe nobody reads while it runs
    for share in (0.3, 0.9, 1.0):
        with errors.open("w") as stderr:
            proc = subprocess.Popen([sys.executable, "-c", child, str(SHARED_DATA / FILES["sipri"]), str(path)],
                                    stdout=subprocess.PIPE, stderr=stderr, text=True)
            for line in proc.stdout:
                done, total = (int(n) for n in line.split())
                if total and done >= share * total:
                    break
            else:
                pytest.fail(f"the import ended (exit {proc.wait()}) before {share:.0%} of its rows were read: "
                            f"{errors.read_text()[-600:]}")
            proc.kill()
            proc.wait()
            proc.stdout.close()
        store = open_graph(store_path=path)
        assert quad_strings(store) == before
        del store
        gc.collect()


def _derived(store):
    from actorkg.graph.namespaces import DERIVED_GRAPH
    from actorkg.graph.store.rules import GENERATION

    return {q.triple for q in store._store.quads_for_pattern(None, None, None, ox.NamedNode(DERIVED_GRAPH))
            if q.predicate != GENERATION}


def test_edges_derived_per_import_equal_a_full_derivation(full):
    """Each import re-derived only the graphs it touched; the result is what running every
    rule over the whole store gives."""
    from actorkg.graph.store.rules import GENERATION, derive

    store, reports = full
    whole = {t for t in derive(store) if t.predicate != GENERATION}
    assert _derived(store) == whole
    assert len(whole) > 80_000 and reports["sipri"].derived == len(whole) + 1  # + the generation stamp


def test_kinds_recorded_per_import_equal_the_statements_counted(full):
    """What an answer reads to know which datasets record a claim's kind (derived at each
    import, per graph) is what counting every statement in the store gives."""
    from actorkg.graph.query import library

    store, _ = full
    def pairs(name):
        return {(r["source"].value, r["kind"].value) for r in library.run(store, name).rows}
    recorded = pairs("source-kinds")
    assert recorded == pairs("statement-counts")
    kinds = {}
    for source, kind in recorded:
        kinds.setdefault(source.rsplit("/", 1)[-1], set()).add(kind.rsplit("#", 1)[-1])
    assert kinds["sipri"] == {"ArmsTransfer"}
    assert {"TreatyMembership", "TreatyAlliance"} <= kinds["atop-member"]
    assert "TreatyObligation" in kinds["atop-alliance"]


def test_reimport_that_changes_nothing_derives_nothing(full, monkeypatch):
    from actorkg.graph.network.rowcache import generation
    from actorkg.graph.sources.importers import import_file
    from actorkg.graph.store import increment, rules

    store, _ = full
    stamp, derived = generation(store), _derived(store)

    def no_derivation(*args, **kwargs):
        raise AssertionError("derived although nothing changed")

    monkeypatch.setattr(rules, "derive", no_derivation)
    monkeypatch.setattr(increment, "derive_from", no_derivation)
    for kind in ("cow-states", "mid", "ucdp"):
        report = import_file(kind, SHARED_DATA / FILES[kind], store)
        # cow-states' graph holds the years and spellings (the bundled registry has the codes).
        assert report.unchanged and report.triples > 200
    assert generation(store) == stamp  # the row cache stays valid
    assert _derived(store) == derived


def test_show_sums_each_relation_as_the_raw_files_do(full):
    """``show``'s one screen on the world data: the SIPRI arms line of Azerbaijan has the
    suppliers, deals and delivered TIV of the raw SIPRI rows; the article's claims are a
    line of their own."""
    from actorkg.graph.answer.overview import overview

    store, _ = full
    raw = [d for d in sipri_rows() if d[0] == "Azerbaijan"]
    lines = {(line.relation, line.direction, line.source): line for line in overview(store, "Azerbaijan").lines}
    arms = lines["arms", "from", "SIPRI"]
    suppliers = {"Soviet Union": "Russia"}
    assert len(arms.counterparts) == len({suppliers.get(d[1], d[1]) for d in raw})
    assert arms.statements == len(raw)
    assert round(arms.tiv, 1) == round(sum(float(d[15]) for d in raw if d[15].strip()), 1)
    assert arms.largest()[0].label == "Russia" and not arms.text
    assert lines["arms", "from", "article"].text and lines["arms", "from", "article"].statements == 2
    # treaties by their names, not 'ATOP alliance 4220'
    party = lines["treaty party", "to", "ATOP"]
    assert any(c.label.startswith("Collective Security Treaty (ATOP 4220") for c in party.counterparts.values())


def test_alliances_name_their_treaties_with_obligations(full):
    from actorkg.graph.answer.ask import ask

    store, _ = full
    answer = ask(store, "Who are Armenia's allies?")
    russia = next(t for t in answer.details["ties"] if t["actor"]["label"] == "Russia")
    (atop,) = [p for p in russia["parts"] if p["name"] == "ATOP"]
    assert "Collective Security Treaty (ATOP 4220; consultation, defense, non-aggression)" in atop["treaties"]
    rows = {r[1]: r for r in answer.rows if r[1]}
    assert "Collective Security Treaty (ATOP 4220" in rows["Russia"][-1]


KG = "https://w3id.org/actorkg/entity/"


def test_pair_reads_equal_the_bound_edges_query_on_world_data(full):
    """A hub's pairs included: Russia has 5,500 statements, 290 of them with India."""
    from ..network.test_pairs import assert_pairs_read_as_bound

    store, _ = full
    pairs = [(KG + a, KG + b) for a, b in [("Russia", "India"), ("Russia", "Armenia"), ("Armenia", "Azerbaijan"),
                                           ("Iran", "Iraq"), ("China", "Russia"), ("Armenia", "Chile")]]
    assert assert_pairs_read_as_bound(store, pairs) > 400


def test_world_paths_are_the_shortest(full):
    """Armenia and Azerbaijan share enough neighbours for the paths to come from their own
    ties: the paths shown are as short as the five shortest over the whole signed topology."""
    import networkx as nx
    from actorkg.graph.answer.ask import ask
    from actorkg.graph.network.rowcache import cached_rows

    store, _ = full
    answer = ask(store, "How is Armenia connected to Azerbaijan?").to_dict()
    paths = answer["details"]["paths"]
    topology = nx.Graph((r["a"], r["b"]) for r in cached_rows(store, "signed-ties"))
    shortest = [len(p) for _, p in zip(range(5), nx.shortest_simple_paths(topology, KG + "Armenia", KG + "Azerbaijan"))]
    assert [len(p["nodes"]) for p in paths] == shortest
    assert paths[0]["nodes"][1]["id"] == KG + "Azerbaijan" and paths[0]["sign"] == -1
    assert all(step for p in paths for step in p["steps"])


def test_world_commitment_answers_as_from_both_actors_statements(full, monkeypatch):
    """Reading Armenia's statements (not Russia's 5,500) answers as reading both actors' did."""
    import json

    from actorkg.graph.answer.ask import ask
    from actorkg.graph.network import around

    store, _ = full
    question = "Is Russia a reliable ally of Armenia?"
    local = ask(store, question).to_dict()
    assert local["verdict"] == "no" and [c["years"] for c in local["details"]["commitments"]] == [[2020]]
    from ..answer.test_around import read_every_statement

    monkeypatch.setattr(around, "commitments", read_every_statement)
    assert json.dumps(local, sort_keys=True) == json.dumps(ask(store, question).to_dict(), sort_keys=True)


def test_ties_among_a_hubs_partners_are_those_of_the_signed_topology(full):
    """Russia's partners' conflicts, read from their own ties, as the whole topology has them."""
    from actorkg.graph.network import around
    from actorkg.graph.network.rowcache import cached_rows

    from ..answer.test_around import expected_pairs

    store, _ = full
    partners = {r["b"] if r["a"] == KG + "Russia" else r["a"] for r in cached_rows(store, "signed-ties")
                if KG + "Russia" in (r["a"], r["b"]) and r["polarity"] > 0}
    assert len(partners) > 100
    for polarity in (-1, 0):
        found = around._pairs_among(store, partners, polarity)
        assert len(found) > 500 and found == expected_pairs(store, partners, polarity)


def test_world_one_way_questions_answer_as_from_all_the_actors_statements(full, monkeypatch):
    """Who supports Russia reads its support (200 statements) towards it and the symmetric ones,
    not its 5,000 arms deals, and whom the United States opposes its conflict statements; they answer
    as from all of the actors' statements; dated too."""
    from actorkg.graph.network import around
    from actorkg.graph.network.project import Window

    from ..answer.test_around import answers_reading_both_ways

    store, _ = full
    towards = around.graph_for(store, "supporters", [KG + "Russia"])
    assert 100 < towards.number_of_edges() < around.actors(store, [KG + "Russia"]).number_of_edges() / 5
    assert all(d["supports"] for *_, d in towards.edges(data=True))
    # Whom the United States opposes is read from its conflict statements, not its 9,800 as
    # subject (most of them arms deals).
    outgoing = around.graph_for(store, "outgoing", [KG + "UnitedStatesOfAmerica"], aspect="oppose")
    assert 100 < outgoing.number_of_edges() < 2000 and all(d["polarity"] < 0 for *_, d in outgoing.edges(data=True))
    questions = ["Who supports Russia?", "Who opposes Russia?", "Whom does Armenia support?", "Who arms India?",
                 "Whom does the United States oppose?", "Who is allied with Russia?"]
    local, both = answers_reading_both_ways(store, monkeypatch, questions, windows=(None, Window(2000, 2009)))
    assert local == both
    supporters = json.loads(local[0])
    assert {"China", "Belarus"} <= {t["actor"]["label"] for t in supporters["details"]["ties"]}
    opposed = json.loads(local[4])
    assert {"Iraq", "Afghanistan"} <= {t["actor"]["label"] for t in opposed["details"]["ties"]}


def test_world_commitments_answer_as_from_every_statement_of_the_actors(full, monkeypatch):
    """Russia's commitments to its 68 allies from its own statements but its support, the
    attacks on each ally, its support of the allies attacked and their office holders, as
    from Russia's 5,500 statements and all its allies'."""
    from actorkg.graph.network.project import Window

    from ..answer.test_around import commitment_answers

    store, _ = full
    local, every = commitment_answers(store, monkeypatch, "Russia", "Armenia", windows=(None, Window(2015, 2022)))
    assert local == every
    unmet = json.loads(local[2])["commitments"]
    assert [(c["partner"]["label"], c["years"]) for c in unmet if c["partner"]["label"] == "Armenia"] == [("Armenia", [2020])]


def test_a_hubs_profile_counts_its_statements_by_relation_as_the_raw_files_do(full):
    """What is Russia: eight of its statements say little of it; the count of its arms
    deals, every SIPRI row with Russia or the Soviet Union at either end and the article's
    two, leads the tally, and the statements named are the article's and the latest of
    each relation."""
    import re

    from actorkg.graph.answer.ask import ask
    from actorkg.graph.network.evidence import incident
    from actorkg.graph.network.profile import ties_of
    from actorkg.graph.network.project import project_around

    store, _ = full
    russia = {"Russia", "Soviet Union"}
    deals = sum(1 for d in sipri_rows() if d[0] in russia or d[1] in russia)
    told = count(store, "?s a ak:ArmsTransfer ; ak:supplier|ak:recipient kg:Russia . "
                        "FILTER NOT EXISTS { ?s prov:wasDerivedFrom src:sipri }")
    answer = ask(store, "What is Russia?")
    m = re.search(r"; in all, ([\d,]+) statements: arms with ([\d,]+) others \(([\d,]+)\), ", answer.answer)
    assert m, answer.answer
    total, arms = (int(m.group(i).replace(",", "")) for i in (1, 3))
    assert (total, arms) == (answer.details["profile"]["statements"], deals + told) and told == 2
    # Its ties, counted in the engine, are those of reading its every statement.
    every = incident(project_around(store, ["https://w3id.org/actorkg/entity/Russia"]),
                     "https://w3id.org/actorkg/entity/Russia")
    assert len(every) == total
    assert ({(t["relation"], t["subject"]["id"], t["object"]["id"], t["statements"], t["first"], t["last"])
             for t in answer.details["profile"]["ties"]}
            == {(t.relation, t.subject, t.object, t.statements, t.first, t.last) for t in ties_of(every)})
    # Its results are what the answer names, not its 5,500 statements.
    assert len(answer.results) < 40
    # Named first: four of the article's quoted statements, then the latest of each relation,
    # among them the last deal in the file (North Korea's missiles, ordered and delivered in 2023).
    assert answer.answer.startswith("Russia is a state: Russia arms supplier of Azerbaijan (one of Azerbaijan’s "
                                    "primary sources of arms); ")
    assert any(d[:2] == ["Russia", "North Korea"] and d[2] == d[10] == "2023" for d in sipri_rows())
    assert "; North Korea arms supplier of Russia (2023); Russia and Georgia: hostility (" in answer.answer
    assert f"; and {total - 8} more; in all, " in answer.answer


def test_world_profiles_of_hubs_in_a_window_count_their_statements_there(full, monkeypatch):
    """The United States in 2000, Russia between 1990 and 2019 and in 2020, and Russia from
    SIPRI alone: their ties counted among their statements there (``profile.ties_in``, the
    window's rules applied to each statement), with the same answer, ties, undated
    statements and sources as reading every statement there, which names them all."""
    from actorkg.graph.answer.ask import ask
    from actorkg.graph.network import around
    from actorkg.graph.network.project import Window

    from ..answer.test_around import every_statement_of_entity

    store, _ = full
    cases = [("What is the United States?", Window.as_of(2000), None), ("What is Russia?", Window(1990, 2019), None),
             ("What is Russia?", Window.as_of(2020), None), ("What is Russia?", None, ["sipri"])]

    def answers():
        found = []
        for question, window, sources in cases:
            a = ask(store, question, window, sources).to_dict()
            found.append((a["answer"], a["sources"], a["details"].get("undated"), a["details"]["profile"]["statements"],
                          sorted(json.dumps(t, sort_keys=True) for t in a["details"]["profile"]["ties"]),
                          len(a["results"])))
        return found

    local = answers()
    monkeypatch.setattr(around, "entity", every_statement_of_entity)
    every = answers()
    assert [a[:5] for a in local] == [a[:5] for a in every]
    for named, (*_, total, _, listed) in zip(local, every):
        assert named[-1] < 40 < total == listed
    assert local[2][2] and "; undated, so not counted in 2020: " in local[2][0]  # the article's undated ones
    assert local[0][0].startswith("United States of America is a state in 2000: ")


def test_world_impact_answers_as_from_every_statement_of_its_actors(full, monkeypatch):
    """What role Russia plays between Armenia and Azerbaijan (the United States between India
    and Pakistan), read from the pairs among them and their causes, as from the three actors'
    every statement (5,500 of Russia's, 10,000 of the United States'); dated too."""
    from actorkg.graph.answer.ask import ask
    from actorkg.graph.network import around
    from actorkg.graph.network.project import Window, project_around

    store, _ = full
    questions = ["What role does Russia play between Armenia and Azerbaijan?",
                 "How did the United States affect relations between India and Pakistan?"]

    def answers():
        return [json.dumps(ask(store, q, w).to_dict(), sort_keys=True) for w in (None, Window(2015, 2022))
                for q in questions]

    local = answers()
    monkeypatch.setattr(around, "between_each_other", lambda store, ids, *a: project_around(store, ids, *a))
    assert local == answers()
    first = json.loads(local[0])
    assert first["details"]["dual_role"] is True and first["answer"].startswith(
        "Russia supports both Armenia (military presence, strategic ally, support, treaty ally) and Azerbaijan "
        "(arms, treaty ally), while they are in conflict")


def test_world_dual_roles_of_hubs_answer_as_from_every_statement(full, monkeypatch):
    """Russia's and the United States' dual roles, read from their ties, the latest statement
    of each relation with each partner and the counted conflicts between the partners (the
    latest of each relation read), give the answers, triads, counts, sources and undated
    statements of reading their every statement (5,500 and 10,200), undated and dated; only
    the statements listed are fewer."""
    from actorkg.graph.answer.ask import ask
    from actorkg.graph.network import around

    from ..answer.test_around import every_statement_for_dual_role

    store, _ = full
    questions = ["Does Russia play a dual role?", "Does the United States play a dual role?"]

    def triads(answer):
        return [(t["b"]["id"], t["c"]["id"], t["statements"], t["cooperation_with_b"], t["cooperation_with_c"],
                 t["conflict_between_b_and_c"], t["together"], t["undated"]) for t in answer.details["triads"]]

    # Dated, the ties are counted among the statements in force then (``profile.ties_in``).
    questions += ["Does Russia play a dual role in 2020?", "Does the United States play a dual role between 1990 "
                  "and 2019?"]
    local = [ask(store, q) for q in questions]
    monkeypatch.setattr(around, "partners_in_conflict", every_statement_for_dual_role)
    every = [ask(store, q) for q in questions]
    for a, b in zip(local, every):
        assert a.answer == b.answer and triads(a) and triads(a) == triads(b)
        assert a.to_dict()["sources"] == b.to_dict()["sources"]
        assert a.details.get("undated") == b.details.get("undated")
        assert len(a.results) < len(b.results) / 2
        # Of the conflict between b and c too, only the latest of each relation is named.
        for t in a.details["triads"]:
            ends = {t["b"]["id"], t["c"]["id"]}
            conflict = [(r["relation"], r["subject"]["id"], r["object"]["id"]) for r in t["results"]
                        if {r["subject"]["id"], r["object"]["id"]} == ends]
            assert conflict and len(conflict) == len(set(conflict))
    named = lambda answer: sum(1 for t in answer.details["triads"] for r in t["results"]  # noqa: E731
                               if {r["subject"]["id"], r["object"]["id"]} == {t["b"]["id"], t["c"]["id"]})
    assert named(local[0]) < named(every[0])
    assert local[0].answer.startswith("Yes (among the 20 pairs of its partners in conflict")


def test_an_alliance_that_ended_is_spoken_of_in_the_past(full):
    """The United States and Taiwan were allies 1954-1980 (ATOP 3270): in the present tense
    the answer says so, and that no alliance between them is in force; in the past tense it
    was, and in 1970 it is."""
    from actorkg.graph.answer.ask import ask

    store, _ = full
    with (SHARED_DATA / FILES["atop-member"]).open(newline="") as f:
        members = [m for m in csv.DictReader(f)]
    shared = {m["atopid"] for m in members if m["member"] == "2"} & {m["atopid"] for m in members if m["member"] == "713"}
    ended = max(int(m["yrexit"]) for m in members if m["atopid"] in shared and m["member"] in ("2", "713"))
    assert ended == 1980
    now = ask(store, "Is the United States a reliable ally of Taiwan?")
    assert now.verdict == "yes" and now.answer.startswith(
        f"Yes, as far as the graph shows: United States of America was an ally of Taiwan (treaty ally, until {ended}) "
        "and no unmet commitment is recorded; no alliance between them is in force (end of each source's data: ATOP")
    assert [c["in_force_now"] for c in now.to_dict()["details"]["commitments"]] == [False]
    then = ask(store, "Is the United States a reliable ally of Taiwan in 1970?")
    assert then.answer.startswith("Yes, as far as the graph shows: United States of America is an ally of Taiwan")
    assert [c["in_force_now"] for c in then.to_dict()["details"]["commitments"]] == [False]
    past = ask(store, "Was the United States a reliable ally of Taiwan?")
    assert past.answer.startswith("Yes, as far as the graph shows: United States of America was an ally of Taiwan "
                                  f"(treaty ally, until {ended}) and no unmet commitment is recorded.")
    # Allies now and former allies, each group named in part (JSON lists them all).
    every = ask(store, "Is the United States a reliable ally?").to_dict()
    held = [c["partner"]["label"] for c in every["details"]["commitments"] if c["in_force_now"]]
    assert f"is an ally of {', '.join(held[:10])} and {len(held) - 10} more (treaty ally)" in every["answer"]
    assert ask(store, "What is NATO?").answer.startswith("NATO is an international organization")


def test_a_dual_roles_ties_hold_together(full):
    """Turkey was allied with China in 1945 (ATOP), and China and the United States were in
    conflict before and after (MID, COW: 1900, 1950-1953, ...) but not then: no dual role.
    Each triad found names the years its three ties share."""
    from actorkg.graph.answer.ask import ask

    store, _ = full
    years = lambda text: {int(r["y"].value[:4]) for r in store.query(PREFIXES + text).rows}  # noqa: E731
    with_china = years("""SELECT ?y WHERE { ?k ak:polarity 1 ; ak:subjectRole ?r1 ; ak:objectRole ?r2 .
        ?s a ?k ; ?r1 kg:Turkey ; ?r2 kg:China . { ?s ak:start ?y } UNION { ?s ak:end ?y } UNION { ?s ak:pointInTime ?y } }""")
    china_us = years("""SELECT ?y WHERE { ?k ak:polarity -1 ; ak:subjectRole ?r1 ; ak:objectRole ?r2 .
        { ?s a ?k ; ?r1 kg:China ; ?r2 kg:UnitedStatesOfAmerica } UNION { ?s a ?k ; ?r1 kg:UnitedStatesOfAmerica ; ?r2 kg:China }
        { ?s ak:start ?y } UNION { ?s ak:end ?y } UNION { ?s ak:pointInTime ?y } }""")
    # A tie and conflicts, but never in the same year (the conflicts' spans are years of
    # their own, none running over 1945: see the triads' check in test_whole).
    assert with_china == {1945} and 1945 not in china_us and min(china_us) < 1945 < max(china_us)
    answer = ask(store, "Does Turkey play a dual role?")
    triads = answer.details["triads"]
    assert triads and all(t["together"] for t in triads)
    assert not [t for t in triads if {t["b"]["label"], t["c"]["label"]} == {"China", "United States of America"}]
    # In one year, the triads hold together in that year, which the answer names once.
    in_2020 = ask(store, "Who plays a dual role in 2020?")
    assert in_2020.details["triads"] and all(t["together"] == [[2020, 2020]] for t in in_2020.details["triads"])
    assert in_2020.answer.startswith(f"{len(in_2020.details['triads'])} dual roles in 2020: ")
    assert "together in" not in in_2020.answer
    # Nor does a question between the three.
    either = ask(store, "Did Turkey support China or the United States?")
    assert either.verdict == "both" and not either.details["dual_role"] and "dual role" not in either.answer
    from actorkg.graph.answer.reports import dual_roles as report
    from actorkg.graph.network.overlap import EARLIEST, LATEST, Held

    table = report(store, "Turkey")
    assert [row[table.columns.index("together")] for row in table.rows] == [
        Held(tuple((EARLIEST if a is None else a, LATEST if b is None else b) for a, b in t["together"])).brief()
        for t in table.data["triads"]]
    assert "undated" not in [row[table.columns.index("together")] for row in table.rows]
    first = triads[0]
    assert f"together in {', '.join(str(a) if a == b else f'{a}-{b}' for a, b in first['together'])}" in answer.answer


def test_a_commitment_unmet_is_doubted_by_its_partner_alone(full):
    """Russia's unmet commitment is to Armenia: what the answer also records is Armenia's
    (and its office holders') conflict with Russia, not every hostility between Russia and
    its hundred-odd allies since 1815 (Australia 1962, ...)."""
    from actorkg.graph.answer.ask import ask

    store, _ = full
    answer = ask(store, "Is Russia a reliable ally?").to_dict()
    unmet = [c for c in answer["details"]["commitments"] if c["unmet"]]
    assert [c["partner"]["label"] for c in unmet] == ["Armenia"]
    armenia = unmet[0]["partner"]["id"]
    office = {r["s"].value for r in store.query(PREFIXES + f"""SELECT ?s WHERE {{
        ?st a ak:PublicOffice ; ak:officeHolder ?s ; ak:polity <{armenia}> }}""").rows}
    cited = {r["statement"] for c in unmet for r in c["commitments"] + [t["statement"] for t in c["triggers"]]}
    doubts = [r for r in answer["results"] if r["statement"] not in cited]
    assert doubts and all({r["subject"]["id"], r["object"]["id"]} & ({armenia} | office) for r in doubts)
    assert "Australia" not in answer["answer"]


def test_a_choice_says_when_a_tie_that_ended_last_held(full):
    """France arms India now and armed Pakistan until its last delivery (SIPRI): in the
    present tense the answer says so, with that deal as evidence, instead of "the graph
    records no such statement towards Pakistan"."""
    from actorkg.graph.answer.ask import ask

    store, _ = full
    deals = [d for d in sipri_rows() if d[0] == "Pakistan" and d[1] == "France"]
    last = max(int(y) for d in deals for y in [d[2], *d[10].split(";")] if y.strip().isdigit())
    both = ask(store, "Does France arm both India and Pakistan?")
    assert both.verdict == "no" and both.answer == (
        f"No: France supplies arms to India (arms), but none now towards Pakistan (last in {last}).")
    pakistan = [s for s in both.results if s.object_label == "Pakistan"]
    assert len(pakistan) == 1 and max(y for y in (pakistan[0].start, pakistan[0].end) if y) == last
    either = ask(store, "Does France arm India or Pakistan?")
    assert either.verdict == "yes" and either.answer.endswith(f"; none now towards Pakistan (last in {last}).")
    past = ask(store, "Did France arm both India and Pakistan?")
    assert past.verdict == "yes"


def test_paths_as_long_are_ranked_by_their_weakest_step(full):
    """Armenia and Israel have no direct tie and a dozen neighbours in common: the paths
    shown are those through the neighbours whose weaker tie (statements of either sign,
    counted in the store) is strongest, not the first in the alphabet."""
    from actorkg.graph.answer.ask import ask

    store, _ = full
    paths = ask(store, "How is Armenia connected to Israel?").to_dict()["details"]["paths"]
    assert paths and all(len(p["nodes"]) == 3 for p in paths)

    def statements(x, y) -> int:
        return count(store, f"""?k ak:polarity ?p ; ak:subjectRole ?r1 ; ak:objectRole ?r2 . FILTER(?p != 0)
            {{ ?s a ?k ; ?r1 <{x}> ; ?r2 <{y}> }} UNION {{ ?s a ?k ; ?r1 <{y}> ; ?r2 <{x}> }}""")

    def neighbours(x) -> set[str]:
        return {r["n"].value for r in store.query(PREFIXES + f"""SELECT DISTINCT ?n WHERE {{
            ?k ak:polarity ?p ; ak:subjectRole ?r1 ; ak:objectRole ?r2 . FILTER(?p != 0)
            {{ ?s a ?k ; ?r1 <{x}> ; ?r2 ?n }} UNION {{ ?s a ?k ; ?r1 ?n ; ?r2 <{x}> }}
            ?n a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ak:Actor }}""").rows}

    armenia, israel = KG + "Armenia", KG + "Israel"
    common = (neighbours(armenia) & neighbours(israel)) - {armenia, israel}
    weakest = {n: min(statements(armenia, n), statements(n, israel)) for n in common}
    shown = [p["nodes"][1]["id"] for p in paths]
    assert [weakest[n] for n in shown] == sorted(weakest.values(), reverse=True)[:len(shown)]
    assert shown[0] == KG + "Azerbaijan"
