"""mkba.portfolio.breaks: what a selection breaks, as data, agrees with the English check of every rule
(:func:`mkba.portfolio.check_feasible`, computed from the problem's arrays, not from the model), and what
it uses of each budget line is what it spends; mkba.portfolio.left_out: the model's answer why a measure
is not chosen, on a case worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mkba.portfolio import (Exclusive, Forbidden, Mandatory, PortfolioProblem, Requires, StartYearChoice,
                            ThemeLimit, broken_parts, cap_use, check_feasible, left_out, select, spend_per_year,
                            top_not_chosen)
from mkba.testing.portfolios import YEARS, problems_with_selection



@given(problems_with_selection())
def test_broken_parts_agree_with_the_independent_check(case):
    problem, mask, starts = case
    parts = broken_parts(problem, mask, starts)
    words = check_feasible(problem, mask, starts)
    assert bool(parts) == bool(words), (parts, words)
    # one phrase per broken rule or line at most; a theme rule may break twice (count and spend) in words
    assert len(parts) <= len(words)
    for p in parts:
        assert p["kind"] in ("cap", "rule", "mandatory")
        if p["kind"] == "cap":
            assert p["amount"] > p["cap"]["amount"]


@given(problems_with_selection())
def test_cap_use_is_what_the_selection_spends(case):
    problem, mask, starts = case
    spend = spend_per_year(problem, mask, starts)
    uses = {(u.kind, u.year, u.payer): u for u in cap_use(problem, mask, starts)}
    total = uses[("total", None, None)]
    assert np.isclose(total.used, spend.sum()) and total.amount == problem.budget_total
    assert total.binding == (spend.sum() >= problem.budget_total - 0.01)
    by_year = np.cumsum(spend) if problem.carry_over else spend
    for t, y in enumerate(YEARS):
        assert np.isclose(uses[("year", y, None)].used, by_year[t])
        assert uses[("year", y, None)].cumulative == problem.carry_over
    running = problem.running_costs[mask, 0].sum()
    assert np.isclose(uses[("running", 2026, None)].used, running)
    assert ("running", 2027, None) not in uses  # an infinite cap is no budget line


def test_a_broken_theme_minimum_and_budget_are_named_as_data():
    problem = PortfolioProblem.from_arrays(
        [5.0, 4.0, 3.0], [4.0, 4.0, 1.0], ids=["a", "b", "c"], total_budget=6.0, themes=["x", "y", "y"],
        theme_limits=[ThemeLimit("y", min_count=2, origin="line 9")])
    parts = broken_parts(problem, ["a", "b"])
    cap = next(p for p in parts if p["kind"] == "cap")
    assert cap["cap"] == {"kind": "budget_total", "amount": 6.0} and cap["amount"] == 8.0
    rule = next(p for p in parts if p["kind"] == "rule")
    assert (rule["rule"], rule["theme"], rule["min_count"]) == ("theme", "y", 2)
    assert broken_parts(problem, ["b", "c"]) == []


# -- left_out: why a measure is not in the portfolio, asked of the model ------------------------------

def test_left_out_names_the_rule_budget_or_value_that_keeps_a_measure_out():
    """a is mandatory and excludes b; c and d cost 4 each within a budget of 6 (one fits, d is worth
    more); e is worth less than nothing. Forced in: b is infeasible (the exclusive rule with mandatory a),
    c displaces d (the total budget: d back would need 4 + 4 + 0), e fits but loses its negative value."""
    problem = PortfolioProblem.from_arrays(
        [1.0, 9.0, 3.0, 5.0, -2.0], [0.0, 0.0, 4.0, 4.0, 1.0], ids=["a", "b", "c", "d", "e"], total_budget=6.0,
        mandatory=["a"], exclusive=[("a", "b")])
    chosen = select(problem)
    assert set(chosen.selected) == {"a", "d"}
    answers = {a.measure: a for a in left_out(problem, chosen, ["b", "c", "e", "d"])}
    assert set(answers) == {"b", "c", "e"}  # d is chosen: no question
    b = answers["b"]
    assert b.reason == "rule" and b.status == "infeasible" and np.isnan(b.value_lost)
    assert {"kind": "mandatory", "measures": ["a"]} in b.binding
    assert any(p["kind"] == "rule" and p["rule"] == "exclusive" for p in b.binding)
    assert not any("b" in p.get("measures", ()) and p["kind"] == "mandatory" for p in b.binding)
    c = answers["c"]
    assert c.reason == "budget" and c.dropped == ("d",) and c.added == () and c.value_lost == pytest.approx(2.0)
    assert c.binding[0] == {"kind": "cap", "cap": {"kind": "budget_total", "amount": 6.0}, "amount": 8.0,
                            "measures": ["d"]}
    e = answers["e"]
    assert e.reason == "value" and e.dropped == () and e.value_lost == pytest.approx(2.0)
    assert e.to_dict()["forced"] == {"status": "optimal", "objective": pytest.approx(4.0),
                                     "value_lost": pytest.approx(2.0), "dropped": [], "added": []}


def test_left_out_asks_at_most_the_limit():
    ranking = [f"m{k}" for k in range(40)]
    assert top_not_chosen(ranking, ranking[:3]) == ranking[3:5]  # top 5 at least
    assert top_not_chosen(ranking, ranking[::2][:12]) == [m for m in ranking[:12] if m not in ranking[::2][:12]]
    assert len(top_not_chosen(ranking, ranking[20:40])) == 15  # top 20 would be asked, 15 at most
