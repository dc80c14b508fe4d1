"""Importers, registry and corroboration on small excerpts of the real datasets
(tests/fixtures/datasets: real rows, cut down; the project stays self-contained)."""

from __future__ import annotations

import csv
import errno
import gc
import json
import shutil

import pyoxigraph as ox
import pytest
from actorkg.graph.errors import StoreError

from ..conftest import FIXTURES, quad_strings

DATA = FIXTURES / "datasets"
FILES = {
    "cow-states": "cow-states.csv",
    "wikidata-links": "mondial.n3",
    "atop-member": "atop-member.csv",
    "atop-alliance": "atop-alliance.csv",
    "mid": "mid.csv",
    "cow-wars": "cow-wars.csv",
    "ucdp": "ucdp.csv",
    "sipri": "sipri.csv",
}
AK = "https://w3id.org/actorkg/ontology#"
KG = "https://w3id.org/actorkg/entity/"
PREFIXES = """PREFIX ak: <https://w3id.org/actorkg/ontology#>
PREFIX kg: <https://w3id.org/actorkg/entity/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def import_all(store_path):
    from actorkg.graph.sources.importers import ORDER, import_file
    from actorkg.graph.store.load import open_graph

    store = open_graph(store_path=store_path)
    reports = {kind: import_file(kind, DATA / FILES[kind], store) for kind in ORDER}
    return store, reports


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """An on-disk store with every fixture dataset imported, and the import reports."""
    return import_all(tmp_path_factory.mktemp("world") / "store")


@pytest.fixture(scope="module")
def store(world):
    return world[0]


@pytest.fixture(scope="module")
def reports(world):
    return world[1]


def select(store, text, **bindings):
    terms = {k: ox.NamedNode(v) if v.startswith("http") else ox.Literal(v) for k, v in bindings.items()}
    return store.query(PREFIXES + text, terms).rows


def ask(store, text) -> bool:
    return bool(store.query(PREFIXES + text))


def snapshot(store) -> set[str]:
    return quad_strings(store)


def sipri_deals(path) -> int:
    """Deals in a SIPRI file, counted independently: rows of 16 fields after the header,
    plus deals an unquoted line break split into 13 + 4 fields."""
    with path.open(encoding="latin-1", newline="") as f:
        rows = list(csv.reader(f))
    start = next(i for i, r in enumerate(rows) if r[:2] == ["Recipient", "Supplier"]) + 1
    rows = rows[start:]
    split = sum(1 for a, b in zip(rows, rows[1:]) if len(a) == 13 and len(b) == 4)
    return sum(1 for r in rows if len(r) == 16) + split


# -- SIPRI --------------------------------------------------------------------------------

def test_every_sipri_deal_is_one_statement(store, reports):
    expected = sipri_deals(DATA / "sipri.csv")
    assert reports["sipri"].records == expected == reports["sipri"].statements
    rows = select(store, "SELECT (COUNT(?s) AS ?n) WHERE { ?s a ak:ArmsTransfer ; prov:wasDerivedFrom <https://w3id.org/actorkg/source/sipri> }")
    assert int(rows[0]["n"].value) == expected


def test_sipri_deal_carries_the_row(store):
    rows = select(store, """SELECT ?record ?p ?o WHERE {
        ?s a ak:ArmsTransfer ; ak:supplier kg:Russia ; ak:recipient kg:Azerbaijan ; ak:weapon "S-300PMU2 Favorit" ;
           ak:recordId ?record ; ?p ?o }""")
    values = {}
    for row in rows:
        values.setdefault(row["p"].value.rsplit("#", 1)[-1], []).append(row["o"].value)
    assert values["start"] == ["2010"] and values["end"] == ["2011"] and values["deliveryYear"] == ["2011"]
    assert values["weaponDescription"] == ["SAM system"] and values["numberOrdered"] == ["2"]
    assert values["tiv"] == ["110"] and values["tivPerUnit"] == ["55"] and values["dealStatus"] == ["New"]
    assert values["numberDeliveredUncertain"] == ["true"] and "orderYearUncertain" not in values
    assert values["comment"] == ["$300 m deal"]
    line = int(rows[0]["record"].value.split()[-1])
    raw = (DATA / "sipri.csv").read_bytes().decode("latin-1").splitlines()[line - 1]
    assert raw.startswith("Azerbaijan,Russia,2010,,2,,S-300PMU2 Favorit")


def test_sipri_latin1_and_the_split_row(store, reports):
    assert reports["sipri"].encoding == "latin-1"
    assert ask(store, 'ASK { ?s ak:weapon "ship engine" ; <http://www.w3.org/2000/01/rdf-schema#comment> ?c . FILTER(CONTAINS(?c, "Wärtsilä")) }')
    assert [p.line for p in reports["sipri"].repaired] == [90]
    rows = select(store, 'SELECT ?c ?r WHERE { ?s ak:weapon "BTR-3" ; <http://www.w3.org/2000/01/rdf-schema#comment> ?c ; ak:recordId ?r ; ak:tiv ?t }')
    assert rows[0]["r"].value == "lines 90-91" and rows[0]["c"].value.endswith("other engines")


def test_sipri_names_resolve_through_the_registry(store):
    # "Turkiye" and COW 365's "Soviet Union" reuse the article's actors.
    assert ask(store, "ASK { ?s a ak:ArmsTransfer ; ak:supplier kg:Turkey ; ak:recipient kg:Azerbaijan }")
    assert ask(store, "ASK { ?s a ak:ArmsTransfer ; ak:supplier kg:Russia ; ak:start ?y . FILTER(STR(?y) = '1977') }")
    assert ask(store, 'ASK { kg:Russia skos:altLabel "Soviet Union" }')
    assert ask(store, 'ASK { ?s ak:recipient ?h . ?h a ak:NonStateActor ; rdfs:label "Hezbollah (Lebanon)" }')
    assert not ask(store, "ASK { ?s a ak:ArmsTransfer ; ak:supplier kg:Iran ; ak:recipient kg:Lebanon }")
    assert ask(store, 'ASK { ?s ak:recipient ?n . ?n a ak:InternationalOrganization ; rdfs:label "NATO" }')
    assert ask(store, 'ASK { ?s ak:supplier ?u . ?u a ak:UnidentifiedActor ; rdfs:label "unknown supplier(s)" }')


def test_unmatched_names_are_kept_and_listed(store, reports, cli, tmp_path):
    assert reports["sipri"].unmatched == {"Biafra": [reports["sipri"].unmatched["Biafra"][0]]}
    assert ask(store, 'ASK { ?s ak:recipient ?b . ?b a ak:UnresolvedActor ; ak:nameInSource "Biafra" }')
    from actorkg.graph.sources.registry import unmatched

    names = {(r["name"], r["source"].rsplit("/", 1)[-1]) for r in unmatched(store)}
    assert ("Biafra", "sipri") in names
    assert any(name.startswith("Mondial ARU") for name, _ in names)


def test_registry_unmatched_command(cli, tmp_path):
    path = tmp_path / "store"
    assert cli("import", "cow-states", str(DATA / "cow-states.csv"), "--store", str(path), "--quiet").exit_code == 0
    result = cli("import", "sipri", str(DATA / "sipri.csv"), "--store", str(path), "--quiet")
    assert result.exit_code == 0
    assert "Biafra: 1 use(s)" in result.output
    result = cli("registry", "unmatched", "--store", str(path), "--format", "json")
    rows = json.loads(result.output)
    assert [r["name"] for r in rows] == ["Biafra"] and rows[0]["statements"] == 1
    result = cli("registry", "unmatched", "--store", str(path), "--source", "ucdp", "--format", "json")
    assert json.loads(result.output) == []


# -- ATOP ---------------------------------------------------------------------------------

def test_atop_4220_links_to_the_article_treaty(store):
    assert ask(store, "ASK { kg:ATOP-4220 a ak:Treaty ; skos:closeMatch kg:CollectiveSecurityTreaty ; skos:note ?n }")
    rows = select(store, """SELECT ?record ?start ?end WHERE { ?m a ak:TreatyMembership ; ak:member kg:Azerbaijan ;
        ak:treaty kg:ATOP-4220 ; ak:recordId ?record ; ak:start ?start ; ak:end ?end ;
        ak:memberObligation ak:DefenseObligation }""")
    assert [(r["record"].value, r["start"].value, r["end"].value) for r in rows] == [
        ("atopid 4220, member 373, phase 1", "1993-09-24", "1999-04-20")]
    assert ask(store, "ASK { ?o a ak:TreatyObligation ; ak:treaty kg:ATOP-4220 ; ak:obligationType ak:DefenseObligation }")
    assert ask(store, "ASK { kg:ATOP-4130 ak:basingProvision 3 }")


def test_atop_defense_pacts_derive_treaty_alliances(store):
    rows = select(store, """SELECT ?a ?start ?end WHERE { ?a a ak:TreatyAlliance ; ak:treaty kg:ATOP-4220 ;
        ak:party kg:Russia, kg:Armenia ; ak:start ?start . OPTIONAL { ?a ak:end ?end } }""")
    # Phase 1 and phase 2, one statement each (one start and end per statement).
    assert sorted((r["start"].value, r["end"].value if "end" in r else None) for r in rows) == [
        ("1992-05-15", "2002-10-07"), ("2002-10-07", None)]
    assert ask(store, "ASK { kg:Russia ak:allyOf kg:Armenia . kg:Armenia ak:supports kg:Russia }")
    # No alliance from the non-defense treaty 4130 (Russia and Armenia only).
    assert not ask(store, "ASK { ?a a ak:TreatyAlliance ; ak:treaty kg:ATOP-4130 }")


def test_atop_auto_detects_the_level(tmp_path, cli):
    path = tmp_path / "store"
    result = cli("import", "atop", str(DATA / "atop-alliance.csv"), "--store", str(path), "--quiet")
    assert result.exit_code == 0 and "as atop-alliance" in result.output


# -- MID, COW wars, UCDP ------------------------------------------------------------------

def test_mid_one_hostility_per_dispute_and_pair(store, reports):
    with (DATA / "mid.csv").open(newline="") as f:
        pairs = {(r["dispnum"], frozenset((r["ccode1"], r["ccode2"]))) for r in csv.DictReader(f)}
    assert reports["mid"].statements == len(pairs)
    rows = select(store, """SELECT ?start ?end ?level WHERE { ?h a ak:Hostility ; ak:party kg:Armenia, kg:Iran ;
        ak:disputeNumber 3564 ; ak:start ?start ; ak:end ?end ; ak:hostilityLevel ?level }""")
    assert [(r["start"].value, r["end"].value) for r in rows] == [("1993", "1993")]


def test_cow_wars_conflict_per_war_dyad(store):
    rows = select(store, """SELECT ?start ?end ?init WHERE { ?c a ak:Conflict ; ak:party kg:Armenia, kg:Azerbaijan ;
        ak:initiator ?init ; ak:start ?start ; ak:end ?end ; ak:during ?war . ?war rdfs:label "Azeri-Armenian_1993NA4" }""")
    assert [(r["start"].value, r["end"].value, r["init"].value) for r in rows] == [
        ("1993-02-06", "1994-05-12", KG + "Armenia")]


def test_cow_wars_name_code_disagreement_is_reported(tmp_path):
    from actorkg.graph.sources.importers import import_file
    from actorkg.graph.store.load import open_graph

    header, *rows = (DATA / "cow-wars.csv").read_text().splitlines()
    bad = rows[0].replace(",Russia,365,", ",Germany,365,")
    (tmp_path / "wars.csv").write_text("\n".join([header, bad]) + "\n")
    store = open_graph(store_path=tmp_path / "store")
    import_file("cow-states", DATA / "cow-states.csv", store)
    report = import_file("cow-wars", tmp_path / "wars.csv", store)
    assert report.warnings == ["line 2: 'Germany' is given with COW code 365 (Russia); resolved by the code"]


def test_ucdp_secondary_parties_are_troop_support(store, reports):
    assert reports["ucdp"].encoding == "utf-8-sig"
    rows = select(store, """SELECT ?record WHERE { ?s a ak:Support ; ak:supporter kg:Turkey ; ak:recipient kg:Azerbaijan ;
        ak:supportType ak:TroopSupport ; ak:pointInTime ?y ; ak:recordId ?record . FILTER(STR(?y) = "2020") }""")
    assert [r["record"].value for r in rows] == ["dyad_id 833, year 2020, side_a_2nd 1"]
    # The disputed territory resolves to the article's place; the rebels are a non-state actor.
    assert ask(store, """ASK { ?c a ak:Conflict ; ak:party kg:Azerbaijan, kg:RepublicOfArtsakh ; ak:about kg:NagornoKarabakh ;
        ak:battleDeaths 7646 . kg:RepublicOfArtsakh a ak:NonStateActor }""")
    assert ask(store, "ASK { ?c a ak:Conflict ; ak:party kg:Armenia, kg:Azerbaijan ; ak:qualifier 'secondary warring party' }")
    # "Government of Russia (Soviet Union)" is COW 365.
    assert ask(store, "ASK { ?c a ak:Conflict ; ak:party kg:Russia ; prov:wasDerivedFrom <https://w3id.org/actorkg/source/ucdp> }")


def test_ucdp_row_joining_several_dyads(store):
    rows = select(store, """SELECT ?b ?q WHERE { ?c a ak:Conflict ; ak:ucdpId ?d ; ak:party ?b ; ak:qualifier ?q .
        FILTER(?d IN ("17033", "15195")) ?b a ak:NonStateActor }""")
    assert {r["b"].value.rsplit("/", 1)[-1] for r in rows} == {"NAS", "SPLMAIOKitgwangFaction"}
    assert all("together" in r["q"].value for r in rows)


# -- COW states and Mondial ---------------------------------------------------------------

def test_cow_states_keep_article_iris_and_historical_states(store):
    assert ask(store, 'ASK { kg:Russia ak:cowCode 365 ; rdfs:label "Russia" ; ak:existedFrom ?y }')
    assert not ask(store, "ASK { kg:Russia ak:existedUntil ?y }")
    rows = select(store, "SELECT ?s ?from ?until WHERE { ?s ak:cowCode 315 ; ak:existedFrom ?from ; ak:existedUntil ?until }")
    assert [(r["s"].value, r["from"].value, r["until"].value) for r in rows] == [(KG + "Czechoslovakia", "1918", "1992")]
    assert ask(store, 'ASK { kg:GermanDemocraticRepublic ak:cowCode 265 ; ak:cowAbbreviation "GDR" }')
    labels = select(store, "SELECT (COUNT(?l) AS ?n) WHERE { kg:Turkey rdfs:label ?l }")
    assert labels[0]["n"].value == "1"


def test_mondial_links_only_through_the_reviewed_crosswalk(store, reports):
    assert ask(store, 'ASK { kg:Russia owl:sameAs wd:Q159 ; ak:mondialCode "R" }')
    # Mondial BRN is Bahrain (ISO BRN would be Brunei).
    assert ask(store, 'ASK { ?b ak:cowCode 692 ; owl:sameAs wd:Q398 }')
    # Brunei has its own QID from the bundled registry, never Bahrain's.
    assert not ask(store, "ASK { ?b ak:cowCode 835 ; owl:sameAs wd:Q398 }")
    unmatched = set(reports["wikidata-links"].unmatched)
    assert "Mondial MS (wd:Q1027, wd:Q14759030)" in unmatched and "Mondial ARU (wd:Q21203)" in unmatched


def test_data_conforms_to_the_shapes(store):
    from actorkg.graph.store.validate import validate

    assert validate(store) == []


# -- re-import, bad input -----------------------------------------------------------------

def test_reimport_is_idempotent(tmp_path):
    store, _ = import_all(tmp_path / "store")
    before = snapshot(store)
    from actorkg.graph.sources.importers import import_file

    report = import_file("sipri", DATA / "sipri.csv", store)
    assert report.statements > 0 and snapshot(store) == before


def test_wrong_kind_of_file_names_the_expected_columns(tmp_path, cli):
    path = tmp_path / "store"
    cli("import", "cow-states", str(DATA / "cow-states.csv"), "--store", str(path), "--quiet")
    from actorkg.graph.store.load import open_graph

    before = snapshot(open_graph(store_path=path))
    result = cli("import", "sipri", str(DATA / "atop-member.csv"), "--store", str(path))
    assert result.exit_code == 2
    assert "not a SIPRI trade register file: expected the columns Recipient, Supplier, Year of order" in result.output
    assert "its first line has: atopid, cowid" in result.output
    assert "it looks like a ATOP member-level file: run 'actorkg import atop-member" in result.output
    assert snapshot(open_graph(store_path=path)) == before


def test_malformed_rows_are_reported_and_strict_fails(tmp_path, cli):
    lines = (DATA / "sipri.csv").read_bytes().split(b"\n")
    fields = lines[12].split(b",")
    lines[12] = b",".join(fields[:2] + [b"20x7"] + fields[3:])
    lines[13] = b"Armenia,Russia,1995"
    bad = tmp_path / "sipri-bad.csv"
    bad.write_bytes(b"\n".join(lines))
    path = tmp_path / "store"
    cli("import", "cow-states", str(DATA / "cow-states.csv"), "--store", str(path), "--quiet")
    from actorkg.graph.store.load import open_graph

    before = snapshot(open_graph(store_path=path))
    result = cli("import", "sipri", str(bad), "--store", str(path), "--strict")
    assert result.exit_code == 2
    assert f"{bad}: 2 malformed row(s): line 13: Year of order is '20x7', expected a whole number; line 14: 3 fields" in result.output
    assert snapshot(open_graph(store_path=path)) == before
    result = cli("import", "sipri", str(bad), "--store", str(path), "--quiet")
    assert result.exit_code == 0
    assert "2 malformed row(s) skipped" in result.output and f"{bad} line 13: Year of order" in result.output
    assert f"Imported {sipri_deals(DATA / 'sipri.csv') - 2} records" in result.output


def test_bom_file_without_bom_and_missing_file(tmp_path, cli):
    plain = tmp_path / "ucdp.csv"
    plain.write_bytes((DATA / "ucdp.csv").read_bytes()[3:])
    result = cli("import", "ucdp", str(plain), "--store", str(tmp_path / "s"), "--format", "json")
    assert result.exit_code == 0 and json.loads(result.output)["encoding"] == "utf-8"
    result = cli("import", "ucdp", str(tmp_path / "nope.csv"), "--store", str(tmp_path / "s"))
    assert result.exit_code == 2 and "nope.csv: no such file" in result.output
    result = cli("import", "nonsense", str(plain), "--store", str(tmp_path / "s"))
    assert result.exit_code == 2 and "unknown dataset kind 'nonsense'" in result.output


def test_interrupted_first_import_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    """Killed while bulk-writing a new dataset graph: the next open drops the half graph."""
    from actorkg.graph.sources.importers import import_file
    from actorkg.graph.store import core as store_module
    from actorkg.graph.store.load import open_graph

    store = open_graph(store_path=tmp_path / "store")
    import_file("cow-states", DATA / "cow-states.csv", store)
    before = snapshot(store)

    def half_then_die(self, quads):
        quads = list(quads)
        self._store.bulk_extend(quads[: len(quads) // 2])
        raise KeyboardInterrupt

    monkeypatch.setattr(store_module, "BULK_MIN", 1)  # the excerpt is small: bulk-load it anyway
    monkeypatch.setattr(store_module.OxigraphStore, "bulk_add", half_then_die)
    with pytest.raises(KeyboardInterrupt):
        import_file("sipri", DATA / "sipri.csv", store)
    monkeypatch.undo()
    assert snapshot(store) == before
    # A kill -9 cannot clean up: the half graph and its mark stay until the next open.
    sipri = ox.NamedNode("https://w3id.org/actorkg/graph/sipri")
    store.bulk_add([ox.Quad(sipri, ox.NamedNode(store_module.LOAD_INCOMPLETE), ox.Literal(True),
                            ox.NamedNode(store_module.META_GRAPH))])
    store.bulk_add([ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:y"), ox.Literal("z"),
                            ox.NamedNode("https://w3id.org/actorkg/graph/sipri"))])
    del store
    gc.collect()
    assert snapshot(open_graph(store_path=tmp_path / "store")) == before


def test_interrupted_reimport_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    """Interrupted while building the new graph, or when the transaction fails."""
    from actorkg.graph.sources.importers import base, import_file
    from actorkg.graph.store import core as store_module
    from actorkg.graph.store.load import open_graph

    store = open_graph(store_path=tmp_path / "store")
    import_file("cow-states", DATA / "cow-states.csv", store)
    import_file("sipri", DATA / "sipri.csv", store)
    before = snapshot(store)
    changed = tmp_path / "sipri.csv"
    changed.write_bytes((DATA / "sipri.csv").read_bytes().replace(b"S-300PMU2 Favorit", b"S-300"))

    calls = {"n": 0}
    original = base.Builder.add

    def die_midway(self, s, p, o):
        calls["n"] += 1
        if calls["n"] == 500:
            raise KeyboardInterrupt
        original(self, s, p, o)

    monkeypatch.setattr(base.Builder, "add", die_midway)
    with pytest.raises(KeyboardInterrupt):
        import_file("sipri", changed, store)
    monkeypatch.undo()
    assert snapshot(store) == before

    # The transaction that writes the difference fails (a full disk): nothing changes.
    monkeypatch.setattr(store_module.OxigraphStore, "update",
                        lambda self, text: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(StoreError, match="no space left"):
        import_file("sipri", changed, store)
    monkeypatch.undo()
    assert snapshot(store) == before


def test_import_cli_summary_and_quiet(tmp_path, cli):
    path = tmp_path / "store"
    result = cli("import", "cow-states", str(DATA / "cow-states.csv"), "--store", str(path), "--quiet")
    assert result.exit_code == 0
    assert result.output.startswith("Imported 39 records of ")
    assert "triples in <https://w3id.org/actorkg/graph/cow-states>" in result.output


# -- corroborate --------------------------------------------------------------------------

def test_corroborate_claims_on_fixture_data(store):
    from actorkg.graph.network.corroborate import corroborate

    results = {r.number: r for r in corroborate(store)}
    assert set(results) == set(range(1, 14))
    arms = results[8]
    assert arms.verdict == "partly corroborated"
    undated, in_2020 = sorted(arms.findings, key=lambda f: "2020" in f.says)
    assert undated.verdict == "corroborated" and len(undated.records) == 20
    assert any(c.startswith("rank 1 of ") for c in undated.context)
    assert in_2020.verdict == "contradicted" and "last delivery 2018" in in_2020.reason
    treaty = results[12]
    assert treaty.verdict == "corroborated"
    armenia = next(f for f in treaty.findings if f.says.startswith("treaty party: Armenia"))
    assert "also a member: Azerbaijan 1993-1999 [atopid 4220, member 373, phase 1]" in armenia.context
    turkey = next(f for f in results[9].findings if f.says.startswith("support: Turkey"))
    assert turkey.verdict == "corroborated"
    assert turkey.records[0]["record"] == "dyad_id 833, year 2020, side_a_2nd 1"
    assert results[2].verdict == "no data"
    assert results[6].verdict == "corroborated"


def test_corroborate_source_restriction(store):
    from actorkg.graph.namespaces import SRC
    from actorkg.graph.network.corroborate import corroborate

    results = {r.number: r for r in corroborate(store, {8, 12}, {SRC + "sipri"})}
    assert results[8].verdict == "partly corroborated"
    assert results[12].verdict == "no data"


def test_corroborate_cli(tmp_path, cli):
    path = tmp_path / "store"
    for kind in ("cow-states", "sipri"):
        assert cli("import", kind, str(DATA / FILES[kind]), "--store", str(path), "--quiet").exit_code == 0
    result = cli("corroborate", "--claim", "8", "--store", str(path))
    assert result.exit_code == 0
    assert "verdict: partly corroborated" in result.output
    assert "arms: Russia -> Azerbaijan: corroborated. 20 recorded deal(s)" in result.output
    data = json.loads(cli("corroborate", "--claim", "8", "--store", str(path), "--format", "json").output)
    assert data[0]["number"] == 8 and data[0]["sources"] == ["https://w3id.org/actorkg/source/sipri"]


def test_default_store_location(monkeypatch, tmp_path):
    from actorkg.graph import paths

    monkeypatch.setenv("ACTORKG_STORE", str(tmp_path / "x"))
    assert paths.default_store() == tmp_path / "x"
    monkeypatch.delenv("ACTORKG_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert paths.default_store() == tmp_path / "data" / "actorkg" / "store"


def test_fixture_files_are_excerpts():
    """The fixtures stay small so the project ships no dataset."""
    assert sum(p.stat().st_size for p in DATA.iterdir()) < 100_000
    assert shutil.which("actorkg") or True


def test_world_dual_roles_on_fixtures(store, cli, tmp_path):
    from actorkg.graph.namespaces import SRC
    from actorkg.graph.network.worldroles import dual_roles

    rows = dual_roles(store, period=10, sources={SRC + s for s in ("sipri", "mid", "ucdp", "cow-wars", "atop-member")})
    russia = [r for r in rows if r.actor == KG + "Russia" and {r.b, r.c} == {KG + "Armenia", KG + "Azerbaijan"}]
    assert {(r.period, r.pattern) for r in russia} >= {((2010, 2019), "arms both sides")}
    both = next(r for r in russia if r.period == (2010, 2019) and r.pattern == "arms both sides")
    assert both.deals_b > 0 and both.deals_c > 0 and both.conflicts > 0
    assert all("article" not in s for r in rows for s in r.sources)
    assert rows == sorted(rows, key=lambda r: -r.score)


def test_world_dual_roles_cli(tmp_path, cli):
    path = tmp_path / "store"
    for kind in ("cow-states", "sipri", "ucdp"):
        assert cli("import", kind, str(DATA / FILES[kind]), "--store", str(path), "--quiet").exit_code == 0
    result = cli("world-dual-roles", "--store", str(path), "--actor", "Russia", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert rows and all(r["actorLabel"] == "Russia" for r in rows)
    result = cli("world-dual-roles", "--store", str(path), "--actor", "Atlantis")
    assert result.exit_code == 1 and "no actor 'Atlantis'" in result.output


def test_changed_reimports_derive_what_a_full_derivation_does(tmp_path):
    """A re-import that changes a dataset (a deal's supplier, a state dropped from the COW
    list) re-derives only the affected graphs; the edges are still exactly the rules' output."""
    from actorkg.graph.namespaces import DERIVED_GRAPH
    from actorkg.graph.sources.importers import import_file
    from actorkg.graph.store.load import open_graph
    from actorkg.graph.store.rules import GENERATION, derive

    def edges(store):
        return {q.triple for q in store._store.quads_for_pattern(None, None, None, ox.NamedNode(DERIVED_GRAPH))
                if q.predicate != GENERATION}

    store = open_graph(store_path=tmp_path / "store")
    for kind, name in (("cow-states", "cow-states.csv"), ("atop-member", "atop-member.csv"),
                       ("atop-alliance", "atop-alliance.csv"), ("sipri", "sipri.csv")):
        import_file(kind, DATA / name, store)
    assert edges(store) == {t for t in derive(store) if t.predicate != GENERATION}
    sipri = (DATA / "sipri.csv").read_bytes()
    changed = tmp_path / "sipri.csv"
    changed.write_bytes(sipri.replace(b"Azerbaijan,Russia", b"Azerbaijan,Belarus"))
    report = import_file("sipri", changed, store)
    assert not report.unchanged
    whole = {t for t in derive(store) if t.predicate != GENERATION}
    assert edges(store) == whole
    belarus = ox.Triple(ox.NamedNode("https://w3id.org/actorkg/entity/Belarus"),
                        ox.NamedNode("https://w3id.org/actorkg/ontology#armsSupplierOf"),
                        ox.NamedNode("https://w3id.org/actorkg/entity/Azerbaijan"))
    assert belarus in whole
    states = tmp_path / "cow-states.csv"
    states.write_bytes(b"".join(line for line in (DATA / "cow-states.csv").read_bytes().splitlines(keepends=True)
                                if b",Armenia," not in line))
    assert not import_file("cow-states", states, store).unchanged
    assert edges(store) == {t for t in derive(store) if t.predicate != GENERATION}


def test_import_folder_imports_every_dataset_in_order(tmp_path, cli):
    """'actorkg import DIR': the files as their publishers name them, states first."""
    from actorkg.graph.sources.importers import FILES

    folder = tmp_path / "data"
    folder.mkdir()
    fixtures = {"cow-states": "cow-states.csv", "sipri": "sipri.csv", "mid": "mid.csv", "wikidata-links": "mondial.n3"}
    for kind, name in fixtures.items():
        shutil.copy(DATA / name, folder / FILES[kind])
    (folder / "notes.txt").write_text("not a dataset")
    store = str(tmp_path / "store")
    result = cli("import", str(folder), "--store", store, "--format", "json")
    assert result.exit_code == 0, result.output
    reports = json.loads(result.stdout)
    assert [r["kind"] for r in reports] == ["cow-states", "wikidata-links", "mid", "sipri"]
    assert not any(r["unchanged"] for r in reports)
    sipri = next(r for r in reports if r["kind"] == "sipri")
    assert sipri["records"] == sipri["statements"] > 0 and sipri["encoding"] == "latin-1"
    again = cli("import", str(folder), "--store", store, "--format", "json")
    assert again.exit_code == 0 and all(r["unchanged"] for r in json.loads(again.stdout))
    table = cli("import", str(folder), "--store", store)
    assert table.exit_code == 0 and "sipri" in table.stdout and "4 rows" in table.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = cli("import", str(empty), "--store", store)
    assert missing.exit_code == 2 and "Error: " in missing.output and "no dataset file" in missing.output
