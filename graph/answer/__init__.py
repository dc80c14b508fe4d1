"""Answering people: plain-English questions parsed into intents (``question``), answered with
their evidence (``ask``), the analyses as reports (``reports``), and terminal printing.

May import every stage before it: ``store``, ``query``, ``sources``, ``network``.
"""
