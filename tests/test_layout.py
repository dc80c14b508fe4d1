"""The folder list of graph/ is the architecture: each stage imports only from earlier ones."""

from __future__ import annotations

import ast
from pathlib import Path

GRAPH = Path(__file__).resolve().parents[1] / "graph"
STAGES = ["store", "query", "sources", "network", "answer", "view", "serve"]
SHARED = {"errors", "files", "namespaces", "paths"}


def _imports(path: Path) -> set[str]:
    """The top-level graph/ names (stage or shared module) a module imports."""
    package = path.relative_to(GRAPH).parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                target = base + (node.module.split(".") if node.module else [])
                names = [target[0]] if target else [a.name for a in node.names]
            elif node.module and node.module.startswith("actorkg.graph."):
                names = [node.module.split(".")[2]]
            elif node.module == "actorkg.graph":
                names = [a.name for a in node.names]
            else:
                continue
            found.update(names)
    return found


def test_graph_folder_names_the_stages():
    entries = {p.stem for p in GRAPH.iterdir() if p.name != "__init__.py" and not p.name.startswith((".", "__"))}
    assert entries == set(STAGES) | SHARED


def test_every_stage_says_what_it_owns():
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((GRAPH / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc) > 80, stage


def test_no_module_imports_a_later_stage():
    problems = []
    for path in GRAPH.rglob("*.py"):
        parts = path.relative_to(GRAPH).parts
        if len(parts) == 1:  # shared modules import no stage at all
            bad = _imports(path) & set(STAGES)
            problems += [f"{path.name} imports {b}" for b in bad]
            continue
        rank = STAGES.index(parts[0])
        for name in _imports(path) - SHARED:
            if name in STAGES and STAGES.index(name) > rank:
                problems.append(f"{'/'.join(parts)} imports the later stage {name}")
    assert not problems, problems
