"""COW interstate wars (participants by year): one ak:Conflict per war dyad.

Each row is one year of a dyadic sub-war (``init_war_id``): the initiator ``init_ccode``
against ``target_ccode``. Its years fold into one Conflict statement with the initiator
as ``ak:initiator``, dated from the first entry to the last exit, during the larger war
(an ak:War node). States are resolved by code; where a row's name disagrees with the COW
state list for that code (the file has "Germany" with 365, "Greece" with 360) the code
wins and the disagreement is reported. The per-year ally/adversary columns repeat what
the joiners' own sub-war rows say and are not imported twice.
Record id: ``init_war_id W (NAME)``.
"""

from __future__ import annotations

from collections import defaultdict

from .base import (
    LABEL,
    A,
    Builder,
    RowError,
    ak,
    date_or_year,
    integer,
    kg,
    text,
    to_int,
)
from .reading import Table

KIND = "cow-wars"
DATASET = "cow-wars"
TITLE = "COW interstate war participants"
REQUIRED = ["larger_war_name", "larger_war_id", "init_war_id", "init_war_name", "year", "init_name",
            "init_ccode", "target_name", "target_ccode", "month_entry", "day_entry", "month_exit", "day_exit"]
FALLBACK = "latin-1"


def _month_day(value: str) -> int:
    return int(value) if value.strip().isdigit() else 0


def build(table: Table, builder: Builder) -> list[int]:
    col = {name: table.header.index(name) for name in REQUIRED}
    wars: dict[int, list] = defaultdict(list)
    for line, f in table.rows:
        try:
            if len(f) < len(table.header):
                raise RowError(f"{len(f)} fields, expected {len(table.header)}")
            v = {name: f[i].strip() for name, i in col.items()}
            for name in ("larger_war_id", "init_war_id", "year", "init_ccode", "target_ccode"):
                v[name] = to_int(v[name], name)
        except RowError as e:
            builder.malformed(line, str(e))
            continue
        wars[v["init_war_id"]].append((line, v))
    years, mismatches = [], {}
    for war_id, rows in sorted(wars.items()):
        rows.sort(key=lambda r: r[1]["year"])
        builder.report.records += len(rows)
        first_line, first = rows[0]
        last = rows[-1][1]
        event = kg(f"COWWar-{first['larger_war_id']}")
        if event.value not in builder.declared:
            builder.declared.add(event.value)
            builder.add(event, A, ak("War"))
            builder.add(event, LABEL, text(first["larger_war_name"]))
            builder.add(event, ak("warId"), integer(first["larger_war_id"]))
        node = builder.statement(str(war_id), "Conflict", f"init_war_id {war_id} ({first['init_war_name']})")
        parties = {}
        for role in ("init", "target"):
            code, name = first[f"{role}_ccode"], first[f"{role}_name"]
            parties[role] = builder.state(first_line, code=code)
            if builder.registry.code(code) and not builder.registry.known_name(parties[role].value, name):
                mismatches[(name, code)] = first_line
        builder.add(node, ak("party"), parties["init"])
        builder.add(node, ak("party"), parties["target"])
        builder.add(node, ak("initiator"), parties["init"])
        builder.add(node, ak("during"), event)
        builder.add(node, ak("start"), date_or_year(first["year"], _month_day(first["month_entry"]),
                                                    _month_day(first["day_entry"])))
        builder.add(node, ak("end"), date_or_year(last["year"], _month_day(last["month_exit"]),
                                                  _month_day(last["day_exit"])))
        years += [first["year"], last["year"]]
    for (name, code), line in sorted(mismatches.items(), key=lambda x: x[1]):
        label = builder.registry.labels.get(builder.registry.code(code), "?")
        builder.report.warnings.append(f"line {line}: '{name}' is given with COW code {code} ({label}); resolved by the code")
    return years


def describe(builder: Builder, table: Table, years: list[int]) -> None:
    builder.describe_source(
        "Correlates of War inter-state wars (revised), participants by year", version="4.0 (revised)",
        citation="Sarkees, Meredith Reid and Frank Wayman. 2010. Resort to War: 1816-2007. Washington DC: CQ Press.",
        publisher="Correlates of War Project", url="https://correlatesofwar.org/data-sets/cow-war/", years=years)
