"""The README and docs/ cannot fall behind: commands, queries, examples and links are checked against them."""

from __future__ import annotations

import re
import shlex

import pytest
import typer.main
from actorkg.cli import app
from actorkg.graph.query import library

from .conftest import ROOT

DOC_PAGES = sorted((ROOT / "docs").glob("*.md"))
DOC_FILES = [ROOT / "README.md", *DOC_PAGES]
DOCS = {path: path.read_text(encoding="utf-8") for path in DOC_FILES}
README = DOCS[ROOT / "README.md"]
CLI_DOC = DOCS[ROOT / "docs" / "cli.md"]
QUERIES_DOC = DOCS[ROOT / "docs" / "queries.md"]
COMMANDS = sorted(typer.main.get_command(app).commands)


def code_blocks(language: str) -> list[str]:
    return [block for text in DOCS.values() for block in re.findall(rf"```{language}\n(.*?)```", text, re.S)]


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
    assert f"actorkg {name}" in CLI_DOC
    result = cli(name, "--help")
    assert result.exit_code == 0 and "Example:" in result.stdout


@pytest.mark.parametrize("name", sorted(library.named_queries()))
def test_every_query_is_in_the_query_docs(name):
    assert f"| `{name}` |" in QUERIES_DOC


def test_readme_reads_in_minutes():
    assert len(README.splitlines()) < 250


def test_documented_commands_exist():
    lines = documented_command_lines()
    assert len(lines) >= 40
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


def heading_anchors(text: str) -> set[str]:
    """GitHub's anchors: headings lower-cased, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in re.findall(r"^#+ (.+)$", text, re.M)}


def relative_links() -> list[tuple[str, str]]:
    links = []
    for path, text in DOCS.items():
        for target in re.findall(r"\]\(([^)\s]+)\)", re.sub(r"```.*?```", "", text, flags=re.S)):
            if not re.match(r"[a-z]+:", target):
                links.append((str(path.relative_to(ROOT)), target))
    return links


@pytest.mark.parametrize("doc,target", relative_links(), ids=lambda v: v)
def test_relative_links_resolve(doc, target):
    file_part, _, anchor = target.partition("#")
    path = (ROOT / doc).parent / file_part if file_part else ROOT / doc
    assert path.is_file(), f"{doc}: {target} is not a file"
    if anchor and path.suffix == ".md":
        assert anchor in heading_anchors(path.read_text(encoding="utf-8")), f"{doc}: no heading #{anchor} in {file_part or doc}"


def test_every_docs_file_is_linked_from_the_readme():
    linked = {target.partition("#")[0] for doc, target in relative_links() if doc == "README.md"}
    assert {f"docs/{page.name}" for page in DOC_PAGES} <= linked


def test_readme_sparql_example_answers(graph):
    (example,) = code_blocks("sparql")
    names = {row["supporter"].value.rsplit("/", 1)[-1] for row in graph.query(example).rows}
    assert names == {"Russia", "Turkey"}
