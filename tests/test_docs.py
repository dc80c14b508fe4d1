"""The README cannot fall behind: commands, queries and examples are checked against it."""

from __future__ import annotations

import re
import shlex

import pytest
import typer.main
from actorkg.cli import app
from actorkg.graph.query import library

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def documented_command_lines() -> list[list[str]]:
    lines = []
    for block in code_blocks("sh"):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("#"):
                continue
            for part in re.split(r"&&|\|", line):
                words = shlex.split(part.strip())
                if words and words[0] == "actorkg":
                    lines.append(words[1:])
    return lines


def test_quick_start_is_two_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    assert [b.strip().count("\n") for b in blocks] == [0, 0]
    install_and_run, install_and_test = (b.strip() for b in blocks)
    assert install_and_run.startswith("pip install . && actorkg ")
    assert install_and_test == "pip install -e '.[test]' && python -m pytest"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented_with_help(name, cli):
    assert f"actorkg {name}" in README
    result = cli(name, "--help")
    assert result.exit_code == 0 and "Example:" in result.stdout


@pytest.mark.parametrize("name", sorted(library.named_queries()))
def test_every_query_is_in_the_readme_table(name):
    assert f"| `{name}` |" in README


def test_documented_commands_exist():
    lines = documented_command_lines()
    assert len(lines) >= 10
    for words in lines:
        assert words[0] in COMMANDS, words


@pytest.mark.parametrize("words", [w for w in documented_command_lines() if w[0] in ("queries", "query", "show", "actors")],
                         ids=lambda w: " ".join(w))
def test_documented_read_only_commands_work(cli, words, tmp_path):
    if "--store" in words:  # a store made the way the README makes it, somewhere harmless
        store = str(tmp_path / "store")
        assert cli("load", "--store", store).exit_code == 0
        words = [store if previous == "--store" else w for previous, w in zip([None] + words, words)]
    result = cli(*words)
    assert result.exit_code == 0, result.output


def test_readme_sparql_example_answers(graph):
    (example,) = code_blocks("sparql")
    names = {row["supporter"].value.rsplit("/", 1)[-1] for row in graph.query(example).rows}
    assert names == {"Russia", "Turkey"}
