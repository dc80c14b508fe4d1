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


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """The wheel installed with pip --target, as a user's non-editable install."""
    site = tmp_path_factory.mktemp("installed")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    return site


def test_installed_ask_reuses_its_snapshot_in_the_platform_cache(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("ACTORKG_CACHE_DIR", "ACTORKG_NO_CACHE")}
    env.update(PYTHONPATH=str(installed), XDG_CACHE_HOME=str(tmp_path / "xdg"))

    def ask():
        result = subprocess.run([sys.executable, "-m", "actorkg.cli", "ask", "Who supports Azerbaijan?", "-f", "json"],
                                cwd=elsewhere, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    first = ask()
    [snapshot] = (tmp_path / "xdg" / "actorkg").glob("graph-*.nq")
    built = snapshot.stat().st_mtime_ns
    assert ask() == first
    # Read back, not rebuilt: a miss would have written the snapshot again.
    assert list((tmp_path / "xdg" / "actorkg").glob("graph-*.nq")) == [snapshot]
    assert snapshot.stat().st_mtime_ns == built
    assert "Russia" in json.dumps(first) and "Turkey" in json.dumps(first)


def test_cli_start_up_imports_nothing_heavy(installed, tmp_path):
    """Opening the bundled graph from the CLI module needs neither rdflib, pyshacl, networkx
    nor rich: each costs tens of milliseconds on every start."""
    code = ("import sys, actorkg.cli; from actorkg.graph.store.load import open_graph; open_graph(); "
            "print(' '.join(sorted(m for m in ('rdflib', 'pyshacl', 'networkx', 'rich', 'pydantic', 'numpy') "
            "if m in sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(installed)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []
