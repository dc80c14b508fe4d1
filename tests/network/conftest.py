"""Fixtures shared by the network tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def cached_store(tmp_path, monkeypatch):
    """(an empty extra data file, a store directory) with the row cache on, in tmp_path."""
    monkeypatch.setenv("ACTORKG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ACTORKG_NO_CACHE", raising=False)
    extra = tmp_path / "extra.ttl"
    extra.write_text("")
    return extra, tmp_path / "store"
