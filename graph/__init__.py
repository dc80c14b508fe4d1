"""actorkg: a knowledge graph of political actors and who supports whom, with evidence.

The folders are the stages of the data flow, each importing only from the stages before it
(``tests/test_layout.py`` keeps it so)::

    store/    where the graph lives: the embedded, on-disk and remote stores, loading files,
              deriving edges by rules, snapshots, SHACL validation, SPARQL text helpers
    query/    asking the store: the named-query library, results as values/JSON/CSV, actors by name
    sources/  getting data in: dataset importers and the actor registry they resolve names with
    network/  the signed network and its analyses: projection, balance, paths, profiles,
              corroboration of claims against datasets, world-scale roles
    answer/   questions in plain English, their answers and reports, terminal printing
    view/     drawing: selection, layout, the offline HTML page, exports
    serve/    the HTTP server: SPARQL 1.1 Protocol endpoint, viewer and query pages

``errors``, ``files``, ``namespaces`` and ``paths`` are shared by every stage. Import the modules you
need; this file stays empty so ``actorkg`` starts fast.
"""
