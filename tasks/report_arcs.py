"""The network chart's curved message arrows and their count labels, as networkx draws them, on plain floats.

matplotlib clips each curved arrow where it meets the node circles with a bisection over numpy arrays, several
times per arrow: most of the report's time at 1,000 pages. ClippedArc3 computes the same vertices, bit for bit,
on floats (about 1 ms a call against 50 us); ArcLabel places a count where networkx's CurvedArrowText would.
tests/tasks/test_report.py compares both with the library's own drawing.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.patches import ConnectionStyle
from matplotlib.path import Path as CurvePath
from matplotlib.text import Text

ARC_RAD = 0.18  # how much message arrows bend, so that A->B and B->A stay two arrows
EDGE_LABEL_BOX = {"boxstyle": "round", "ec": (1.0, 1.0, 1.0), "fc": (1.0, 1.0, 1.0)}  # networkx's default
LABEL_SHRINK = math.sqrt(300) / 2  # networkx.draw_networkx_edge_labels clips arcs at its default node size


Point = tuple[float, float]
Curve = tuple[Point, Point, Point]  # a quadratic Bézier: start, control point, end


def curve_point(curve: Curve, t: float) -> Point:
    # The Bernstein form, in the order of operations of matplotlib.bezier.BezierSegment.
    (x0, y0), (x1, y1), (x2, y2) = curve
    a, b, c = (1 - t) ** 2, (1 - t) * t, t**2
    return (a * x0 + b * 2 * x1 + c * x2, a * y0 + b * 2 * y1 + c * y2)


def split_curve(curve: Curve, t: float) -> tuple[Curve, Curve]:
    """De Casteljau's split at t, as matplotlib.bezier.split_de_casteljau computes it."""

    def between(p: Point, q: Point) -> Point:
        return (p[0] * (1 - t) + q[0] * t, p[1] * (1 - t) + q[1] * t)

    p0, p1, p2 = curve
    left, right = between(p0, p1), between(p1, p2)
    middle = between(left, right)
    return (p0, left, middle), (middle, right, p2)


def circle_crossing(curve: Curve, centre: Point, radius: float, tolerance: float = 0.01) -> float:
    """Where the curve crosses the circle: matplotlib's bisection (find_bezier_t_intersecting_with_closedpath),
    for a curve with one end inside the circle and the other outside."""

    def inside(point: Point) -> bool:
        return (point[0] - centre[0]) ** 2 + (point[1] - centre[1]) ** 2 < radius**2

    t0, t1 = 0.0, 1.0
    start, end = curve_point(curve, t0), curve_point(curve, t1)
    start_inside = inside(start)
    while math.hypot(start[0] - end[0], start[1] - end[1]) >= tolerance:
        middle_t = 0.5 * (t0 + t1)
        middle = curve_point(curve, middle_t)
        middle_inside = inside(middle)
        if start_inside ^ middle_inside:
            t1 = middle_t
            if end == middle:
                break
            end = middle
        else:
            t0 = middle_t
            if start == middle:
                break
            start, start_inside = middle, middle_inside
    return (t0 + t1) / 2


def clip_ends(curve: Curve, shrink_a: float, shrink_b: float) -> Curve:
    """The curve without its parts within shrink_a of its start and shrink_b of its end, as ConnectionStyle
    clips it (an end is left alone when the whole curve lies within its circle)."""
    end = curve[2]
    for centre, radius, keep_right in ((curve[0], shrink_a, True), (end, shrink_b, False)):
        if not radius:
            continue
        inside = [(x - centre[0]) ** 2 + (y - centre[1]) ** 2 < radius**2 for x, y in (curve[0], curve[2])]
        if inside[0] != inside[1]:
            left, right = split_curve(curve, circle_crossing(curve, centre, radius))
            curve = right if keep_right else left
    return curve


class ClippedArc3(ConnectionStyle.Arc3):
    """matplotlib's "arc3" with the same vertices, bit for bit, computed on plain floats.

    A FancyArrowPatch asks for its path several times per figure, and the generic clipping (the curve
    evaluated as numpy arrays at each step of a bisection) was most of the network chart's time: about 1 ms a
    call against 50 µs here.
    """

    def __call__(self, posA, posB, shrinkA=2.0, shrinkB=2.0, patchA=None, patchB=None):  # noqa: N803 (matplotlib's names)
        if patchA is not None or patchB is not None:
            return super().__call__(posA, posB, shrinkA, shrinkB, patchA, patchB)
        (x1, y1), (x2, y2) = (float(posA[0]), float(posA[1])), (float(posB[0]), float(posB[1]))
        # Arc3.connect: the control point sits off the middle of the chord, across it.
        x12, y12 = (x1 + x2) / 2.0, (y1 + y2) / 2.0
        dx, dy = x2 - x1, y2 - y1
        curve = ((x1, y1), (x12 + self.rad * dy, y12 - self.rad * dx), (x2, y2))
        return CurvePath(clip_ends(curve, shrinkA, shrinkB), [CurvePath.MOVETO, CurvePath.CURVE3, CurvePath.CURVE3])


class ArcLabel(Text):
    """A message arrow's count, on the middle of its curve and along it: where networkx's CurvedArrowText puts it,
    by the same arithmetic, but on a ClippedArc3. Placed when drawn, as the display transform is final only then.
    """

    def __init__(self, start: np.ndarray, end: np.ndarray, text: str) -> None:
        super().__init__(
            *start, text, size=10, color="k", family="sans-serif", weight="normal", horizontalalignment="center",
            verticalalignment="center", bbox=EDGE_LABEL_BOX, zorder=1, clip_on=True,
        )  # fmt: skip
        self.ends = (start, end)

    def draw(self, renderer) -> None:
        trans_data = self.axes.transData
        start, end = trans_data.transform(self.ends)
        # networkx clips the label's arc with its default node size, not the one the nodes are drawn with.
        curve = ClippedArc3(rad=ARC_RAD)(start, end, shrinkA=LABEL_SHRINK, shrinkB=LABEL_SHRINK).vertices
        (x1, y1), (cx, cy), (x2, y2) = curve
        t = tt = 0.5
        x = tt**2 * x1 + 2 * t * tt * cx + t**2 * x2
        y = tt**2 * y1 + 2 * t * tt * cy + t**2 * y2
        change_x = 2 * tt * (cx - x1) + 2 * t * (x2 - cx)
        change_y = 2 * tt * (cy - y1) + 2 * t * (y2 - cy)
        angle = np.arctan2(change_y, change_x) / (2 * np.pi) * 360
        self.set_position(trans_data.inverted().transform((x, y)))
        self.set_rotation(angle - 180 if angle > 90 else angle + 180 if angle < -90 else angle)  # upright
        super().draw(renderer)
