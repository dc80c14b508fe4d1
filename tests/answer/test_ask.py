"""``actorkg ask``: the article's own questions, every question form, names, time, sources,
the JSON shape and every error path. Results are asserted, not just exit codes."""

from __future__ import annotations

import json

import pytest
from actorkg.graph.answer.ask import ask
from actorkg.graph.errors import NotFound, UnknownActor, UsageError
from actorkg.graph.namespaces import KG
from actorkg.graph.network.project import Window


def flat(text: str) -> str:
    """Terminal output without rich's line wrapping."""
    return " ".join(text.split())


def quotes(answer) -> set[str]:
    return {e.quote for s in answer.results for e in s.evidence if e.quote}


def labels(answer) -> list[str]:
    return [m.label for m in answer.actors]


# --- the article's own questions (issue 3, "Done when") ---------------------------------------

def test_does_russia_support_armenia_or_azerbaijan(graph):
    answer = ask(graph, "Does Russia support Armenia or Azerbaijan?")
    assert (answer.intent, answer.verdict, labels(answer)) == ("either", "both", ["Russia", "Armenia", "Azerbaijan"])
    assert answer.answer.startswith("Both: Russia supports Armenia (")
    assert "Azerbaijan (arms)" in answer.answer
    assert "Russia plays a dual role" in answer.answer
    assert "Russia did not intervene for Armenia (2020)" in answer.answer
    assert answer.details["dual_role"] is True
    assert "This dual role became evident when Russia continued to provide arms to Azerbaijan, even during " \
           "Azerbaijan’s military offensive against Armenia, despite its security commitments to Armenia." in quotes(answer)
    assert "Russia indeed has a longstanding and robust relationship with Armenia, which stands as its sole " \
           "strategic ally in the South Caucasus region." in quotes(answer)
    assert {(s.subject_label, s.relation, s.object_label) for s in answer.results} >= {
        ("Russia", "arms", "Azerbaijan"), ("Russia", "military presence", "Armenia"),
        ("Russia", "treaty ally", "Armenia"), ("Armenia", "conflict", "Azerbaijan")}


def test_what_constitutes_nagorno_karabakh(graph):
    answer = ask(graph, "What constitutes the contested region of Nagorno-Karabakh?")
    assert (answer.intent, answer.verdict, labels(answer)) == ("profile", None, ["Nagorno-Karabakh"])
    assert answer.answer.startswith("Nagorno-Karabakh is a territory: ")
    for clause in ("located in South Caucasus", "recognized as part of Azerbaijan (internationally recognized)",
                   "ethnic Armenians inhabits Nagorno-Karabakh (primarily)",
                   "Armenia and Azerbaijan: conflict (ongoing), over Nagorno-Karabakh"):
        assert clause in answer.answer
    assert "Nagorno-Karabakh is a region in the South Caucasus that is internationally recognized as part of " \
           "Azerbaijan but is primarily inhabited by ethnic Armenians." in quotes(answer)
    assert "The conflict between Armenia and Azerbaijan revolves around the control of this territory." in quotes(answer)


def test_how_has_russias_role_impacted_armenia_and_turkey(graph):
    answer = ask(graph, "How has Russia’s role impacted the connection between Armenia and Turkey?")
    assert (answer.intent, labels(answer)) == ("impact", ["Russia", "Armenia", "Turkey"])
    assert ("Russia did not intervene for Armenia (2020), which led to Azerbaijan and Turkey: closer relations "
            "(2020-), which led to Armenia and Turkey: strained relations") in answer.answer
    assert "together with: Turkey supports Azerbaijan (openly)" in answer.answer
    assert "Russia’s decision not to intervene in the conflict has led to closer ties between Azerbaijan and " \
           "Turkey." in quotes(answer)
    assert "This has strained the relationship between Armenia and Turkey, as Turkey has openly supported " \
           "Azerbaijan in the conflict." in quotes(answer)


def test_what_role_does_russia_play_between_armenia_and_azerbaijan(graph):
    """The article's own question: its first fact is that Russia backs both sides of a conflict."""
    answer = ask(graph, "What role does Russia play between Armenia and Azerbaijan?")
    assert (answer.intent, labels(answer)) == ("impact", ["Russia", "Armenia", "Azerbaijan"])
    assert answer.answer.startswith(
        "Russia supports both Armenia (military presence, strategic ally, support, treaty ally) and Azerbaijan "
        "(arms), while they are in conflict (accusation, attack, conflict, strained relations): Russia plays a "
        "dual role. The sources record no causal link from Russia to relations between Armenia and Azerbaijan")
    assert answer.details["dual_role"] is True
    assert "It’s worth noting that Russia serves as one of Azerbaijan’s primary sources of arms." in quotes(answer)
    # Turkey backs one side and opposes the other: no dual role there, and the answer says whom it backs.
    other = ask(graph, "What role has Turkey played between Armenia and Azerbaijan?")
    assert other.details["dual_role"] is False and "dual role" not in other.answer
    assert other.answer.startswith(
        "Turkey opposes Armenia (strained relations, threat) and supports Azerbaijan (support), while Armenia and "
        "Azerbaijan are in conflict (accusation, attack, conflict, strained relations). The sources record no "
        "causal link from Turkey")


def test_what_does_the_collective_security_treaty_entail(graph):
    answer = ask(graph, "What does the collective security treaty between Armenia and Russia entail?")
    assert (answer.intent, labels(answer)) == ("treaty", ["Collective Security Treaty"])
    assert "it creates a defense obligation (Members promise active military support if a member is attacked" \
           in answer.answer
    assert "its parties are Armenia and Russia" in answer.answer
    assert "Armenia invoked treaty with Russia (2020): not honoured" in answer.answer
    assert "It stipulates that if one of the member states is attacked, the other members will provide " \
           "military assistance." in quotes(answer)
    assert "However, Russia chose not to intervene in the conflict between Armenia and Azerbaijan, despite the " \
           "invocation of this treaty." in quotes(answer)


def test_article_answers_say_they_rest_on_one_weak_source(graph):
    answer = ask(graph, "Who supports Azerbaijan?")
    assert answer.answer.endswith("this rests on a single low-reliability source (article: Russia’s Role in "
                                  "South Caucasus Tensions (news aggregator, 2024-03-01), grade F).")
    assert answer.to_dict()["single_low_reliability_source"] is True


# --- every question form ----------------------------------------------------------------------

@pytest.mark.parametrize("question, intent, verdict, expected", [
    ("Who supports Azerbaijan?", "supporters", None, "Supporters of Azerbaijan now (end of each source's data: article 2024): Russia (arms); Turkey (support)"),
    ("Who arms Azerbaijan?", "supporters", None, "Arms suppliers of Azerbaijan now (end of each source's data: article 2024): Russia (arms)"),
    ("Who sells weapons to Azerbaijan?", "supporters", None, "Arms suppliers of Azerbaijan now (end of each source's data: article 2024): Russia (arms)"),
    ("Who is allied with Armenia?", "supporters", None, "Allies of Armenia now (end of each source's data: article 2024): Russia (strategic ally, treaty ally)"),
    ("Who has troops in Armenia?", "supporters", None, "Actors with troops in Armenia now (end of each source's data: article 2024): Russia (military presence)"),
    ("Whom does Russia support?", "supported", None,
     "Now (end of each source's data: article 2024), Russia supports: Armenia (military presence, strategic ally, support, treaty ally); Azerbaijan (arms)"),
    ("Who does Russia sell weapons to?", "supported", None, "Now (end of each source's data: article 2024), Russia supplies arms to: Azerbaijan (arms)"),
    ("Does Russia support Armenia?", "check", "yes",
     "Yes: Russia supports Armenia (military presence, strategic ally, support, treaty ally; article: 4 claims "
     "1991-, 3 undated, under Collective Security Treaty (defense)), but the sources also record: Russia and Armenia: strained relations (eroded trust, 2020-); "
     "Armenia invoked treaty with Russia (2020); Russia did not intervene for Armenia (2020)"),
    ("Does Russia arm Azerbaijan?", "check", "yes", "Yes: Russia supplies arms to Azerbaijan (arms; article: 1 claim (undated))"),
    ("Does Turkey support Armenia?", "check", "no",
     "No: the graph records no statement that Turkey supports Armenia; what it records between them: "
     "Turkey threatens Armenia (potential)"),
    ("Does Iran support Azerbaijan?", "check", "unknown", "Unknown: the graph records nothing between Iran and Azerbaijan."),
    ("Does Azerbaijan attack Armenia?", "check", "yes", "Yes: Azerbaijan is in conflict with Armenia (conflict; article: 1 claim (undated))"),
    ("Does Russia oppose Armenia?", "check", "yes",
     "Yes: Russia opposes Armenia (strained relations; article: 1 claim 2020-), but the sources also record: "
     "Russia military presence in Armenia (safeguarding Armenia’s borders, 1991-)"),
    ("Does Turkey support Azerbaijan or Armenia?", "either", "yes",
     "Azerbaijan: Turkey supports Azerbaijan (support); the graph records no such statement towards Armenia"),
    ("Does Turkey arm Armenia or Azerbaijan?", "either", "no",
     "Neither: the graph records no statement that Turkey supplies arms to Armenia or Azerbaijan"),
    ("How are Armenia and Turkey related?", "relation", None,
     "Armenia and Turkey: conflict only — conflict: Armenia and Turkey: strained relations; Turkey threatens Armenia"),
    ("What is the relationship between Russia and Armenia?", "relation", None,
     "Russia and Armenia: both cooperation and conflict — cooperation: Russia military presence in Armenia"),
    ("How is Armenia connected to Turkey?", "paths", None,
     "Armenia and Turkey are connected by: Armenia - Turkey (hostile); Armenia - Azerbaijan + Turkey (hostile); "
     "Armenia + Russia + Azerbaijan + Turkey (cooperative)"),
    ("Who opposes Armenia?", "opponents", None,
     "Opponents of Armenia now (end of each source's data: article 2024): Azerbaijan (accusation, attack, conflict, strained relations); Turkey (strained "
     "relations, threat); Iran (threat); Russia (strained relations)"),
    ("Who threatens Armenia?", "opponents", None, "Threats to Armenia now (end of each source's data: article 2024): Iran (threat); Turkey (threat)"),
    ("Who is in conflict with Armenia?", "opponents", None, "Actors in conflict with Armenia now (end of each source's data: article 2024): Azerbaijan (attack, conflict)"),
    ("Who plays a dual role?", "dual-roles", None,
     "1 dual role: Russia cooperates with Armenia (military presence, strategic ally, support, treaty ally) and "
     "Azerbaijan (arms), which are in conflict (accusation, attack, conflict, strained relations); 1 of 2 "
     "triangles of signed ties are balanced (50%)"),
    ("Does Russia play a double game?", "dual-role", "yes", "Yes: Russia cooperates with Armenia"),
    ("Does Turkey play a dual role?", "dual-role", "no", "No: the graph records no pair of actors in conflict"),
    ("Is Russia a reliable ally of Armenia?", "reliable-ally", "no",
     "No: Russia is Armenia's ally (strategic ally, treaty ally) but did not meet that commitment in 2020: "
     "Azerbaijan attacked Armenia (2020) with no support from Russia recorded; Russia did not intervene for "
     "Armenia (2020); Armenia invoked treaty with Russia (2020), not honoured; the sources also record: Armenia "
     "and Russia: strained relations (eroded trust, 2020-); Nikol Pashinyan criticizes Russia"),
    ("Can Armenia rely on Russia?", "reliable-ally", "no", "No: Russia is Armenia's ally"),
    ("Is Turkey a reliable ally of Armenia?", "reliable-ally", "no", "No: Turkey is not recorded as an ally of Armenia"),
    ("Has Russia honoured its commitments to Armenia?", "reliable-ally", "no", "No: Russia is Armenia's ally"),
    ("Who is Armenia's strongest ally?", "supporters", None,
     "Supporters of Armenia now (end of each source's data: article 2024): Russia"),
    ("What is Russia?", "profile", None, "Russia is a state: Russia arms supplier of Azerbaijan"),
    ("Who is Nikol Pashinyan?", "profile", None,
     "Nikol Pashinyan is a person: Nikol Pashinyan criticizes Russia (concerns about Russia’s dependability as a "
     "security guarantor, 2020-); Nikol Pashinyan holds office in Armenia"),
])
def test_question_forms_are_answered_from_the_graph(graph, question, intent, verdict, expected):
    answer = ask(graph, question)
    assert (answer.intent, answer.verdict) == (intent, verdict)
    assert expected in answer.answer
    assert answer.results or verdict in ("unknown", "no")
    # Every result carries evidence with its source.
    assert all(s.evidence and all(e.source_label for e in s.evidence) for s in answer.results)


def test_dual_role_question_reports_the_balance(graph):
    answer = ask(graph, "Who plays a dual role?")
    assert answer.details["balance"]["share_balanced"] == 0.5
    (triad,) = answer.details["triads"]
    assert (triad["actor"]["label"], triad["b"]["label"], triad["c"]["label"]) == ("Russia", "Armenia", "Azerbaijan")


def test_reliable_ally_carries_the_evidence_of_the_failure(graph):
    answer = ask(graph, "Is Russia a reliable ally of Armenia?")
    assert "Despite Armenia’s pleas and the activation of their collective security treaty, Russia chose not to " \
           "intervene militarily." in quotes(answer)
    assert "This decision deeply eroded Armenia’s confidence in Russia, and Prime Minister Nikol Pashinyan openly " \
           "expressed concerns about Russia’s dependability as a security guarantor." in quotes(answer)
    (commitment,) = answer.details["commitments"]
    assert commitment["years"] == [2020] and commitment["unmet"]


# --- names: aliases, capitals, possessives, case, accents, typos ------------------------------

@pytest.mark.parametrize("question, actor", [
    ("Who backs Baku?", "Azerbaijan"),
    ("Who supports Yerevan?", "Armenia"),
    ("Whom does Moscow support?", "Russia"),
    ("Whom does the Kremlin arm?", "Russia"),
    ("Whom does Türkiye support?", "Turkey"),
    ("Whom does turkiye support?", "Turkey"),
    ("Armenia's allies?", "Armenia"),
    ("Who are Armenia’s allies?", "Armenia"),
    ("who SUPPORTS AZERBAIJAN", "Azerbaijan"),
    ("Who supports Azerbajan?", "Azerbaijan"),
    ("Who supports Armenai?", "Armenia"),
    ("Who supports the Republic of Azerbaijan?", "Azerbaijan"),
    ("What is Karabakh?", "Nagorno-Karabakh"),
])
def test_names_resolve_through_labels_aliases_and_typos(graph, question, actor):
    assert labels(ask(graph, question)) == [actor]


def test_capital_as_metonym_gives_the_same_answer(graph):
    assert ask(graph, "Who backs Baku?").results == ask(graph, "Who supports Azerbaijan?").results


# --- time -------------------------------------------------------------------------------------

def test_time_in_the_question_restricts_the_answer(graph):
    before = ask(graph, "Who has troops in Armenia in 1990?")
    assert (before.answer, before.results) == ("Nobody: the graph records no actors with troops in Armenia in 1990.", [])
    since = ask(graph, "Who has troops in Armenia since 1991?")
    assert "Actors with troops in Armenia since 1991: Russia (military presence)" in since.answer
    assert since.window == Window(1991, None)


def test_an_undated_alliance_is_no_evidence_for_a_year(graph):
    """The article dates neither the alliance nor the treaty membership: for 2019 the answer
    is unknown, and the undated statements are shown as such, not counted."""
    answer = ask(graph, "Is Russia a reliable ally of Armenia as of 2019?")
    assert answer.verdict == "unknown"
    assert answer.answer.startswith("Unknown in 2019: the sources date no alliance of Russia with Armenia")
    assert "undated, so not counted in 2019: Armenia and Russia: treaty ally" in answer.answer
    assert {r["relation"] for r in answer.to_dict()["details"]["undated"]} >= {"treaty ally", "strategic ally"}


def test_undated_statements_set_apart_are_those_the_way_the_question_asks(graph):
    """Who supported Russia in 2020: its undated alliances with Armenia are set apart (an
    alliance runs both ways), its own undated arms to Azerbaijan are not: they say nothing
    on who supported Russia. Whom Russia supported: those arms, not the alliances' reverse."""
    supporters = ask(graph, "Who supports Russia in 2020?")
    set_apart = {(r["subject"]["label"], r["relation"], r["object"]["label"])
                 for r in supporters.to_dict()["details"]["undated"]}
    assert supporters.answer.startswith("Nobody: the graph records no supporters of Russia in 2020; undated")
    assert {relation for *_, relation, _ in set_apart} == {"treaty ally", "strategic ally"}
    supported = ask(graph, "Whom does Russia support in 2020?").to_dict()["details"]["undated"]
    assert "arms" in {r["relation"] for r in supported}
    assert all(r["subject"]["label"] == "Russia" or r["relation"] in {"treaty ally", "strategic ally"} for r in supported)


def test_window_from_options(graph):
    answer = ask(graph, "Who opposes Armenia?", window=Window.as_of(2019))
    # Statements dated 2020 or later drop out; undated ones are shown apart, not counted.
    assert answer.results == []
    assert {r["relation"] for r in answer.details["undated"]} >= {"conflict", "threat", "strained relations"}
    assert "attack" not in {r["relation"] for r in answer.details["undated"]}
    assert answer.to_dict()["time"] == {"start": 2019, "end": 2019}


def test_time_in_question_and_options_must_agree(graph):
    assert ask(graph, "Who supports Armenia in 2019?", window=Window.as_of(2019)).window == Window.as_of(2019)
    with pytest.raises(UsageError, match="the question says 'in 2019' but the options say 'in 2020'"):
        ask(graph, "Who supports Armenia in 2019?", window=Window.as_of(2020))


# --- imported-style data and sources ----------------------------------------------------------

def test_world_data_works_unchanged(world):
    answer = ask(world, "Does Alpha arm Bravo or Charlie?")
    assert answer.verdict == "both" and "Alpha plays a dual role" in answer.answer
    assert "low-reliability" not in answer.answer  # the datasets are grade B
    assert {e.record for s in answer.results for e in s.evidence} >= {"sipri-1", "sipri-2", "mid-1"}
    reliable = ask(world, "Is Alpha a reliable ally of Bravo?")
    assert reliable.verdict == "no" and "Charlie attacked Bravo (2015) with no support from Alpha recorded" in reliable.answer


def test_sources_restrict_the_answer(world):
    blog = ask(world, "Who supports Alpha?", sources=["blog"])
    # The treaty alliance rests on the blog (Bravo's membership) and the alliance dataset.
    assert "Supporters of Alpha now: Bravo (treaty ally); Charlie (support)" in blog.answer
    assert "rests on a single low-reliability source (a blog, grade E)" in blog.answer
    datasets = ask(world, "Who supports Alpha?", sources=["alliance dataset"])
    assert "Supporters of Alpha now (end of each source's data: PACTS 2018): Bravo (treaty ally)." == datasets.answer
    assert ask(world, "Who supports Alpha?", sources=["arms register"]).results == []
    with pytest.raises(UsageError, match="no source matches 'nowhere'"):
        ask(world, "Who supports Alpha?", sources=["nowhere"])


# --- errors in the library --------------------------------------------------------------------

def test_unknown_actor_suggests_near_names(graph):
    with pytest.raises(UnknownActor) as caught:
        ask(graph, "Who supports Russland?")
    assert caught.value.exit_code == 1 and "Russia" in caught.value.suggestions


def test_treaty_question_about_a_non_treaty(graph):
    with pytest.raises(NotFound, match="'Russia' is a state, not a treaty"):
        ask(graph, "What does Russia entail?")


# --- the CLI: output, JSON shape, exit codes ----------------------------------------------------

def test_cli_prints_answer_table_and_quotes(cli):
    result = cli("ask", "Who supports Azerbaijan?")
    assert result.exit_code == 0
    out = flat(result.stdout)
    assert out.startswith("Supporters of Azerbaijan now (end of each source's data: article 2024): Russia (arms); Turkey (support)")
    assert "┃ actor" in out and "┃ source" in out and "┃ records" in out  # one row per supporter and source
    assert "Evidence from article: Russia’s Role in South Caucasus Tensions (news aggregator, 2024-03-01), " \
           "grade F (low reliability):" in out
    assert "“It’s worth noting that Russia serves as one of Azerbaijan’s primary sources of arms.”" in out


def test_cli_json_has_the_documented_shape(cli):
    # A period, so the dated statements answer (in the present tense the 2020 deliveries are past).
    result = cli("ask", "Does Russia support Armenia or Azerbaijan?", "--between", "1991", "2024", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"question", "intent", "actors", "verdict", "answer", "results"} <= set(data)
    assert data["question"] == "Does Russia support Armenia or Azerbaijan?"
    assert (data["intent"], data["verdict"]) == ("either", "both")
    assert data["actors"] == [{"id": KG + "Russia", "label": "Russia"}, {"id": KG + "Armenia", "label": "Armenia"},
                              {"id": KG + "Azerbaijan", "label": "Azerbaijan"}]
    assert isinstance(data["answer"], str) and data["answer"].startswith("Both:")
    for item in data["results"]:
        assert set(item) >= {"subject", "relation", "object", "polarity", "start", "end", "evidence"}
        assert set(item["subject"]) >= {"id", "label"} and set(item["object"]) >= {"id", "label"}
        assert item["polarity"] in (1, -1, 0)
        assert item["start"] is None or isinstance(item["start"], str)
        assert item["end"] is None or isinstance(item["end"], str)
        assert item["evidence"] and all(set(e) >= {"source", "quote"} for e in item["evidence"])
    arms = [r for r in data["results"] if r["relation"] == "arms" and r["start"] == "2020"]
    assert arms and arms[0]["subject"]["label"] == "Russia" and arms[0]["end"] == "2020"
    assert arms[0]["evidence"][0]["quote"].startswith("This dual role became evident")


@pytest.mark.parametrize("question, verdict", [
    ("Who supports Azerbaijan?", None), ("Does Russia arm Azerbaijan?", "yes"), ("Does Turkey arm Armenia?", "no"),
    ("Does Iran support Azerbaijan?", "unknown"), ("Does Russia support Armenia or Azerbaijan?", "both"),
])
def test_cli_json_verdict_is_set_only_for_yes_no_and_either_or(cli, question, verdict):
    assert json.loads(cli("ask", question, "--format", "json").stdout)["verdict"] == verdict


def test_cli_nobody_is_still_an_answer(cli):
    result = cli("ask", "Who supports Nagorno-Karabakh?", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["results"] == [] and data["answer"].startswith("Nobody")


def test_cli_time_options(cli):
    result = cli("ask", "Who has troops in Armenia?", "--as-of", "1990", "--format", "json")
    assert json.loads(result.stdout)["results"] == []
    result = cli("ask", "Who has troops in Armenia?", "--between", "1990", "1995", "--format", "json")
    assert [r["subject"]["label"] for r in json.loads(result.stdout)["results"]] == ["Russia"]


def test_cli_source_option(cli):
    result = cli("ask", "Who supports Azerbaijan?", "--source", "article", "--format", "json")
    assert result.exit_code == 0 and len(json.loads(result.stdout)["results"]) == 3


@pytest.mark.parametrize("args, code, message", [
    (["Who supports Atlantis?"], 1, "Error: no actor 'Atlantis'\nrun 'actorkg actors' to list the known actors"),
    (["Who supports Russland?"], 1, "Error: no actor 'Russland'\ndid you mean: Russia, Russian Empire?"),
    (["Bake me a cake"], 1, "Error: I did not understand the question 'Bake me a cake'\nI understand questions like:"),
    (["What does Russia entail?"], 1, "Error: 'Russia' is a state, not a treaty\nask 'What is Russia?' instead"),
    ([""], 2, "Error: the question is empty"),
    (["Who supports Armenia?", "--as-of", "2020", "--between", "1991", "2020"], 2,
     "Error: give either --as-of or --between, not both"),
    (["Who supports Armenia?", "--between", "2020", "1991"], 2, "Error: the period 2020-1991 ends before it starts"),
    (["Who supports Armenia in 2019?", "--as-of", "2020"], 2,
     "Error: the question says 'in 2019' but the options say 'in 2020'"),
    (["Who supports Armenia?", "--source", "sipri"], 2, "Error: no source matches 'sipri'\nknown sources: "),
    (["Who supports Armenia?", "--data", "/nonexistent/claims.ttl"], 2, "Error: /nonexistent/claims.ttl: no such file"),
    (["Who supports Armenia?", "--as-of", "soon"], 2, "Invalid value for '--as-of'"),
])
def test_cli_error_paths(cli, args, code, message):
    result = cli("ask", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_cli_not_understood_lists_every_form(cli):
    from actorkg.graph.answer.question import FORMS

    result = cli("ask", "Bake me a cake")
    assert all(form in result.stderr for form in FORMS)


def test_cli_malformed_data_file_is_a_data_error(cli, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ak: <https://w3id.org/actorkg/ontology#> .\nak:x ak:y .\n", encoding="utf-8")
    result = cli("ask", "Who supports Armenia?", "--data", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {bad} line 2:")


def test_cli_ask_help_documents_forms_and_exit_codes(cli):
    out = flat(cli("ask", "--help").stdout)
    assert "who supports / backs / arms" in out and "Exit codes: 0 answered" in out


def test_a_profile_of_many_statements_counts_them_by_relation(graph, monkeypatch):
    """Over a terminal table's worth of statements (a hub of the world data), a profile also
    counts them by relation, the most first; the article's Russia, with 12, lists them only.
    A hub's ties are counted from its statements' years and sources (``profile.ties``), and
    they are those of reading every statement."""
    from actorkg.graph.network import profile

    def ties(answer):
        return sorted((t["relation"], t["subject"]["id"], t["object"]["id"], t["statements"], t["first"], t["last"],
                       tuple(t["sources"])) for t in answer.details["profile"]["ties"])

    every = ask(graph, "What is Russia?")
    assert "in all" not in every.answer and len(every.results) == every.details["profile"]["statements"] == 12
    monkeypatch.setattr(profile, "TALLY_OVER", 5)
    answer = ask(graph, "What is Russia?")
    assert ("; and 4 more; in all, 12 statements: arms with 1 other (2), criticism with 1 (1), did not intervene "
            "with 1 (1), influence with 1 (1), invoked treaty with 1 (1), military presence with 1 (1), and 5 other "
            "relations; ") in answer.answer
    assert ties(answer) == ties(every) and answer.details["profile"]["statements"] == 12
    # Every one of the article's statements is quoted, so a hub's results (its quoted
    # statements and the latest of each relation) are all of them here.
    assert sorted(s.id for s in answer.results) == sorted(s.id for s in every.results)
    assert answer.to_dict()["sources"] == every.to_dict()["sources"]


@pytest.mark.parametrize("window", [Window.as_of(2020), Window(1991, 2019), Window.since(2022), None])
def test_a_hubs_profile_in_a_window_or_from_some_sources_counts_its_statements_there(graph, window, monkeypatch):
    """In a time window or from some sources a hub's ties are counted among its statements
    there (``profile.ties_in``), the window's rules applied to each: the same answer, ties,
    undated statements and sources as reading every statement there, naming fewer."""
    from actorkg.graph.network import around, profile

    from .test_around import every_statement_of_entity

    article = ["src:article-8d98e348b7dc699f"]
    chosen = None if window is not None else article

    def compared(answer):
        found = answer.to_dict()
        return (found["answer"], found["sources"], found["details"].get("undated"),
                sorted(json.dumps(t, sort_keys=True) for t in found["details"]["profile"]["ties"]))

    monkeypatch.setattr(profile, "TALLY_OVER", 5)
    answer = ask(graph, "What is Russia?", window, chosen)
    real = around.entity
    monkeypatch.setattr(around, "entity", every_statement_of_entity)
    every = ask(graph, "What is Russia?", window, chosen)
    assert compared(answer) == compared(every)
    assert {s.id for s in answer.results} <= {s.id for s in every.results}
    monkeypatch.setattr(around, "entity", real)
    # Undated statements are set apart in a dated question; from the article alone all 12
    # count, more than a hub's threshold here, so the answer counts them by relation.
    if window == Window.as_of(2020):
        assert "; undated, so not counted in 2020: " in answer.answer and answer.details["undated"]
    if window is None:
        assert "; in all, 12 statements: " in answer.answer


@pytest.mark.parametrize("window", [Window.as_of(2020), Window(1991, 2019), Window.since(2022)])
def test_a_hubs_dual_role_in_a_window_counts_its_statements_there(graph, window, monkeypatch):
    """Dated, a hub's dual role counts the ties among its statements in force then and the
    conflicts between its partners then (``profile.ties_in``): the same answer, triads,
    undated statements and sources as reading every statement of the actor and the pairs."""
    from actorkg.graph.network import around, profile

    from .test_around import every_statement_for_dual_role

    def compared(answer):
        found = answer.to_dict()
        return (found["answer"], found["sources"], found["details"].get("undated"),
                [{k: v for k, v in t.items() if k != "results"} for t in found["details"].get("triads", [])])

    monkeypatch.setattr(profile, "TALLY_OVER", 5)
    answer = ask(graph, "Does Russia play a dual role?", window)
    monkeypatch.setattr(around, "partners_in_conflict", every_statement_for_dual_role)
    every = ask(graph, "Does Russia play a dual role?", window)
    assert compared(answer) == compared(every)
    if window == Window.as_of(2020):
        assert answer.verdict == "yes" and answer.details["undated"]


def test_a_hubs_dual_role_names_the_latest_of_each_relation_and_counts_the_rest(graph, monkeypatch):
    """A hub's dual role (over 40 statements) reads its partners from its ties and, of its
    cooperation with each, the latest statement of each relation: the same answer, triads
    and counts as reading every statement; Russia's two arms statements to Azerbaijan are
    counted, and the latest (2020) named."""
    from actorkg.graph.network import profile

    def triads(answer):
        return [(t["b"]["label"], t["c"]["label"], t["statements"], t["cooperation_with_b"], t["cooperation_with_c"],
                 t["conflict_between_b_and_c"]) for t in answer.details["triads"]]

    every = ask(graph, "Does Russia play a dual role?")
    monkeypatch.setattr(profile, "TALLY_OVER", 5)
    answer = ask(graph, "Does Russia play a dual role?")
    assert answer.answer == every.answer and triads(answer) == triads(every)
    assert ("Armenia", "Azerbaijan", 10, ["military presence", "strategic ally", "support", "treaty ally"],
            ["arms"], ["accusation", "attack", "conflict", "strained relations"]) in triads(answer)
    named = {s.id for s in answer.results}
    assert named < {s.id for s in every.results}
    assert "https://w3id.org/actorkg/statement/article-russia-arms-azerbaijan-2020" in named
    assert "https://w3id.org/actorkg/statement/article-russia-arms-azerbaijan" not in named


@pytest.mark.parametrize("question, opening", [
    ("Does Russia support Armenia?", "Yes: Russia supports Armenia ("),
    ("Did Russia support Armenia?", "Yes: Russia supported Armenia ("),
    ("Has Russia supported Armenia?", "Yes: Russia supports Armenia ("),  # the perfect: of what holds
    ("Did Russia arm Azerbaijan?", "Yes: Russia supplied arms to Azerbaijan ("),
    ("Was Russia allied with Armenia?", "Yes: Russia was allied with Armenia ("),
])
def test_answers_speak_in_the_questions_tense(graph, question, opening):
    assert ask(graph, question).answer.startswith(opening)
