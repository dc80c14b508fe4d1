"""Small HTML pages of the server: the query library, a query's results, a SPARQL form.

Jinja with autoescaping: every value from data or from the request is escaped. The
pages are plain HTML with no scripts and nothing fetched from elsewhere.
"""

from __future__ import annotations

from functools import lru_cache

from ..query.library import NamedQuery
from ..store.core import QueryResult, Solutions, Triples

_BASE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; form-action 'self'">
<title>{% block title %}actorkg{% endblock %}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 20px auto; max-width: 1100px; padding: 0 16px; color: #222; }
nav a { margin-right: 14px; }
table { border-collapse: collapse; margin: 10px 0; }
td, th { border: 1px solid #ddd; padding: 3px 7px; vertical-align: top; text-align: left; }
th { background: #f3f3f3; }
.query { border: 1px solid #e3e3e3; border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
.error { color: #a00; white-space: pre-wrap; }
label { display: inline-block; min-width: 90px; }
textarea { width: 100%; font: 13px monospace; }
pre { background: #f6f6f6; padding: 8px; overflow-x: auto; }
.muted { color: #777; }
</style></head>
<body>
<nav><a href="/">Graph viewer</a><a href="/queries">Query library</a><a href="/sparql">SPARQL</a><a href="/health">Health</a></nav>
{% block body %}{% endblock %}
</body></html>
"""

_QUERIES = """{% extends "base.html" %}
{% block title %}actorkg: query library{% endblock %}
{% block body %}
<h1>Query library</h1>
<p class="muted">Each query is a file in <code>queries/</code>. Run one with its parameters; add
<code>format=json</code> or <code>format=csv</code> to the URL for scripts.</p>
{% for q in queries %}
<form class="query" method="get" action="/queries/{{ q.name }}">
  <h2>{{ q.name }}</h2>
  <p>{{ q.summary }}</p>
  {% for p in q.params %}
  <p><label for="{{ q.name }}-{{ p.name }}">{{ p.name }}</label>
     <input id="{{ q.name }}-{{ p.name }}" name="{{ p.name }}" {% if not p.optional %}required{% endif %}
            placeholder="{{ p.type }}{% if p.optional %}, optional{% endif %}">
     <span class="muted">{{ p.description }}</span></p>
  {% endfor %}
  <button type="submit">Run</button>
</form>
{% endfor %}
{% endblock %}
"""

_RESULT = """{% extends "base.html" %}
{% block title %}actorkg: {{ query.name }}{% endblock %}
{% block body %}
<h1>{{ query.name }}</h1>
<p>{{ query.summary }}</p>
<form method="get" action="/queries/{{ query.name }}">
  {% for p in query.params %}
  <p><label for="p-{{ p.name }}">{{ p.name }}</label>
     <input id="p-{{ p.name }}" name="{{ p.name }}" value="{{ values.get(p.name, '') }}"
            placeholder="{{ p.type }}{% if p.optional %}, optional{% endif %}">
     <span class="muted">{{ p.description }}</span></p>
  {% endfor %}
  <button type="submit">Run</button>
</form>
{% if error %}<p class="error">{{ error }}</p>{% endif %}
{% if columns is not none %}
<table><thead><tr>{% for c in columns %}<th>{{ c }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</tbody></table>
<p class="muted">{{ rows|length }} row{{ '' if rows|length == 1 else 's' }}</p>
{% endif %}
<details><summary>SPARQL</summary><pre>{{ query.text }}</pre></details>
{% endblock %}
"""

_SPARQL_FORM = """{% extends "base.html" %}
{% block title %}actorkg: SPARQL{% endblock %}
{% block body %}
<h1>SPARQL endpoint</h1>
<p>This URL speaks the SPARQL 1.1 Protocol: send <code>query</code> by GET or POST. The default
graph is the union of all graphs. {{ 'Updates need a bearer token.' if update else 'Read-only: updates are refused.' }}
Time limit {{ timeout }} s, at most {{ max_rows }} rows.</p>
<form method="get" action="/sparql">
<textarea name="query" rows="14">{{ example }}</textarea>
<p><label for="format">Result format</label>
<select id="format" name="format"><option>json</option><option>xml</option><option>csv</option><option>tsv</option>
<option>turtle</option><option>nt</option></select>
<button type="submit">Run</button></p>
</form>
{% endblock %}
"""

EXAMPLE_QUERY = """PREFIX ak:   <https://w3id.org/actorkg/ontology#>
PREFIX kg:   <https://w3id.org/actorkg/entity/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
# Who supports Azerbaijan, and how?
SELECT ?supporterLabel ?kind WHERE {
  ?s ak:recipient kg:Azerbaijan ; a ?k .
  ?k ak:shortLabel ?kind ; ak:subjectRole ?role .
  ?s ?role ?supporter . ?supporter rdfs:label ?supporterLabel .
}"""


@lru_cache(maxsize=1)
def _env():
    from jinja2 import DictLoader, Environment

    return Environment(loader=DictLoader({"base.html": _BASE, "queries.html": _QUERIES,
                                          "result.html": _RESULT, "sparql.html": _SPARQL_FORM}),
                       autoescape=True)


def queries_page(queries: list[NamedQuery]) -> str:
    return _env().get_template("queries.html").render(queries=queries)


def result_page(query: NamedQuery, values: dict[str, str], result: QueryResult | None = None,
                error: str | None = None) -> str:
    from ..query import results

    columns = rows = None
    if isinstance(result, Solutions):
        columns = results.table_columns(result)
        rows = [[results.to_display(row.get(c)) for c in columns] for row in result.rows]
    elif isinstance(result, bool):
        columns, rows = ["answer"], [["true" if result else "false"]]
    elif isinstance(result, Triples):
        columns = ["subject", "predicate", "object"]
        rows = [[results.to_display(t.subject), results.to_display(t.predicate), results.to_display(t.object)]
                for t in result.triples]
    return _env().get_template("result.html").render(query=query, values=values, columns=columns,
                                                     rows=rows or [], error=error)


def sparql_form(update: bool, timeout: float, max_rows: int) -> str:
    return _env().get_template("sparql.html").render(update=update, timeout=timeout,
                                                     max_rows=f"{max_rows:,}", example=EXAMPLE_QUERY)
