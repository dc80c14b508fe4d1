"""Questions about several actors: both A and B, A but not B, A or B, answered as asked or
refused, never answered as a one-actor question; on the real data, against the raw SIPRI file."""

from __future__ import annotations

import json
import re

import pytest
from actorkg.graph.answer.ask import ask
from actorkg.graph.answer.question import parse
from actorkg.graph.errors import NotFound

from .. import rawfiles
from ..conftest import SHARED_DATA

KG = "https://w3id.org/actorkg/entity/"


@pytest.mark.parametrize("text, intent, names, combination, tense", [
    ("Which states armed both India and Pakistan?", "supporters", ("India", "Pakistan"), "all", "past"),
    ("Who arms India but not Pakistan?", "supporters", ("India", "Pakistan"), "but-not", "present"),
    ("Who arms India or Pakistan?", "supporters", ("India", "Pakistan"), "any", "present"),
    ("Who arms either India or Pakistan?", "supporters", ("India", "Pakistan"), "any", "present"),
    ("Who supports both Armenia and Azerbaijan?", "supporters", ("Armenia", "Azerbaijan"), "all", "present"),
    ("Who arms India, Pakistan and China?", "supporters", ("India", "Pakistan", "China"), "all", "present"),
    ("Who arms India but not Pakistan or China?", "supporters", ("India", "Pakistan", "China"), "but-not", "present"),
    ("India and Pakistan's arms suppliers", "supporters", ("India", "Pakistan"), "all", "present"),
    ("Who threatens both Armenia and Azerbaijan?", "opponents", ("Armenia", "Azerbaijan"), "all", "present"),
    ("Whom did Russia and China both arm?", "supported", ("Russia", "China"), "all", "past"),
    ("Does Russia arm both Armenia and Azerbaijan?", "either", ("Russia", "Armenia", "Azerbaijan"), "all", "present"),
    ("Does Russia support Armenia or Azerbaijan?", "either", ("Russia", "Armenia", "Azerbaijan"), None, "present"),
])
def test_combinations_are_parsed(text, intent, names, combination, tense):
    q = parse(text)
    assert (q.intent, q.names, q.combination, q.tense) == (intent, names, combination, tense)


def test_neither_nor_is_refused_with_a_reason():
    with pytest.raises(NotFound, match="asks about every actor except some") as caught:
        parse("Who arms neither India nor Pakistan?")
    assert caught.value.exit_code == 1 and "India or Pakistan" in caught.value.hint


# --- on the tiny world: Alpha arms Bravo and Charlie; Delta supports Bravo; Charlie trains
# Bravo and (says a blog) backs Alpha; Alpha and Bravo share a defence pact.

def counterparts(answer) -> list[str]:
    return [t["actor"]["label"] for t in answer.details["ties"] if t["answers"]]


def test_both(world):
    answer = ask(world, "Who has supported both Bravo and Alpha?")
    assert counterparts(answer) == ["Charlie"]
    assert answer.answer.startswith("Supporters of both Bravo and Alpha: 1 — Charlie (Bravo: training; Alpha: support)")
    assert answer.combination == {"operator": "all", "words": "both Bravo and Alpha",
                                  "actors": [{"id": KG + "Bravo", "label": "Bravo"},
                                             {"id": KG + "Alpha", "label": "Alpha"}]}
    # Each counterpart row shows its evidence for each named actor, source by source.
    assert [row[2:4] for row in answer.rows] == [["Bravo", "ARMS"], ["Alpha", "a blog"]]


def test_but_not_and_or(world):
    but_not = ask(world, "Who supported Bravo but not Alpha?")
    assert counterparts(but_not) == ["Delta"]
    delta = next(t for t in but_not.details["ties"] if t["actor"]["label"] == "Delta")
    assert [(s["named"]["label"], s["tied"]) for s in delta["by_actor"]] == [("Bravo", True), ("Alpha", False)]
    assert ["", "", "Alpha", "", "0", "", "", "", "none recorded"] in but_not.rows
    either = ask(world, "Who supported Bravo or Alpha?")
    assert set(counterparts(either)) == {"Charlie", "Delta"}
    assert either.combination["operator"] == "any"


def test_whom_several_actors_support(world):
    answer = ask(world, "Whom did Alpha and Charlie both support?")
    assert counterparts(answer) == ["Bravo"]
    assert answer.answer.startswith("Both Alpha and Charlie support: 1 — Bravo")
    nobody = ask(world, "Whom did both Alpha and Delta arm?")
    assert nobody.answer.startswith("Nobody: the graph records no actor that both Alpha and Delta supply arms to")


def test_does_a_arm_both(world):
    yes = ask(world, "Did Alpha arm both Bravo and Charlie?")
    assert (yes.intent, yes.verdict) == ("either", "yes") and yes.answer.startswith("Yes: Alpha supplied arms to both")
    no = ask(world, "Did Alpha arm both Bravo and Delta?")
    assert no.verdict == "no" and "no such statement towards Delta" in no.answer


@pytest.mark.parametrize("question", [
    "How are Alpha, Bravo and Charlie related?",
    "Is Alpha allied with Bravo and Charlie and Echo?",
    "Is Alpha and Bravo a reliable ally of Charlie?",
])
def test_several_actors_where_one_is_taken_are_refused(world, question):
    with pytest.raises(NotFound, match="names several actors") as caught:
        ask(world, question)
    assert caught.value.exit_code == 1 and "Who arms both India and Pakistan?" in caught.value.hint


@pytest.fixture
def balkans(tmp_path):
    """An arms register covering 1990-2020: Turkey armed Bosnia and Herzegovina in 2010 and
    arms Serbia up to 2020."""
    from actorkg.graph.store.load import open_graph

    data = tmp_path / "balkans.ttl"
    data.write_text("""@prefix ak: <https://w3id.org/actorkg/ontology#> . @prefix kg: <https://w3id.org/actorkg/entity/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix src: <https://w3id.org/actorkg/source/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix ex: <https://example.org/> .
kg:BiH a ak:State ; rdfs:label "Bosnia and Herzegovina" . kg:Serbia a ak:State ; rdfs:label "Serbia" .
kg:Turkey a ak:State ; rdfs:label "Turkey" .
src:db a ak:Dataset ; rdfs:label "arms register" ; ak:reliability ak:ReliabilityB ;
    ak:coverageStart "1990"^^xsd:gYear ; ak:coverageEnd "2020"^^xsd:gYear .
ex:t1 a ak:ArmsTransfer ; ak:supplier kg:Turkey ; ak:recipient kg:BiH ; ak:recordId "1" ;
    ak:pointInTime "2010"^^xsd:gYear ; prov:wasDerivedFrom src:db .
ex:t2 a ak:ArmsTransfer ; ak:supplier kg:Turkey ; ak:recipient kg:Serbia ; ak:recordId "2" ;
    ak:start "2011"^^xsd:gYear ; ak:end "2020"^^xsd:gYear ; prov:wasDerivedFrom src:db .
""")
    return open_graph([data], include_article=False)


def test_names_with_and_in_them_are_put_back_together(balkans):
    one = ask(balkans, "Who armed Bosnia and Herzegovina?")
    assert one.combination is None and [m.label for m in one.actors] == ["Bosnia and Herzegovina"]
    both = ask(balkans, "Who armed both Bosnia and Herzegovina and Serbia?")
    assert [m.label for m in both.actors] == ["Bosnia and Herzegovina", "Serbia"] and counterparts(both) == ["Turkey"]


def test_present_tense_counts_ties_that_hold_now(balkans):
    """In the present tense a tie counts if it holds at the end of the data (2020)."""
    now = ask(balkans, "Who arms both Serbia and Bosnia and Herzegovina?")
    assert counterparts(now) == [] and now.answer.startswith("Nobody now (end of each source's data: DB 2020)")
    assert "earlier, not now: Turkey (Serbia: arms; Bosnia and Herzegovina: arms, last 2010)" in now.answer
    but_not = ask(balkans, "Who arms Serbia but not Bosnia and Herzegovina?")
    assert counterparts(but_not) == ["Turkey"]
    assert counterparts(ask(balkans, "Who armed Serbia but not Bosnia and Herzegovina?")) == []


def test_cli_json_says_which_combination_was_asked(cli):
    result = cli("ask", "Who supports both Armenia and Azerbaijan?", "--format", "json", "--between", "1991", "2024")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"question", "intent", "actors", "verdict", "answer", "results", "details"} <= set(data)
    assert data["intent"] == "supporters" and data["combination"]["operator"] == "all"
    assert data["combination"]["words"] == "both Armenia and Azerbaijan"
    assert [t["actor"]["label"] for t in data["details"]["ties"] if t["answers"]] == ["Russia"]
    refused = cli("ask", "How are Armenia, Azerbaijan and Turkey related?")
    assert refused.exit_code == 1 and "names several actors" in refused.stderr


# --- the real data, against the raw SIPRI file ----------------------------------------------------

def _raw_suppliers() -> dict[str, set[str]]:
    """Recipient -> supplier names, straight from the file; the Soviet Union's deals are
    Russia's (COW 365), as in the registry."""
    out: dict[str, set[str]] = {}
    for row in rawfiles.sipri_by_line(SHARED_DATA / "sipri-trade-register-1950-2024.csv").values():
        out.setdefault(row[0], set()).add("Russia" if row[1] == "Soviet Union" else row[1])
    return out


def _raw_names(store_answer, by_line) -> set[str]:
    """The counterparts of an answer as the file names them, read through their records."""
    names = set()
    for tie in store_answer.details["ties"]:
        if not tie["answers"]:
            continue
        for side in tie["by_actor"]:
            for result in side.get("results", ()):
                for e in result["evidence"]:
                    line = int(re.match(r"lines? (\d+)", e["record"]).group(1))
                    names.add("Russia" if by_line[line][1] == "Soviet Union" else by_line[line][1])
    return names


@pytest.mark.shared_data
@pytest.mark.parametrize("question, combine", [
    ("Which states armed both India and Pakistan?", lambda a, b: a & b),
    ("Who armed India but not Pakistan?", lambda a, b: a - b),
    ("Who armed India or Pakistan?", lambda a, b: a | b),
    ("Which states armed both Armenia and Azerbaijan?", lambda a, b: a & b),
])
def test_combinations_equal_the_sets_from_the_raw_sipri_file(full, question, combine):
    store, _ = full
    raw = _raw_suppliers()
    first, second = re.search(r"(?:both |)(\w+) (?:and|but not|or) (\w+)\?", question).groups()
    expected = combine(raw[first], raw[second])
    answer = ask(store, question, sources=["sipri"])
    assert answer.combination["actors"][0]["label"] == first
    by_line = rawfiles.sipri_by_line(SHARED_DATA / "sipri-trade-register-1950-2024.csv")
    assert _raw_names(answer, by_line) == expected
    assert len([t for t in answer.details["ties"] if t["answers"]]) == len(expected)
    if question.startswith("Which states armed both India"):
        assert len(expected) == 16  # 17 names in the file, the Soviet Union and Russia one actor
