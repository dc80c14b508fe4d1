"""ATOP 4.0 member level: one ak:TreatyMembership per alliance, member and phase.

``member`` is a COW code; entry and exit are year/month/day (exit year 0: still in force
when the data end). The obligations each member took on in that phase (``defense``,
``offense``, ``neutral``, ``nonagg``, ``consul``) become ``ak:memberObligation``.
Record id: ``atopid A, member M, phase P`` (plus the entry date where ATOP lists the same
member and phase twice, e.g. after a member left and rejoined).
"""

from __future__ import annotations

from collections import Counter

from . import atop_common
from .base import Builder, RowError, ak, date_or_year, integer, to_int
from .reading import Table

KIND = "atop-member"
DATASET = "atop-member"
TITLE = "ATOP member-level"
REQUIRED = ["atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", "phase",
            "defense", "offense", "neutral", "nonagg", "consul"]
FALLBACK = "latin-1"
DATE_PARTS = {"moent", "dayent", "moexit", "dayexit"}


def build(table: Table, builder: Builder) -> list[int]:
    col = {name: table.header.index(name) for name in REQUIRED}
    builder.links = atop_common.treaty_links()
    parsed = []
    for line, f in table.rows:
        try:
            if len(f) < len(table.header):
                raise RowError(f"{len(f)} fields, expected {len(table.header)}")
            # ATOP leaves an unknown month or day empty; like its 0, that means "unknown".
            v = {name: 0 if name in DATE_PARTS and not f[i].strip() else to_int(f[i], name)
                 for name, i in col.items()}
        except RowError as e:
            builder.malformed(line, str(e))
            continue
        parsed.append((line, v))
    keys = Counter((v["atopid"], v["member"], v["phase"]) for _, v in parsed)
    years = []
    for n, (line, v) in enumerate(parsed, 1):
        if n % 500 == 0:
            builder.progress(n, len(parsed))
        builder.report.records += 1
        key = (v["atopid"], v["member"], v["phase"])
        record = f"atopid {key[0]}, member {key[1]}, phase {key[2]}"
        local = f"{key[0]}-{key[1]}-p{key[2]}"
        if keys[key] > 1:
            record += f", entered {v['yrent']}-{v['moent']:02d}-{v['dayent']:02d}"
            local += f"-{v['yrent']}{v['moent']:02d}{v['dayent']:02d}"
        node = builder.statement(local, "TreatyMembership", record)
        builder.add(node, ak("member"), builder.state(line, code=v["member"]))
        builder.add(node, ak("treaty"), atop_common.treaty(builder, v["atopid"]))
        builder.add(node, ak("start"), date_or_year(v["yrent"], v["moent"], v["dayent"]))
        if v["yrexit"]:
            builder.add(node, ak("end"), date_or_year(v["yrexit"], v["moexit"], v["dayexit"]))
            years.append(v["yrexit"])
        builder.add(node, ak("phase"), integer(v["phase"]))
        for column, obligation in atop_common.OBLIGATIONS.items():
            if v[column] > 0:
                builder.add(node, ak("memberObligation"), ak(obligation))
        years.append(v["yrent"])
    return years


def describe(builder: Builder, table: Table, years: list[int]) -> None:
    atop_common.describe(builder, "member", years)
