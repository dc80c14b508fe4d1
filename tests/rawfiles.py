"""The datasets read straight from their CSV files with the csv module, independently of the
importers, so tests compare the store with the files and not with actorkg's own reading."""

from __future__ import annotations

import csv
from pathlib import Path

ENCODINGS = {"sipri": "latin-1", "ucdp": "utf-8-sig"}
# The year columns of each dataset; 0 means "none" (ATOP: still in force).
YEAR_COLUMNS = {
    "atop-member": ["yrent", "yrexit"],
    "atop-alliance": ["begyr", "endyr"],
    "mid": ["year"],
    "cow-wars": ["year"],
    "ucdp": ["year"],
    "cow-states": ["styear", "endyear"],
}


def sipri_rows(path: Path) -> list[list[str]]:
    """SIPRI deals as field lists: note lines skipped, split deals (13 + 4 fields) rejoined."""
    with path.open(encoding="latin-1", newline="") as f:
        rows = list(csv.reader(f))
    rows = rows[next(i for i, r in enumerate(rows) if r[:2] == ["Recipient", "Supplier"]) + 1:]
    out, i = [], 0
    while i < len(rows):
        if len(rows[i]) == 13 and i + 1 < len(rows) and len(rows[i + 1]) == 4:
            out.append(rows[i][:12] + [rows[i][12] + rows[i + 1][0]] + rows[i + 1][1:])
            i += 2
        else:
            out.append(rows[i])
            i += 1
    return out


def sipri_by_line(path: Path) -> dict[int, list[str]]:
    """SIPRI deals by the file line they start on (the importer's record id 'line N' or
    'lines N-M'), rejoined as ``sipri_rows`` does."""
    with path.open(encoding="latin-1", newline="") as f:
        lines = list(enumerate(csv.reader(f), 1))
    start = next(i for i, (_, r) in enumerate(lines) if r[:2] == ["Recipient", "Supplier"]) + 1
    out, i = {}, start
    while i < len(lines):
        number, row = lines[i]
        if len(row) == 13 and i + 1 < len(lines) and len(lines[i + 1][1]) == 4:
            out[number] = row[:12] + [row[12] + lines[i + 1][1][0]] + lines[i + 1][1][1:]
            i += 2
        else:
            out[number] = row
            i += 1
    return out


def records(kind: str, path: Path) -> list[dict[str, str]]:
    """The rows of a dataset file with a header on its first line (all but SIPRI)."""
    with path.open(encoding=ENCODINGS.get(kind, "utf-8"), newline="") as f:
        return list(csv.DictReader(f))


def years(kind: str, path: Path) -> tuple[int, int]:
    """First and last year a dataset file's records mention."""
    if kind == "sipri":
        found = []
        for row in sipri_rows(path):
            found.append(int(row[2]))
            found += [int(y) for y in row[10].split(";") if y.strip()]
    else:
        found = [int(row[c]) for row in records(kind, path) for c in YEAR_COLUMNS[kind]
                 if row[c].strip() not in ("", "0")]
    return min(found), max(found)
