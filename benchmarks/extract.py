"""Precision and recall of ``actorkg extract`` against hand-curated gold graphs.

    python benchmarks/extract.py            # the bundled article and tests/fixtures' other articles

The registry the extractor resolves names with is the ontology plus the COW state list
(../shared/data, or the test fixture's excerpt when it is not there): never the gold graph,
so the article's own actors are found as the extractor would find them in a fresh store.
A statement is right when its kind (hence sign) and participants in their roles are right.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT.parent))

from actorkg.graph import paths  # noqa: E402
from actorkg.graph.query.lexicon import lexicon  # noqa: E402
from actorkg.graph.sources.evaluate import gold_statements, score  # noqa: E402
from actorkg.graph.sources.extract import Extractor  # noqa: E402
from actorkg.graph.sources.mentions import Gazetteer  # noqa: E402
from actorkg.graph.sources.text import read_document  # noqa: E402

ARTICLE = ROOT.parent / "shared" / "sources" / "000_8d98e348b7dc699f.txt"
FIXTURES = ROOT / "tests" / "fixtures"
# (name, article, gold graph)
CASES = [
    ("South Caucasus (bundled article)", ARTICLE if ARTICLE.exists() else FIXTURES / "article.txt", paths.actors_file()),
    ("Georgia 2008 (CRS excerpt)", FIXTURES / "extract" / "georgia-2008.txt", FIXTURES / "extract" / "georgia-2008.gold.ttl"),
]


def registry_store():
    """The ontology and the COW state list: a fresh store's registry, without the gold."""
    from actorkg.graph.sources.importers import import_file
    from actorkg.graph.store.core import OxigraphStore
    from actorkg.graph.store.load import bundled_files

    store = OxigraphStore()
    for path, graph in bundled_files(include_article=False):
        store.load_file(path, graph)
    states = ROOT.parent / "shared" / "data" / "cow-states-2016.csv"
    import_file("cow-states", states if states.exists() else FIXTURES / "datasets" / "cow-states.csv", store)
    return store


def run(verbose: bool = True) -> list[tuple[str, object, float]]:
    store = registry_store()
    extractor = Extractor(Gazetteer(store), lexicon(store))
    out = []
    for name, article, gold_file in CASES:
        if not article.exists():
            continue
        started = time.perf_counter()
        candidates = extractor.extract(read_document(article))
        seconds = time.perf_counter() - started
        result = score(candidates, gold_statements(gold_file, paths.ontology_file()))
        out.append((name, result, seconds))
        if verbose:
            for line in result.missed:
                print(f"  {name}: missed {line}")
            for line in result.extra:
                print(f"  {name}: extra  {line}")
    return out


def main() -> None:
    results = run()
    print()
    print(f"| article | gold | extracted | right | precision | recall | F1 | seconds |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r, seconds in results:
        print(f"| {name} | {r.gold} | {r.extracted} | {r.matched} | {r.precision:.2f} | {r.recall:.2f} | {r.f1:.2f} "
              f"| {seconds:.2f} |")


if __name__ == "__main__":
    main()
