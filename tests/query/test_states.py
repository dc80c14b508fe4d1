"""The bundled state registry (data/registry/states.csv) and name resolution through it:
short forms, codes, capitals and demonyms find their COW state; a fuzzy match is announced;
short capitals and common words are never fuzzed."""

from __future__ import annotations

import csv
import json

import pytest

from ..conftest import FIXTURES, ROOT, SHARED_DATA

KG = "https://w3id.org/actorkg/entity/"
STATES = ROOT / "data" / "registry" / "states.csv"


@pytest.fixture(scope="module")
def states_store():
    """The article in memory plus an import, which writes the bundled registry's 217 states."""
    from actorkg.graph.sources.importers import import_file
    from actorkg.graph.store.load import open_graph

    store = open_graph()
    import_file("cow-states", FIXTURES / "datasets" / "cow-states.csv", store)
    return store


@pytest.mark.parametrize("name, code", [
    ("USA", 2), ("US", 2), ("U.S.", 2), ("the UK", 200), ("U.K.", 200), ("Britain", 200),
    ("Great Britain", 200), ("New Delhi", 750), ("Moscow", 365), ("DPRK", 731), ("North Korea", 731),
    ("South Korea", 732), ("ROK", 732), ("PRC", 710), ("UAE", 696), ("KSA", 670), ("the USA's", 2),
])
def test_short_forms_and_capitals_find_the_cow_state(states_store, name, code):
    from actorkg.graph.query.resolve import ActorIndex

    index = ActorIndex.of(states_store)
    match = index.find(name)
    assert match.asked is None and match == index.by_code[code]
    assert index.resolve(name) == match


def test_the_article_actors_keep_their_iris(states_store):
    from actorkg.graph.query.resolve import ActorIndex

    index = ActorIndex.of(states_store)
    assert [index.find(n).iri for n in ("Russia", "Armenia", "Moscow", "Turkiye", "Collective Security Treaty")] == [
        KG + "Russia", KG + "Armenia", KG + "Russia", KG + "Turkey", KG + "CollectiveSecurityTreaty"]


def test_a_fuzzy_match_is_announced(states_store):
    from actorkg.graph.answer.ask import ask
    from actorkg.graph.query.resolve import ActorIndex

    match = ActorIndex.of(states_store).find("Britian")
    assert match.asked == "Britian" and match.iri == KG + "UnitedKingdom"
    answer = ask(states_store, "Who arms Britian?")
    assert answer.answer.startswith("Taking 'Britian' as United Kingdom. ")
    assert answer.to_dict()["taken_as"] == [{"name": "Britian", "id": KG + "UnitedKingdom", "label": "United Kingdom"}]
    assert ask(states_store, "Who arms the UK?").to_dict()["taken_as"] == []


@pytest.mark.parametrize("name", ["USX", "us", "AN", "the meaning of life", "anyone"])
def test_short_capitals_and_common_words_are_never_fuzzed(states_store, name):
    from actorkg.graph.errors import UnknownActor
    from actorkg.graph.query.resolve import ActorIndex

    with pytest.raises(UnknownActor):
        ActorIndex.of(states_store).find(name)


def test_a_question_without_an_actor_is_not_understood(cli):
    result = cli("ask", "What is the meaning of life?")
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")


def test_a_state_the_store_does_not_hold_is_unknown():
    """The article alone holds no United Kingdom: the registry names it, the store does not."""
    from actorkg.graph.errors import UnknownActor
    from actorkg.graph.query.resolve import ActorIndex
    from actorkg.graph.store.load import open_graph

    with pytest.raises(UnknownActor):
        ActorIndex.of(open_graph()).find("the UK")


@pytest.mark.shared_data
def test_states_csv_has_every_cow_state_with_todays_codes():
    with (SHARED_DATA / "cow-states-2016.csv").open(encoding="latin-1", newline="") as f:
        raw = [r for r in csv.DictReader(f) if (r["ccode"] or "").strip()]
    last = {}
    for r in raw:
        last[int(r["ccode"])] = max(last.get(int(r["ccode"]), 0), int(r["endyear"]))
    with STATES.open(encoding="utf-8", newline="") as f:
        rows = {int(r["cow_code"]): r for r in csv.DictReader(f)}
    assert len(rows) == len(last) == 217
    today = {c for c, end in last.items() if end == 2016}
    # Kosovo has no ISO 3166 code (XK/XKX are user-assigned); every other state of 2016 has both.
    assert {c for c in today if not (rows[c]["iso_alpha2"] and rows[c]["iso_alpha3"])} == {347}
    assert not any(rows[c]["iso_alpha3"] for c in set(last) - today)
    assert (rows[2]["iso_alpha3"], rows[200]["iso_alpha3"], rows[750]["capital"]) == ("USA", "GBR", "New Delhi")
    # QIDs only where Mondial gives the crosswalk's QID: none for Yugoslavia (left out on purpose).
    assert rows[365]["wikidata"] == "Q159" and rows[345]["wikidata"] == ""


def test_the_curated_short_forms_cite_a_source():
    with (ROOT / "data" / "registry" / "short-forms.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["source"].strip() for r in rows)
    json.dumps(rows)
