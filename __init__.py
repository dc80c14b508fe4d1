"""actorkg: who supports whom, with evidence. The library is ``actorkg.graph``; the CLI is ``actorkg.cli``."""

__version__ = "0.2.0"
