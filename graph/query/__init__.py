"""Asking the store: the named-query library (``queries/*.rq``), results as Python values,
JSON, CSV and tables, finding actors by name, comparing answers across engines.

May import ``store``.
"""
