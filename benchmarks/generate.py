"""Generate a synthetic world-scale graph in the project's ontology, seeded so anyone can rebuild it.

Actors (states, alliances, non-state actors, persons) with labels and alternative labels;
sources (datasets with record ids, text sources with quotes) with reliability grades; and
statement nodes of the ontology's relation kinds with their roles, years and provenance,
in proportions loosely modelled on the real datasets (SIPRI arms transfers and MID
hostilities dominate). Popularity is skewed (a few hub states take part in many
statements), so supporters-of on a hub returns many rows, as it would on world data.

    python benchmarks/generate.py --triples 1000000 -o /tmp/actorkg-bench/world-1m.nt

The output is N-Triples (one named graph per file when loaded), parsed by every engine.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

AK = "https://w3id.org/actorkg/ontology#"
KG = "https://w3id.org/actorkg/entity/"
STMT = "https://w3id.org/actorkg/statement/"
SRC = "https://w3id.org/actorkg/source/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
XSD = "http://www.w3.org/2001/XMLSchema#"

SYLLABLES = ["ka", "ro", "vi", "ta", "len", "mar", "os", "un", "dri", "sa", "bel", "tor", "ne",
             "gal", "pe", "zi", "lo", "ar", "qu", "mir", "do", "ves", "ha", "li"]
WEAPONS = ["tank", "fighter aircraft", "artillery", "air defence system", "armoured vehicle",
           "frigate", "helicopter", "anti-ship missile", "drone", "small arms"]
SUPPORT_TYPES = ["TroopSupport", "TerritoryAccessSupport", "InfrastructureSupport", "WeaponsSupport",
                 "MaterielSupport", "TrainingSupport", "FundingSupport", "IntelligenceSupport",
                 "PoliticalSupport"]
GRADES = "ABCDEF"

# (kind, share of statements). Treaty memberships are generated per treaty, apart.
KINDS = [("ArmsTransfer", 40), ("Hostility", 20), ("Support", 10), ("MilitaryPresence", 5),
         ("Conflict", 5), ("Attack", 4), ("StrategicAlliance", 3), ("StrainedRelations", 4),
         ("Threat", 3), ("Criticism", 1), ("Treaty", 5)]


def iri(base: str, local: str) -> str:
    return f"<{base}{local}>"


def lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


class World:
    def __init__(self, seed: int, triples: int):
        self.rng = random.Random(seed)
        self.target = triples
        self.count = 0
        # Scale the cast with the graph so hubs stay plausible: ~1 actor per 2,000 triples.
        n_actors = max(60, triples // 2000)
        n_states = max(40, min(250, n_actors // 5))
        self.actors = []  # (iri, label, kind)
        for i in range(n_actors):
            kind = "State" if i < n_states else self.rng.choice(
                ["NonStateActor", "NonStateActor", "NonStateActor", "AllianceOrganization", "Person"])
            name = "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 4))).capitalize()
            self.actors.append((iri(KG, f"gen-{i:06d}"), f"{name} {i}", kind))
        # Zipf-like popularity: states first and heavier.
        self.weights = [1.0 / (i + 1) ** 0.8 * (4 if a[2] == "State" else 1) for i, a in enumerate(self.actors)]
        self.cum = []
        total = 0.0
        for w in self.weights:
            total += w
            self.cum.append(total)
        self.n_sources = max(5, triples // 200_000)
        self.sources = [iri(SRC, f"gen-{i:04d}") for i in range(self.n_sources)]
        self.n_stmt = 0

    def actor(self):
        return self.rng.choices(self.actors, cum_weights=self.cum)[0]

    def pair(self):
        a = self.actor()
        b = self.actor()
        while b is a:
            b = self.actor()
        return a, b

    def emit(self, out, s: str, p: str, o: str) -> None:
        out.write(f"{s} {p} {o} .\n")
        self.count += 1

    def header(self, out) -> None:
        for actor, label, kind in self.actors:
            self.emit(out, actor, RDF_TYPE, iri(AK, kind))
            self.emit(out, actor, LABEL, lit(label))
            self.emit(out, actor, ALT, lit(label.split()[0] + " (" + kind + ")"))
        for i, source in enumerate(self.sources):
            dataset = i % 2 == 0
            self.emit(out, source, RDF_TYPE, iri(AK, "Dataset" if dataset else "TextSource"))
            self.emit(out, source, LABEL, lit(f"generated {'dataset' if dataset else 'report'} {i}"))
            self.emit(out, source, iri(AK, "reliability"), iri(AK, "Reliability" + GRADES[i % 6]))

    def years(self):
        start = self.rng.randint(1950, 2023)
        return start, min(2024, start + self.rng.randint(0, 8))

    def provenance(self, out, node: str, text: str) -> None:
        i = self.rng.randrange(self.n_sources)
        self.emit(out, node, DERIVED, self.sources[i])
        if i % 2 == 0:
            self.emit(out, node, iri(AK, "recordId"), lit(f"gen-{i}-{self.n_stmt}"))
        else:
            self.emit(out, node, iri(AK, "quote"), lit(text))

    def statement(self, out, kind: str) -> None:
        self.n_stmt += 1
        node = iri(STMT, f"gen-{self.n_stmt:08d}")
        (a, al, _), (b, bl, _) = self.pair()
        start, end = self.years()
        rng = self.rng
        if kind == "Treaty":
            treaty = iri(KG, f"gen-treaty-{self.n_stmt:08d}")
            self.emit(out, treaty, RDF_TYPE, iri(AK, "Treaty"))
            self.emit(out, treaty, LABEL, lit(f"Treaty {self.n_stmt}"))
            self.emit(out, node, RDF_TYPE, iri(AK, "TreatyObligation"))
            self.emit(out, node, iri(AK, "treaty"), treaty)
            obligation = "DefenseObligation" if rng.random() < 0.5 else rng.choice(
                ["ConsultationObligation", "NonAggressionObligation", "NeutralityObligation"])
            self.emit(out, node, iri(AK, "obligationType"), iri(AK, obligation))
            self.provenance(out, node, f"Treaty {self.n_stmt} creates a {obligation} obligation.")
            members = {a, b}
            while len(members) < rng.randint(2, 5):
                members.add(self.actor()[0])
            for member in sorted(members):
                self.n_stmt += 1
                m = iri(STMT, f"gen-{self.n_stmt:08d}")
                self.emit(out, m, RDF_TYPE, iri(AK, "TreatyMembership"))
                self.emit(out, m, iri(AK, "member"), member)
                self.emit(out, m, iri(AK, "treaty"), treaty)
                self.emit(out, m, iri(AK, "start"), typed(start, "gYear"))
                if rng.random() < 0.4:
                    self.emit(out, m, iri(AK, "end"), typed(end, "gYear"))
                self.provenance(out, m, f"Member of treaty {self.n_stmt}.")
            return
        self.emit(out, node, RDF_TYPE, iri(AK, kind))
        roles = {"ArmsTransfer": ("supplier", "recipient"), "Support": ("supporter", "recipient"),
                 "MilitaryPresence": ("deployer", "host"), "Attack": ("attacker", "target"),
                 "Threat": ("threatSource", "target"), "Criticism": ("critic", "target")}.get(kind)
        if roles:
            self.emit(out, node, iri(AK, roles[0]), a)
            self.emit(out, node, iri(AK, roles[1]), b)
        else:
            self.emit(out, node, iri(AK, "party"), a)
            self.emit(out, node, iri(AK, "party"), b)
        if kind in ("Attack", "Criticism", "Threat") or rng.random() < 0.2:
            self.emit(out, node, iri(AK, "pointInTime"), typed(start, "gYear"))
        else:
            self.emit(out, node, iri(AK, "start"), typed(start, "gYear"))
            self.emit(out, node, iri(AK, "end"), typed(end, "gYear"))
        if kind == "ArmsTransfer":
            weapon = rng.choice(WEAPONS)
            self.emit(out, node, iri(AK, "weapon"), lit(weapon))
            self.emit(out, node, iri(AK, "tiv"), typed(f"{rng.uniform(0.5, 900):.1f}", "decimal"))
            text = f"{al} delivered {weapon}s to {bl} from {start} to {end}."
        elif kind == "Support":
            self.emit(out, node, iri(AK, "supportType"), iri(AK, rng.choice(SUPPORT_TYPES)))
            text = f"{al} has backed {bl} since {start}."
        elif kind == "Hostility":
            self.emit(out, node, iri(AK, "qualifier"), lit(f"hostility level {rng.randint(2, 5)}"))
            text = f"{al} and {bl} clashed in {start}."
        else:
            text = f"{al} and {bl}: {kind.lower()} reported in {start}."
        self.provenance(out, node, text)

    def write(self, out) -> None:
        self.header(out)
        kinds = [k for k, _ in KINDS]
        cum, total = [], 0
        for _, share in KINDS:
            total += share
            cum.append(total)
        while self.count < self.target:
            self.statement(out, self.rng.choices(kinds, cum_weights=cum)[0])


def generate(path: Path, triples: int, seed: int = 6) -> int:
    """Write about ``triples`` triples (a little more: the last statement is whole) to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    world = World(seed, triples)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8", buffering=1 << 20) as out:
        world.write(out)
    tmp.replace(path)
    return world.count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    n = generate(args.output, args.triples, args.seed)
    print(f"wrote {n:,} triples to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
