"""Budget-constrained portfolios of measures: an additive objective, named rules, CBC or HiGHS.

A kernel: plain arrays and rule objects in, frozen results out; it knows nothing of a scenario
(:func:`mkba.stages.selection.problem_from_scenario` builds a problem from one). The modules, in
dependency order (each imports only modules above it in this list):

1. :mod:`.text`: money, lists and JSON numbers as a reader sees them;
2. :mod:`.rules`: the rule objects (:class:`Mandatory`, :class:`Forbidden`, :class:`Exclusive`,
   :class:`Requires`, :class:`ThemeLimit`, :class:`Synergy`, :class:`StartYearChoice`);
3. :mod:`.problem`: :class:`PortfolioProblem` (``from_arrays``), :func:`anchored_values`,
   :func:`refuse_non_additive` (which asks :data:`mkba.mcda.METHODS` which scores are additive);
4. :mod:`.formulation`: the 0-1 linear model, :func:`build_model` and one ``define_*`` per rule kind;
5. :mod:`.evaluate`: a selection's value, spend and broken rules without a solver
   (:func:`portfolio_value`, :func:`spend_per_year`, :func:`check_feasible`);
6. :mod:`.backends`: HiGHS and CBC behind one interface (:func:`auto_solver`, :data:`SOLVERS`,
   :data:`STATUSES`, :data:`HAS_SOLUTION`);
7. :mod:`.greedy`: :func:`greedy_select`, what a benefit/cost spreadsheet would fund;
8. :mod:`.diagnose`: :func:`diagnose` (the smallest set of conflicting rules), :func:`is_feasible`;
9. :mod:`.select`: :func:`select` ``(problem, *, solver=None, time_limit=None, gap=1e-6) -> Portfolio``,
   :func:`solve_model` and the exact core method;
10. :mod:`.frontier`: :func:`frontier` (value per budget);
11. :mod:`.stakeholders`: :func:`stakeholder_portfolios` (cross-evaluation, maximin compromise);
12. :mod:`.dominance`: :func:`non_dominated`, RPM core index and classes;
13. :mod:`.nondominated`: :func:`nondominated_portfolios` (every non-dominated portfolio over a
    weight hull, exactly);
14. :mod:`.lagrangian`: the Lagrangian knapsack bound that settles many samples at once;
15. :mod:`.reoptimise`: :func:`reoptimise` (the optimum per sampled value vector, on one model);
16. :mod:`.robustness`: :func:`portfolio_robustness` (core indices over sampled weightings,
    non-dominated portfolios);
17. :mod:`.breaks`: what a given selection breaks (:func:`broken_parts`) and which budget lines it
    uses up (:func:`cap_use`, :func:`binding_caps`), as diagnosis parts;
18. :mod:`.left_out`: :func:`left_out`, why a measure is not in the portfolio (solved again with it
    forced in);
19. :mod:`.goals` (ambition targets and goal shortfalls as rows, listed by :mod:`.formulation`) and
    :mod:`.ambitions` (goal programming's phases, the closest package, what an ambition costs).
"""

from __future__ import annotations

from .backends import HAS_SOLUTION, SOLVERS, STATUSES, auto_solver
from .diagnose import Diagnosis, diagnose, is_feasible
from .breaks import CapUse, binding_caps, broken_parts, cap_use, rule_parts
from .left_out import LeftOut, left_out, top_not_chosen
from .dominance import non_dominated
from .evaluate import check_feasible, portfolio_value, spend_per_year
from .formulation import LinearModel, build_model
from .frontier import Frontier, frontier
from .greedy import GreedyResult, greedy_select
from .nondominated import NonDominated, nondominated_portfolios
from .problem import ADDITIVE_OBJECTIVES, PortfolioProblem, anchored_values, refuse_non_additive
from .reoptimise import Reoptimised, reoptimise
from .robustness import Robustness, portfolio_robustness
from .rules import (Exclusive, Forbidden, Mandatory, Requires, ShortfallCap, StartYearChoice, Synergy, TargetRule,
                    ThemeLimit)
from .select import Portfolio, select, solve_model
from .stakeholders import StakeholderAnalysis, stakeholder_portfolios
from .text import money

__all__ = [
    "ADDITIVE_OBJECTIVES", "CapUse", "Diagnosis", "binding_caps", "broken_parts", "cap_use", "LeftOut",
    "left_out", "top_not_chosen", "Exclusive", "Forbidden", "Frontier", "GreedyResult", "HAS_SOLUTION",
    "LinearModel", "Mandatory", "Portfolio", "PortfolioProblem", "Requires", "SOLVERS", "STATUSES",
    "StakeholderAnalysis", "StartYearChoice", "Synergy", "ThemeLimit", "anchored_values", "auto_solver",
    "build_model", "check_feasible", "diagnose", "frontier", "greedy_select", "is_feasible", "money",
    "non_dominated", "NonDominated", "nondominated_portfolios", "portfolio_robustness", "reoptimise", "Reoptimised",
    "Robustness", "portfolio_value", "refuse_non_additive", "rule_parts", "select", "solve_model", "spend_per_year",
    "stakeholder_portfolios", "TargetRule", "ShortfallCap",
]
