"""Drawing the graph: what a view shows (``select``), node positions (``layout``), the one
offline HTML file (``render``, ``page``) and exports to other tools (``export``).

May import ``store``, ``query``, ``sources``, ``network`` and ``answer``.
"""
