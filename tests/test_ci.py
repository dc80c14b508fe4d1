"""CI cannot pass without reading the real datasets: .ci/run stops when it cannot find them,
and under CI a real-data test without its data fails instead of skipping."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import ROOT

REAL_DATA_TEST = "tests/sources/test_shared_data.py::test_mid_pairs"


def run_pytest(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "ACTORKG_REQUIRE_SHARED_DATA")}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", REAL_DATA_TEST],
                          cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120)


def test_missing_data_fails_real_data_tests_in_ci(tmp_path):
    result = run_pytest({"ACTORKG_SHARED_DATA": str(tmp_path), "CI": "true"})
    assert result.returncode == 1, result.stdout
    assert "1 error" in result.stdout and f"need the datasets in {tmp_path}" in result.stdout
    assert "sipri-trade-register-1950-2024.csv" in result.stdout


def test_missing_data_skips_real_data_tests_outside_ci(tmp_path):
    result = run_pytest({"ACTORKG_SHARED_DATA": str(tmp_path)})
    assert result.returncode == 0 and "1 skipped" in result.stdout, result.stdout
    required = run_pytest({"ACTORKG_SHARED_DATA": str(tmp_path), "ACTORKG_REQUIRE_SHARED_DATA": "1"})
    assert required.returncode == 1 and "1 error" in required.stdout


def test_ci_run_stops_without_the_datasets(tmp_path):
    env = {**os.environ, "ACTORKG_SHARED_DATA": str(tmp_path)}
    result = subprocess.run(["bash", str(ROOT / ".ci" / "run")], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert f".ci/run: no datasets in {tmp_path}" in result.stderr and "ACTORKG_SHARED_DATA" in result.stderr
    assert result.stdout == ""  # it stopped before installing or testing anything
