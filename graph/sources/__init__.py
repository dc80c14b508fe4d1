"""Getting data in: one importer per public dataset (``importers``) and the actor registry
that resolves every source's names and codes to one actor IRI.

Importers write through the store interface and resolve names with ``query``, so this stage
may import ``store`` and ``query``; nothing before it imports it.
"""
