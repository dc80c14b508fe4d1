"""ATOP 4.0 alliance level: the treaty and one ak:TreatyObligation per obligation type.

Obligation flags (``defense offense neutral nonagg consul``) become TreatyObligation
statements on the treaty node ``kg:ATOP-<atopid>`` with the alliance's begin and end
dates; the provisions ``base`` and ``milaid`` are kept on the treaty node. Members and
their dates come from the member-level file (this file's ``mem1…memN`` carry no dates).
Record id: ``atopid A (OBLIGATION)``.
"""

from __future__ import annotations

from . import atop_common
from .base import Builder, RowError, ak, date_or_year, integer, to_int
from .reading import Table

KIND = "atop-alliance"
DATASET = "atop-alliance"
TITLE = "ATOP alliance-level"
REQUIRED = ["atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", "defense", "offense",
            "neutral", "nonagg", "consul", "mem1"]
FALLBACK = "latin-1"
PROVISIONS = {"base": "basingProvision", "milaid": "militaryAidProvision"}
DATE_PARTS = {"begmo", "begday", "endmo", "endday"}


def build(table: Table, builder: Builder) -> list[int]:
    col = {name: table.header.index(name) for name in REQUIRED + list(PROVISIONS) if name in table.header}
    builder.links = atop_common.treaty_links()
    years = []
    for line, f in table.rows:
        try:
            if len(f) < len(table.header):
                raise RowError(f"{len(f)} fields, expected {len(table.header)}")
            # Empty month, day or provision: unknown (dates treat it like ATOP's 0).
            v = {name: 0 if name in DATE_PARTS else None for name, i in col.items() if not f[i].strip()}
            v.update({name: to_int(f[i], name) for name, i in col.items() if f[i].strip()})
            missing = [name for name in REQUIRED if v.get(name) is None and name != "mem1"]
            if missing:
                raise RowError(f"{missing[0]} is empty")
        except RowError as e:
            builder.malformed(line, str(e))
            continue
        builder.report.records += 1
        treaty = atop_common.treaty(builder, v["atopid"])
        for column, prop in PROVISIONS.items():
            if v.get(column) is not None:
                builder.add(treaty, ak(prop), integer(v[column]))
        start = date_or_year(v["begyr"], v["begmo"], v["begday"])
        end = date_or_year(v["endyr"], v["endmo"], v["endday"]) if v["endyr"] else None
        for column, obligation in atop_common.OBLIGATIONS.items():
            if v[column] > 0:
                node = builder.statement(f"{v['atopid']}-{column}", "TreatyObligation",
                                         f"atopid {v['atopid']} ({column})")
                builder.add(node, ak("treaty"), treaty)
                builder.add(node, ak("obligationType"), ak(obligation))
                builder.add(node, ak("start"), start)
                if end is not None:
                    builder.add(node, ak("end"), end)
        years += [v["begyr"]] + ([v["endyr"]] if v["endyr"] else [])
    return years


def describe(builder: Builder, table: Table, years: list[int]) -> None:
    atop_common.describe(builder, "alliance", years)
