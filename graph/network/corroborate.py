"""Put each claim of a text (the bundled article, or any article extracted, reviewed and
loaded) next to what the imported datasets say.

For every statement of a claim, the datasets' statements about the same participants are
gathered and a verdict is computed from them; nothing is hard-coded per claim. What
counts as evidence is read from the ontology's kind declarations:

* same relation: a dataset statement whose kind yields the same direct edge (ak:edge)
  with the same participants in the same roles (a SIPRI arms transfer for an arms claim,
  an ATOP treaty alliance for a strategic alliance);
* support: a claim of support of unstated type is backed by any kind that counts as
  support (ak:countsAsSupport: arms, troops, treaty alliance); a typed one by that type;
* conflict: a claim of a kind with polarity -1 between two actors is backed by a dataset
  statement of a kind that implies armed conflict (ak:impliesConflict, or the ak:Conflict
  edge) between them, in the claim's year if it has one; an attack on a place by a
  conflict of the attacker about that place (UCDP territory);
* closer relations: new cooperation (polarity +1) from the claim's start year on;
* treaties: memberships and obligations of a dataset treaty that is ``skos:closeMatch``
  of the article's treaty (ATOP 4220 for the collective security treaty);
* non-intervention: the datasets record the conflict the beneficiary fought that year,
  and the bystander is not among its supporters.

Verdicts: corroborated (evidence found), contradicted (a dataset that covers the case
says otherwise: e.g. no delivery in the claimed year although the deal series is there,
a member that had left, a supporter that was in fact fighting), no data (the datasets do
not speak to it). A claim is corroborated or contradicted when its checked statements
agree, partly corroborated when they disagree, no data when none could be checked.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from ..namespaces import AK, compact
from ..query.results import to_python
from ..store.core import Store
from ..store.sparql import with_values

CORROBORATED, CONTRADICTED, NO_DATA, PARTLY = "corroborated", "contradicted", "no data", "partly corroborated"

PREFIXES = """PREFIX ak:   <https://w3id.org/actorkg/ontology#>
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

_KINDS = PREFIXES + """
SELECT ?kind ?label ?polarity ?edge ?subjectRole ?objectRole ?support ?conflict ?supportType WHERE {
  ?kind ak:polarity ?polarity ; ak:edge ?edge ; ak:subjectRole ?subjectRole ; ak:objectRole ?objectRole ;
        ak:shortLabel ?label .
  OPTIONAL { ?kind ak:countsAsSupport ?support } OPTIONAL { ?kind ak:impliesConflict ?conflict }
  OPTIONAL { ?kind ak:supportType ?supportType }
}"""

_CLAIMS = PREFIXES + """
SELECT ?source ?claim ?number ?text ?statement ?kind ?p ?o WHERE {
  ?claim a ak:Claim ; ak:claimNumber ?number ; rdfs:label ?text ; prov:wasDerivedFrom ?source .
  ?source a ak:TextSource .
  ?statement ak:claim ?claim ; a ?kind ; ?p ?o .
  ?kind ak:polarity ?polarity .
}"""

_BETWEEN = PREFIXES + """
SELECT DISTINCT ?statement WHERE {
  ?statement ?roleX ?x ; ?roleY ?y ; prov:wasDerivedFrom ?source .
  ?source a ak:Dataset .
  ?statement a ?kind . ?kind ak:polarity ?polarity .
}"""

_INVOLVING = PREFIXES + """
SELECT DISTINCT ?statement WHERE {
  ?statement ?role ?x ; prov:wasDerivedFrom ?source .
  ?source a ak:Dataset .
  ?statement a ?kind . ?kind ak:polarity ?polarity .
}"""

_KNOWN = PREFIXES + "ASK { ?statement ?role ?x ; prov:wasDerivedFrom ?source . ?source a ak:Dataset }"

_MATCHES = PREFIXES + """
SELECT DISTINCT ?match WHERE { { ?match skos:closeMatch ?x } UNION { ?x skos:closeMatch ?match } }"""

_TREATY_STATEMENTS = PREFIXES + """
SELECT DISTINCT ?statement WHERE {
  ?statement ak:treaty ?treaty ; prov:wasDerivedFrom ?source . ?source a ak:Dataset .
  ?statement a ?kind . FILTER(?kind IN (ak:TreatyMembership, ak:TreatyObligation))
}"""

_SUPPLIERS = PREFIXES + """
SELECT ?supplier (COUNT(DISTINCT ?deal) AS ?deals) (SUM(?value) AS ?tiv) WHERE {
  ?deal a ak:ArmsTransfer ; ak:recipient ?recipient ; ak:supplier ?supplier ; prov:wasDerivedFrom ?source .
  ?source a ak:Dataset .
  OPTIONAL { ?deal ak:tiv ?tivValue }
  BIND(COALESCE(?tivValue, 0) AS ?value)
}
GROUP BY ?supplier"""

_SOURCES = PREFIXES + """
SELECT ?source ?title ?start ?end WHERE {
  ?source a ak:Dataset ; dcterms:title ?title .
  OPTIONAL { ?source ak:coverageStart ?start } OPTIONAL { ?source ak:coverageEnd ?end }
}"""

_TEXTS = PREFIXES + """
SELECT ?source ?label ?date WHERE {
  ?source a ak:TextSource . OPTIONAL { ?source rdfs:label ?label } OPTIONAL { ?source dcterms:modified ?date }
}"""

_TEXT_ACTORS = PREFIXES + """
SELECT DISTINCT ?a WHERE { ?s prov:wasDerivedFrom ?text ; ?role ?a . ?a a ?t . ?t rdfs:subClassOf* ak:Actor }"""


def _in_term_order(rows: list[dict]) -> list[dict]:
    """Rows sorted by their terms: engines return a statement's values (its two parties) in
    orders of their own, and the first party is the one a finding names first."""
    return sorted(rows, key=lambda row: sorted((name, str(term)) for name, term in row.items()))


def _year(value) -> int | None:
    text = None if value is None else str(to_python(value))
    return int(text[:4]) if text and text[:4].isdigit() else None


@dataclass
class Kind:
    iri: str
    label: str
    polarity: int
    edge: str
    subject_role: str
    object_role: str
    support: bool
    conflict: bool
    support_type: str | None

    @property
    def symmetric(self) -> bool:
        return self.subject_role == self.object_role


@dataclass
class Statement:
    """A statement node with its properties (IRI -> list of values)."""

    iri: str
    kind: str
    props: dict[str, list] = field(default_factory=dict)

    def values(self, prop: str) -> list:
        return self.props.get(AK + prop, [])

    def one(self, prop: str):
        values = self.values(prop)
        return values[0] if values else None

    def iris(self, prop: str) -> list[str]:
        return [v.value for v in self.values(prop) if isinstance(v, ox.NamedNode)]

    @property
    def start(self) -> int | None:
        return _year(self.one("start") or self.one("pointInTime"))

    @property
    def end(self) -> int | None:
        return _year(self.one("end") or self.one("pointInTime"))

    def in_force(self, year: int | None) -> bool:
        if year is None:
            return True
        return (self.start is None or self.start <= year) and (self.end is None or self.end >= year)

    @property
    def source(self) -> str:
        values = self.props.get("http://www.w3.org/ns/prov#wasDerivedFrom", [])
        return values[0].value if values else ""


@dataclass
class Finding:
    statement: str
    kind: str
    says: str
    verdict: str
    reason: str
    records: list[dict] = field(default_factory=list)
    context: list[str] = field(default_factory=list)


@dataclass
class ClaimResult:
    number: int
    text: str
    verdict: str
    findings: list[Finding] = field(default_factory=list)
    source: str = ""  # the text source the claim is from
    source_label: str = ""

    @property
    def sources(self) -> list[str]:
        return sorted({r["source"] for f in self.findings for r in f.records})


class Corroborator:
    def __init__(self, store: Store, sources: set[str] | None = None):
        self.store = store
        self.sources = sources
        self.kinds = {}
        for row in store.query(_KINDS).rows:
            self.kinds[row["kind"].value] = Kind(
                row["kind"].value, row["label"].value, int(row["polarity"].value), row["edge"].value,
                row["subjectRole"].value, row["objectRole"].value,
                row.get("support") is not None and row["support"].value == "true",
                row.get("conflict") is not None and row["conflict"].value == "true",
                row["supportType"].value if "supportType" in row else None)
        self.coverage = {}
        self.titles = {}
        for row in store.query(_SOURCES).rows:
            self.titles[row["source"].value] = row["title"].value
            self.coverage[row["source"].value] = (_year(row.get("start")), _year(row.get("end")))
        self.labels = {}
        self._cache: dict[str, Statement] = {}
        self.texts = {r["source"].value: (r["label"].value if "label" in r else compact(r["source"].value),
                                          _year(r.get("date"))) for r in store.query(_TEXTS).rows}
        self.text = ""  # the text whose claims are being checked (set per claim)

    # -- data access -----------------------------------------------------------------------
    def label(self, iri: str) -> str:
        if iri not in self.labels:
            rows = self.store.query(PREFIXES + "SELECT ?l WHERE { ?x rdfs:label ?l }", {"x": ox.NamedNode(iri)}).rows
            self.labels[iri] = rows[0]["l"].value if rows else compact(iri)
        return self.labels[iri]

    def load(self, iris) -> list[Statement]:
        iris = list(dict.fromkeys(iris))
        todo = [i for i in dict.fromkeys(iris) if i not in self._cache]
        for chunk in range(0, len(todo), 400):
            part = todo[chunk:chunk + 400]
            values = " ".join(str(ox.NamedNode(i)) for i in part)
            text = PREFIXES + "SELECT ?s ?p ?o WHERE { VALUES ?s { %s } ?s ?p ?o }" % values
            found: dict[str, Statement] = {i: Statement(i, "") for i in part}
            for row in _in_term_order(self.store.query(text).rows):
                st = found[row["s"].value]
                st.props.setdefault(row["p"].value, []).append(row["o"])
                if row["p"].value.endswith("#type") and row["o"].value in self.kinds:
                    st.kind = row["o"].value
            self._cache.update(found)
        out = [self._cache[i] for i in dict.fromkeys(iris)]
        return [s for s in out if s.kind and (self.sources is None or s.source in self.sources)]

    def between(self, x: str, y: str, kinds: set[str] | None = None) -> list[Statement]:
        return self._statements(_BETWEEN, {"x": ox.NamedNode(x), "y": ox.NamedNode(y)}, kinds)

    def involving(self, x: str, kinds: set[str] | None = None) -> list[Statement]:
        return self._statements(_INVOLVING, {"x": ox.NamedNode(x)}, kinds)

    def _statements(self, query: str, bindings: dict, kinds: set[str] | None) -> list[Statement]:
        """The dataset statements ``query`` finds, only of ``kinds`` if given: a state such as
        Russia has thousands of arms deals, which a conflict check need not read."""
        if kinds is not None:
            query = with_values(query, "kind", [ox.NamedNode(k) for k in sorted(kinds)])
        return self.load(r["statement"].value for r in self.store.query(query, bindings).rows)

    def matches(self, entity: str) -> list[str]:
        rows = self.store.query(_MATCHES, {"x": ox.NamedNode(entity)}).rows
        return [entity] + [r["match"].value for r in rows]

    def record(self, st: Statement) -> dict:
        kind = self.kinds[st.kind]
        parts = []
        for role in dict.fromkeys([kind.subject_role, kind.object_role]):
            parts.append(" / ".join(self.label(i) for i in st.iris(role.rsplit("#", 1)[-1])))
        years = _span(st.start, st.end)
        return {"statement": st.iri, "kind": kind.label, "source": st.source,
                "dataset": self.titles.get(st.source, compact(st.source)),
                "record": "; ".join(str(v.value) for v in st.values("recordId")),
                "what": f"{kind.label}: {' -> '.join(parts) if not kind.symmetric else ' - '.join(parts)}"
                        + (f" ({years})" if years else ""),
                "details": _details(st, self)}

    def covers(self, kinds: set[str], year: int | None) -> list[str]:
        """Titles of datasets holding statements of ``kinds`` whose coverage includes ``year``."""
        out = []
        for source, (start, end) in self.coverage.items():
            if self.sources is not None and source not in self.sources:
                continue
            if year is not None and start is not None and end is not None and not (start <= year <= end):
                continue
            if self.store.query(PREFIXES + "ASK { ?s prov:wasDerivedFrom ?src ; a ?k . FILTER(?k IN (%s)) }"
                                % ", ".join(str(ox.NamedNode(k)) for k in kinds), {"src": ox.NamedNode(source)}):
                out.append(self.titles[source])
        return out

    # -- checks ----------------------------------------------------------------------------
    def check(self, st: Statement) -> Finding:
        kind = self.kinds[st.kind]
        subj = st.iris(kind.subject_role.rsplit("#", 1)[-1])
        obj = st.iris(kind.object_role.rsplit("#", 1)[-1])
        if kind.symmetric:
            subj, obj = subj[:1], subj[1:2]
        # A one-off claim is checked in its year; a relation with only a start is not
        # restricted (closer relations compare the start themselves).
        year = _year(st.one("pointInTime"))
        says = self.says(st, kind, subj, obj)
        finding = Finding(st.iri, kind.label, says, NO_DATA, "")
        if not subj or not obj:
            finding.reason = "the statement lacks a participant"
            return finding
        s, o = subj[0], obj[0]
        name = kind.iri.rsplit("#", 1)[-1]
        if name == "ArmsTransfer":
            return self.arms(finding, s, o, year)
        if name in ("TreatyMembership", "TreatyObligation"):
            return self.treaty(finding, st, kind, s, o)
        if name == "NonIntervention":
            return self.non_intervention(finding, s, o, year or self.article_year)
        if kind.polarity < 0:
            return self.conflict(finding, st, kind, s, o, year)
        if kind.support or kind.polarity > 0:
            return self.cooperation(finding, st, kind, s, o, year)
        return self.same_relation(finding, kind, s, o, year)

    def says(self, st: Statement, kind: Kind, subj: list[str], obj: list[str]) -> str:
        sep = " - " if kind.symmetric else " -> "
        when = _span(st.start, st.end)
        return (f"{kind.label}: {', '.join(self.label(i) for i in subj)}{sep}"
                f"{', '.join(self.label(i) for i in obj)}" + (f" ({when})" if when else ""))

    def same_relation(self, finding: Finding, kind: Kind, s: str, o: str, year: int | None) -> Finding:
        found = [x for x in self.between(s, o) if self.kinds[x.kind].edge == kind.edge and x.in_force(year)]
        if found:
            finding.verdict, finding.reason = CORROBORATED, f"{len(found)} dataset record(s) of the same relation"
            finding.records = [self.record(x) for x in sorted(found, key=lambda x: (x.start or 0, x.iri))]
        else:
            finding.reason = "no dataset records this kind of relation between them"
        return finding

    def arms(self, finding: Finding, supplier: str, recipient: str, year: int | None) -> Finding:
        deals = [x for x in self.between(supplier, recipient, {AK + "ArmsTransfer"})
                 if supplier in x.iris("supplier") and recipient in x.iris("recipient")]
        suppliers = self.suppliers(recipient)
        finding.records = [self.record(x) for x in sorted(deals, key=lambda d: (d.start or 0, d.iri))]
        if not deals:
            if suppliers:
                finding.verdict = CONTRADICTED
                finding.reason = (f"{sum(d for _, d, _ in suppliers)} arms deals to {self.label(recipient)} are "
                                  f"recorded, none from {self.label(supplier)}")
            else:
                finding.reason = f"no arms transfers to {self.label(recipient)} are recorded"
            return finding
        tiv = sum((Decimal(str(x.one("tiv").value)) for x in deals if x.one("tiv") is not None), Decimal(0))
        orders = sorted(x.start for x in deals if x.start)
        deliveries = sorted({_year(v) for x in deals for v in x.values("deliveryYear")})
        kinds = Counter(str(x.one("weaponDescription").value) for x in deals if x.one("weaponDescription"))
        rank = next((i for i, (iri, _, _) in enumerate(suppliers, 1) if iri == supplier), None)
        total = sum(t for _, _, t in suppliers) or Decimal(1)
        finding.context = [
            f"{len(deals)} deals, ordered {orders[0]}-{orders[-1]}" if orders else f"{len(deals)} deals",
            f"deliveries {deliveries[0]}-{deliveries[-1]}" if deliveries else "no deliveries recorded",
            f"TIV delivered {tiv:,.1f} million ({100 * tiv / total:.0f}% of all recorded transfers to "
            f"{self.label(recipient)})",
            f"rank {rank} of {len(suppliers)} suppliers of {self.label(recipient)} by TIV delivered: "
            + ", ".join(f"{self.label(i)} {t:,.0f}" for i, _, t in suppliers[:5]),
            "weapons: " + ", ".join(f"{k} ({n})" for k, n in kinds.most_common()),
        ]
        if year is None:
            finding.verdict, finding.reason = CORROBORATED, f"{len(deals)} recorded deal(s)"
            return finding
        active = [x for x in deals if year in {_year(v) for v in x.values("deliveryYear")} or x.start == year]
        if active:
            finding.verdict = CORROBORATED
            finding.reason = f"{len(active)} deal(s) ordered or delivered in {year}"
            finding.records = [self.record(x) for x in active]
            return finding
        covering = self.covers({AK + "ArmsTransfer"}, year)
        if covering:
            finding.verdict = CONTRADICTED
            finding.reason = (f"no deal from {self.label(supplier)} to {self.label(recipient)} ordered or delivered "
                              f"in {year} although {covering[0]} covers {year} (last delivery "
                              f"{deliveries[-1] if deliveries else 'none'}); it records major conventional "
                              f"weapons only")
        else:
            finding.reason = f"no dataset of arms transfers covers {year}"
        return finding

    def suppliers(self, recipient: str) -> list[tuple[str, int, Decimal]]:
        """(supplier, deals, TIV delivered) of every supplier of ``recipient``, largest first."""
        rows = self.store.query(_SUPPLIERS, {"recipient": ox.NamedNode(recipient)}).rows
        out = [(r["supplier"].value, int(r["deals"].value), Decimal(r["tiv"].value)) for r in rows]
        return sorted(out, key=lambda x: (-x[2], -x[1], x[0]))

    def treaty(self, finding: Finding, st: Statement, kind: Kind, s: str, o: str) -> Finding:
        treaty = s if kind.iri.endswith("TreatyObligation") else o
        matches = [m for m in self.matches(treaty) if m != treaty]
        if not matches:
            finding.reason = "no dataset treaty is linked to this treaty"
            return finding
        rows = []
        for m in matches:
            rows += [r["statement"].value for r in self.store.query(_TREATY_STATEMENTS, {"treaty": ox.NamedNode(m)}).rows]
        records = self.load(rows)
        at = self.texts.get(self.text, ("", None))[1]
        if kind.iri.endswith("TreatyObligation"):
            wanted = st.iris("obligationType")
            found = [x for x in records if x.kind == AK + "TreatyObligation" and set(wanted) & set(x.iris("obligationType"))]
            members = [x for x in records if x.kind == AK + "TreatyMembership"]
            carrying = [x for x in members if set(wanted) & set(x.iris("memberObligation"))]
            finding.records = [self.record(x) for x in sorted(found, key=lambda x: (x.start or 0, x.iri))]
            finding.context = [f"{len(carrying)} of {len(members)} member records carry this obligation"]
            if found or carrying:
                finding.verdict = CORROBORATED
                finding.reason = f"{', '.join(self.label(m) for m in matches)} codes the obligation"
            elif any(x.kind == AK + "TreatyObligation" for x in records):
                finding.verdict = CONTRADICTED
                finding.reason = "the linked treaty is coded without this obligation"
            return finding
        members = [x for x in records if x.kind == AK + "TreatyMembership"]
        own = [x for x in members if s in x.iris("member")]
        text_actors = self.text_actors()
        finding.records = [self.record(x) for x in sorted(own, key=lambda x: x.start or 0)]
        finding.context = [f"{self.label(m)}: {len({i for x in members for i in x.iris('member')})} members over time"
                           for m in matches]
        others = [x for x in members if set(x.iris("member")) & text_actors and s not in x.iris("member")]
        for x in sorted(others, key=lambda x: (self.label(x.iris("member")[0]), x.start or 0)):
            finding.context.append(f"also a member: {self.label(x.iris('member')[0])} {_span(x.start, x.end)} "
                                   f"[{'; '.join(str(v.value) for v in x.values('recordId'))}]")
        current = [x for x in own if x.end is None or (at is not None and x.end >= at)]
        if current:
            finding.verdict = CORROBORATED
            finding.reason = f"member since {min(x.start for x in current if x.start)}, in force when the data end"
        elif own:
            finding.verdict = CONTRADICTED
            finding.reason = f"member only {', '.join(_span(x.start, x.end) for x in own)}"
        elif members:
            finding.verdict = CONTRADICTED
            finding.reason = "not among the treaty's members"
        return finding

    def text_actors(self) -> set[str]:
        """The actors the claims' text names (a treaty's other members worth showing)."""
        rows = self.store.query(_TEXT_ACTORS, {"text": ox.NamedNode(self.text)}).rows
        return {r["a"].value for r in rows}

    def conflict(self, finding: Finding, st: Statement, kind: Kind, s: str, o: str, year: int | None) -> Finding:
        armed = {k for k, v in self.kinds.items() if v.conflict or v.edge == AK + "inConflictWith"}
        place = self.is_place(o)
        if place:
            candidates = [x for x in self.involving(s, armed) if o in x.iris("about")]
        else:
            candidates = self.between(s, o, armed)
        found = [x for x in candidates if x.in_force(year)]
        if found:
            finding.verdict = CORROBORATED
            finding.reason = (f"{len(found)} record(s) of armed conflict or militarized dispute"
                              + (f" in {year}" if year else ""))
            finding.records = [self.record(x) for x in sorted(found, key=lambda x: (x.start or 0, x.iri))]
            initiators = {i for x in found for i in x.iris("initiator")}
            if initiators and kind.iri.endswith("Attack"):
                finding.context.append("coded initiator(s): " + ", ".join(self.label(i) for i in initiators))
            return finding
        if candidates:
            finding.context = [f"records in other years: {', '.join(sorted({_span(x.start, x.end) for x in candidates}))}"]
        # Silence speaks only of actors the datasets know: an actor a text introduced (new to
        # the registry) has no records to be absent from.
        if year is not None and kind.conflict and self.covers(armed, year) and self.known(s) and self.known(o):
            finding.verdict = CONTRADICTED
            finding.reason = f"no armed conflict between them is recorded in {year}"
        else:
            finding.reason = ("no dataset records a militarized dispute or armed conflict between them"
                              + (f" in {year}" if year else ""))
        return finding

    def known(self, iri: str) -> bool:
        """Whether any dataset has a statement about ``iri``."""
        return bool(self.store.query(_KNOWN, {"x": ox.NamedNode(iri)}))

    def is_place(self, iri: str) -> bool:
        return bool(self.store.query(PREFIXES + "ASK { ?x a ?t . ?t rdfs:subClassOf* ak:Place }", {"x": ox.NamedNode(iri)}))

    def cooperation(self, finding: Finding, st: Statement, kind: Kind, s: str, o: str, year: int | None) -> Finding:
        candidates = []
        wanted = st.iris("supportType") or ([kind.support_type] if kind.support_type else [])
        unspecified = not wanted or wanted == [AK + "UnspecifiedSupport"]
        for x in self.between(s, o):
            other = self.kinds[x.kind]
            forward = (s in x.iris(other.subject_role.rsplit("#", 1)[-1])
                       and o in x.iris(other.object_role.rsplit("#", 1)[-1]))
            backward = (o in x.iris(other.subject_role.rsplit("#", 1)[-1])
                        and s in x.iris(other.object_role.rsplit("#", 1)[-1]))
            # A symmetric claim (closer relations, alliance) is backed either way round.
            if not (forward or (kind.symmetric and backward)):
                continue
            if other.edge == kind.edge:
                candidates.append(x)
            elif kind.support and other.support and unspecified and kind.iri.endswith("#Support"):
                candidates.append(x)
            elif (kind.iri.endswith("#Support") and other.support
                  and set(wanted) & set(x.iris("supportType") or [other.support_type])):
                candidates.append(x)
            elif not kind.support and other.polarity > 0 and st.start is not None and (x.start or 0) >= st.start:
                candidates.append(x)
        if kind.edge == AK + "militaryPresenceIn":
            candidates += self.basing(s, o)
        found = [x for x in candidates if x.in_force(year)]
        if found:
            finding.verdict = CORROBORATED
            by_kind = Counter(self.kinds[x.kind].label for x in found)
            finding.reason = "; ".join(f"{n} {k} record(s)" for k, n in by_kind.most_common())
            # Records of the claim's own kind first (UCDP troop support for a support claim).
            finding.records = [self.record(x) for x in sorted(found, key=lambda x: (x.kind != kind.iri, x.kind, x.start or 0))]
            bases = sorted({self.label(t) for x in found if x.kind == AK + "TreatyMembership" for t in x.iris("treaty")})
            if kind.edge == AK + "militaryPresenceIn" and bases:
                finding.context.append(f"ATOP codes a basing provision (base > 0) in: {', '.join(bases)}")
        else:
            finding.reason = "no dataset record of this relation" + (f" in {year}" if year else "")
        return finding

    def basing(self, deployer: str, host: str) -> list[Statement]:
        """Memberships of the deployer in treaties with the host that grant bases (ATOP 'base')."""
        text = PREFIXES + """SELECT DISTINCT ?m WHERE {
          ?m a ak:TreatyMembership ; ak:member ?deployer ; ak:treaty ?treaty ; prov:wasDerivedFrom ?src .
          ?n a ak:TreatyMembership ; ak:member ?host ; ak:treaty ?treaty .
          ?treaty ak:basingProvision ?base . FILTER(?base > 0) }"""
        rows = self.store.query(text, {"deployer": ox.NamedNode(deployer), "host": ox.NamedNode(host)}).rows
        return self.load(r["m"].value for r in rows)

    def non_intervention(self, finding: Finding, bystander: str, beneficiary: str, year: int | None) -> Finding:
        armed = {k for k, v in self.kinds.items() if v.conflict or v.edge == AK + "inConflictWith"}
        fights = [x for x in self.involving(beneficiary, armed) if x.in_force(year)]
        if not fights:
            finding.reason = f"no armed conflict of {self.label(beneficiary)} is recorded" + (f" in {year}" if year else "")
            return finding
        # Only the conflicts the beneficiary fought: the bystander intervened in one if the
        # same dataset event shows it fighting the beneficiary's opponents or sending troops
        # to the beneficiary's side.
        enemies = {(e, ev) for x in fights for ev in (x.iris("during") or [None])
                   for e in x.iris("party") if e != beneficiary}
        friends = {(beneficiary, ev) for _, ev in enemies}
        for x in self.involving(beneficiary, {AK + "Support"}):
            if beneficiary in x.iris("supporter") and x.in_force(year):
                friends |= {(r, ev) for r in x.iris("recipient") for ev in (x.iris("during") or [None])}
        took_part = []
        for x in self.involving(bystander, armed | {AK + "Support"}):
            if not x.in_force(year):
                continue
            events = x.iris("during") or [None]
            parties = set(x.iris("party"))
            if x.kind in armed and any((e, ev) in enemies for e in parties for ev in events):
                took_part.append(x)
            elif (x.kind == AK + "Support" and bystander in x.iris("supporter")
                  and any((r, ev) in friends for r in x.iris("recipient") for ev in events)):
                took_part.append(x)
        finding.records = [self.record(x) for x in fights]
        where = f" in {year}" if year else ""
        opponents = ", ".join(sorted({self.label(e) for e, _ in enemies}))
        if took_part:
            finding.verdict = CONTRADICTED
            finding.reason = f"{self.label(bystander)} is recorded taking part in these conflicts{where}"
            finding.records = [self.record(x) for x in took_part] + finding.records
            return finding
        finding.verdict = CORROBORATED
        finding.reason = (f"{len(fights)} record(s) of {self.label(beneficiary)} at war{where} (against {opponents}); "
                          f"{self.label(bystander)} is not among the warring or supporting parties of those conflicts")
        return finding

    # -- claims ----------------------------------------------------------------------------
    def claims(self, numbers: set[int] | None = None, texts: set[str] | None = None) -> list[ClaimResult]:
        """The claims (of ``texts``, source IRIs; default every text), numbered per text."""
        claims: dict[tuple[str, int], ClaimResult] = {}
        statements: dict[tuple[str, int], dict[str, Statement]] = defaultdict(dict)
        for row in _in_term_order(self.store.query(_CLAIMS).rows):
            key = (row["source"].value, int(row["number"].value))
            if numbers and key[1] not in numbers or texts is not None and key[0] not in texts:
                continue
            label = self.texts.get(key[0], (compact(key[0]),))[0]
            claims.setdefault(key, ClaimResult(key[1], row["text"].value, NO_DATA, source=key[0], source_label=label))
            st = statements[key].setdefault(row["statement"].value, Statement(row["statement"].value, row["kind"].value))
            st.props.setdefault(row["p"].value, [])
            if row["o"] not in st.props[row["p"].value]:
                st.props[row["p"].value].append(row["o"])
        for key, result in claims.items():
            self.text = key[0]
            result.findings = [self.check(st) for st in sorted(statements[key].values(), key=lambda s: s.iri)]
            verdicts = {f.verdict for f in result.findings}
            if CORROBORATED in verdicts and CONTRADICTED in verdicts:
                result.verdict = PARTLY
            elif CORROBORATED in verdicts:
                result.verdict = CORROBORATED
            elif CONTRADICTED in verdicts:
                result.verdict = CONTRADICTED
        return [claims[k] for k in sorted(claims)]


def _span(start: int | None, end: int | None) -> str:
    if start is None and end is None:
        return ""
    if start == end:
        return str(start)
    return f"{start or '?'}-{end or ''}"


def _details(st: Statement, c: Corroborator) -> str:
    bits = []
    for prop, label in (("weapon", ""), ("weaponDescription", ""), ("numberOrdered", "ordered "),
                        ("tiv", "TIV "), ("hostilityLevel", "hostility level "), ("battleDeaths", "battle deaths "),
                        ("phase", "phase "), ("qualifier", "")):
        value = st.one(prop)
        if value is not None:
            bits.append(f"{label}{value.value}")
    deliveries = sorted({_year(v) for v in st.values("deliveryYear")})
    if deliveries:
        bits.append("delivered " + ", ".join(map(str, deliveries)))
    obligations = st.iris("memberObligation") + st.iris("obligationType")
    if obligations:
        bits.append("obligations: " + ", ".join(c.label(o) for o in obligations))
    during = st.iris("during")
    if during:
        bits.append("during " + c.label(during[0]))
    return "; ".join(bits)


def corroborate(store: Store, claims: set[int] | None = None, sources=None, warn=None,
                texts=None) -> list[ClaimResult]:
    """Each claim of the texts ``texts`` (names or IRIs of text sources; default every text
    in the store) with a verdict and the dataset records behind it. ``sources`` are the
    datasets to check against, IRIs or names (see ``select_sources``); ``warn`` is told when
    no dataset is imported."""
    from ..errors import UsageError
    from .project import select_sources

    if warn is not None and not store.query(f"ASK {{ ?s a <{AK}Dataset> }}"):
        warn("warning: no dataset is imported in this store, so every verdict is 'no data'; "
             "see 'actorkg import --help'")
    checker = Corroborator(store, select_sources(store, list(sources) if sources else None))
    chosen = select_sources(store, list(texts)) if texts else None
    if chosen is not None and not chosen & checker.texts.keys():
        listing = "; ".join(f"{compact(iri)} ({label})" for iri, (label, _) in checker.texts.items())
        raise UsageError(f"no text source matches {', '.join(repr(t) for t in texts)}",
                         f"the texts in the store: {listing or 'none'}")
    return checker.claims(claims, chosen & checker.texts.keys() if chosen is not None else None)
