"""The project's IRIs and the prefixes used to print them compactly."""

BASE = "https://w3id.org/actorkg/"
AK = BASE + "ontology#"
KG = BASE + "entity/"
STMT = BASE + "statement/"
SRC = BASE + "source/"
CLAIM = BASE + "claim/"
GRAPH = BASE + "graph/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
WD = "http://www.wikidata.org/entity/"

# Named graphs: one per source, one for the ontology, one for derived edges.
ONTOLOGY_GRAPH = GRAPH + "ontology"
ARTICLE_GRAPH = GRAPH + "article"
DERIVED_GRAPH = GRAPH + "derived"

PREFIXES = {
    "ak": AK,
    "kg": KG,
    "stmt": STMT,
    "src": SRC,
    "claim": CLAIM,
    "graph": GRAPH,
    "wd": WD,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
}


def compact(iri: str) -> str:
    """``https://w3id.org/actorkg/entity/Russia`` -> ``kg:Russia``; unknown IRIs unchanged."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            local = iri[len(namespace):]
            if local and all(c.isalnum() or c in "-_." for c in local):
                return f"{prefix}:{local}"
    return iri


def expand(name: str) -> str:
    """``kg:Russia`` -> full IRI; anything else is returned unchanged."""
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return name
