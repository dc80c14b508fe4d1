"""actorkg: a knowledge graph of political actors and who supports whom, with evidence.

The package reads like the data flow: ``load`` (files into a store) -> ``rules`` (derive
direct edges) -> ``library`` / ``resolve`` (named queries, actor names) -> ``results``
(tables, JSON, CSV) and ``network`` / ``export`` (NetworkX, serializations).
Import the modules you need; this file stays empty so ``actorkg`` starts fast.
"""

__version__ = "0.1.0"
