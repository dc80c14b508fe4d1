"""The review loop end to end: extract -> review (CSV, flags, terminal) -> load -> ask."""

from __future__ import annotations

import csv
import json

import pytest
from actorkg.graph.query.lexicon import lexicon
from actorkg.graph.sources import review
from actorkg.graph.sources.candidates import CandidateFile

from ..conftest import FIXTURES, SHARED_DATA

ARTICLE = FIXTURES / "article.txt"


@pytest.fixture
def store(tmp_path, cli):
    """A fresh store holding the COW state list only: no article graph."""
    path = tmp_path / "store"
    result = cli("import", "cow-states", str(SHARED_DATA / "cow-states-2016.csv"), "--store", str(path), "-q")
    assert result.exit_code == 0, result.output
    return path


def _rows(path):
    return {r.number: r for r in CandidateFile(path).rows}


def _find(rows, kind_label, *labels):
    for row in rows.values():
        if row.kind_label == kind_label and set(labels) <= set(row.labels.values()):
            return row
    raise AssertionError(f"no {kind_label} candidate with {labels}")


def test_extract_review_csv_load_and_ask(tmp_path, cli, store, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sheet = tmp_path / "review.csv"
    result = cli("extract", str(ARTICLE), "--store", str(store), "--csv", str(sheet), "--grade", "D")
    assert result.exit_code == 0, result.output
    target = tmp_path / "article.candidates.ttl"
    assert "valid against the shapes" in result.output and target.exists()
    rows = _rows(target)
    turkey = _find(rows, "support", "Turkey", "Azerbaijan")
    arms = _find(rows, "arms transfer", "Russia", "Azerbaijan")
    threat = _find(rows, "threat", "Iran", "Armenia")
    # Nothing reaches the store before review.
    source = CandidateFile(target).source.rsplit("/", 1)[1]
    assert source.startswith("text-") and source not in cli("query", "sources", "--store", str(store), "--format", "json").output

    with sheet.open(encoding="utf-8", newline="") as f:
        records = list(csv.DictReader(f))
    for record in records:
        number = int(record["number"])
        if number in (turkey.number, arms.number):
            record["decision"] = "accept"
        elif number == threat.number:
            record["decision"] = "reject"
    with sheet.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=review.CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(records)
    result = cli("review", str(target), "--csv", str(sheet), "--store", str(store))
    assert result.exit_code == 0, result.output
    # The store holds the bundled article too: these two claims corroborate its statements.
    assert f"Accepted 2 (2 corroborating another source), rejected 1, left {len(rows) - 3} undecided" in result.output
    assert source in cli("query", "sources", "--store", str(store), "--format", "json").output

    answer = cli("ask", "Who supports Azerbaijan?", "--store", str(store), "--format", "json")
    assert answer.exit_code == 0, answer.output
    text = answer.output
    assert source in text and "Turkey has openly supported Azerbaijan in the conflict." in text
    assert "Russia serves as one of Azerbaijan’s primary sources of arms" in text
    data = json.loads(text)
    assert {"Turkey", "Russia"} <= {r["subject"]["label"] for r in data["results"]}

    # A re-run proposes neither the rejected nor the loaded candidates again.
    again = cli("extract", str(ARTICLE), "--store", str(store), "--out", str(tmp_path / "again.ttl"))
    assert again.exit_code == 0, again.output
    assert "left out: 2 already loaded from this source, 1 rejected before" in again.output
    later = _rows(tmp_path / "again.ttl")
    assert len(later) == len(rows) - 3
    assert not any(r.key in (turkey.key, threat.key, arms.key) for r in later.values())


def test_flags_and_edits_through_the_terminal(tmp_path, cli, store, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("extract", str(ARTICLE), "--store", str(store)).exit_code == 0
    target = tmp_path / "article.candidates.ttl"
    rows = _rows(target)
    presence = _find(rows, "military presence", "Russia", "Armenia")
    # Terminal review: skip everything but the presence, which is edited to end in 2023.
    answers = []
    for number in sorted(rows):
        answers += (["e", "", "", "", "1991-2023"] if number == presence.number else ["s"])
    result = cli("review", str(target), "--store", str(store), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Accepted 1 (1 corroborating another source)" in result.output
    shown = cli("query", "timeline", "--store", str(store), "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert '"2023"' in shown.output and "Starting in 1991, Russia has upheld a military presence" in shown.output

    bad = cli("review", str(target), "--accept", "999", "--store", str(store))
    assert bad.exit_code == 2 and "Error: no candidate 999" in bad.output


def test_a_candidate_another_source_states_is_shown_as_corroborating(tmp_path, cli, monkeypatch):
    """With the bundled article graph in the store, the same claims from a copy of the text
    corroborate the curated statements instead of duplicating them."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "full"
    assert cli("load", "--store", str(path)).exit_code == 0
    result = cli("extract", str(ARTICLE), "--store", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    statuses = {c["status"] for c in data["candidates"]}
    assert "corroborates stmt:article-turkey-supports-azerbaijan" in statuses
    words = lexicon()
    rows = CandidateFile(tmp_path / "article.candidates.ttl").rows
    table = review.table_rows(rows, words)
    assert any(cells[2] == "Nikol Pashinyan" or "Pashinyan" in cells[2] for cells in table)


@pytest.mark.parametrize("content, message", [
    ("", "the file is empty"),
    ("Russland liefert Waffen an Aserbaidschan und die Türkei unterstützt es offen seit Jahren.",
     "the text does not look like English"),
])
def test_extract_refuses_bad_input_and_writes_nothing(tmp_path, cli, monkeypatch, content, message):
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "bad.txt"
    bad.write_text(content, encoding="utf-8")
    result = cli("extract", str(bad))
    assert result.exit_code == 2 and f"Error: {bad}: {message}" in result.output.replace("\n", " ")
    assert not (tmp_path / "bad.candidates.ttl").exists() and not list(tmp_path.glob("xdg-data/**/CURRENT"))


def test_a_second_articles_claims_are_corroborated_against_the_datasets(tmp_path, cli, store, monkeypatch):
    """extract -> review -> load -> corroborate --text, on the CRS report on the 2008
    Russia-Georgia war: its claims are checked against the MID and UCDP files, each claim
    keeps its text, and the MID records behind 'Russia - Georgia: conflict' are exactly the
    raw file's disputes between COW 365 and 372."""
    from .. import rawfiles

    monkeypatch.chdir(tmp_path)
    for kind, name in (("mid", "gml-mid-directed-dyads-2.03.csv"), ("ucdp", "ucdp-brd-dyadic-22.1.csv")):
        assert cli("import", kind, str(SHARED_DATA / name), "--store", str(store), "-q").exit_code == 0
    text = FIXTURES / "extract" / "georgia-2008.txt"
    target = tmp_path / "georgia.ttl"
    result = cli("extract", str(text), "--store", str(store), "--out", str(target), "--grade", "C", "--date", "2008-08-13")
    assert result.exit_code == 0, result.output
    count = len(_rows(target))
    result = cli("review", str(target), "--accept", f"1-{count}", "--store", str(store))
    assert result.exit_code == 0 and f"Accepted {count}" in result.output, result.output

    result = cli("corroborate", "--text", "georgia", "--store", str(store), "--format", "json")
    assert result.exit_code == 0, result.output
    claims = json.loads(result.output)
    source = CandidateFile(target).source
    assert claims and {c["source"] for c in claims} == {source}
    conflict = next(f for c in claims for f in c["findings"]
                    if f["says"] in ("conflict: Georgia - Russia", "conflict: Russia - Georgia"))
    assert conflict["verdict"] == "corroborated"
    raw = {r["dispnum"] for r in rawfiles.records("mid", SHARED_DATA / "gml-mid-directed-dyads-2.03.csv")
           if {r["ccode1"], r["ccode2"]} == {"365", "372"}}
    found = {x["record"].split(",")[0].removeprefix("dispnum ") for x in conflict["records"] if x["source"].endswith("/mid")}
    assert found == raw and len(raw) == 9
    # Every text by default, each claim saying which it is from; an unknown text is refused.
    both = cli("corroborate", "--store", str(store))
    assert "Claim 1 of text: Russia-Georgia Conflict" in both.output and "Claim 8 of article" in both.output
    refused = cli("corroborate", "--text", "Atlantis", "--store", str(store))
    assert refused.exit_code == 2 and "no source matches 'Atlantis'" in refused.output
