"""Treaty names for answers: what the store knows to call a treaty by.

ATOP's files have no treaty names, so an ATOP alliance is its id with its obligations
('ATOP 2550 (defense)'); where a curated treaty is a close match of it, that treaty's name
comes first ('Collective Security Treaty (ATOP 4220; defense, consultation)'). Nothing is
invented: a name is a label some source gave.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..query import library
from ..store.core import Store


def treaty_names(store: Store, treaties: Iterable[str]) -> dict[str, str]:
    """Treaty IRI -> its name with ATOP id and obligations, for each of ``treaties``."""
    found: dict[str, dict] = {}
    query = library.get("treaty-names").text
    for row in library.rows_for_each(store, query, "treaty", (t for t in treaties if t)):
        entry = found.setdefault(row["treaty"].value, {"label": row["label"].value, "obligations": []})
        if "matchLabel" in row:
            entry["match"] = row["matchLabel"].value
        if "atopId" in row:
            entry["atop"] = row["atopId"].value
        if "obligation" in row and row["obligation"].value not in entry["obligations"]:
            entry["obligations"].append(row["obligation"].value)
    return {iri: _name(entry) for iri, entry in found.items()}


def _name(entry: dict) -> str:
    inside = [f"ATOP {entry['atop']}"] if "atop" in entry else []
    if entry["obligations"]:
        inside.append(", ".join(entry["obligations"]))
    if "atop" in entry and "match" not in entry:
        return inside[0] + (f" ({inside[1]})" if len(inside) > 1 else "")
    name = entry.get("match") or entry["label"]
    return name + (f" ({'; '.join(inside)})" if inside else "")
