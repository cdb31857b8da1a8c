import networkx as nx

from quartier.evaluation.charts import CHAR_WIDTH, _overlap, bar_chart, network_svg, place_labels


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


def _box(x: float, y: float, anchor: str, label: str) -> tuple[float, float, float, float]:
    width = CHAR_WIDTH * len(label)
    left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
    return (left, y - 10, left + width, y + 2)


def test_labels_of_people_drawn_close_together_never_overlap():
    # Five people on almost the same spot, and one alone.
    points = {n: (200 + n, 200 + n) for n in range(1, 6)} | {6: (50, 50)}
    labels = {n: f"Personne {n}" for n in points}
    placed = place_labels(points, labels, area=(0, 0, 460, 460))
    boxes = [_box(*placed[n], labels[n]) for n in placed]
    assert all(not _overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert 6 in placed and placed[6][2] == "start"  # alone: right of its shape
    assert 1 in placed  # the first asked for (the most tied) always finds room
    assert len(placed) < 6  # no room for everyone in the crowd: some are left out


def test_a_label_stays_inside_the_drawing():
    placed = place_labels({1: (455, 100)}, {1: "Aïcha Benali"}, area=(0, 0, 460, 460))
    assert placed[1][2] == "end"  # at the right edge: written to the left


def test_a_person_whose_label_is_left_out_is_still_named_on_hover():
    graph = nx.Graph()
    for n in range(2, 9):
        graph.add_edge(1, n, weight=1.0, shared=1)
    labels = {n: f"Prénom Nom {n}" for n in graph.nodes()}
    svg = network_svg("Réseau", graph, dict.fromkeys(graph.nodes(), "Cuisine"), labels)
    for label in labels.values():
        assert f"<title>{label}</title>" in svg
