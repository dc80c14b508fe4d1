"""Helpers for viewer tests: generated Turtle (hostile labels, 2,000 actors) and page parsing."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

PREFIXES = """@prefix ak:   <https://w3id.org/actorkg/ontology#> .
@prefix kg:   <https://w3id.org/actorkg/entity/> .
@prefix stmt: <https://w3id.org/actorkg/statement/> .
@prefix src:  <https://w3id.org/actorkg/source/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""

# Text a scraped web page could contain. None of it may run or load anything.
XSS_LABEL = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">Evil & Co'
XSS_QUOTE = 'They said "<b>hi</b>" </script><script>window.__xss = 3</script><img src=y onerror=alert(1)>'
XSS_SOURCE = "<iframe src=http://example.invalid/></iframe>Hostile source"


def xss_ttl() -> str:
    """The hostile fixture as Turtle (long-quoted strings, so quotes inside need no escaping)."""
    def lit(text: str) -> str:
        return '"""' + text.replace("\\", "\\\\").replace('"', '\\"') + '"""'

    return PREFIXES + f"""
kg:Evil a ak:NonStateActor ; rdfs:label {lit(XSS_LABEL)} .
src:hostile a ak:TextSource ; rdfs:label {lit(XSS_SOURCE)} ; dcterms:title "hostile page" ;
    ak:reliability ak:ReliabilityF .
stmt:evil-supports-russia a ak:Support ; ak:supporter kg:Evil ; ak:recipient kg:Russia ;
    ak:supportType ak:UnspecifiedSupport ; ak:quote {lit(XSS_QUOTE)} ;
    prov:wasDerivedFrom src:hostile .
"""


def write_large_graph(path: Path, actors: int = 2000, extra_edges: int = 2000, seed: int = 4) -> Path:
    """``actors`` actors, each linked to an earlier one (so none is isolated), plus random
    extra relations of several kinds, some with arms volumes."""
    rng = random.Random(seed)
    types = ["ak:State"] * 6 + ["ak:NonStateActor", "ak:Person", "ak:InternationalOrganization"]
    lines = [PREFIXES, 'src:synthetic a ak:Dataset ; rdfs:label "synthetic test data" ; '
                       'ak:reliability ak:ReliabilityC .']
    for i in range(actors):
        lines.append(f'kg:X{i:04d} a {rng.choice(types)} ; rdfs:label "Actor {i:04d}" .')
    pairs = [(i, rng.randrange(i)) for i in range(1, actors)]
    pairs += [tuple(rng.sample(range(actors), 2)) for _ in range(extra_edges)]
    for n, (a, b) in enumerate(pairs):
        kind = rng.choice(["support", "arms", "hostility", "presence"])
        year = 1990 + rng.randrange(35)
        head = f"stmt:syn-{n:05d}"
        tail = f' ; ak:start "{year}"^^xsd:gYear ; ak:quote "Synthetic claim {n}." ; prov:wasDerivedFrom src:synthetic .'
        if kind == "support":
            body = f"a ak:Support ; ak:supporter kg:X{a:04d} ; ak:recipient kg:X{b:04d} ; ak:supportType ak:UnspecifiedSupport"
        elif kind == "arms":
            body = (f"a ak:ArmsTransfer ; ak:supplier kg:X{a:04d} ; ak:recipient kg:X{b:04d} ; "
                    f'ak:tiv "{rng.randrange(1, 5000)}"^^xsd:decimal')
        elif kind == "hostility":
            body = f"a ak:Hostility ; ak:party kg:X{a:04d}, kg:X{b:04d}"
        else:
            body = f"a ak:MilitaryPresence ; ak:deployer kg:X{a:04d} ; ak:host kg:X{b:04d}"
        lines.append(f"{head} {body}{tail}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def page_data(html: str) -> dict:
    """The JSON document a viewer page carries, its statement table unpacked (pack.py)."""
    from actorkg.graph.view.pack import unpack

    m = re.search(r'<script type="application/json" id="actorkg-data">(.*?)</script>', html, re.S)
    return unpack(json.loads(m.group(1)))
