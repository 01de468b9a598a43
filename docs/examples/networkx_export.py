"""Load the service's node-link export into NetworkX and print what an analyst starts from.

    curl --compressed -o graph.json http://localhost:4000/export/graph.json
    python3 docs/examples/networkx_export.py graph.json

NetworkX 3.6 reads the export with its defaults (3.4 and 3.5: pass edges="edges"). Each node
carries its centrality scores (scoreDegree, scorePagerank, scoreBetweenness) as the `rankings`
field gives them; each edge is one claim, with its type, dates and provenance.
"""

import json
import sys

import networkx as nx

with open(sys.argv[1], encoding="utf-8") as file:
    graph = nx.node_link_graph(json.load(file))

top = sorted(
    (node for node, data in graph.nodes(data=True) if "scorePagerank" in data),
    key=lambda node: -graph.nodes[node]["scorePagerank"],
)[:5]
print(json.dumps({
    "type": type(graph).__name__,
    "nodes": graph.number_of_nodes(),
    "edges": graph.number_of_edges(),
    "topByPagerank": [[node, graph.nodes[node]["scorePagerank"]] for node in top],
}))
