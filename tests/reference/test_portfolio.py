"""Published knapsack instances with known optima, solved by both solvers (methodology E5).

* KNAPSACK_01 data sets P01, P02, P04, P06 and P08 (J. Burkardt, Florida State University,
  "KNAPSACK_01: Data for the 01 Knapsack Problem"; P01 from Kreher & Stinson 1999), capacities,
  weights, profits and optimal values as reproduced in public course repositories (e.g. the
  EHO knapsack scripts of R. H. da Rosa, 2024, and numerous DP exercises). P04 is the 7-item
  example commonly attributed to Martello & Toth (1990).
* Ehrgott (2005) *Multicriteria Optimization*, 2nd ed., Springer, exercise 10.2 (data from
  vOptSolver/vOptGeneric.jl ``examples/UKnapsackEhrgott2005.jl``): each objective alone.
* Methodology B.3: the three-item example where benefit/cost greedy loses (9 vs 14).
"""

from __future__ import annotations

import pytest

from mkba.portfolio import PortfolioProblem, check_feasible, select

INSTANCES = {
    "P01": (165, [23, 31, 29, 44, 53, 38, 63, 85, 89, 82], [92, 57, 49, 68, 60, 43, 67, 84, 87, 72], 309),
    "P02": (26, [12, 7, 11, 8, 9], [24, 13, 23, 15, 16], 51),
    "P04": (50, [31, 10, 20, 19, 4, 3, 6], [70, 20, 39, 37, 7, 5, 10], 107),
    "P06": (170, [41, 50, 49, 59, 55, 57, 60], [442, 525, 511, 593, 546, 564, 617], 1735),
    "P08": (6404180,
            [382745, 799601, 909247, 729069, 467902, 44328, 34610, 698150, 823460, 903959, 853665, 551830,
             610856, 670702, 488960, 951111, 323046, 446298, 931161, 31385, 496951, 264724, 224916, 169684],
            [825594, 1677009, 1676628, 1523970, 943972, 97426, 69666, 1296457, 1679693, 1902996, 1844992,
             1049289, 1252836, 1319836, 953277, 2067538, 675367, 853655, 1826027, 65731, 901489, 577243,
             466257, 369261], 13549094),
    "Ehrgott10.2-p1": (17, [4, 5, 2, 5, 6], [10, 3, 6, 8, 2], 27),
    "Ehrgott10.2-p2": (17, [4, 5, 2, 5, 6], [12, 9, 11, 5, 6], 38),
    "B.3": (10, [6, 5, 5], [9, 7, 7], 14),
}


@pytest.mark.parametrize("solver", ["highs", "cbc"])
@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_known_optimum(name, solver):
    cap, w, p, opt = INSTANCES[name]
    prob = PortfolioProblem.from_arrays(p, w, cap)
    res = select(prob, solver=solver)
    assert res.status == "optimal"
    assert res.objective == pytest.approx(opt, abs=1e-6)
    assert check_feasible(prob, res.selected) == []
    assert res.greedy.value <= res.objective + 1e-9


def test_p01_selection_as_published():
    cap, w, p, _ = INSTANCES["P01"]
    res = select(PortfolioProblem.from_arrays(p, w, cap))
    assert res.selected == ("M1", "M2", "M3", "M4", "M6")
