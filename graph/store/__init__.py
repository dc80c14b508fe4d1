"""Where the graph lives: one ``Store`` interface over the embedded Oxigraph store (in memory or
on disk) and remote SPARQL endpoints; filling it from files (``load``), deriving direct edges
(``rules``), the in-memory snapshot cache (``snapshot``), SHACL validation and SPARQL text helpers.

Imports only ``errors``, ``namespaces`` and ``paths``: every later stage builds on this one.
"""
