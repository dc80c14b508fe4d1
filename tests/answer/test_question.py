"""Parsing questions: every form the issue lists, time phrases, and what is not understood."""

from __future__ import annotations

import pytest
from actorkg.graph.answer.question import FORMS, NotUnderstood, parse
from actorkg.graph.errors import NotFound, UsageError
from actorkg.graph.network.project import Window

CASES = [
    # who supports / backs / arms / sells weapons to / is allied with / has troops in X
    ("Who supports Azerbaijan?", "supporters", ("Azerbaijan",), "support"),
    ("Who backs Baku?", "supporters", ("Baku",), "support"),
    ("Which countries arm Azerbaijan?", "supporters", ("Azerbaijan",), "arms"),
    ("Who arms Azerbaijan?", "supporters", ("Azerbaijan",), "arms"),
    ("Who sells weapons to Azerbaijan?", "supporters", ("Azerbaijan",), "arms"),
    ("Who is allied with Armenia?", "supporters", ("Armenia",), "ally"),
    ("Who has troops in Armenia?", "supporters", ("Armenia",), "troops"),
    ("Armenia's allies", "supporters", ("Armenia",), "ally"),
    ("Who are Armenia’s allies?", "supporters", ("Armenia",), "ally"),
    ("Who are the supporters of Armenia?", "supporters", ("Armenia",), "support"),
    # whom does X support
    ("Whom does Russia support?", "supported", ("Russia",), "support"),
    ("Who does Russia sell weapons to?", "supported", ("Russia",), "arms"),
    ("Who is Russia allied with?", "supported", ("Russia",), "ally"),
    ("Where does Russia have troops?", "supported", ("Russia",), "troops"),
    # does A support B (or C)
    ("Does Russia support Armenia?", "check", ("Russia", "Armenia"), "support"),
    ("Does Russia arm Azerbaijan?", "check", ("Russia", "Azerbaijan"), "arms"),
    ("Has Russia sold weapons to Azerbaijan?", "check", ("Russia", "Azerbaijan"), "arms"),
    ("Is Russia allied with Armenia?", "check", ("Russia", "Armenia"), "ally"),
    ("Are Russia and Armenia allies?", "check", ("Russia", "Armenia"), "ally"),
    ("Does Russia have troops in Armenia?", "check", ("Russia", "Armenia"), "troops"),
    ("Does Russia support Armenia or Azerbaijan?", "either", ("Russia", "Armenia", "Azerbaijan"), "support"),
    ("Does Russia support either Armenia or Azerbaijan?", "either", ("Russia", "Armenia", "Azerbaijan"), "support"),
    # how are A and B related; impact; connection
    ("How are Armenia and Turkey related?", "relation", ("Armenia", "Turkey"), None),
    ("What is the relationship between Russia and Armenia?", "relation", ("Russia", "Armenia"), None),
    ("How has Russia’s role impacted the connection between Armenia and Turkey?", "impact",
     ("Russia's role", "Armenia", "Turkey"), None),
    ("How did Russia affect relations between Armenia and Turkey?", "impact", ("Russia", "Armenia", "Turkey"), None),
    ("What role does Russia play between Armenia and Azerbaijan?", "impact", ("Russia", "Armenia", "Azerbaijan"), None),
    ("What role did Russia play in the conflict between Armenia and Azerbaijan?", "impact",
     ("Russia", "Armenia", "Azerbaijan"), None),
    ("What role has Russia played in relations between Armenia and Azerbaijan?", "impact",
     ("Russia", "Armenia", "Azerbaijan"), None),
    ("How is Armenia connected to Turkey?", "paths", ("Armenia", "Turkey"), None),
    # who opposes / threatens / is in conflict with X
    ("Who opposes Armenia?", "opponents", ("Armenia",), "oppose"),
    ("Who threatens Armenia?", "opponents", ("Armenia",), "threat"),
    ("Who is in conflict with Armenia?", "opponents", ("Armenia",), "conflict"),
    ("Who are Armenia's enemies?", "opponents", ("Armenia",), "oppose"),
    # dual roles
    ("Who plays a dual role?", "dual-roles", (), None),
    ("Who is playing a double game?", "dual-roles", (), None),
    ("Does Russia play a dual role?", "dual-role", ("Russia",), None),
    ("What is the dual role of Russia?", "dual-role", ("Russia",), None),
    ("What was Russia's double game?", "dual-role", ("Russia",), None),
    # reliable ally
    ("Is Russia a reliable ally of Armenia?", "reliable-ally", ("Russia", "Armenia"), None),
    ("Can Armenia rely on Russia?", "reliable-ally", ("Russia", "Armenia"), None),
    ("Is Russia a dependable security guarantor?", "reliable-ally", ("Russia",), None),
    ("Was Russia a reliable ally of Armenia?", "reliable-ally", ("Russia", "Armenia"), None),
    ("Has Russia been a reliable ally?", "reliable-ally", ("Russia",), None),
    ("Could Armenia rely on Russia?", "reliable-ally", ("Russia", "Armenia"), None),
    ("Has Russia been reliable as an ally of Armenia?", "reliable-ally", ("Russia", "Armenia"), None),
    ("Would Russia defend Armenia?", "reliable-ally", ("Russia", "Armenia"), None),
    ("Did Russia come to the aid of Armenia?", "reliable-ally", ("Russia", "Armenia"), None),
    ("Has Russia honoured its commitments to Armenia?", "reliable-ally", ("Russia", "Armenia"), None),
    ("Did Russia meet its treaty obligations?", "reliable-ally", ("Russia",), None),
    # a ranked supporters question, not "who is <an entity called Armenia's strongest ally>"
    ("Who is Armenia's strongest ally?", "supporters", ("Armenia",), "support"),
    ("Who are the main backers of Azerbaijan?", "supporters", ("Azerbaijan",), "support"),
    # what is X; what does TREATY entail
    ("What is Nagorno-Karabakh?", "profile", ("Nagorno-Karabakh",), None),
    ("What constitutes the contested region of Nagorno-Karabakh?", "profile",
     ("the contested region of Nagorno-Karabakh",), None),
    ("Who is Nikol Pashinyan?", "profile", ("Nikol Pashinyan",), None),
    ("What role did Russia play?", "profile", ("Russia",), None),
    ("What does the collective security treaty between Armenia and Russia entail?", "treaty",
     ("collective security treaty between Armenia and Russia",), None),
    ("What are the obligations of the Collective Security Treaty?", "treaty", ("the Collective Security Treaty",), None),
]


@pytest.mark.parametrize("text, intent, names, aspect", CASES)
def test_question_forms(text, intent, names, aspect):
    q = parse(text)
    assert (q.intent, q.names, q.aspect) == (intent, names, aspect)
    assert q.window is None
    assert q.text == text


@pytest.mark.parametrize("text, window", [
    ("Who supports Azerbaijan in 2020?", Window(2020, 2020)),
    ("Who supports Azerbaijan as of 2020?", Window(2020, 2020)),
    ("Who has troops in Armenia since 1991?", Window(1991, None)),
    ("Who supports Armenia between 1991 and 2020?", Window(1991, 2020)),
    ("In 2020, who supported Azerbaijan?", Window(2020, 2020)),
    ("Who supports Armenia until 2000?", Window(None, 2000)),
])
def test_time_phrases_become_a_window_and_leave_the_question(text, window):
    q = parse(text)
    assert q.window == window
    assert q.names == (("Azerbaijan",) if "Azerbaijan" in text else ("Armenia",))


def test_case_and_punctuation_do_not_matter():
    assert parse("  WHO   SUPPORTS azerbaijan ?!").names == ("azerbaijan",)


def test_window_describes_itself():
    assert Window(2020, 2020).describe() == "in 2020"
    assert Window(1991, None).describe() == "since 1991"
    assert Window(1991, 2020).describe() == "between 1991 and 2020"
    assert Window(None, 2000).describe() == "until 2000"


def test_a_period_must_not_end_before_it_starts():
    with pytest.raises(UsageError, match="ends before it starts"):
        parse("Who supports Armenia between 2020 and 1991?")


def test_not_understood_lists_the_forms_it_knows():
    with pytest.raises(NotUnderstood) as caught:
        parse("Bake me a cake")
    assert isinstance(caught.value, NotFound) and caught.value.exit_code == 1
    assert "did not understand the question 'Bake me a cake'" in caught.value.message
    assert all(form in caught.value.hint for form in FORMS)


@pytest.mark.parametrize("text", ["", "   ", "?"])
def test_empty_question_is_a_usage_error(text):
    with pytest.raises(UsageError) as caught:
        parse(text)
    assert caught.value.exit_code == 2


# --- the grammar is built from the ontology's lexicon -----------------------------------------

@pytest.mark.parametrize("text, intent, names, aspect, tense", [
    ("Who has had a military presence in Armenia?", "supporters", ("Armenia",), "troops", "perfect"),
    ("Who keeps a military presence in Armenia?", "supporters", ("Armenia",), "troops", "present"),
    ("Who armed Azerbaijan?", "supporters", ("Azerbaijan",), "arms", "past"),
    ("Who arms Azerbaijan?", "supporters", ("Azerbaijan",), "arms", "present"),
    ("Who has armed Azerbaijan?", "supporters", ("Azerbaijan",), "arms", "perfect"),
    ("Who ships weapons to Azerbaijan?", "supporters", ("Azerbaijan",), "arms", "present"),
    ("Who is armed by Russia?", "supported", ("Russia",), "arms", "present"),
    ("Which countries buy weapons from Russia?", "supported", ("Russia",), "arms", "present"),
    ("Who does Azerbaijan buy arms from?", "supporters", ("Azerbaijan",), "arms", "present"),
    ("Whom did Russia arm?", "supported", ("Russia",), "arms", "past"),
    ("Did Russia arm Azerbaijan?", "check", ("Russia", "Azerbaijan"), "arms", "past"),
    ("Does Azerbaijan receive arms from Russia?", "check", ("Russia", "Azerbaijan"), "arms", "present"),
    ("Is Russia an arms supplier of Azerbaijan?", "check", ("Russia", "Azerbaijan"), "arms", "present"),
    ("Were Russia and Armenia allies?", "check", ("Russia", "Armenia"), "ally", "past"),
    ("Are Armenia and Azerbaijan at war?", "check", ("Armenia", "Azerbaijan"), "conflict", "present"),
    ("Who sanctions Iran?", "opponents", ("Iran",), "oppose", "present"),
    ("Who were Armenia's allies?", "supporters", ("Armenia",), "ally", "past"),
])
def test_forms_come_from_the_lexicon_with_their_tense(text, intent, names, aspect, tense):
    q = parse(text)
    assert (q.intent, q.names, q.aspect, q.tense) == (intent, names, aspect, tense)


def test_military_presence_since_1991():
    q = parse("Who has had a military presence in Armenia since 1991?")
    assert (q.intent, q.names, q.aspect, q.window) == ("supporters", ("Armenia",), "troops", Window(1991, None))
    assert q.kinds == ("https://w3id.org/actorkg/ontology#MilitaryPresence",)


def test_a_kind_without_a_known_aspect_is_asked_about_as_itself():
    q = parse("Who has influence in Armenia?")
    assert (q.intent, q.aspect, q.kinds) == ("supporters", None, ("https://w3id.org/actorkg/ontology#Influence",))


def test_a_kind_added_to_the_ontology_is_understood_without_python_changes(tmp_path, monkeypatch):
    """A temporary ontology with one more kind and its phrases: parsed from the lexicon,
    answered from a store that holds the kind's statements."""
    from actorkg.graph import paths
    from actorkg.graph.answer.ask import ask
    from actorkg.graph.query.lexicon import lexicon
    from actorkg.graph.store.load import open_graph

    ontology = tmp_path / "ontology.ttl"
    ontology.write_text(paths.ontology_file().read_text(encoding="utf-8") + """
ak:MilitaryTraining a owl:Class, ak:RelationKind ; rdfs:subClassOf ak:Statement ;
    rdfs:label "military training" ; ak:shortLabel "trains" ;
    ak:polarity 1 ; ak:edge ak:trainsForcesOf ; ak:subjectRole ak:supporter ; ak:objectRole ak:recipient ;
    ak:countsAsSupport true ; ak:supportType ak:TrainingSupport ;
    ak:verbPhrase "trains the forces of", "drills the troops of" ; ak:agentNoun "military trainer" .
ak:trainsForcesOf a owl:ObjectProperty ; rdfs:label "trains the forces of" .
""", encoding="utf-8")
    monkeypatch.setattr(paths, "ontology_file", lambda: ontology)
    q = parse("Who drilled the troops of Bravo in 2009?")
    assert (q.intent, q.names, q.aspect, q.tense) == ("supporters", ("Bravo",), None, "past")
    assert q.kinds == ("https://w3id.org/actorkg/ontology#MilitaryTraining",)
    assert parse("Bravo's military trainers").kinds == q.kinds
    data = tmp_path / "training.ttl"
    data.write_text("""@prefix ak: <https://w3id.org/actorkg/ontology#> . @prefix kg: <https://w3id.org/actorkg/entity/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix src: <https://w3id.org/actorkg/source/> . @prefix prov: <http://www.w3.org/ns/prov#> .
kg:Bravo a ak:State ; rdfs:label "Bravo" . kg:Charlie a ak:State ; rdfs:label "Charlie" .
kg:Delta a ak:State ; rdfs:label "Delta" .
src:db a ak:Dataset ; rdfs:label "training register" ; ak:reliability ak:ReliabilityB .
<https://example.org/tr1> a ak:MilitaryTraining ; ak:supporter kg:Charlie ; ak:recipient kg:Bravo ;
    ak:pointInTime "2009"^^xsd:gYear ; ak:recordId "train-1" ; prov:wasDerivedFrom src:db .
<https://example.org/s1> a ak:Support ; ak:supporter kg:Delta ; ak:recipient kg:Bravo ;
    ak:pointInTime "2009"^^xsd:gYear ; ak:recordId "support-1" ; prov:wasDerivedFrom src:db .
""", encoding="utf-8")
    store = open_graph([data], include_article=False)
    assert "https://w3id.org/actorkg/ontology#MilitaryTraining" in lexicon(store).kinds
    answer = ask(store, "Who drilled the troops of Bravo in 2009?")
    assert answer.answer.startswith("Military trainers of Bravo in 2009: Charlie (trains)")
    assert [t["actor"]["label"] for t in answer.details["ties"]] == ["Charlie"]  # not Delta's support
    assert ask(store, "Does Charlie train the forces of Bravo?").verdict == "yes"
    assert ask(store, "Who trains the forces of both Bravo and Delta?").answer.startswith("Nobody")


@pytest.mark.parametrize("text, tense", [
    ("What role did Russia play between Armenia and Azerbaijan?", "past"),
    ("How did Russia affect relations between Armenia and Turkey?", "past"),
    ("What role has Russia played between Armenia and Azerbaijan?", "perfect"),
    ("What role does Russia play between Armenia and Azerbaijan?", "present"),
    ("Was Russia a reliable ally of Armenia?", "past"),
    ("What is Russia?", "present"),
])
def test_the_tense_is_that_of_the_first_auxiliary(text, tense):
    assert parse(text).tense == tense
