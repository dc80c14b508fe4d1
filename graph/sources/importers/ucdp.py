"""UCDP battle-related deaths, dyadic: conflicts, their sides, and secondary warring
parties as troop support.

Per dyad-year: one ak:Conflict between side A and side B (battle deaths, the year, the
UCDP conflict as an ak:War event, the disputed territory as ``ak:territoryName`` and as
``ak:about`` when it names a place the store knows, e.g. "Artsakh (Nagorno-Karabakh)").
Each secondary warring party (``side_a_2nd``/``side_b_2nd``: states that fight with
troops on a side) yields an ak:Support with ak:TroopSupport to that side's primary party
and an ak:Conflict with the other side's primary party (qualifier "secondary warring
party"); secondary parties of opposite sides are not said to have fought each other.
"Government of X" resolves to the state X; any other side is a non-state actor, one per
UCDP actor id. The file is UTF-8 with a BOM.
Record id: ``dyad_id D, year Y`` (plus ``side_a_2nd N`` / ``side_b_2nd N``).
"""

from __future__ import annotations

import re

from ...query.resolve import ActorIndex
from .base import (
    LABEL,
    A,
    Builder,
    RowError,
    ak,
    integer,
    kg,
    text,
    to_int,
    year,
)
from .reading import Table

KIND = "ucdp"
DATASET = "ucdp"
TITLE = "UCDP battle-related deaths (dyadic)"
REQUIRED = ["conflict_id", "dyad_id", "location_inc", "side_a", "side_a_id", "side_a_2nd", "side_b", "side_b_id",
            "side_b_2nd", "territory_name", "year", "bd_best"]
FALLBACK = "utf-8"
GOVERNMENT = re.compile(r"^Government of ")


def _split(value: str) -> list[str]:
    """Comma-separated names, ignoring commas inside parentheses."""
    parts, depth, current = [], 0, ""
    for c in value:
        depth += (c == "(") - (c == ")")
        if c == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += c
    parts.append(current.strip())
    return [p for p in parts if p]


def _actor(builder: Builder, line: int, name: str, ucdp_id: str | None = None):
    if GOVERNMENT.match(name):
        return builder.state(line, name=name)
    extra = [(ak("ucdpId"), text(ucdp_id))] if ucdp_id else []
    return builder.named_actor(name, "NonStateActor", extra=extra)


def _place(index: ActorIndex | None, name: str):
    """A known place (Territory, Region) the territory name denotes, trying each side of a
    parenthesis: "Artsakh (Nagorno-Karabakh)" -> kg:NagornoKarabakh."""
    if index is None or not name:
        return None
    from ..registry import name_variants

    for variant in name_variants(name):
        found = [m for m in index.lookup(variant) if m.type.endswith(("Territory", "Region", "Place"))]
        if len(found) == 1:
            return found[0].iri
    return None


def build(table: Table, builder: Builder) -> list[int]:
    import pyoxigraph as ox

    col = {name: table.header.index(name) for name in REQUIRED}
    index = ActorIndex(builder.store) if builder.store is not None else None
    years = []
    for n, (line, f) in enumerate(table.rows, 1):
        if n % 200 == 0:
            builder.progress(n, len(table.rows))
        try:
            if len(f) < len(table.header):
                raise RowError(f"{len(f)} fields, expected {len(table.header)}")
            v = {name: f[i].strip() for name, i in col.items()}
            for name in ("conflict_id", "year", "bd_best"):
                v[name] = to_int(v[name], name)
            if not v["side_a"] or not v["side_b"]:
                raise RowError("empty side_a or side_b")
        except RowError as e:
            builder.malformed(line, str(e))
            continue
        y = v["year"]
        event = kg(f"UCDPConflict-{v['conflict_id']}")
        if event.value not in builder.declared:
            builder.declared.add(event.value)
            builder.add(event, A, ak("War"))
            where = v["location_inc"] + (f": {v['territory_name']}" if v["territory_name"] else "")
            builder.add(event, LABEL, text(f"UCDP conflict {v['conflict_id']} ({where})"))
            builder.add(event, ak("ucdpId"), text(str(v["conflict_id"])))
        place = _place(index, v["territory_name"])
        # A row may join several dyads (side_b, side_b_id and dyad_id then list them in the
        # same order; deaths are reported for them together), and a side may be a coalition
        # of governments with one id each. Names are split on commas outside parentheses.
        dyads = _split(str(v["dyad_id"]))
        sides = {}
        for own in ("a", "b"):
            ids, names = _split(v[f"side_{own}_id"]), _split(v[f"side_{own}"])
            if not ids and all(GOVERNMENT.match(n) for n in names):
                # A coalition of governments without side ids (Iraq 2003): ids name only
                # non-state actors, so the names suffice.
                ids = [None] * len(names)
            if len(ids) != len(names):
                names = [v[f"side_{own}"]] if len(ids) == 1 else names
            if len(ids) != len(names):
                sides = None
                builder.malformed(line, f"side_{own} names {len(names)} actors but side_{own}_id has {len(ids)} ids")
                break
            sides[own] = [_actor(builder, line, n, i) for n, i in zip(names, ids)]
        if sides is None:
            continue
        if len(dyads) > 1 and len(dyads) != len(sides["b"]):
            builder.malformed(line, f"{len(dyads)} dyad ids for {len(sides['b'])} side_b actors")
            continue
        builder.report.records += 1
        together = len(dyads) > 1 or len(sides["a"]) > 1 or len(sides["b"]) > 1

        def conflict(local, record, dyad, p, q, qualifier=None):
            node = builder.statement(local, "Conflict", record + (f", {qualifier}" if qualifier else ""))
            builder.add(node, ak("party"), p)
            builder.add(node, ak("party"), q)
            builder.add(node, ak("pointInTime"), year(y))
            builder.add(node, ak("during"), event)
            builder.add(node, ak("ucdpId"), text(dyad))
            if v["territory_name"]:
                builder.add(node, ak("territoryName"), text(v["territory_name"]))
            if place:
                builder.add(node, ak("about"), ox.NamedNode(place))
            return node

        secondary = {own: [_actor(builder, line, n) for n in _split(v[f"side_{own}_2nd"])] for own in ("a", "b")}
        for j, b_actor in enumerate(sides["b"]):
            dyad = dyads[j] if len(dyads) > 1 else dyads[0]
            for k, a_actor in enumerate(sides["a"]):
                pair = {"a": a_actor, "b": b_actor}
                suffix = "" if not (len(sides["a"]) > 1 or (len(sides["b"]) > 1 and len(dyads) == 1)) else f"-p{k}{j}"
                record = f"dyad_id {dyad}, year {y}" + (f" (row of dyads {v['dyad_id']})" if len(dyads) > 1 else "")
                main = conflict(f"{dyad}-{y}{suffix}", record, dyad, a_actor, b_actor)
                if together:
                    builder.add(main, ak("qualifier"), text(
                        f"{v['bd_best']} battle-related deaths reported for the row's dyads and parties together"))
                else:
                    builder.add(main, ak("battleDeaths"), integer(v["bd_best"]))
                for own, other in (("a", "b"), ("b", "a")):
                    for i, helper in enumerate(secondary[own], 1):
                        qualifier = f"side_{own}_2nd {i}"
                        node = builder.statement(f"{dyad}-{y}{suffix}-{own}{i}", "Support", f"{record}, {qualifier}")
                        builder.add(node, ak("supporter"), helper)
                        builder.add(node, ak("recipient"), pair[own])
                        builder.add(node, ak("supportType"), ak("TroopSupport"))
                        builder.add(node, ak("pointInTime"), year(y))
                        builder.add(node, ak("during"), event)
                        builder.add(node, ak("qualifier"), text("secondary warring party"))
                        fought = conflict(f"{dyad}-{y}{suffix}-{own}{i}-vs", record, dyad, helper, pair[other], qualifier)
                        builder.add(fought, ak("qualifier"), text("secondary warring party"))
        years.append(y)
    return years


def describe(builder: Builder, table: Table, years: list[int]) -> None:
    builder.describe_source(
        "UCDP Battle-Related Deaths Dataset, dyadic", version="22.1",
        citation="Davies, Shawn, Therese Pettersson and Magnus Oberg (2022). Organized violence 1989-2021 and "
                 "drone warfare. Journal of Peace Research 59(4). UCDP Battle-Related Deaths Dataset version 22.1.",
        publisher="Uppsala Conflict Data Program (UCDP)", url="https://ucdp.uu.se/downloads/", years=years)
