"""The HTTP server: the SPARQL 1.1 Protocol endpoint, the viewer and the query library's pages.

The last stage: it may import every other one, and none imports it.
"""
