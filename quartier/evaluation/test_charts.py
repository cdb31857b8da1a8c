import networkx as nx

from quartier.evaluation.charts import bar_chart, network_svg


def test_bar_chart_escapes_labels_and_tells_series_apart_by_pattern():
    svg = bar_chart("Venues", [("<b>mai</b>", [3, 1]), ("juin", [0, None])], ["Tous", "Nouveaux"])
    assert "&lt;b&gt;mai&lt;/b&gt;" in svg and "<b>" not in svg
    assert 'fill="url(#p-hatch)"' in svg  # the second series is hatched, not just coloured
    assert "—" in svg  # a missing value is said, not drawn as zero


def test_network_drawing_gives_each_group_a_shape_and_each_person_a_label():
    graph = nx.Graph()
    graph.add_edge(1, 2, weight=1.0, shared=1)
    graph.add_node(3)
    groups = {1: "Cuisine", 2: "CADA", 3: "CADA"}
    svg = network_svg("Réseau", graph, groups, {1: "Ana", 2: "<script>", 3: "3"})
    assert "<circle" in svg and "<rect" in svg  # two groups, two shapes
    assert "&lt;script&gt;" in svg and "<script>" not in svg
    assert svg.count("<line") == 1
