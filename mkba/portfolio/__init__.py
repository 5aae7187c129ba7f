"""Budget-constrained portfolios of measures: an additive objective, named rules, CBC or HiGHS.

- :class:`PortfolioProblem` (``from_arrays``), rule objects (:class:`Mandatory`, :class:`Forbidden`,
  :class:`Exclusive`, :class:`Requires`, :class:`ThemeLimit`, :class:`Synergy`, :class:`StartYearChoice`),
  :func:`anchored_values`, :func:`refuse_non_additive`
- :func:`select` ``(problem, *, solver=None, time_limit=None, gap=1e-6) -> Portfolio``
- :func:`check_feasible`, :func:`portfolio_value`
- :func:`greedy_select` (benefit/cost greedy), :func:`diagnose` (conflicting rules),
  :func:`frontier` (value per budget), :func:`stakeholder_portfolios` (cross-evaluation, maximin compromise),
  :func:`portfolio_robustness` (core indices over sampled weightings, non-dominated portfolios),
  :func:`nondominated_portfolios` (every non-dominated portfolio over a weight hull, exactly)
- :func:`build_model` and the ``define_*`` functions in :mod:`mkba.portfolio.formulation`
"""

from __future__ import annotations

from .diagnose import Diagnosis, diagnose, is_feasible
from .formulation import LinearModel, build_model
from .frontier import Frontier, frontier
from .greedy import GreedyResult, greedy_select
from .problem import (ADDITIVE_OBJECTIVES, Exclusive, Forbidden, Mandatory, PortfolioProblem, Requires,
                      StartYearChoice, Synergy, ThemeLimit, anchored_values, money, refuse_non_additive)
from .solve import (HAS_SOLUTION, SOLVERS, STATUSES, Portfolio, auto_solver, check_feasible, portfolio_value,
                    select, solve_model, spend_per_year)
from .robustness import (NonDominated, Reoptimised, Robustness, non_dominated, nondominated_portfolios,
                         portfolio_robustness, reoptimise)
from .stakeholders import StakeholderAnalysis, stakeholder_portfolios

__all__ = [
    "ADDITIVE_OBJECTIVES", "Diagnosis", "Exclusive", "Forbidden", "Frontier", "GreedyResult", "HAS_SOLUTION",
    "LinearModel", "Mandatory", "Portfolio", "PortfolioProblem", "Requires", "SOLVERS", "STATUSES",
    "StakeholderAnalysis", "StartYearChoice", "Synergy", "ThemeLimit", "anchored_values", "auto_solver",
    "build_model", "check_feasible", "diagnose", "frontier", "greedy_select", "is_feasible", "money",
    "non_dominated", "NonDominated", "nondominated_portfolios", "portfolio_robustness", "reoptimise", "Reoptimised", "Robustness", "portfolio_value", "refuse_non_additive", "select", "solve_model", "spend_per_year", "stakeholder_portfolios",
]
