"""COW state system membership (states2016): the registry's states, with their years.

One actor per COW code. An actor the store already knows by that code (the article's
``kg:Russia``, ...) keeps its IRI and label; the COW name is added as an alternative label.
Only the first ten columns are read: the file's trailing spreadsheet columns are junk.
``ak:existedFrom``/``ak:existedUntil`` span the state's spells; the end is left out for
states still in the system when the list ends (its ``version`` year).
"""

from __future__ import annotations

import pyoxigraph as ox

from .base import (
    ALT,
    DERIVED_FROM,
    LABEL,
    A,
    Builder,
    RowError,
    ak,
    integer,
    text,
    to_int,
    year,
)
from .reading import Table

KIND = "cow-states"
DATASET = "cow-states"
TITLE = "COW state system membership list"
REQUIRED = ["stateabb", "ccode", "statenme", "styear", "endyear"]
FALLBACK = "latin-1"


def build(table: Table, builder: Builder) -> list[int]:
    col = {name: table.header.index(name) for name in REQUIRED + ["version"] if name in table.header}
    states: dict[int, dict] = {}
    for line, f in table.rows:
        f = f[:10]
        if not any(v.strip() for v in f):
            continue
        try:
            if len(f) <= max(col.values()):
                raise RowError(f"{len(f)} fields, expected at least {max(col.values()) + 1}")
            code = to_int(f[col["ccode"]], "ccode")
            start, end = to_int(f[col["styear"]], "styear"), to_int(f[col["endyear"]], "endyear")
            version = to_int(f[col["version"]], "version") if "version" in col else None
        except RowError as e:
            builder.malformed(line, str(e))
            continue
        builder.report.records += 1
        entry = states.setdefault(code, {"abb": f[col["stateabb"]].strip(), "name": f[col["statenme"]].strip(),
                                         "start": start, "end": end, "version": version, "lines": []})
        entry["start"], entry["end"] = min(entry["start"], start), max(entry["end"], end)
        entry["lines"].append(line)
    years = []
    for code, entry in sorted(states.items()):
        iri = builder.registry.state_iri(code, entry["name"])
        node = ox.NamedNode(iri)
        builder.add_new(node, A, ak("State"))
        if iri in builder.registry.labels:
            if not builder.registry.known_name(iri, entry["name"]):
                builder.add(node, ALT, text(entry["name"]))
        else:
            builder.add(node, LABEL, text(entry["name"]))
        builder.add_new(node, ak("cowCode"), integer(code))
        builder.add_new(node, ak("cowAbbreviation"), text(entry["abb"]))
        builder.add(node, ak("existedFrom"), year(entry["start"]))
        if entry["version"] is None or entry["end"] < entry["version"]:
            builder.add(node, ak("existedUntil"), year(entry["end"]))
        builder.add(node, DERIVED_FROM, builder.source)
        builder.registry.remember(iri, entry["name"], code=code, label=entry["name"])
        years += [entry["start"], entry["end"]]
    return years


def describe(builder: Builder, table: Table, years: list[int]) -> None:
    builder.describe_source(
        "Correlates of War State System Membership", version="2016",
        citation="Correlates of War Project. 2017. State System Membership List, v2016. "
                 "http://correlatesofwar.org",
        publisher="Correlates of War Project", url="https://correlatesofwar.org/data-sets/state-system-membership/",
        years=years)
