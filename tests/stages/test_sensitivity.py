"""The sensitivity stage of a run (mkba.stages.sensitivity), checked against independent re-runs."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

import mkba
from mkba.stages import appraisal as cba
from mkba.model import Effect, FrozenMap
from mkba.errors import MethodError
from mkba.stages.sensitivity import sample_matrices, set_weight, switching_factors


@pytest.fixture(scope="module")
def run(request):
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "mini" / "scenario.yaml"
    return mkba.run(path, samples=2000)


def test_acceptabilities_are_distributions(run):
    ra = run.sensitivity.smaa.rank_acceptability
    np.testing.assert_allclose(ra.sum(axis=0), 1, atol=1e-12)
    np.testing.assert_allclose(ra.sum(axis=1), 1, atol=1e-12)
    assert run.sensitivity.smaa.n_samples == 2000


def test_sampled_npv_moves_like_a_reappraisal(run):
    """The NPV column of a sampled matrix equals appraise() with that effect value (independent path)."""
    s, a, m = run.scenario, run.appraisal, run.matrix
    draws = sample_matrices(s, a, m, 50, np.random.SeedSequence(1)).array()
    i = [x.id for x in s.measures].index("M3")
    # the drawn CO2 effect of M3 can be read back from its NPV shift
    price, annuity = s.criterion("co2").shadow_price, a.use_factor[i]
    effect = 1.5 + (draws[:, i, 0] - m.values[i, 0]) / (price * annuity)
    assert ((effect >= 1) & (effect <= 3)).all() and effect.std() > 0
    for k in (0, 17, 49):
        measures = list(s.measures)
        e = measures[i].effects
        measures[i] = dataclasses.replace(measures[i], effects=FrozenMap({**e, "co2": Effect(float(effect[k]))}))
        again = cba.appraise(dataclasses.replace(s, measures=tuple(measures)))
        np.testing.assert_allclose(draws[k, :, 0], again.npv, rtol=1e-12, atol=1e-9)


def test_tornado_bars_match_reappraisal(run):
    sens, s = run.sensitivity, run.scenario
    f = run.matrix.measures.index(sens.focus)
    bars = {b.input: b for b in sens.tornado}
    disc = bars["discount set"]
    for label, value in zip((disc.low_label, disc.high_label), disc.npv):
        again = cba.appraise(dataclasses.replace(s, appraisal=dataclasses.replace(s.appraisal, discount=label)))
        assert again.npv[f] == pytest.approx(value)
    inv = bars["investment costs"]
    base = run.appraisal
    assert inv.npv[0] == pytest.approx(base.npv[f] - (0.8 - 1) * base.pv_investment[f])
    assert inv.npv[1] == pytest.approx(base.npv[f] - (1.3 - 1) * base.pv_investment[f])
    swings = [b.npv_swing for b in sens.tornado]
    assert swings == sorted(swings, reverse=True)


def test_switching_value_makes_npv_zero(run):
    s, a = run.scenario, run.appraisal
    for i, m in enumerate(s.measures):
        factor = run.sensitivity.switching_investment[i]
        if not np.isfinite(factor):
            continue
        scaled = dataclasses.replace(m, investment=FrozenMap({y: v * factor for y, v in m.investment.items()}))
        measures = list(s.measures)
        measures[i] = scaled
        again = cba.appraise(dataclasses.replace(s, measures=tuple(measures)))
        assert again.npv[i] == pytest.approx(0, abs=1e-6 * (1 + a.pv_costs[i]))


def _flip(saldo_at, start: float, end: float) -> float:
    """The factor between ``start`` (today, 1) and ``end`` at which saldo_at changes sign, found by
    bisection on the re-computed saldo; NaN when it keeps its sign all the way (an independent path)."""
    from scipy.optimize import brentq

    s0, s1 = saldo_at(start), saldo_at(end)
    if s0 == 0 or np.sign(s0) == np.sign(s1) or s1 == 0:
        return np.nan
    return brentq(saldo_at, start, end, xtol=1e-12, rtol=1e-12)


def test_switching_values_exist_only_where_the_change_flips_the_saldo():
    """Hand cases: B=300, R=50, I=100 (saldo +150) turns at investment x2.5 or benefits x0.5; B=100, R=50,
    I=100 (saldo -50) at investment x0.5 or benefits x1.5; B=40, R=50, I=100: no cheaper investment helps
    (k=-0.1 would be negative) but benefits x3.75 do; B=-20 (a loss): benefits larger only lose more."""
    inv, ben = switching_factors(np.array([300.0, 100, 40, -20, 0, 150]), np.array([50.0, 50, 50, 0, 0, 50]),
                                 np.array([100.0, 100, 100, 100, 100, 100]))
    np.testing.assert_allclose(inv, [2.5, 0.5, np.nan, np.nan, np.nan, np.nan])
    np.testing.assert_allclose(ben, [0.5, 1.5, 3.75, np.nan, np.nan, np.nan])


def test_kraaihoek_switching_values_turn_the_saldo_in_the_direction_of_the_change():
    """Every factor of the bundled Kraaihoek is the bisection root of the re-computed saldo in its direction
    (dearer or smaller benefits for a positive saldo, cheaper or larger benefits for a negative one) and
    none is negative: M14 (-17.09) and M21 (-68.70) had negative factors before (issue 16)."""
    from pathlib import Path

    kraaihoek = mkba.run(Path(__file__).resolve().parents[2] / "scenarios" / "kraaihoek" / "scenario.yaml",
                         sensitivity=True, samples=200)
    a, sens = kraaihoek.appraisal, kraaihoek.sensitivity
    values = sens.to_dict()["switching_values"]
    for i, mid in enumerate(a.measures):
        b, r, inv = a.pv_benefits[i], a.pv_running[i], a.pv_investment[i]
        up = b - r - inv > 0
        k = _flip(lambda f: b - r - f * inv, 1.0, 1e9 if up else 1e-12)
        f = _flip(lambda f: f * b - r - inv, 1.0, 1e-12 if up else 1e9)
        cases = ((values[mid]["investment_factor"], k, up), (values[mid]["benefit_factor"], f, not up))
        for got, want, dearer in cases:
            assert (got is None) == (not np.isfinite(want)), (mid, got, want)
            if got is not None:  # positive: investment up or benefits down; negative: the other way
                assert got == pytest.approx(want, rel=1e-9) and got > 0 and (got > 1) == dearer
    assert values["M14"]["investment_factor"] is None and values["M21"]["benefit_factor"] is None


def test_set_weight_keeps_ratios_on_the_simplex():
    w = np.array([0.5, 0.3, 0.2])
    out = set_weight(w, 0, 0.8)
    assert out.sum() == pytest.approx(1) and out[0] == 0.8 and out[1] / out[2] == pytest.approx(1.5)


def test_seeded_and_recorded(mini_path):
    a = mkba.run(mini_path, samples=500, seed=11).to_dict()["sensitivity"]
    b = mkba.run(mini_path, samples=500, seed=11).to_dict()["sensitivity"]
    c = mkba.run(mini_path, samples=500, seed=12).to_dict()["sensitivity"]
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert a["smaa"]["rank_acceptability"] != c["smaa"]["rank_acceptability"]
    assert a["sampler"]["kind"] == "hull" and a["n_samples"] == 500


def test_sensitivity_can_be_switched_off(mini_path, tmp_path):
    from mkba.cli import main

    assert main(["run", str(mini_path), "--out", str(tmp_path / "o"), "--no-sensitivity", "--quiet"]) == 0
    assert not (tmp_path / "o" / "sensitivity.csv").exists()
    assert main(["run", str(mini_path), "--out", str(tmp_path / "p"), "--samples", "300", "--quiet"]) == 0
    data = json.loads((tmp_path / "p" / "results.json").read_text())
    assert data["sensitivity"]["n_samples"] == 300


def test_every_smaa_index_and_its_error_reaches_results_and_csv(run):
    """results.json and the CSV files carry what SMAA computed: central weights with their Monte
    Carlo errors, pairwise winning indices (row beats column; i beats j + j beats i = 1 up to the
    share of ties), meta-weights, and the core index with its class."""
    import io

    import pandas as pd

    from mkba.writers import render_files

    files = render_files(run)
    data = json.loads(files["results.json"])["sensitivity"]
    m = run.sensitivity.smaa
    ids = list(run.sensitivity.measures)
    central = pd.read_csv(io.StringIO(files["central_weights.csv"]), index_col="measure")
    np.testing.assert_allclose(central[list(run.sensitivity.criteria)].to_numpy(), m.central_weights, equal_nan=True)
    pw = pd.read_csv(io.StringIO(files["pairwise.csv"]), index_col="measure")
    assert list(pw.columns) == ids
    P = pw.to_numpy()
    assert np.all(P + P.T <= 1 + 1e-12) and np.allclose(np.diag(P), 0)
    assert data["smaa"]["pairwise_winning"][ids[0]][ids[1]] == pytest.approx(P[0, 1])
    assert set(data["smaa"]["mc_error"]) == {"holistic", "confidence", "central_weights"}
    assert len(data["smaa"]["meta_alpha"]) == len(ids)
    assert "core_index.csv" not in files  # the mini scenario has no budget, so no portfolio
    critical = pd.read_csv(io.StringIO(files["critical.csv"]), index_col="criterion")
    np.testing.assert_allclose(critical["percent_top"].to_numpy(), run.sensitivity.critical.percent_top)


@pytest.mark.slow
def test_core_index_csv_matches_the_robustness_result():
    import io
    from pathlib import Path

    import pandas as pd

    from mkba.writers import render_files

    k = mkba.run(Path(__file__).resolve().parents[2] / "scenarios" / "kraaihoek" / "scenario.yaml", samples=300)
    core = pd.read_csv(io.StringIO(render_files(k)["core_index.csv"]), index_col="measure")
    rob = k.sensitivity.robustness
    np.testing.assert_allclose(core["core_index"].to_numpy(), rob.core_index)
    assert dict(core["class"]) == dict(rob.classes)
    assert set(core["class"]) <= {"core", "borderline", "exterior"}


def test_sampled_matrices_stream_in_blocks(run):
    """The sampled decision matrices come as a stream: any consumption block size gives the same
    matrices, so a run of millions of samples holds one block, never (N, measures, criteria)."""
    s = sample_matrices(run.scenario, run.appraisal, run.matrix, 1000, np.random.SeedSequence(5))
    assert s.sample_shape == run.matrix.values.shape and len(s) == 1000
    whole = s.array()
    np.testing.assert_array_equal(np.concatenate(list(s.blocks(7))), whole)
    assert next(iter(s.blocks(64))).shape == (64,) + run.matrix.values.shape


def _mini_with(tmp_path, sensitivity: str):
    import shutil
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "data" / "mini"
    folder = tmp_path / "mini"
    shutil.copytree(src, folder)
    path = folder / "scenario.yaml"
    path.write_text(path.read_text(encoding="utf-8") + sensitivity, encoding="utf-8")
    return path


def test_constrained_weights_from_the_scenario_respect_bounds_and_order(tmp_path):
    """`weights: constrained` samples within the scenario's bounds and importance order (the
    sampler's own uniformity is tested in tests/sensitivity)."""
    from mkba.sensitivity.sampling import SampleStream  # noqa: F401 (the recorded sampler is a stream)

    path = _mini_with(tmp_path, "sensitivity: {samples: 500, weights: constrained, lower: {npv: 0.2},"
                                " upper: {nuisance: 0.3}, order: [liveability, npv]}\n")
    r = mkba.run(path, samples=500)
    assert r.sensitivity.sampler["kind"] == "constrained"
    crit = list(r.matrix.criteria)
    W = np.asarray(r.sensitivity.smaa.central_weights)
    W = W[np.isfinite(W).all(axis=1)]  # central weights are averages of sampled weights: inside the region too
    assert len(W) and (W[:, crit.index("npv")] >= 0.2 - 1e-9).all() and (W[:, crit.index("nuisance")] <= 0.3 + 1e-9).all()
    assert (W[:, crit.index("liveability")] >= W[:, crit.index("npv")] - 1e-9).all()


def test_normal_effects_from_the_scenario(tmp_path, run):
    """`effects_distribution: normal`: mean the mode, standard deviation (high - low) / 3.92, so
    low-high is the 95 % interval of a mode midway; M3's co2 is 1|1.5|3, so P(outside) =
    Phi(-0.5/sd) + 1 - Phi(1.5/sd). The triangular default never leaves [low, high]."""
    path = _mini_with(tmp_path, "sensitivity: {effects_distribution: normal}\n")
    normal = mkba.run(path, samples=200)
    assert normal.scenario.sensitivity.effects_distribution == "normal"
    s, a, m = normal.scenario, normal.appraisal, normal.matrix
    i = [x.id for x in s.measures].index("M3")
    price, annuity = s.criterion("co2").shadow_price, a.use_factor[i]
    tri = sample_matrices(s, a, m, 20_000, np.random.SeedSequence(2)).array()
    nor = sample_matrices(s, a, m, 20_000, np.random.SeedSequence(2), dist="normal").array()
    effect = lambda x: 1.5 + (x[:, i, 0] - m.values[i, 0]) / (price * annuity)  # noqa: E731 (M3: co2 1|1.5|3)
    assert ((effect(tri) >= 1 - 1e-9) & (effect(tri) <= 3 + 1e-9)).all()
    from scipy import stats

    e = effect(nor)
    sd = (3 - 1) / (2 * stats.norm.ppf(0.975))
    outside = stats.norm.cdf(-0.5 / sd) + stats.norm.sf(1.5 / sd)
    assert abs(e.mean() - 1.5) < 0.02 and abs(e.std() / sd - 1) < 0.03
    assert abs(((e < 1) | (e > 3)).mean() - outside) < 0.01


@pytest.mark.parametrize("sensitivity,field,message", [
    ("sensitivity: {weights: constrained}\n", "sensitivity.weights", "needs lower, upper or order"),
    ("sensitivity: {weights: constrained, lower: {npvv: 0.2}}\n", "sensitivity.lower.npvv", "unknown criterion"),
    ("sensitivity: {weights: constrained, lower: {npv: 0.7, liveability: 0.6}}\n", "sensitivity.lower",
     "leave no weights"),
    ("sensitivity: {weights: constrained, order: [npv, co2]}\n", "sensitivity.order", "unknown criterion"),
    ("sensitivity: {effects_distribution: lognormal}\n", "effects_distribution", "not a valid choice"),
])
def test_bad_sampler_settings_are_located(tmp_path, sensitivity, field, message):
    from mkba.io.scenario import check_scenario

    path = _mini_with(tmp_path, sensitivity)
    scenario, issues = check_scenario(path)
    errors = [i for i in issues if i.severity == "error"]
    assert scenario is None and len(errors) == 1, errors
    assert errors[0].field == field and message in errors[0].message and errors[0].row is not None


def test_one_party_still_gets_weight_bars_from_the_sampled_weights(mini_path):
    """When the parties weigh alike (one party, or all the same) their lowest and highest weight
    coincide: the tornado's weight bars run from the 10th to the 90th percentile of the sampled
    weights instead (here uniform on the simplex, as the parties' hull is a single point)."""
    from dataclasses import replace

    from mkba.io.scenario import read_scenario

    scenario = read_scenario(mini_path)
    first = scenario.stakeholders[0]
    alike = replace(scenario, stakeholders=tuple(replace(st, elicitation=first.elicitation)
                                                 for st in scenario.stakeholders),
                    sensitivity=replace(scenario.sensitivity, weights="uniform"))
    r = mkba.run(alike, samples=1000)
    assert np.ptp(r.weights.values, axis=0).max() == 0
    bars = [b for b in r.sensitivity.tornado if b.kind == "weight"]
    assert len(bars) == len(r.matrix.criteria)
    for b in bars:
        lo, hi = b.values
        assert 0 <= lo < hi <= 1


@pytest.mark.parametrize("bad", [0, -5, 10_000_001, 2.5, "100"])
def test_run_refuses_a_sample_count_outside_its_range(mini_path, bad):
    """`run(samples=0)` used to fall back to the scenario's 10,000 (issue 18: '--samples 0 becomes
    10,000'); the CLI refuses it and so does the Python API, naming the range."""
    import mkba
    with pytest.raises(MethodError, match="samples must be a whole number from 1 to 10,000,000"):
        mkba.run(mini_path, samples=bad)
