"""The statement table as the page carries it: packed, so a world view stays a few MB.

``page_data`` gives one entry per statement in columns (render.py); written out as they
are, Azerbaijan at depth 2 (45,000 statements) took 6 MB, most of it the same few shapes
of text over and over: statement IRIs (``…/statement/sipri-12345``) and record ids
(``line 3960``, ``atopid 4220, member 373, phase 1``). ``pack`` writes

- texts as a *template* with the numbers taken out (``line \\0``, kept once in
  ``templates``) and the numbers: ``[template, 3960]``; a text whose shape occurs once
  stays as it is;
- the ``tie`` column, which runs in tie order, as the number of statements per tie;
- a column mostly empty (quotes, treaties) as the gaps between filled entries and those
  entries;
- each statement's values (weapon, category, …) as an index into ``combos``, the
  distinct lists of them.

The page's script undoes it once on load (``unpack`` in page.py), and so does ``unpack``
here, for the tests and for anything else that reads a page.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

# The placeholder for a number in a template; a text holding it is kept as it is.
HOLE = "\x00"
_NUMBER = re.compile(r"\d+")
TEXT_COLUMNS = ("statement",)
TEXT_LIST_COLUMNS = ("records",)
SPARSE_SHARE = 0.5


def _template(text: str) -> tuple[str, list[int]]:
    numbers: list[int] = []

    def hole(m: re.Match) -> str:
        digits = m.group(0)
        # Only numbers JavaScript holds exactly and that read back as the same digits.
        if len(digits) > 15 or (digits[0] == "0" and digits != "0"):
            return digits
        numbers.append(int(digits))
        return HOLE

    return _NUMBER.sub(hole, text), numbers


def _sparse(column: list) -> list | dict:
    """``column`` as gaps and entries when most of it is empty, else as it is."""
    filled = [i for i, v in enumerate(column) if v is not None]
    if len(filled) > SPARSE_SHARE * len(column):
        return column
    return {"n": len(column), "gaps": [b - a for a, b in zip([-1] + filled, filled)],
            "values": [column[i] for i in filled]}


def _dense(column: list | dict) -> list:
    if isinstance(column, list):
        return column
    out: list = [None] * column["n"]
    at = -1
    for gap, value in zip(column["gaps"], column["values"]):
        at += gap
        out[at] = value
    return out


def pack(data: dict) -> dict:
    """``data`` (from ``page_data``) with its statement table packed."""
    links = data["links"]
    texts = [t for name in TEXT_COLUMNS for t in links[name]]
    texts += [t for name in TEXT_LIST_COLUMNS for ts in links[name] if ts for t in ts]
    shapes = {text: _template(text) for text in texts if HOLE not in text}
    used = Counter(shape for shape, numbers in shapes.values() if numbers)
    templates = sorted(shape for shape, n in used.items() if n > 1)
    index = {shape: i for i, shape in enumerate(templates)}

    def text(value: str):
        shape, numbers = shapes.get(value, (None, None))
        return [index[shape], *numbers] if shape in index else value

    combos: list = []
    combo_index: dict[str, int] = {}

    def combo(values):
        if values is None:
            return None
        key = repr(values)
        if key not in combo_index:
            combo_index[key] = len(combos)
            combos.append(values)
        return combo_index[key]

    tie = links["tie"]
    if tie != sorted(tie):
        raise ValueError("the statement table must run in tie order to be packed")
    packed = {name: _sparse(column) for name, column in links.items()
              if name not in ("tie", *TEXT_COLUMNS, *TEXT_LIST_COLUMNS, "values")}
    packed["ties"] = _runs(tie, len(data["ties"]["source"]))
    for name in TEXT_COLUMNS:
        packed[name] = [text(t) for t in links[name]]
    for name in TEXT_LIST_COLUMNS:
        packed[name] = _sparse([None if ts is None else [text(t) for t in ts] for ts in links[name]])
    packed["values"] = _sparse([combo(v) for v in links["values"]])
    return {**data, "links": packed, "templates": templates, "combos": combos}


def _runs(tie: list[int], ties: int) -> list[int]:
    counts = {t: len(list(group)) for t, group in itertools.groupby(tie)}
    return [counts.get(t, 0) for t in range(ties)]


def unpack(data: dict) -> dict:
    """The inverse of ``pack``: the columns as ``page_data`` made them."""
    packed = data["links"]
    pieces = [t.split(HOLE) for t in data["templates"]]

    def text(value):
        if isinstance(value, str):
            return value
        parts = pieces[value[0]]
        return parts[0] + "".join(str(n) + part for n, part in zip(value[1:], parts[1:]))

    links = {name: _dense(column) for name, column in packed.items()
             if name not in ("ties", *TEXT_COLUMNS, *TEXT_LIST_COLUMNS, "values")}
    links["tie"] = [t for t, n in enumerate(packed["ties"]) for _ in range(n)]
    for name in TEXT_COLUMNS:
        links[name] = [text(t) for t in packed[name]]
    for name in TEXT_LIST_COLUMNS:
        links[name] = [None if ts is None else [text(t) for t in ts] for ts in _dense(packed[name])]
    links["values"] = [None if v is None else data["combos"][v] for v in _dense(packed["values"])]
    out = {k: v for k, v in data.items() if k not in ("templates", "combos")}
    out["links"] = links
    return out
