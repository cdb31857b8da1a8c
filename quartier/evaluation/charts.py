"""Charts drawn on the server as SVG, readable without colour: bars told apart by their fill
pattern (solid, hatched, dotted) with a legend, network nodes by their shape with a label. Every
chart stands beside its data table; the SVG carries a title and description for screen
readers. All text goes through `escape`: names and activity names are typed by people."""

from __future__ import annotations

import math
from collections.abc import Sequence

import networkx as nx
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PATTERNS = ("solid", "hatch", "dots")
INK = "#1f3a5f"
_DEFS = (
    "<defs>"
    f'<pattern id="p-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
    f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
    f'<line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="3"/></pattern>'
    f'<pattern id="p-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
    f'<rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.4" fill="{INK}"/>'
    "</pattern></defs>"
)


def _fill(index: int) -> str:
    pattern = PATTERNS[index % len(PATTERNS)]
    return INK if pattern == "solid" else f"url(#p-{pattern})"


def bar_chart(
    title: str,
    rows: Sequence[tuple[str, Sequence[float | None]]],
    series: Sequence[str],
    *,
    unit: str = "",
) -> SafeString:
    """Horizontal bars, one group per row (a period), one bar per series."""
    label_width, bar_area, bar_height, gap = 90, 200, 12, 10
    values = [v for _label, vs in rows for v in vs if v is not None]
    top = max(values, default=0) or 1
    legend_height = 18 * len(series) if len(series) > 1 else 0
    group_height = bar_height * len(series) + gap
    height = legend_height + group_height * len(rows) + 8
    width = label_width + bar_area + 50
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        _DEFS,
    ]
    for index, name in enumerate(series if len(series) > 1 else []):
        y = 4 + 18 * index
        parts.append(
            f'<rect x="0" y="{y}" width="14" height="12" fill="{_fill(index)}" '
            f'stroke="{INK}"/><text x="20" y="{y + 10}" font-size="11">{escape(name)}</text>'
        )
    for row_index, (label, row_values) in enumerate(rows):
        y0 = legend_height + row_index * group_height + 4
        parts.append(
            f'<text x="{label_width - 6}" y="{y0 + bar_height * len(series) / 2 + 4}" '
            f'font-size="11" text-anchor="end">{escape(label)}</text>'
        )
        for index, value in enumerate(row_values):
            y = y0 + index * bar_height
            length = 0 if value is None else bar_area * value / top
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{length:.1f}" '
                f'height="{bar_height - 2}" fill="{_fill(index)}" stroke="{INK}" '
                'stroke-width="0.5"/>'
            )
            shown = "—" if value is None else f"{value:g}{unit}"
            parts.append(
                f'<text x="{label_width + length + 4:.1f}" y="{y + bar_height - 3}" '
                f'font-size="10">{escape(shown)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


SHAPES = ("circle", "square", "triangle", "diamond", "cross")


def _shape(kind: str, x: float, y: float, r: float = 5) -> str:
    style = f'fill="#fff" stroke="{INK}" stroke-width="1.5"'
    if kind == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" {style}/>'
    if kind == "triangle":
        points = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y + r:.1f} {x - r:.1f},{y + r:.1f}"
        return f'<polygon points="{points}" {style}/>'
    if kind == "diamond":
        points = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"
        return f'<polygon points="{points}" {style}/>'
    if kind == "cross":
        return (
            f'<path d="M{x - r:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}'
            f'M{x + r:.1f},{y - r:.1f}L{x - r:.1f},{y + r:.1f}" stroke="{INK}" stroke-width="2"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" {style}/>'


def _layout(graph: nx.Graph) -> dict[int, tuple[float, float]]:
    """networkx's spring layout (seeded), spread over the square: each axis is cut at its
    10th and 90th percentiles, so one loosely tied person far out does not squeeze the rest
    into a corner."""
    count = graph.number_of_nodes()
    if not count:
        return {}
    raw = nx.spring_layout(graph, seed=1, weight="weight", k=3 / math.sqrt(count))
    spread = {}
    for axis in (0, 1):
        values = sorted(p[axis] for p in raw.values())
        low, high = values[count // 10], values[-1 - count // 10]
        width = (high - low) or 1
        spread[axis] = (low, width)
    return {
        node: tuple(
            2 * min(max((p[axis] - spread[axis][0]) / spread[axis][1], 0), 1) - 1 for axis in (0, 1)
        )
        for node, p in raw.items()
    }


LABEL_SIZE = 10
# A DejaVu Sans character is about 0.6 em wide: enough to keep estimated boxes apart.
CHAR_WIDTH = 0.6 * LABEL_SIZE
SHAPE_RADIUS = 6
Box = tuple[float, float, float, float]


def place_labels(
    points: dict[int, tuple[float, float]],
    labels: dict[int, str],
    *,
    area: Box,
) -> dict[int, tuple[float, float, str]]:
    """Where each label goes, in the order given (the most tied people first): right of its
    shape, else left, above or below, wherever it overlaps no label already placed, no other
    shape, and stays inside `area` (left, top, right, bottom). A label with no such place is
    left out (its shape still names the person on hover): no name is written over another.

    Returns node → (x, y of the text's baseline, text-anchor)."""
    shapes = {
        node: (x - SHAPE_RADIUS, y - SHAPE_RADIUS, x + SHAPE_RADIUS, y + SHAPE_RADIUS)
        for node, (x, y) in points.items()
    }
    taken: list[Box] = []
    placed: dict[int, tuple[float, float, str]] = {}
    for node, label in labels.items():
        if not label:
            continue
        x, y = points[node]
        text_width = CHAR_WIDTH * len(label)
        half = text_width / 2
        candidates = (
            (x + 8, y + 4, "start", (x + 8, y - 6, x + 8 + text_width, y + 6)),
            (x - 8, y + 4, "end", (x - 8 - text_width, y - 6, x - 8, y + 6)),
            (x, y - 9, "middle", (x - half, y - 19, x + half, y - 7)),
            (x, y + 17, "middle", (x - half, y + 7, x + half, y + 19)),
        )
        for tx, ty, anchor, box in candidates:
            inside = (
                box[0] >= area[0] and box[1] >= area[1] and box[2] <= area[2] and box[3] <= area[3]
            )
            if (
                inside
                and not any(_overlap(box, other) for other in taken)
                and not any(_overlap(box, shape) for n, shape in shapes.items() if n != node)
            ):
                taken.append(box)
                placed[node] = (tx, ty, anchor)
                break
    return placed


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def network_svg(
    title: str, graph: nx.Graph, groups: dict[int, str], labels: dict[int, str]
) -> SafeString:
    """The graph laid out by networkx (seeded: the same drawing each time); each group has a
    shape, given in the legend; each person a label (a name for the team, else a number)."""
    size, margin = 460, 30
    group_names = sorted(set(groups[n] for n in graph.nodes()))
    shape_of = {name: SHAPES[i % len(SHAPES)] for i, name in enumerate(group_names)}
    legend_height = 18 * len(group_names) + 8
    positions = _layout(graph)
    top_weight = max((d["weight"] for _a, _b, d in graph.edges(data=True)), default=1)

    def place(node: int) -> tuple[float, float]:
        x, y = positions[node]
        return (
            margin + (x + 1) / 2 * (size - 2 * margin),
            legend_height + margin + (y + 1) / 2 * (size - 2 * margin),
        )

    parts = [
        f'<svg class="chart network" viewBox="0 0 {size} {size + legend_height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for index, name in enumerate(group_names):
        y = 10 + 18 * index
        parts.append(_shape(shape_of[name], 10, y))
        parts.append(f'<text x="22" y="{y + 4}" font-size="12">{escape(name)}</text>')
    for a, b, data in graph.edges(data=True):
        (x1, y1), (x2, y2) = place(a), place(b)
        width = 0.5 + 3 * math.sqrt(data["weight"] / top_weight)
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#777" '
            f'stroke-width="{width:.2f}"/>'
        )
    points = {node: place(node) for node in graph.nodes()}
    by_ties = sorted(graph.nodes(), key=lambda node: (-graph.degree(node), labels.get(node, "")))
    placed = place_labels(
        points,
        {n: labels.get(n, "") for n in by_ties},
        area=(0, legend_height, size, size + legend_height),
    )
    for node, (x, y) in points.items():
        label = escape(labels.get(node, ""))
        # Every shape names its person on hover, also when no room was left for the label.
        parts.append(f"<g><title>{label}</title>{_shape(shape_of[groups[node]], x, y)}</g>")
        if node in placed:
            tx, ty, anchor = placed[node]
            parts.append(
                f'<text x="{tx:.1f}" y="{ty:.1f}" font-size="{LABEL_SIZE}" '
                f'text-anchor="{anchor}">{label}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)
