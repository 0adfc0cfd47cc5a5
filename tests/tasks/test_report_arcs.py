"""The network chart's arrows: the vertices matplotlib's arc3 connection style gives, computed on floats."""

from __future__ import annotations

import random

import numpy as np
from matplotlib.patches import ConnectionStyle

from tasks.report import NODE_RADIUS
from tasks.report_arcs import ARC_RAD, ClippedArc3


def test_clipped_arc3_gives_matplotlibs_arc3_vertices_bit_for_bit() -> None:
    generator = random.Random(1)
    reference, clipped = ConnectionStyle.Arc3(rad=ARC_RAD), ClippedArc3(rad=ARC_RAD)
    for _ in range(300):
        start = np.array([generator.uniform(0, 600), generator.uniform(0, 600)])
        # Ends far apart, and close enough for the circles to overlap, where an end is not clipped.
        reach = generator.choice([600, 40])
        end = start + np.array([generator.uniform(-reach, reach), generator.uniform(-reach, reach)])
        shrink_a, shrink_b = generator.choice([0.0, 5.0, NODE_RADIUS]), generator.choice([0.0, 8.66, NODE_RADIUS])
        expected = reference(start, end, shrinkA=shrink_a, shrinkB=shrink_b)
        got = clipped(start, end, shrinkA=shrink_a, shrinkB=shrink_b)
        assert np.array_equal(got.vertices, expected.vertices) and np.array_equal(got.codes, expected.codes)
