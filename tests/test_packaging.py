"""A non-editable install works from another directory: data and queries ship in the wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    (path,) = dist.glob("actorkg-*.whl")
    return path


def test_wheel_ships_data_queries_and_rules(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {f"actorkg/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "graph").rglob("*.py")}
    expected = modules | {"actorkg/cli.py", "actorkg/data/ontology.ttl",
                "actorkg/data/actors.ttl", "actorkg/data/shapes.ttl", "actorkg/queries/supporters-of.rq",
                "actorkg/queries/rules/edges.rq"}
    assert expected <= names
    assert not any(n.startswith(("actorkg/tests/", "tests/", "actorkg/benchmarks/")) for n in names)


def test_installed_wheel_runs_from_another_directory(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import actorkg.graph.paths as p; print(p.queries_dir())"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(site))
    result = subprocess.run([sys.executable, "-m", "actorkg.cli", "query", "supporters-of",
                             "-p", "actor=Azerbaijan", "-f", "json"],
                            cwd=elsewhere, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert {r["supporterLabel"] for r in json.loads(result.stdout)} == {"Russia", "Turkey"}
