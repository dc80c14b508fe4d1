"""Importers for public datasets: one small module per dataset, one driver.

Each module declares ``KIND``, ``DATASET`` (its named graph ``graph/<DATASET>`` and source
node ``src:<DATASET>``), ``TITLE``, the ``REQUIRED`` header columns, the text encoding to
fall back on, ``build(table, builder)`` (rows -> triples, returns the years it saw) and
``describe(builder, table, years)`` (the source node). ``import_file`` runs one of them
and commits the result (``write.GraphWriter``); ``import_folder`` imports every dataset
file it finds in a folder, in ``ORDER``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from ... import paths
from ...errors import DataError, UsageError
from ...store.core import Store
from ..registry import Registry
from .base import Builder, ImportReport, graph_iri
from .reading import head, read_table
from .write import GraphWriter


def _modules() -> dict[str, ModuleType]:
    from . import (
        atop_alliance,
        atop_member,
        cow_states,
        cow_wars,
        mid,
        sipri,
        ucdp,
        wikidata_links,
    )

    return {m.KIND: m for m in (sipri, atop_member, atop_alliance, mid, cow_wars, ucdp, cow_states,
                                wikidata_links)}


# "atop" picks the member- or alliance-level importer from the file's header.
KINDS = ("sipri", "atop", "atop-member", "atop-alliance", "mid", "cow-wars", "ucdp", "cow-states",
         "wikidata-links")

# The file each kind reads, as the public releases in ../shared/data name them.
FILES = {
    "cow-states": "cow-states-2016.csv",
    "wikidata-links": "mondial-sameas.n3",
    "atop-member": "atop-4.0-member-level.csv",
    "atop-alliance": "atop-4.0-alliance-level.csv",
    "mid": "gml-mid-directed-dyads-2.03.csv",
    "cow-wars": "cow-interstate-wars.csv",
    "ucdp": "ucdp-brd-dyadic-22.1.csv",
    "sipri": "sipri-trade-register-1950-2024.csv",
}

# The order 'import everything' uses. Any order gives every state its COW identity (the
# bundled registry is written before each import); the COW list first gives later imports
# its years, and the Wikidata links their QIDs.
ORDER = ("cow-states", "wikidata-links", "atop-member", "atop-alliance", "mid", "cow-wars", "ucdp", "sipri")


def guess_kind(lines: list[str]) -> tuple[str, str] | None:
    """(kind, title) of the importer whose header appears in ``lines``, if any."""
    import csv

    for line in lines:
        fields = {f.strip() for f in next(csv.reader([line]), [])}
        for module in _modules().values():
            if module.KIND != "wikidata-links" and set(module.REQUIRED) <= fields:
                return module.KIND, module.TITLE
    return None


def module_for(kind: str, path: Path) -> ModuleType:
    modules = _modules()
    if kind == "atop":
        found = guess_kind(head(path, "utf-8", 1)) if path.is_file() else None
        kind = found[0] if found and found[0].startswith("atop") else "atop-member"
    if kind not in modules:
        raise UsageError(f"unknown dataset kind '{kind}'", "kinds: " + ", ".join(KINDS))
    return modules[kind]


def import_file(kind: str, path: Path, store: Store, strict: bool = False,
                progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Import ``path`` as dataset ``kind`` into ``store``, replacing that dataset's graph.

    Raises DataError (nothing written) for a file of the wrong kind, and under ``strict``
    for any malformed row. Re-importing the same file leaves the store unchanged.
    """
    module = _checked(kind, Path(path))
    _write_state_registry(store)
    return _import(module, Path(path), store, strict, progress)


def _checked(kind: str, path: Path) -> ModuleType:
    """The importer of ``kind`` for ``path``; DataError for a missing or wrong file."""
    if not path.is_file():
        raise DataError(f"{path}: no such file", "give the path of the dataset file")
    return module_for(kind, path)


def _write_state_registry(store: Store) -> None:
    """The bundled registry first, so a dataset finds every state whatever was imported."""
    from . import state_registry

    _import(state_registry, paths.registry_dir() / "states.csv", store)


def _import(module: ModuleType, path: Path, store: Store, strict: bool = False,
            progress: Callable[[int, int], None] | None = None) -> ImportReport:
    report = ImportReport(module.KIND, path, graph_iri(module.DATASET))
    registry = Registry.from_store(store, exclude_graph=report.graph)
    table = module.read(path) if hasattr(module, "read") else read_table(
        path, module.KIND, module.TITLE, module.REQUIRED, module.FALLBACK)
    report.encoding = table.encoding
    # Under --strict every row is checked before anything is written, so keep the triples.
    writer = GraphWriter(store, report.graph, stream=not strict)
    builder = Builder(module.DATASET, report, registry, progress, store, sink=writer.add)
    with writer.transaction():
        years = module.build(table, builder)
        if progress:
            progress(len(table.rows), len(table.rows))
        if strict and report.malformed:
            shown = "; ".join(str(p) for p in report.malformed[:5])
            more = f" (and {len(report.malformed) - 5} more)" if len(report.malformed) > 5 else ""
            raise DataError(f"{path}: {len(report.malformed)} malformed row(s): {shown}{more}",
                            "fix the rows, or import without --strict to skip and report them; "
                            "the store was not changed")
        module.describe(builder, table, years)
        report.derived = writer.commit()
    report.triples, report.unchanged = writer.count, not writer.changed
    return report


def dataset_files(folder: Path) -> dict[str, Path]:
    """kind -> file for each dataset file (as its publisher names it) found in ``folder``."""
    return {kind: folder / name for kind, name in FILES.items() if (folder / name).is_file()}


def import_folder(folder: Path, store: Store, strict: bool = False,
                  progress: Callable[[str, int, int], None] | None = None) -> list[ImportReport]:
    """Import every known dataset file in ``folder``, in ``ORDER``; DataError if there is none."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"{folder}: no such folder", "give the folder holding the dataset files")
    found = dataset_files(folder)
    if not found:
        raise DataError(f"{folder}: no dataset file found",
                        "the importers know these files: " + ", ".join(FILES.values()))
    reports = []
    _write_state_registry(store)  # once for the folder, not once per dataset
    for kind in ORDER:
        if kind in found:
            step = (lambda done, total, kind=kind: progress(kind, done, total)) if progress else None
            reports.append(_import(_checked(kind, found[kind]), found[kind], store, strict, step))
    return reports
