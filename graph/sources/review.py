"""Review extracted candidates: accept, reject or edit them, then load the accepted ones.

Decisions come from the interactive terminal review (``actorkg review FILE``), from a CSV
file a reviewer filled in a spreadsheet (``extract --csv`` writes it, ``review --csv``
reads it back), or from ``--accept``/``--reject`` lists. Nothing reaches the store before
that: then the accepted statements (with their source, claims and the new actors they
use) are added to the source's own named graph, the rejected candidates' keys are
remembered on the source (a re-run of ``extract`` does not propose them again), and the
direct edges are re-derived.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import DataError, UsageError
from ..namespaces import AK, RDF, XSD, compact
from ..query.lexicon import Lexicon
from ..store.core import Store
from .candidates import REJECTED_GRAPH, CandidateFile, Row, graph_of
from .mentions import Gazetteer

CSV_COLUMNS = ["number", "decision", "kind", "subject", "object", "time", "qualifiers", "status", "quote", "id"]
TABLE_COLUMNS = ["#", "kind", "subject", "object", "time", "qualifiers", "status", "quote"]
EDITABLE = ("kind", "subject", "object", "time")
# The table shows the start of the first quote; the file, the CSV and JSON have them whole.
QUOTE_WIDTH = 70


@dataclass
class Decisions:
    accept: set[int] = field(default_factory=set)
    reject: set[int] = field(default_factory=set)
    edits: dict[int, dict[str, str]] = field(default_factory=dict)


def fields(row: Row, lexicon: Lexicon) -> dict[str, str]:
    """What a reviewer sees and may edit: kind, subject, object, time."""
    kind = lexicon.kinds.get(row.kind)
    subject, obj = row.subject_object(kind.subject_role, kind.object_role) if kind else ("", "")
    return {"kind": row.kind_label, "subject": subject, "object": obj, "time": row.when()}


def status(row: Row) -> str:
    if row.corroborates:
        return "corroborates " + ", ".join(compact(s) for s in row.corroborates)
    return "new claim"


def table_rows(rows: list[Row], lexicon: Lexicon) -> list[list[str]]:
    out = []
    for row in rows:
        f = fields(row, lexicon)
        new = {row.labels[i] for i in row.new_entities}

        def mark(names: str) -> str:
            return re.sub(r"[^,&]+", lambda m: f"{m.group(0).strip()} (new)" if m.group(0).strip() in new
                          else m.group(0).strip(), names).replace(",", ", ").replace("&", " & ")

        more = f" (+{len(row.quotes) - 1} more)" if len(row.quotes) > 1 else ""
        quote = row.quotes[0] if len(row.quotes[0]) <= QUOTE_WIDTH else row.quotes[0][:QUOTE_WIDTH - 1] + "…"
        out.append([str(row.number), f["kind"], mark(f["subject"]), mark(f["object"]), f["time"],
                    ", ".join(row.qualifiers), status(row), quote + more])
    return out


def to_csv(rows: list[Row], lexicon: Lexicon) -> str:
    """The candidates as a spreadsheet: fill 'decision' with accept or reject (empty:
    undecided), change kind, subject, object or time to edit, read back with review --csv."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        f = fields(row, lexicon)
        writer.writerow([row.number, "", f["kind"], f["subject"], f["object"], f["time"], "; ".join(row.qualifiers),
                         status(row), " | ".join(row.quotes), row.iri])
    return buffer.getvalue()


def decisions_from_csv(path: Path, rows: list[Row], lexicon: Lexicon) -> Decisions:
    by_iri = {r.iri: r for r in rows}
    decisions = Decisions()
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = {"decision", "id"} - set(reader.fieldnames or ())
            if missing:
                raise DataError(f"{path}:1: no column {', '.join(sorted(missing))}",
                                "use the CSV 'actorkg extract --csv' wrote, with its header row")
            for line, record in enumerate(reader, 2):
                row = by_iri.get((record.get("id") or "").strip())
                if row is None:
                    raise DataError(f"{path}:{line}: id '{record.get('id')}' is not a candidate of this file",
                                    "keep the id column as extract wrote it")
                decision = (record.get("decision") or "").strip().lower()
                if decision in ("a", "accept", "y", "yes"):
                    decisions.accept.add(row.number)
                elif decision in ("r", "reject", "n", "no"):
                    decisions.reject.add(row.number)
                elif decision not in ("", "s", "skip"):
                    raise DataError(f"{path}:{line}: decision '{decision}' is not accept, reject or empty")
                before = fields(row, lexicon)
                changed = {k: (record.get(k) or "").strip() for k in EDITABLE
                           if k in record and (record.get(k) or "").strip() != before[k]}
                if changed and row.number in decisions.accept:
                    decisions.edits[row.number] = changed
    except OSError as e:
        raise DataError(f"{path}: cannot read it ({e.strerror})") from None
    return decisions


def parse_numbers(text: str | None, rows: list[Row]) -> set[int]:
    """'1,3-5' or 'all' -> candidate numbers."""
    if not text:
        return set()
    if text.strip().lower() == "all":
        return {r.number for r in rows}
    out = set()
    for part in text.split(","):
        m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not m:
            raise UsageError(f"'{part.strip()}' is not a candidate number or range", "write e.g. 1,3-5 or all")
        out.update(range(int(m.group(1)), int(m.group(2) or m.group(1)) + 1))
    unknown = sorted(out - {r.number for r in rows})
    if unknown:
        raise UsageError(f"no candidate {unknown[0]}", f"the file has candidates 1 to {len(rows)}")
    return out


# --- applying decisions -------------------------------------------------------------------

@dataclass
class ReviewReport:
    graph: str
    accepted: int
    rejected: int
    undecided: int
    corroborating: int
    triples: int


def apply(candidates: CandidateFile, decisions: Decisions, store: Store, lexicon: Lexicon) -> ReviewReport:
    """Load the accepted candidates (edited as asked) into the source's named graph and
    remember the rejected ones; one write, then the edges are re-derived."""
    from ..store.load import mark_derived_stale, refresh_derived

    both = decisions.accept & decisions.reject
    if both:
        raise UsageError(f"candidate {min(both)} is both accepted and rejected")
    rows = {r.number: r for r in candidates.rows}
    accepted = [rows[n] for n in sorted(decisions.accept)]
    triples = candidates.triples_of(accepted)
    if decisions.edits:
        gazetteer = Gazetteer(store)
        for number, edit in decisions.edits.items():
            triples = _edit(triples, rows[number], edit, lexicon, gazetteer)
    graph = graph_of(candidates.source)
    contents: dict[str, list[ox.Triple]] = {}
    if accepted:
        existing = [q.triple for q in store.quads() if q.graph_name.value == graph] if hasattr(store, "quads") else []
        contents[graph] = list(dict.fromkeys(existing + triples))
    rejected = [rows[n] for n in sorted(decisions.reject)]
    if rejected:
        old = [q.triple for q in store.quads() if q.graph_name.value == REJECTED_GRAPH]
        new = [ox.Triple(ox.NamedNode(candidates.source), ox.NamedNode(AK + "rejectedCandidate"), ox.Literal(r.key))
               for r in rejected]
        contents[REJECTED_GRAPH] = list(dict.fromkeys(old + new))
    if contents:
        mark_derived_stale(store, contents)
        if accepted:
            refresh_derived(store)
    undecided = len(rows) - len(decisions.accept) - len(decisions.reject)
    return ReviewReport(graph, len(accepted), len(rejected), undecided,
                        sum(1 for r in accepted if r.corroborates), len(contents.get(graph, ())))


def _edit(triples: list[ox.Triple], row: Row, edit: dict[str, str], lexicon: Lexicon,
          gazetteer: Gazetteer) -> list[ox.Triple]:
    """The row's statement rewritten: another kind (roles carried over), other participants
    (resolved through the registry), another time."""
    node = ox.NamedNode(row.iri)
    old_kind = lexicon.kinds[row.kind]
    kind = old_kind
    if "kind" in edit:
        wanted = edit["kind"].casefold()
        kind = next((k for k in lexicon.kinds.values() if k.label.casefold() == wanted
                     or k.iri.removeprefix(AK).casefold() == wanted), None)
        if kind is None:
            raise UsageError(f"candidate {row.number}: no relation kind '{edit['kind']}'",
                             "use a kind's label, e.g. support, arms transfer, strategic alliance")
    subjects = row.roles.get(old_kind.subject_role, [])
    objects = row.roles.get(old_kind.object_role, [])
    if old_kind.symmetric:
        subjects, objects = subjects[:1], subjects[1:]
    if "subject" in edit:
        subjects = _resolve(edit["subject"], gazetteer, row)
    if "object" in edit:
        objects = _resolve(edit["object"], gazetteer, row)
    mine = [t for t in triples if t.subject == node]
    rest = [t for t in triples if t.subject != node]
    roles = {old_kind.subject_role, old_kind.object_role}
    time_props = {AK + "start", AK + "end", AK + "pointInTime"}
    kept = [t for t in mine if t.predicate.value not in roles and not (t.predicate.value == RDF + "type")
            and not ("time" in edit and t.predicate.value in time_props)]
    kept.append(ox.Triple(node, ox.NamedNode(RDF + "type"), ox.NamedNode(kind.iri)))
    if kind.symmetric:
        kept += [ox.Triple(node, ox.NamedNode(kind.subject_role), ox.NamedNode(i)) for i in subjects + objects]
    else:
        kept += [ox.Triple(node, ox.NamedNode(kind.subject_role), ox.NamedNode(i)) for i in subjects]
        kept += [ox.Triple(node, ox.NamedNode(kind.object_role), ox.NamedNode(i)) for i in objects]
    if "time" in edit:
        kept += _time_triples(node, edit["time"], row)
    return rest + kept


def _resolve(names: str, gazetteer: Gazetteer, row: Row) -> list[str]:
    out = []
    for name in re.split(r"\s*[,&]\s*", names.strip()):
        if not name:
            continue
        by_label = {label.casefold(): iri for iri, label in row.labels.items()}
        entity = gazetteer.entity(name)
        iri = entity.iri if entity else by_label.get(name.casefold())
        if iri is None:
            raise UsageError(f"candidate {row.number}: no actor '{name}' in the registry",
                             "give a name the registry knows (actorkg actors), or one the candidate already uses")
        out.append(iri)
    return out


def _time_triples(node: ox.NamedNode, text: str, row: Row) -> list[ox.Triple]:
    text = text.strip()
    if not text:
        return []
    m = re.fullmatch(r"(\d{4})?\s*(-)?\s*(\d{4})?", text)
    if not m or not (m.group(1) or m.group(3)):
        raise UsageError(f"candidate {row.number}: time '{text}' is not YEAR, YEAR- , -YEAR or YEAR-YEAR")

    def year(prop: str, value: str) -> ox.Triple:
        return ox.Triple(node, ox.NamedNode(AK + prop), ox.Literal(value, datatype=ox.NamedNode(XSD + "gYear")))

    if not m.group(2):
        return [year("pointInTime", m.group(1) or m.group(3))]
    return [year(p, v) for p, v in (("start", m.group(1)), ("end", m.group(3))) if v]


def interactive(rows: list[Row], lexicon: Lexicon, ask, say) -> Decisions:
    """Ask about each candidate in turn: ``ask(prompt, default) -> answer`` reads a line,
    ``say`` prints. Answers: a(ccept), r(eject), e(dit), s(kip), q(uit: the rest stay undecided)."""
    decisions = Decisions()
    for row, cells in zip(rows, table_rows(rows, lexicon)):
        say(f"\n[{row.number}/{len(rows)}] {cells[1]}: {cells[2]} -> {cells[3]}"
            + (f"  ({cells[4]})" if cells[4] else "") + (f"  qualifiers: {cells[5]}" if cells[5] else "")
            + f"  [{cells[6]}]")
        for quote in row.quotes:
            say(f'    "{quote}"')
        while True:
            answer = (ask("accept, reject, edit, skip or quit? [a/r/e/s/q]", "s") or "").strip().lower()[:1]
            if answer in ("a", "r", "s", "q", "e"):
                break
            say("please answer a, r, e, s or q")
        if answer == "q":
            break
        if answer == "a":
            decisions.accept.add(row.number)
        elif answer == "r":
            decisions.reject.add(row.number)
        elif answer == "e":
            current = fields(row, lexicon)
            edit = {}
            for name in EDITABLE:
                value = (ask(f"{name} [{current[name]}]", "") or "").strip()
                if value and value != current[name]:
                    edit[name] = value
            decisions.accept.add(row.number)
            if edit:
                decisions.edits[row.number] = edit
    return decisions


# --- the commands' one call each ------------------------------------------------------------

@dataclass
class ExtractReport:
    """What ``actorkg extract`` wrote: the candidates file (valid against the shapes), its rows
    as the review table shows them, and what was left out."""

    target: Path
    source: str
    columns: list[str]
    table: list[list[str]]
    records: list[dict]
    already_loaded: int
    rejected_before: int


def extract_to_file(store: Store, file: Path, out: Path | None = None, grade: str = "F", title: str | None = None,
                    date: str | None = None, csv_out: Path | None = None) -> ExtractReport:
    """Extract candidates from ``file`` with ``store``'s registry, write them as Turtle to
    ``out`` (default: FILE's name with .candidates.ttl, here) and, if asked, as a CSV to fill
    in. The Turtle is checked against the shapes; nothing is written to the store."""
    from ..files import write_atomically
    from ..query.lexicon import lexicon
    from ..store.validate import validate_files
    from .candidates import extract_file, to_turtle

    if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise UsageError(f"--date '{date}' is not YYYY-MM-DD")
    result = extract_file(file, store, grade, title, date)
    target = out or Path(file.name).with_suffix("").with_suffix(".candidates.ttl")
    write_atomically(target, to_turtle(result.triples))
    violations = validate_files([target], include_article=False)
    if violations:
        raise UsageError(f"{target}: the candidates do not validate ({violations[0].focus}: {violations[0].message})")
    rows = CandidateFile(target).rows
    words = lexicon(store)
    if csv_out is not None:
        write_atomically(csv_out, to_csv(rows, words).encode("utf-8"))
    table = table_rows(rows, words)
    return ExtractReport(target, result.document.source_id, TABLE_COLUMNS, table,
                         [dict(zip(TABLE_COLUMNS, cells), id=row.iri, quotes=row.quotes)
                          for row, cells in zip(rows, table)],
                         result.already_loaded, result.rejected_before)


def review_file(store: Store, file: Path, accept: str | None = None, reject: str | None = None,
                csv_in: Path | None = None, ask=None, say=None) -> ReviewReport:
    """Decide on the candidates in ``file`` (by ``csv_in``, by the ``accept``/``reject``
    lists, else one by one through ``ask``/``say``) and load the accepted ones."""
    from ..query.lexicon import lexicon

    candidates = CandidateFile(file)
    words = lexicon(store)
    if csv_in is not None:
        decisions = decisions_from_csv(csv_in, candidates.rows, words)
    elif accept or reject:
        decisions = Decisions(parse_numbers(accept, candidates.rows), parse_numbers(reject, candidates.rows))
    else:
        decisions = interactive(candidates.rows, words, ask, say)
    return apply(candidates, decisions, store, words)
