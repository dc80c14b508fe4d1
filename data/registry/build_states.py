"""Build data/registry/states.csv, the bundled state registry, from its sources.

    pip install -e '.[registry]'
    python data/registry/build_states.py ../shared/data/cow-states-2016.csv ../shared/data/mondial-sameas.n3

Only rebuilding needs the libraries of the ``registry`` extra (country-converter, pycountry;
countryinfo is a dependency anyway): actorkg itself reads the CSV. Where each column comes
from is in docs/registry.md. Nothing is guessed: a state the libraries do not match by
name exactly once gets no ISO code unless short-forms.csv gives one with its source, and
a Wikidata QID is written only where the Mondial file gives exactly the QID that the
reviewed crosswalk (mondial-cow.csv) expects.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = ["cow_code", "cow_abbreviation", "name", "first_year", "last_year", "iso_alpha2", "iso_alpha3",
           "gw_code", "wikidata", "capital", "demonym", "short_forms"]
CURATED_KINDS = {"short_form", "capital", "demonym", "iso_alpha2", "iso_alpha3", "gw_code"}


def cow_states(path: Path) -> tuple[dict[int, dict], int]:
    """COW code -> abbreviation, name, first and last year over all its spells; the list's version."""
    states: dict[int, dict] = {}
    version = 0
    with path.open(encoding="latin-1", newline="") as f:
        for row in csv.DictReader(f):
            if not (row.get("ccode") or "").strip():
                continue
            code = int(row["ccode"])
            start, end = int(row["styear"]), int(row["endyear"])
            version = max(version, int(row["version"]))
            entry = states.setdefault(code, {"cow_abbreviation": row["stateabb"].strip(),
                                             "name": row["statenme"].strip(), "first_year": start, "last_year": end})
            entry["first_year"], entry["last_year"] = min(entry["first_year"], start), max(entry["last_year"], end)
    return states, version


def coco_rows() -> list[dict]:
    """country-converter's own table (name regexes, ISO, GW codes), read with the csv module:
    its converter class does not start under pandas 3 (it reads Namibia's 'NA' as missing)."""
    import country_converter

    path = Path(country_converter.__file__).parent / "country_data.tsv"
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def mondial_qids(path: Path) -> dict[int, str]:
    """COW code -> QID, where the Mondial file gives exactly the crosswalk's expected QID."""
    import pyoxigraph as ox

    found: dict[str, set[str]] = defaultdict(set)
    country = re.compile(r"^http://www\.semwebtech\.org/mondial/10/countries/([^/]+)/$")
    same_as = "http://www.w3.org/2002/07/owl#sameAs"
    with path.open("rb") as data:
        for quad in ox.parse(input=data, format=ox.RdfFormat.N3):
            t = quad.triple
            m = country.match(getattr(t.subject, "value", ""))
            if m and t.predicate.value == same_as and t.object.value.startswith("http://www.wikidata.org/entity/Q"):
                found[m.group(1)].add(t.object.value.rsplit("/", 1)[1])
    out = {}
    with (HERE / "mondial-cow.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if found.get(row["mondial_code"]) == {row["qid"]}:
                out[int(row["cow_code"])] = row["qid"]
    return out


def curated() -> dict[int, dict[str, list[str]]]:
    out: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    with (HERE / "short-forms.csv").open(encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), 2):
            if row["kind"] not in CURATED_KINDS or not row["source"].strip():
                sys.exit(f"short-forms.csv line {n}: kind must be one of {sorted(CURATED_KINDS)} and a source given")
            out[int(row["cow_code"])][row["kind"]].append(row["value"].strip())
    return out


def _key(name: str) -> str:
    return re.sub(r"[^\w]+", " ", name.casefold()).strip()


def build(cow_file: Path, mondial_file: Path | None) -> list[dict]:
    import pycountry
    from countryinfo import CountryInfo

    states, version = cow_states(cow_file)
    coco = coco_rows()
    qids = mondial_qids(mondial_file) if mondial_file else {}
    extra = curated()
    rows = []
    for code, state in sorted(states.items()):
        row = {c: "" for c in COLUMNS} | {"cow_code": code} | state
        forms: list[str] = []
        # Only states in the system when the list ends get today's codes and names: a
        # former state (the German Federal Republic) is not today's ISO 'DEU'.
        if state["last_year"] == version:
            matches = [c for c in coco if re.search(c["regex"], state["name"], re.IGNORECASE)]
            if len(matches) == 1 and "iso_alpha3" not in extra[code]:
                match = matches[0]
                row["iso_alpha3"] = match["ISO3"]
                row["gw_code"] = str(int(float(match["GWcode"]))) if match["GWcode"] else ""
                forms += [match["name_short"], match["name_official"]]
        for kind in ("iso_alpha2", "iso_alpha3", "gw_code", "capital", "demonym"):
            if extra[code][kind]:
                row[kind] = extra[code][kind][0]
        country = pycountry.countries.get(alpha_3=row["iso_alpha3"]) if row["iso_alpha3"] else None
        # pycountry is ISO 3166: a code it does not know (Kosovo's user-assigned 'XKX') is not one.
        row["iso_alpha3"] = country.alpha_3 if country else ""
        row["iso_alpha2"] = row["iso_alpha2"] or (country.alpha_2 if country else "")
        if country is not None:
            forms += [country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")]
            try:
                info = CountryInfo(row["iso_alpha2"]).info()
            except KeyError:
                info = {}
            if info.get("ISO", {}).get("alpha3") == row["iso_alpha3"]:
                row["capital"] = row["capital"] or info.get("capital") or ""
                row["demonym"] = row["demonym"] or info.get("demonym") or ""
                # Names only: its two- and three-letter codes are ISO's, already in their columns.
                forms += [s for s in info.get("altSpellings") or () if len(s) > 3 and not s.isupper()]
        forms += extra[code]["short_form"]
        row["wikidata"] = qids.get(code, "")
        seen = {_key(state["name"])}
        kept = []
        for form in forms:
            form = (form or "").strip()
            if form and _key(form) and _key(form) not in seen and form.isascii():
                seen.add(_key(form))
                kept.append(form)
        row["short_forms"] = kept
        rows.append(row)
    # A short form two states share names neither ("Korea": 730 until 1905, 731 and 732 now).
    owners: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        for form in row["short_forms"]:
            owners[_key(form)].add(row["cow_code"])
    for row in rows:
        row["short_forms"] = "|".join(f for f in row["short_forms"] if len(owners[_key(f)]) == 1)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cow_states", type=Path, help="the COW state list, states2016 (cow-states-2016.csv)")
    parser.add_argument("mondial", type=Path, nargs="?", help="mondial-sameas.n3, for the Wikidata QIDs")
    parser.add_argument("--out", type=Path, default=HERE / "states.csv")
    args = parser.parse_args()
    rows = build(args.cow_states, args.mondial)
    with args.out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{args.out}: {len(rows)} states, {sum(1 for r in rows if r['iso_alpha3'])} with ISO codes, "
          f"{sum(1 for r in rows if r['wikidata'])} with a Wikidata QID")


if __name__ == "__main__":
    main()
