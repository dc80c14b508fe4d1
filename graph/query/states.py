"""The bundled state registry, ``data/registry/states.csv``: every state of the COW state
system 1816-2016 with its codes (COW, ISO 3166 alpha-2/3, Gleditsch-Ward), Wikidata QID
where a source confirms it, capital, demonym and short forms.

It is read from the CSV alone (``data/registry/build_states.py`` rebuilds it, see
docs/registry.md), so every store knows the same states whatever has been imported: the
importers give a state its COW identity by it, and questions find "USA", "the UK" or
"New Delhi" through it. Codes and all-capital short forms ("US", "DPRK", "U.K.") match
only as written in capitals ("us" is a pronoun); names, capitals and demonyms match
case-insensitively. A name or code two states share names neither.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from .. import paths


@dataclass(frozen=True)
class State:
    code: int
    abbreviation: str
    name: str
    first_year: int
    last_year: int
    iso_alpha2: str
    iso_alpha3: str
    gw_code: int | None
    wikidata: str
    capital: str
    demonym: str
    short_forms: tuple[str, ...]


@lru_cache(maxsize=1)
def states() -> tuple[State, ...]:
    path = paths.registry_dir() / "states.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return tuple(State(int(r["cow_code"]), r["cow_abbreviation"], r["name"], int(r["first_year"]),
                           int(r["last_year"]), r["iso_alpha2"], r["iso_alpha3"],
                           int(r["gw_code"]) if r["gw_code"] else None, r["wikidata"], r["capital"],
                           r["demonym"], tuple(s for s in r["short_forms"].split("|") if s))
                     for r in csv.DictReader(f))


def code_key(text: str) -> str | None:
    """'U.S.' -> 'US': the letters of an all-capital code or acronym, else None."""
    text = re.sub(r"^(?:the|The|THE)\s+", "", text.strip())
    text = re.sub(r"['’]s$", "", text)
    if not text or any(c.islower() for c in text):
        return None
    letters = re.sub(r"[\s.]", "", text)
    return letters if letters.isalpha() and 2 <= len(letters) <= 5 else None


@dataclass(frozen=True)
class Entry:
    code: int
    kind: str  # "name", "short form", "capital", "demonym", "code"


class StateNames:
    """The registry's names and codes, each mapped to the one COW state it denotes."""

    def __init__(self, normalize):
        self.normalize = normalize
        names: dict[str, set[Entry]] = {}
        codes: dict[str, set[Entry]] = {}
        for state in states():
            spelled = [(state.name, "name"), (state.capital, "capital"), (state.demonym, "demonym")]
            spelled += [(s, "short form") for s in state.short_forms]
            for text, kind in spelled:
                key = code_key(text)
                table, key = (codes, key) if key else (names, normalize(text))
                if key:
                    table.setdefault(key, set()).add(Entry(state.code, kind))
            for text in (state.abbreviation, state.iso_alpha2, state.iso_alpha3):
                if text:
                    codes.setdefault(text, set()).add(Entry(state.code, "code"))
        self.names = _unique(names)
        self.codes = _unique(codes)

    def lookup(self, text: str) -> Entry | None:
        key = code_key(text)
        if key is not None:
            return self.codes.get(key)
        return self.names.get(self.normalize(text))


# The most telling kind first, for a key one state has twice ("name" before "capital").
_KIND_ORDER = {kind: rank for rank, kind in enumerate(("name", "short form", "code", "capital", "demonym"))}


def _unique(table: dict[str, set[Entry]]) -> dict[str, Entry]:
    return {key: min(entries, key=lambda e: _KIND_ORDER[e.kind])
            for key, entries in table.items() if len({e.code for e in entries}) == 1}


@lru_cache(maxsize=1)
def state_names() -> StateNames:
    from .resolve import normalize

    return StateNames(normalize)
