"""The lexicon read from the ontology: phrases per kind, derived forms, direction, caching."""

from __future__ import annotations

import json

import pytest
from actorkg.graph.namespaces import AK, ONTOLOGY_GRAPH
from actorkg.graph.network.analysis import ASPECTS
from actorkg.graph.query import lexicon as lx
from actorkg.graph.store.core import OxigraphStore
from actorkg.graph import paths


@pytest.fixture(scope="module")
def words():
    return lx.lexicon()


def test_every_question_aspect_has_kinds_and_verb_phrases(words):
    aspects = words.aspects()
    assert set(ASPECTS) <= set(aspects)
    for aspect in ASPECTS:
        assert words.forms(aspect, "third"), aspect


@pytest.mark.parametrize("phrase, aspect", [
    ("arms", "arms"), ("sells weapons to", "arms"), ("supplies arms to", "arms"), ("has troops in", "troops"),
    ("has a military presence in", "troops"), ("is allied with", "ally"), ("backs", "support"),
    ("opposes", "oppose"), ("threatens", "threat"), ("is at war with", "conflict"),
])
def test_the_question_parsers_phrases_live_in_the_ontology(words, phrase, aspect):
    assert phrase in words.forms(aspect, "third")


def test_verb_forms_are_derived_from_the_third_person(words):
    supply = next(p for p in words.phrases(lx.VERB) if p.text == "supplies arms to")
    assert supply.forms["base"] == ("supply arms to",)
    assert supply.forms["past"] == ("supplied arms to",)
    assert supply.forms["gerund"] == ("supplying arms to",)
    allied = next(p for p in words.phrases(lx.VERB) if p.text == "is allied with")
    assert set(allied.forms["past"]) == {"was allied with", "were allied with"}
    assert allied.forms["plural"] == ("are allied with",) and allied.forms["participle"] == ("been allied with",)
    keep = next(p for p in words.phrases(lx.VERB) if p.text == "keeps troops in")
    assert keep.forms["past"] == ("kept troops in",)


def test_one_word_verbs_get_a_passive_read_the_other_way(words):
    passive = [p for p in words.phrases(lx.PASSIVE, "arms")]
    assert [p.text for p in passive] == ["is armed by"]
    assert not passive[0].subject_role_first
    assert "was armed by" in passive[0].forms["past"]
    # "is allied with" and "has troops in" are no transitive verbs of their own.
    assert not [p for p in words.phrases(lx.PASSIVE) if p.text.startswith(("is been", "is had"))]


def test_direction_is_declared_per_phrase(words):
    by_text = {p.text: p for p in words.phrases(aspect="arms")}
    assert by_text["supplies arms to"].subject_role_first
    assert not by_text["receives arms from"].subject_role_first
    threat_from = next(p for p in words.phrases(lx.INVERSE_RELATION_NOUN, "threat") if p.text == "threat from")
    assert not threat_from.subject_role_first
    assert "threats from" in threat_from.forms["plural"]


def test_nouns_get_plurals_on_their_head(words):
    source = next(p for p in words.phrases(lx.AGENT_NOUN, "arms") if p.text == "source of arms")
    assert source.forms["plural"] == ("sources of arms",)
    assert "allies" in words.forms("ally", "plural", lx.AGENT_NOUN)
    sale = next(p for p in words.phrases(lx.RELATION_NOUN, "arms") if p.text == "arms sale to")
    assert sale.forms["plural"] == ("arms sales to",)


def test_kinds_carry_roles_polarity_and_symmetry(words):
    arms = words.kinds[AK + "ArmsTransfer"]
    assert (arms.subject_role, arms.object_role, arms.polarity) == (AK + "supplier", AK + "recipient", 1)
    assert words.kinds[AK + "StrainedRelations"].symmetric
    assert "strained" in {p.text for p in words.phrases(lx.STATE_WORD, kind=AK + "StrainedRelations")}
    assert "relations" in words.bond_nouns and "reportedly" in words.hedge_words


NEW_KIND = """
@prefix ak: <https://w3id.org/actorkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ak:Mediation a ak:RelationKind ; rdfs:label "mediation" ; ak:polarity 1 ;
    ak:subjectRole ak:mediator ; ak:objectRole ak:party ; ak:aspect "mediate" ;
    ak:verbPhrase "mediates between" .
"""


def test_a_new_kind_in_a_stores_ontology_is_understood(tmp_path):
    onto = tmp_path / "onto.ttl"
    onto.write_text(paths.ontology_file().read_text(encoding="utf-8") + NEW_KIND, encoding="utf-8")
    store = OxigraphStore()
    store.load_file(onto, ONTOLOGY_GRAPH)
    # Words in another graph (an article, a dataset) are not the ontology's.
    extra = tmp_path / "extra.ttl"
    extra.write_text('@prefix ak: <https://w3id.org/actorkg/ontology#> .\n'
                     'ak:Support ak:verbPhrase "loves" .\n', encoding="utf-8")
    store.load_file(extra, "urn:x-article")
    words = lx.lexicon(store)
    assert words.forms("mediate", "past") == ["mediated between"]
    assert "loves" not in words.forms("support", "third")
    assert lx.lexicon(store) is words


def test_derived_forms_are_cached_on_disk_by_digest(words):
    files = sorted(paths.cache_dir().glob("lexicon-*.json"))
    assert files
    cached = json.loads(files[-1].read_text(encoding="utf-8"))
    assert any(p["text"] == "supplies arms to" for p in cached[AK + "ArmsTransfer"])


def test_shipped_forms_are_lemminflects():
    """data/lexicon-forms.json holds what lemminflect gives the bundled ontology's phrases;
    after a change of phrases, `python -m actorkg.graph.query.lexicon` rewrites it."""
    shipped = json.loads(lx.shipped_forms_file().read_text(encoding="utf-8"))
    assert len(shipped) > 300
    assert shipped == lx.inflected_forms(lx.bundled_declarations())
    assert shipped["verb supplies arms to"]["forms"]["past"] == ["supplied arms to"]


def test_a_first_question_on_the_bundled_ontology_does_not_import_lemminflect(tmp_path):
    """A new machine (empty cache) answers without lemminflect and spaCy's ~2 s import; a
    phrase the bundled ontology lacks is still inflected."""
    import os
    import subprocess
    import sys

    code = ("import sys; from actorkg.graph.store.load import open_graph; "
            "from actorkg.graph.answer.ask import ask; "
            "a = ask(open_graph(), 'Who arms Azerbaijan?'); "
            "print('lemminflect' in sys.modules, 'Russia' in a.answer)")
    env = {**os.environ, "ACTORKG_CACHE_DIR": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
    (phrase,) = lx.expand("https://example.org/k", "verbPhrase", "mentors")[:1]
    assert "mentored" in phrase.forms["past"]
