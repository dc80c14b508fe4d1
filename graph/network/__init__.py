"""The signed network and its analyses: the NetworkX projection of statements (``project``),
evidence records, structural balance and signed paths, supporters and commitments, actor
profiles, causes, corroboration of text claims against datasets, world-scale dual roles.

May import ``store``, ``query`` and ``sources``.
"""
