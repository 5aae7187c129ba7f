"""Numbers are written in one canonical form (12 significant digits), so result files agree across
dependency versions whose numbers differ in the last bits (issue 15)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, strategies as st

from mkba.io.canonical import canonical, canonical_float, csv_text

finite = st.floats(allow_nan=False, allow_infinity=False)


@given(finite)
def test_canonical_is_idempotent_and_within_half_a_unit_of_the_12th_digit(x):
    c = canonical_float(x)
    assert canonical_float(c) == c
    assert abs(c - x) <= 5e-12 * abs(x) + 1e-300
    assert repr(c) == repr(float(repr(c)))


def test_known_values():
    assert canonical_float(0.12307904317177992) == canonical_float(0.12307904317177995) == 0.123079043172
    assert math.copysign(1.0, canonical_float(-0.0)) == 1.0  # no "-0.0" in any file
    assert canonical_float(0.1 + 0.2) == 0.3
    assert canonical_float(1234567.0) == 1234567.0  # money in whole euros is kept exactly
    assert canonical(float("nan")) is None and canonical([np.float64(1 / 3)]) == [0.333333333333]
    assert canonical({1: (np.int64(2), np.bool_(True))}) == {"1": [2, True]}


def test_a_frame_whose_every_float_moved_one_ulp_is_written_the_same():
    rng = np.random.default_rng(5)
    x = rng.lognormal(0, 6, (50, 4)) * rng.choice([-1, 1], (50, 4))
    frame = pd.DataFrame(x, columns=list("abcd"), index=pd.Index([f"M{i}" for i in range(50)], name="measure"))
    frame["mixed"] = [1 / 3 if i % 2 else "text" for i in range(50)]
    frame["n"] = np.arange(50)
    moved = frame.copy()
    moved[list("abcd")] = np.nextafter(x, np.where(rng.random(x.shape) < 0.5, np.inf, -np.inf))
    moved["mixed"] = [float(np.nextafter(1 / 3, 1)) if i % 2 else "text" for i in range(50)]
    assert not np.array_equal(moved[list("abcd")].to_numpy(), x)
    assert csv_text(moved) == csv_text(frame)
    assert frame.to_csv() != moved.to_csv()  # pandas alone would write the last digit
    assert ",0.333333333333," in csv_text(frame)
