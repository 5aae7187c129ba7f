"""--vary ambitions.<id>.target (issue 19 item 6): the target moves, bad paths and values are located."""

from __future__ import annotations

import pytest

from mkba.batch.sweep import parse_vary
from mkba.batch.variants import apply_overrides
from mkba.batch.variants import Variant
from mkba.batch.worker import run_variant
from mkba.errors import ScenarioError
from mkba.io.scenario import check_scenario

AMBITIONS = """
budget: {total: 1500}
ambitions:
  - {id: leef, name: Leefbaar, criterion: liveability, target: {year: 2029, at_least: 5}}
  - {id: co2, name: CO2, criterion: co2, kind: soft, targets: [{year: 2028, at_least: 1}, {at_least: 2}]}
"""


@pytest.fixture
def scenario(mini_dir):
    path = mini_dir / "scenario.yaml"
    path.write_text(path.read_text() + AMBITIONS)
    scen, issues = check_scenario(path)
    assert scen is not None, issues
    return scen


def test_the_path_parses_with_a_range():
    assert parse_vary("ambitions.leef.target=3:6:4") == ("ambitions.leef.target", (3.0, 4.0, 5.0, 6.0))
    assert parse_vary("ambitions.co2.target.horizon=2,3")[0] == "ambitions.co2.target.horizon"


def test_the_target_level_moves(scenario):
    moved = apply_overrides(scenario, [("ambitions.leef.target", 3)])
    assert moved.ambitions[0].targets[0].level == 3.0 and moved.ambitions[0].targets[0].year == 2029
    both = apply_overrides(scenario, [("ambitions.co2.target.horizon", 2.5)])
    assert [t.level for t in both.ambitions[1].targets] == [1.0, 2.5]


@pytest.mark.parametrize(("path", "value", "message"), [
    ("ambitions.leefx.target", 3, "unknown ambition"),
    ("ambitions.co2.target", 3, "name one target of the ambition"),
    ("ambitions.co2.target.2031", 3, "name one target of the ambition"),
    ("ambitions.leef.target", "veel", "invalid --vary value"),
])
def test_bad_overrides_are_located(scenario, path, value, message):
    with pytest.raises(ScenarioError) as err:
        apply_overrides(scenario, [(path, value)])
    issue = err.value.issues[0]
    assert issue.file == "--vary" and issue.field == path and message in issue.message


def test_a_higher_target_than_any_package_reaches_is_not_met_in_the_summary(scenario):
    rows = {level: run_variant(Variant(0, "mini", scenario, (("ambitions.leef.target", level),), 7),
                               sensitivity=False, reports=False) for level in (5, 8)}
    assert rows[5]["status"] == "done", rows[5]["error"]
    assert rows[5]["met:leef"] is True and rows[5]["portfolio_status"] == "optimal"
    assert rows[8]["met:leef"] is False and rows[8]["portfolio_status"] == "infeasible"  # 6 at most in 2029
