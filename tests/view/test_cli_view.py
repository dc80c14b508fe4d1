"""``actorkg view`` from the command line: options, messages, exit codes, atomic output."""

from __future__ import annotations

from .viewer_helpers import page_data

KG = "https://w3id.org/actorkg/entity/"


def test_view_writes_one_file(cli, tmp_path):
    out = tmp_path / "graph.html"
    result = cli("view", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output and "11 actors, 26 ties (28 statements)" in result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 11 and len(data["links"]["tie"]) == 28 and len(data["ties"]["source"]) == 26
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]  # no temporary file left


def test_view_options_combine(cli, tmp_path):
    out = tmp_path / "arms.html"
    result = cli("view", "-o", str(out), "--focus", "Moscow", "--depth", "1", "--relations", "arms,support",
                 "--as-of", "2020", "--source", "article")
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert {n["label"] for n in data["nodes"]} == {"Russia", "Azerbaijan", "Armenia"}
    assert {data["kinds"][k]["short"] for k in data["links"]["kind"]} == {"arms", "support"}
    assert data["nodes"][data["meta"]["focus"]]["iri"] == KG + "Russia"
    assert "around Russia, depth 1" in data["subtitle"] and "as of 2020" in data["subtitle"]


def test_view_errors_leave_existing_file_alone(cli, tmp_path):
    out = tmp_path / "graph.html"
    out.write_text("old", encoding="utf-8")
    cases = [
        (["--depth", "2"], 2, "Error: --depth needs --focus"),
        (["--relations", "armz"], 2, "Error: no relation kind 'armz'"),
        (["--source", "nowhere"], 2, "Error: no source 'nowhere'"),
        (["--focus", "Atlantis"], 1, "Error: no actor 'Atlantis'"),
        (["--focus", "Russia", "--depth", "-1"], 2, "Error: --depth must be 0 or more"),
    ]
    for args, code, message in cases:
        result = cli("view", "-o", str(out), *args)
        assert result.exit_code == code, (args, result.output)
        assert message in result.output
        assert "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "old"
    assert "valid kinds:" in cli("view", "-o", str(out), "--relations", "armz").output
