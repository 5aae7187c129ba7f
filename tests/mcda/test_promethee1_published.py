"""PROMETHEE I against a published worked example (issue 23 item 6).

Source: Brans, J.P. & Vincke, Ph. (1985). A preference ranking organisation method (The PROMETHEE
method for multiple criteria decision-making). Management Science 31(6):647-656, the numerical example
(six actions a1..a6, six criteria f1..f6, one of each of the six generalised criteria, equal weights),
https://doi.org/10.1287/mnsc.31.6.647. The same problem, with f3 divided by 10, is the plant-location
example of Brans & Mareschal (2005), ch. 5 of *Multiple Criteria Decision Analysis: State of the Art
Surveys*, whose thresholds (f3: q = 0.5, p = 5; f4: q = 1, p = 6) are the ones used here.

Transcription: only the paper's first page could be read in this session; its evaluation table,
preference index table pi(a, b) (3 decimals), leaving / entering flows (3 decimals) and PROMETHEE I
partial order were transcribed from two independent public test suites that quote the paper:
eabohorquezg/ProjectMCDM (Java, ``TestPromethee.java``: pi, both flows and the partial order) and a
Rust PROMETHEE crate's ``paper_example`` test (citing the DOI above: both flows and the net flows).
The two agree on every leaving flow; they differ on two entering flows (a4: 1.746 / 1.786, a6: 1.774 /
1.744). The Rust copy's own net flows (a4 -0.102 = 1.644 - 1.746, a6 -0.274 = 1.500 - 1.774) and the
column sums of the published pi table (1.746, 1.774) settle it: 1.746 and 1.774 are the published
values, the Rust copy swapped digits.

Conventions that differ from mkba's:

- The paper's flows are sums, phi+(a) = sum_b pi(a, b), not means: mkba divides by n - 1 = 5.
- The paper's level criterion (type IV) has thresholds q and q + p, and its linear criterion with
  indifference (type V) s and s + r (Brans & Vincke 1985, section 3). mkba's ``p`` is the absolute
  upper threshold (as in Brans & Mareschal 2005 and Visual PROMETHEE), so the paper's f3 (s = 5,
  r = 45) is ``linear`` q = 5, p = 50 and its f4 (q = 1, p = 5) is ``level`` q = 1, p = 6. Passing the
  paper's numbers unchanged (p = 45 and p = 5) gives phi+(a5) = 2.459 instead of 2.274.

Precision: mkba's pi equals the published table within its rounding (max |difference| 0.00048). The
published flows are not exactly the sums of the published pi table: phi+(a4) is 1.644 while its row
of pi sums to 1.646 (and mkba gives 1.6463); the other flows differ from the row / column sums by at
most 0.001. So the flows are checked to 0.0025 on the paper's (summed) scale. GAIA: the 1985 paper
predates GAIA and no published delta for this example could be reached; GAIA stays verified by
tests/mcda/test_promethee1_gaia.py.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from mkba.mcda.methods.promethee1 import PrometheeI, promethee1

ACTIONS = ["a1", "a2", "a3", "a4", "a5", "a6"]
CRITERIA = ["f1", "f2", "f3", "f4", "f5", "f6"]
# Brans & Vincke (1985), evaluation table: one column per action in the paper, one row per action here.
X = pd.DataFrame(np.array([[80, 65, 83, 40, 52, 94],
                           [90, 58, 60, 80, 72, 96],
                           [60, 20, 40, 100, 60, 70],
                           [5.4, 9.7, 7.2, 7.5, 2.0, 3.6],
                           [8, 1, 4, 7, 3, 5],
                           [5, 1, 7, 10, 8, 6]], dtype=float).T, index=ACTIONS, columns=CRITERIA)
W = pd.Series(1.0 / 6.0, index=CRITERIA)
TYPES = [-1, 1, -1, -1, -1, 1]  # f1, f3, f4, f5 minimised; f2, f6 maximised
# type II quasi (q = 10), III linear (p = 30), V (s = 5, r = 45), IV level (q = 1, p = 5), I usual,
# VI Gaussian (sigma = 5); thresholds in mkba's convention (see the module docstring).
PARAMS = {"preference": ["ushape", "vshape", "linear", "level", "usual", "gaussian"],
          "q": pd.Series([10, 0, 5, 1, 0, 0], index=CRITERIA, dtype=float),
          "p": pd.Series([11, 30, 5 + 45, 1 + 5, 1, 1], index=CRITERIA, dtype=float),
          "s": pd.Series([1, 1, 1, 1, 1, 5], index=CRITERIA, dtype=float)}

# published preference indices pi(row, column), 3 decimals
PI = np.array([[0.000, 0.296, 0.250, 0.269, 0.100, 0.185],
               [0.463, 0.000, 0.389, 0.333, 0.296, 0.500],
               [0.235, 0.180, 0.000, 0.333, 0.056, 0.429],
               [0.399, 0.506, 0.305, 0.000, 0.224, 0.212],
               [0.444, 0.515, 0.487, 0.380, 0.000, 0.448],
               [0.287, 0.399, 0.250, 0.431, 0.133, 0.000]])
# published leaving and entering flows (sums over the other five actions)
PHI_PLUS = [1.099, 1.980, 1.234, 1.644, 2.274, 1.500]
PHI_MINUS = [1.827, 1.895, 1.681, 1.746, 0.808, 1.774]
# published PROMETHEE I partial order: a P b for these pairs; every other pair of distinct actions is
# incomparable (a2 is incomparable with all but a5)
PREFERRED = {("a5", "a1"), ("a5", "a2"), ("a5", "a3"), ("a5", "a4"), ("a5", "a6"),
             ("a4", "a6"), ("a4", "a1"), ("a6", "a1"), ("a3", "a1")}
# published PROMETHEE II complete order
ORDER = ["a5", "a2", "a4", "a6", "a3", "a1"]


def _run(x: pd.DataFrame = X) -> PrometheeI:
    return promethee1(x, W, TYPES, **PARAMS)


def _relation_pairs(result: PrometheeI) -> tuple[set, set]:
    pref = result.preferred()
    names = list(result.measures)
    preferred = {(names[i], names[j]) for i, j in zip(*np.nonzero(pref))}
    return preferred, {tuple(pair) for pair in result.incomparable_pairs()}


def test_preference_indices_equal_brans_vincke_1985() -> None:
    """pi(a, b) of each pair: PROMETHEE I on the pair alone gives phi+ = pi(a, b), phi- = pi(b, a)."""
    got = np.zeros((6, 6))
    for a, b in itertools.permutations(range(6), 2):
        pair = _run(X.iloc[[a, b]])
        got[a, b], got[b, a] = float(pair.phi_plus.iloc[0]), float(pair.phi_minus.iloc[0])
    np.testing.assert_allclose(got, PI, atol=0.0005 + 1e-9)


def test_flows_equal_brans_vincke_1985() -> None:
    got = _run()
    np.testing.assert_allclose(got.phi_plus.to_numpy() * 5, PHI_PLUS, atol=0.0025)
    np.testing.assert_allclose(got.phi_minus.to_numpy() * 5, PHI_MINUS, atol=0.0025)
    np.testing.assert_allclose(got.phi.to_numpy() * 5, np.subtract(PHI_PLUS, PHI_MINUS), atol=0.004)
    assert list(got.phi.sort_values(ascending=False).index) == ORDER


def test_partial_order_equals_brans_vincke_1985() -> None:
    got = _run()
    preferred, incomparable = _relation_pairs(got)
    assert preferred == PREFERRED
    want_incomparable = {(a, b) for a, b in itertools.combinations(ACTIONS, 2)
                         if (a, b) not in PREFERRED and (b, a) not in PREFERRED}
    assert incomparable == want_incomparable and len(incomparable) == 6
    assert got.best == ("a5",) and not got.indifferent()[~np.eye(6, dtype=bool)].any()
    # the published flows themselves give the same partial order (the transcription is consistent)
    published = PrometheeI(phi_plus=np.array(PHI_PLUS) / 5, phi_minus=np.array(PHI_MINUS) / 5,
                           phi=(np.array(PHI_PLUS) - np.array(PHI_MINUS)) / 5, measures=tuple(ACTIONS))
    assert _relation_pairs(published) == (preferred, incomparable)


def test_the_papers_own_thresholds_unconverted_do_not_reproduce_it() -> None:
    """Guards the threshold conversion documented above: with the paper's p = 45 (f3) and p = 5 (f4)
    read as absolute thresholds, phi+(a5) is 2.459, not the published 2.274."""
    params = dict(PARAMS, p=pd.Series([11, 30, 45, 5, 1, 1], index=CRITERIA, dtype=float))
    got = promethee1(X, W, TYPES, **params)
    assert abs(float(got.phi_plus["a5"]) * 5 - PHI_PLUS[4]) > 0.1


def test_brans_mareschal_2005_rescaling_gives_the_same_flows() -> None:
    """The 2005 chapter's version of the example has f3 in units of 10 (q = 0.5, p = 5): same flows."""
    x05 = X.assign(f3=X["f3"] / 10)
    params = dict(PARAMS, q=PARAMS["q"].where(PARAMS["q"].index != "f3", 0.5),
                  p=PARAMS["p"].where(PARAMS["p"].index != "f3", 5.0))
    got, ref = promethee1(x05, W, TYPES, **params), _run()
    np.testing.assert_allclose(got.phi_plus.to_numpy(), ref.phi_plus.to_numpy(), atol=1e-12)
    np.testing.assert_allclose(got.phi_minus.to_numpy(), ref.phi_minus.to_numpy(), atol=1e-12)
