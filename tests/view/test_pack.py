"""The page's packed statement table reads back as page_data made it (pack.py)."""

from __future__ import annotations

from actorkg.graph.view.pack import HOLE, pack, unpack
from actorkg.graph.view.render import page_data
from actorkg.graph.view.select import ViewOptions, select


def test_pack_round_trips_the_article(graph):
    data = page_data(select(graph, ViewOptions()))
    packed = pack(data)
    assert unpack(packed) == data
    assert "tie" not in packed["links"] and len(packed["links"]["ties"]) == len(data["ties"]["source"])


def test_pack_keeps_awkward_texts():
    texts = ["line 3960", "line 12", "line 007", "x 1234567890123456789", "a\x00b 5", "no numbers", "line 0"]
    data = {"ties": {"source": [0, 1]}, "links": {
        "tie": [0, 0, 1, 1, 1, 1, 1], "statement": texts, "records": [[t] for t in texts],
        "values": [None] * 6 + [[[0, 1]]], "quotes": [None] * 6 + [["q"]], "kind": [0] * 7}}
    packed = pack(data)
    assert unpack(packed) == data
    # The shape shared by two texts is kept once; a text holding the placeholder stays whole.
    assert packed["templates"] == ["line " + HOLE] and packed["links"]["statement"][:2] == [[0, 3960], [0, 12]]
    assert packed["links"]["statement"][4] == "a\x00b 5"
    assert packed["links"]["quotes"] == {"n": 7, "gaps": [7], "values": [["q"]]}
