"""SIPRI Arms Transfers Database, trade register CSV: one ak:ArmsTransfer per deal (row).

Format (see ../shared/data/README.md): Latin-1, note lines before the header, three
unnamed '?' columns, each flagging the value to its left as uncertain (year of order,
number ordered, number delivered), delivery years joined with '; ', TIV in millions
(empty: no data; '0': under 0.5). Recipients marked '*' are non-state actors, '**'
international organizations. The export does not quote the Comments field, so a line
break inside it splits a deal over two lines (13 + 4 fields); such rows are rejoined and
reported, not dropped.

Record id: ``line N`` of the file (``lines N-M`` for a rejoined deal): open the file at
that line to see the row.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ...namespaces import RDFS
from .base import (
    Builder,
    Problem,
    RowError,
    ak,
    boolean,
    decimal,
    integer,
    text,
    to_decimal,
    to_int,
    year,
)
from .reading import Table

COMMENT = ox.NamedNode(RDFS + "comment")

KIND = "sipri"
DATASET = "sipri"
TITLE = "SIPRI trade register"
REQUIRED = ["Recipient", "Supplier", "Year of order", "Number ordered", "Weapon designation",
            "Weapon description", "Number delivered", "Year(s) of delivery", "status", "Comments",
            "SIPRI TIV per unit", "SIPRI TIV for total order", "SIPRI TIV of delivered weapons"]
FALLBACK = "latin-1"
WIDTH = 16
UNKNOWN = {"unknown supplier(s)", "unknown recipient(s)", "unknown rebel group*"}


def _rows(table: Table, builder: Builder):
    """Rows of 16 fields, rejoining deals an unquoted line break split in two."""
    rows = iter(table.rows)
    current = next(rows, None)
    while current is not None:
        line, fields = current
        following = next(rows, None)
        if len(fields) < WIDTH and following is not None and len(fields) + len(following[1]) - 1 == WIDTH:
            next_line, rest = following
            fields = fields[:-1] + [(fields[-1] + "\n" + rest[0]).strip()] + rest[1:]
            builder.report.repaired.append(
                Problem(line, f"deal split over lines {line}-{next_line} by a line break in Comments; rejoined"))
            yield f"lines {line}-{next_line}", line, fields
            current = next(rows, None)
            continue
        yield f"line {line}", line, fields
        current = following


def _actor(builder: Builder, line: int, name: str):
    name = name.strip()
    if name in UNKNOWN:
        return builder.named_actor(name, "UnidentifiedActor")
    if name.endswith("**"):
        return builder.named_actor(name, "InternationalOrganization")
    if name.endswith("*"):
        return builder.named_actor(name, "NonStateActor")
    return builder.state(line, name=name)


def build(table: Table, builder: Builder) -> list[int]:
    years: list[int] = []
    total = len(table.rows)
    for n, (record, line, f) in enumerate(_rows(table, builder), 1):
        if n % 2000 == 0:
            builder.progress(line - table.header_line, total)
        if len(f) != WIDTH:
            builder.malformed(line, f"{len(f)} fields, expected {WIDTH} (Recipient ... SIPRI TIV of delivered weapons)")
            continue
        (recipient, supplier, order_year, order_flag, ordered, ordered_flag, designation, description,
         delivered, delivered_flag, delivery_years, status, comments, tiv_unit, tiv_order, tiv_delivered) = f
        try:
            if not recipient.strip() or not supplier.strip():
                raise RowError("empty Recipient or Supplier")
            ordered_in = to_int(order_year, "Year of order")
            deliveries = sorted({to_int(y, "Year(s) of delivery") for y in delivery_years.split(";") if y.strip()})
            numbers = {"numberOrdered": ordered, "numberDelivered": delivered}
            numbers = {k: to_int(v, k) for k, v in numbers.items() if v.strip()}
            tivs = {"tivPerUnit": tiv_unit, "tivOrder": tiv_order, "tiv": tiv_delivered}
            tivs = {k: to_decimal(v, k) for k, v in tivs.items() if v.strip()}
        except RowError as e:
            builder.malformed(line, str(e))
            continue
        builder.report.records += 1
        node = builder.statement(record.replace("lines ", "").replace("line ", "").replace("-", "_"),
                                 "ArmsTransfer", record)
        builder.add(node, ak("supplier"), _actor(builder, line, supplier))
        builder.add(node, ak("recipient"), _actor(builder, line, recipient))
        builder.add(node, ak("start"), year(ordered_in))
        if deliveries:
            builder.add(node, ak("end"), year(deliveries[-1]))
            builder.add_all(node, ak("deliveryYear"), (year(y) for y in deliveries))
        if designation.strip():
            builder.add(node, ak("weapon"), text(designation.strip()))
        if description.strip():
            builder.add(node, ak("weaponDescription"), text(description.strip()))
        for prop, value in numbers.items():
            builder.add(node, ak(prop), integer(value))
        for prop, value in tivs.items():
            builder.add(node, ak(prop), decimal(value))
        if status.strip():
            builder.add(node, ak("dealStatus"), text(status.strip()))
        if comments.strip():
            builder.add(node, COMMENT, text(comments.strip()))
        for prop, flag in (("orderYearUncertain", order_flag), ("numberOrderedUncertain", ordered_flag),
                           ("numberDeliveredUncertain", delivered_flag)):
            if flag.strip() == "?":
                builder.add(node, ak(prop), boolean(True))
        years.append(ordered_in)
        years.extend(deliveries)
    return years


def describe(builder: Builder, table: Table, years: list[int]) -> None:
    generated = next((m.group(1) for line in table.notes
                      if (m := re.match(r"Data generated:\s*(.+?)\s*$", line))), "unknown")
    builder.describe_source(
        "SIPRI Arms Transfers Database: trade register",
        version=f"generated {generated}",
        citation="SIPRI Arms Transfers Database, Stockholm International Peace Research Institute, "
                 "https://www.sipri.org/databases/armstransfers",
        publisher="Stockholm International Peace Research Institute (SIPRI)",
        url="https://www.sipri.org/databases/armstransfers", years=years)
