"""mkba.discount.internal_rate_of_return against the polynomial roots of the NPV (an independent path):
conventional flows (costs first, then returns: one sign change) have exactly one IRR, the NPV is zero
there and positive below it; flows without a sign change or with two roots have none."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mkba.discount import internal_rate_of_return


@given(st.lists(st.floats(1, 1e7), min_size=1, max_size=3),
       st.lists(st.one_of(st.just(0.0), st.floats(1, 1e6)), min_size=1, max_size=40))
def test_conventional_flows_have_the_one_root_of_the_npv_polynomial(costs, returns):
    flows = np.array([-c for c in costs] + returns)
    irr = internal_rate_of_return(flows)
    if not any(r > 0 for r in returns):
        assert irr is None  # never a sign change
        return
    roots = np.polynomial.polynomial.polyroots(np.trim_zeros(flows, "b"))
    real = [1 / x.real - 1 for x in roots if abs(x.imag) < 1e-9 and x.real > 0]
    assert len(real) == 1  # Descartes: one sign change, one positive root
    if not -0.99 < real[0] < 100:  # outside the scanned rates
        return
    assert irr == pytest.approx(real[0], rel=1e-6, abs=1e-9)
    t = np.arange(flows.size)
    assert abs(flows @ (1 + irr) ** -t) <= 1e-6 * np.abs(flows).sum()


def test_no_sign_change_or_two_roots_give_none():
    assert internal_rate_of_return([-100.0, -5.0]) is None
    assert internal_rate_of_return([0.0, 0.0]) is None
    assert internal_rate_of_return([-100.0, 230.0, -132.0]) is None  # 10 % and 20 %
    assert internal_rate_of_return([-100.0, 110.0]) == pytest.approx(0.10, abs=1e-12)
