"""Bad files given to the importers, to --data and to the query commands: each ends in
'Error: ...' with a hint and exit code 2, never a traceback, and the store is unchanged.

A corpus of the cases users ran into (issue 16), then a fuzz test (hypothesis) that
mutates the fixture files' bytes and imports the result.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..conftest import FIXTURES, SHARED_DATA

DATA = FIXTURES / "datasets"
SIPRI_REAL = SHARED_DATA / "sipri-trade-register-1950-2024.csv"


def content(path) -> set[str]:
    """Every quad of the store at ``path``, generation stamp included: an error must not
    even renew it."""
    from actorkg.graph.store.core import OxigraphStore

    store = OxigraphStore(path, read_only=True)
    try:
        return {str(q) for q in store.quads()}
    finally:
        store.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A store holding the bundled data and the fixture state list."""
    path = tmp_path_factory.mktemp("bad") / "store"
    run("import", "cow-states", str(DATA / "cow-states.csv"), "--store", str(path), "-q")
    return path


def run(*args, env=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "actorkg.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd)


def refused(result, *words):
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr and lines[0].startswith("Error: "), result.stderr
    assert len(lines) >= 2  # the error and a hint
    for word in words:
        assert word in result.stderr, result.stderr


def write(path, data: bytes):
    path.write_bytes(data)
    return path


def utf8(name: str) -> str:
    return (DATA / name).read_bytes().decode("utf-8-sig")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The bad files of the corpus, made from the fixtures."""
    d = tmp_path_factory.mktemp("files")
    return {
        "ucdp-latin1": write(d / "ucdp.csv", utf8("ucdp.csv").replace("Government of", "Gouvernement d\u00e9").encode("latin-1", "replace")),
        "ucdp-utf16": write(d / "ucdp16.csv", utf8("ucdp.csv").encode("utf-16")),
        "mondial-utf16": write(d / "mondial16.n3", utf8("mondial.n3").encode("utf-16")),
        "mondial-latin1": write(d / "mondial1.n3", (utf8("mondial.n3") + "# caf\u00e9\n").encode("latin-1", "replace")),
        "binary": write(d / "sipri.csv", bytes(range(256)) * 64),
        "nul-row": write(d / "mid.csv", (DATA / "mid.csv").read_bytes() + b"1,2,3\x00,4\n" + b"x" * 5000),
        "latin1-rq": write(d / "q.rq", 'SELECT * WHERE { ?s ?p "caf\u00e9" }'.encode("latin-1")),
        "binary-rq": write(d / "b.rq", b"\x7fELF\x02\x01\x01\x00" + bytes(300)),
    }


CASES = {
    "ucdp given a Latin-1 file": (("import", "ucdp", "{ucdp-latin1}"), ["line", "not UTF-8", "iconv"]),
    "ucdp given UTF-16": (("import", "ucdp", "{ucdp-utf16}"), ["UTF-16", "iconv"]),
    "wikidata-links given UTF-16": (("import", "wikidata-links", "{mondial-utf16}"), ["UTF-16"]),
    "wikidata-links given Latin-1": (("import", "wikidata-links", "{mondial-latin1}"), ["not UTF-8"]),
    "binary data as SIPRI": (("import", "sipri", "{binary}"), ["binary data"]),
    "a NUL byte in a row, --strict": (("import", "mid", "{nul-row}", "--strict"), ["malformed row", "line 56"]),
    "mid given the Mondial links": (("import", "mid", str(DATA / "mondial.n3")), ["not a GML MID"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_dataset_file_is_refused_and_the_store_unchanged(case, seeded, files):
    args, words = CASES[case]
    before = content(seeded)
    refused(run(*[a.format(**files) for a in args], "--store", str(seeded)), *words)
    assert content(seeded) == before


@pytest.mark.skipif(not SIPRI_REAL.is_file(), reason="../shared/data is not there")
@pytest.mark.parametrize("kind", ["ucdp", "wikidata-links", "atop"])
def test_sipri_file_given_to_another_importer_says_what_it_looks_like(kind, seeded):
    before = content(seeded)
    refused(run("import", kind, str(SIPRI_REAL), "--store", str(seeded)),
            "looks like a SIPRI trade register file", "actorkg import sipri")
    assert content(seeded) == before


def test_query_files_that_are_not_utf8_text(files, tmp_path):
    refused(run("sparql", str(files["latin1-rq"])), "line 1", "not UTF-8")
    refused(run("sparql", str(files["binary-rq"])), "binary data")
    queries = tmp_path / "queries"
    shutil.copytree(FIXTURES.parent.parent / "queries", queries)
    shutil.copy(files["latin1-rq"], queries / "mine.rq")
    for command in (("queries",), ("query", "supporters-of", "-p", "actor=Armenia"), ("ask", "Who supports Armenia?")):
        refused(run(*command, env={"ACTORKG_QUERIES_DIR": str(queries)}), "mine.rq", "not UTF-8")


def test_turtle_with_a_byte_order_mark_is_read(tmp_path):
    extra = write(tmp_path / "bom.ttl", b"\xef\xbb\xbf@prefix ak: <https://w3id.org/actorkg/ontology#> .\n"
                                        b"<https://w3id.org/actorkg/entity/Narnia> a ak:State .\n")
    ask = "ASK { <https://w3id.org/actorkg/entity/Narnia> a <https://w3id.org/actorkg/ontology#State> }"
    for where in ((), ("--store", str(tmp_path / "store"))):
        if where:
            assert run("load", *where).returncode == 0
        result = subprocess.run([sys.executable, "-m", "actorkg.cli", "sparql", "-", "--data", str(extra), *where],
                                input=ask, capture_output=True, text=True)
        assert result.returncode == 0 and result.stdout.strip() == "true", result.stderr


def test_failed_data_file_leaves_the_edges_current(tmp_path):
    """A --data file with a syntax error on a store: refused, and the next command reads the
    store as it is, read-only, without deriving anything."""
    from actorkg.graph.store.core import OxigraphStore
    from actorkg.graph.store.load import derived_is_stale

    store = tmp_path / "store"
    assert run("load", "--store", str(store)).returncode == 0
    before = content(store)
    bad = write(tmp_path / "bad.ttl", b"@prefix ak: <https://w3id.org/actorkg/ontology#> .\nthis is not turtle .\n")
    refused(run("query", "supporters-of", "-p", "actor=Armenia", "--store", str(store), "--data", str(bad)),
            "bad.ttl line 2")
    assert content(store) == before
    readonly = OxigraphStore(store, read_only=True)
    assert not derived_is_stale(readonly)
    readonly.close()
    os.chmod(store, 0o555)  # the next query needs no write access
    try:
        result = run("query", "supporters-of", "-p", "actor=Armenia", "--store", str(store), "-f", "json")
    finally:
        os.chmod(store, 0o755)
    assert result.returncode == 0 and "Russia" in result.stdout, result.stderr


def test_full_disk_during_an_import_is_undone(tmp_path, monkeypatch):
    """The bulk loader fails half-way with ENOSPC: 'Error: no space left', the half graph and
    the loader's sorted files are gone, the store is as it was."""
    from actorkg.graph.errors import StoreError
    from actorkg.graph.sources.importers import import_file
    from actorkg.graph.store.core import OxigraphStore
    from actorkg.graph.store.load import open_graph

    path = tmp_path / "store"
    store = open_graph(store_path=path)
    import_file("cow-states", DATA / "cow-states.csv", store)
    before = {str(q) for q in store.quads()}
    original = OxigraphStore.bulk_add

    def fill_the_disk(self, quads):
        quads = list(quads)
        original(self, quads[: len(quads) // 2])
        (self.path / "bulk-1a2b3c.sst").write_bytes(b"\0" * 1024)  # what the loader leaves
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(OxigraphStore, "bulk_add", fill_the_disk)
    with pytest.raises(StoreError, match="no space left"):
        import_file("sipri", DATA / "sipri.csv", store)
    monkeypatch.undo()
    assert {str(q) for q in store.quads()} == before
    assert not list(path.glob("bulk-*"))


def test_full_disk_for_real(tmp_path):
    """The same on a 6 MB tmpfs, when this machine lets us mount one (root)."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        store = mount / "store"
        assert run("import", "cow-states", str(DATA / "cow-states.csv"), "--store", str(store), "-q").returncode == 0
        before = content(store)
        big = write(tmp_path / "sipri.csv", _big_sipri())
        refused(run("import", "sipri", str(big), "--store", str(store), "-q"), "no space left")
        assert content(store) == before
        assert not list(store.glob("bulk-*"))
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def _big_sipri() -> bytes:
    """The fixture's deals repeated under new line numbers until they fill ~20 MB of store."""
    lines = (DATA / "sipri.csv").read_bytes().splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(b"Recipient,")) + 1
    return b"".join(lines[:start] + lines[start:] * 60)


# -- fuzz: mutated fixture files ----------------------------------------------------------
FUZZED = ["sipri.csv", "ucdp.csv", "mid.csv", "atop-member.csv", "cow-wars.csv", "mondial.n3"]
KINDS = {"sipri.csv": "sipri", "ucdp.csv": "ucdp", "mid.csv": "mid", "atop-member.csv": "atop-member",
         "cow-wars.csv": "cow-wars", "mondial.n3": "wikidata-links"}


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(FUZZED))
    data = bytearray((DATA / name).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "truncate", "encode"]))
        if action == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[where:where + draw(st.integers(1, 200))]
        elif action == "truncate":
            del data[where:]
        else:
            data = bytearray(bytes(data).decode("latin-1").encode(draw(st.sampled_from(["utf-16", "utf-8"]))))
    return name, bytes(data)


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=mutated())
def test_fuzzed_files_import_or_fail_cleanly(case, fuzz_store, tmp_path_factory):
    """Whatever the bytes: a clean import, or a DataError/StoreError and the store as it was."""
    from actorkg.graph.errors import ActorKGError
    from actorkg.graph.sources.importers import import_file

    name, data = case
    path = tmp_path_factory.mktemp("fuzz") / name
    path.write_bytes(data)
    store = fuzz_store
    before = {str(q) for q in store.quads()}
    try:
        report = import_file(KINDS[name], path, store)
    except ActorKGError as e:
        assert e.exit_code == 2 and e.message
        assert {str(q) for q in store.quads()} == before
    else:
        assert report.records >= 0
        # Keep the store small and comparable: drop what the import added.
        from actorkg.graph.store.load import refresh_derived

        store.drop_graph(report.graph)
        refresh_derived(store)


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    from actorkg.graph.sources.importers import import_file
    from actorkg.graph.store.load import open_graph

    store = open_graph(store_path=tmp_path_factory.mktemp("fuzzstore") / "store")
    import_file("cow-states", DATA / "cow-states.csv", store)
    return store
