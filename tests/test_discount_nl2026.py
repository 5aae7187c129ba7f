"""The 2026 Dutch discount set (Werkgroep discontovoet 2025: 2,8 % to the horizon limit of 35 years,
1,8 % after) as mkba reads it: forward rates, chained after year 35 (issue 17 item 6).

The factors are pinned at t = 1, 35, 36 and 100 against closed forms written out here, not taken
from mkba: 1/1.028^t for t <= 35, then 1/(1.028^35 * 1.018^(t-35)). The other reading of the same
two numbers (spot rates: 1/1.018^t for every t > 35) is named in docs/methods.md; the last test
shows that it is a different schedule, so the choice matters and is not silently mixed up.
"""

from __future__ import annotations

import pytest

from mkba.discount import discount_factors, discount_set


def forward(t: int) -> float:
    """The forward (chained) reading, written out independently of mkba."""
    return 1.0 / 1.028 ** t if t <= 35 else 1.0 / (1.028 ** 35 * 1.018 ** (t - 35))


@pytest.mark.parametrize("t", [1, 35, 36, 100])
def test_nl_2026_factors_are_the_chained_forward_reading(t):
    factors = discount_factors("nl-2026", 101)
    assert factors[t] == pytest.approx(forward(t), rel=1e-12)


def test_nl_2026_pinned_values():
    factors = discount_factors("nl-2026", 101)
    # the same closed forms, evaluated once by hand (6 significant digits)
    assert [round(float(factors[t]), 6) for t in (1, 35, 36, 100)] == [0.972763, 0.3804, 0.373674, 0.119299]


def test_nl_2026_set_states_its_source_and_reading():
    s = discount_set("nl-2026")
    assert s.steps == ((35, 0.028),) and s.final_rate == 0.018
    assert "Werkgroep Discontovoet 2025" in s.source and "forward" in s.description


def test_the_spot_reading_is_a_different_schedule():
    factors = discount_factors("nl-2026", 101)
    spot_100 = 1.0 / 1.018 ** 100  # 1.8 % read as a spot rate from year 0 to year 100
    assert factors[35] == pytest.approx(1.0 / 1.028 ** 35)  # both readings agree up to year 35
    assert spot_100 / factors[100] == pytest.approx(1.408, abs=1e-3)  # 41 % apart at year 100
