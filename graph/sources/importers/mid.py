"""GML militarized interstate disputes (directed dyad-years): one ak:Hostility per dispute
and pair of states, not per year.

Both directions of a dyad (A->B and B->A) and all its years fold into one statement with
the years it spans, the highest hostility level either side reached against the other
(``hostlev1``/``hostlev2``: 1 none ... 5 war), the dispute's own level and fatality level,
and the side-A state as ``ak:initiator`` when exactly one of the two is on side A.
Record id: ``dispnum D, ccode A vs B``.
"""

from __future__ import annotations

from collections import defaultdict

from .base import Builder, RowError, ak, integer, to_int, year
from .reading import Table

KIND = "mid"
DATASET = "mid"
TITLE = "GML MID directed dyad-year"
REQUIRED = ["dispnum", "ccode1", "ccode2", "year", "sidea1", "hostlev1", "hostlev2", "hostlev", "fatality"]
FALLBACK = "latin-1"


def build(table: Table, builder: Builder) -> list[int]:
    col = {name: table.header.index(name) for name in REQUIRED}
    pairs: dict[tuple[int, int, int], list] = defaultdict(list)
    for line, f in table.rows:
        try:
            if len(f) < len(table.header):
                raise RowError(f"{len(f)} fields, expected {len(table.header)}")
            v = {name: to_int(f[i], name) for name, i in col.items()}
        except RowError as e:
            builder.malformed(line, str(e))
            continue
        a, b = sorted((v["ccode1"], v["ccode2"]))
        pairs[(v["dispnum"], a, b)].append((line, v))
    years = []
    for n, ((dispute, a, b), rows) in enumerate(sorted(pairs.items()), 1):
        if n % 500 == 0:
            builder.progress(n, len(pairs))
        builder.report.records += len(rows)
        first = rows[0][0]
        node = builder.statement(f"{dispute}-{a}-{b}", "Hostility", f"dispnum {dispute}, ccode {a} vs {b}")
        party = {code: builder.state(first, code=code) for code in (a, b)}
        builder.add(node, ak("party"), party[a])
        builder.add(node, ak("party"), party[b])
        span = [v["year"] for _, v in rows]
        builder.add(node, ak("start"), year(min(span)))
        builder.add(node, ak("end"), year(max(span)))
        builder.add(node, ak("disputeNumber"), integer(dispute))
        builder.add(node, ak("hostilityLevel"), integer(max(max(v["hostlev1"], v["hostlev2"]) for _, v in rows)))
        builder.add(node, ak("disputeHostilityLevel"), integer(max(v["hostlev"] for _, v in rows)))
        builder.add(node, ak("fatalityLevel"), integer(max(v["fatality"] for _, v in rows)))
        side_a = {v["ccode1"] if v["sidea1"] == 1 else v["ccode2"] for _, v in rows}
        if len(side_a) == 1:
            builder.add(node, ak("initiator"), party[side_a.pop()])
        years += span
    return years


def describe(builder: Builder, table: Table, years: list[int]) -> None:
    builder.describe_source(
        "Gibler-Miller-Little militarized interstate disputes, directed dyad-years", version="2.03",
        citation="Gibler, Douglas M., Steven V. Miller, and Erin K. Little. 2016. An Analysis of the Militarized "
                 "Interstate Dispute (MID) Dataset, 1816-2001. International Studies Quarterly 60(4): 719-730.",
        publisher="Douglas M. Gibler, Steven V. Miller, Erin K. Little", years=years)
