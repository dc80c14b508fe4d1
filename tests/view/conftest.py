"""The real world store for viewer tests: the session's ``full`` store (every dataset in
SHARED_DATA imported once, tests/conftest.py). Tests using it are marked shared_data, so
in CI a missing dataset fails them instead of skipping."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def world_store(full):
    return full[0]
