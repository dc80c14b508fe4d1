"""actorkg: who supports whom, with evidence. The library is ``actorkg.graph``; the CLI is
``actorkg.cli``; ``actorkg.open()`` and the rest of ``actorkg.api`` are the Python API."""

__version__ = "0.2.0"

_API = ("open", "Graph", "View")


def __getattr__(name: str):
    # The API is imported on first use, so ``import actorkg`` (the CLI's first step) stays light.
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'actorkg' has no attribute {name!r}")
