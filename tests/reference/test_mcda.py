"""Published worked examples, checked to the precision the source prints.

Where the numbers were read through another project's test suite (pymcdm
``test/test_mcdm.py`` at github.com/kotbaton/pymcdm, scikit-criteria
``tests/agg/test_moora.py`` at github.com/quatrope/scikit-criteria), that is said; the
paper itself is cited for the data. WSM and WPM are also checked here against an
independent plain-loop implementation; their published examples (Triantaphyllou 2000, ch. 2)
and PROMETHEE II with linear and V-shape preference functions are in
``test_mcda_wsm_wpm_promethee.py``.
"""

from __future__ import annotations

import numpy as np
import pytest
from pymcdm import methods as pm

from mkba import mcda


def test_vikor_opricovic_tzeng_2004_numerical_example() -> None:
    """Opricovic, S. & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: a comparative
    analysis of VIKOR and TOPSIS. EJOR 156(2):445-455, section 4 numerical example: three
    alternatives, f1 (cost) = 1, 2, 5 and f2 (benefit) = 3000, 3750, 4500, equal weights.
    Q = (1, 0, 1) with v = 0.5 (A2 is the compromise), as quoted in pymcdm's test suite.
    """
    x = np.array([[1, 3000], [2, 3750], [5, 4500]], dtype=float)
    got = mcda.evaluate("vikor", x, [0.5, 0.5], [-1, 1])
    np.testing.assert_allclose(got, [1.0, 0.0, 1.0], atol=1e-12)
    assert mcda.rank(got, higher_is_better=False)[1] == 1


def test_topsis_opricovic_tzeng_2004_data_minmax() -> None:
    """Same data as above. pymcdm's test suite quotes C = (0.500, 0.617, 0.500) for TOPSIS on it
    with min-max normalisation (mkba's default); the paper itself uses vector normalisation,
    so these three numbers are the min-max variant as printed in that test suite (3 decimals).
    """
    x = np.array([[1, 3000], [2, 3750], [5, 4500]], dtype=float)
    got = mcda.evaluate("topsis", x, [0.5, 0.5], [-1, 1])
    np.testing.assert_allclose(got, [0.500, 0.617, 0.500], atol=5e-4)


def test_vikor_yang_wu_2020() -> None:
    """Yang, W. & Wu, Y. (2020). A new improvement method to avoid rank reversal in VIKOR.
    IEEE Access 8:21261-21271: 5 alternatives x 4 benefit criteria, equal weights,
    Q = (0.5679, 0.7667, 1, 0.7493, 0) (4 decimals; as quoted in pymcdm's test suite).
    """
    x = np.array([[78, 56, 34, 6], [4, 45, 3, 97], [18, 2, 50, 63], [9, 14, 11, 92], [85, 9, 100, 29]], float)
    got = mcda.evaluate("vikor", x, [0.25] * 4, [1, 1, 1, 1])
    np.testing.assert_allclose(got, [0.5679, 0.7667, 1.0, 0.7493, 0.0], atol=5e-5)


KUNDAKCI_X = np.array([
    [1543, 2000, 39000, 15, 13.76, 3.86, 5, 3, 5000],
    [1496, 3600, 43000, 14, 14.00, 2.50, 4, 4, 4000],
    [1584, 3100, 24500, 10, 13.10, 3.70, 2, 2, 3500],
    [1560, 2700, 36000, 12, 13.20, 3.20, 3, 3, 3500],
    [1572, 2500, 31500, 13, 13.30, 3.40, 3, 2, 3500],
    [1580, 2400, 20000, 12, 12.80, 3.90, 2, 2, 3000]], dtype=float)
KUNDAKCI_T = np.array([-1, -1, -1, 1, 1, -1, 1, 1, 1], dtype=float)
KUNDAKCI_W = np.array([0.2027, 0.1757, 0.1622, 0.1351, 0.1081, 0.0946, 0.0676, 0.0405, 0.0135])
KUNDAKCI_N = [1.0, 0.9167, 0.8675, 0.9084, 0.9315, 0.9486]


def test_copras_kundakci_isik_2016() -> None:
    """Kundakcı, N. & Işık, A. (2016). Integration of MACBETH and COPRAS methods to select air
    compressor for a textile company. Decision Science Letters 5(3):381-394: 6 compressors x 9
    criteria; utility degrees N = (1, 0.9167, 0.8675, 0.9084, 0.9315, 0.9486) (4 decimals; as
    quoted in pymcdm's test suite). Weights as printed (they sum to 1 within 1e-6: used as given).
    """
    got = mcda.evaluate("copras", KUNDAKCI_X, KUNDAKCI_W, KUNDAKCI_T)
    np.testing.assert_allclose(got, KUNDAKCI_N, atol=5e-5)


def test_pymcdm_copras_deviates_from_the_published_example() -> None:
    """pymcdm 1.4's COPRAS reduces to Q = S+ + S- (cost criteria counted as benefits), so it
    misses the published utilities of the example above (and even changes the best compressor)."""
    theirs = pm.COPRAS()(KUNDAKCI_X, KUNDAKCI_W, KUNDAKCI_T, validation=False)
    assert np.abs(theirs - KUNDAKCI_N).max() > 0.05
    assert int(np.argmax(theirs)) != 0


def test_edas_yazdani_et_al_2020() -> None:
    """Yazdani, M., Torkayesh, A.E., Santibanez-Gonzalez, E.D. & Otaghsara, S.K. (2020).
    Evaluation of renewable energy resources using integrated Shannon Entropy-EDAS model.
    Sustainable Operations and Computers 1:35-42: 5 resources x 8 criteria; appraisal scores
    (0.841, 0.632, 0.883, 0.457, 0.104) (3 decimals; as quoted in pymcdm's test suite).
    The printed entropy weights sum to 0.999: within the 1e-2 tolerance, so they are divided by their
    sum with a warning (issue 23; before, only validate=False got round it). EDAS's score is a ratio
    of weighted sums, so the division does not change it.
    """
    x = np.array([[3873, 39.55, 0.27, 0.87, 150, 0.07, 12, 2130],
                  [5067, 67.26, 0.23, 0.23, 40, 0.02, 21, 2200],
                  [2213, 24.69, 0.08, 0.17, 200, 0.04, 35, 570],
                  [6243, 132, 0.07, 0.25, 100, 0.04, 16, 100],
                  [8312, 460.47, 0.05, 0.21, 25, 0.1, 25, 200]])
    w = [0.131, 0.113, 0.126, 0.125, 0.126, 0.129, 0.132, 0.117]
    with pytest.warns(mcda.WeightsNormalizedWarning, match="0.999"):
        got = mcda.evaluate("edas", x, w, ["cost", "cost", "cost", "benefit", "benefit", "cost", "benefit", "benefit"])
    np.testing.assert_allclose(got, [0.841, 0.632, 0.883, 0.457, 0.104], atol=5e-4)


def test_spotis_dezert_et_al_2020_example_1() -> None:
    """Dezert, J., Tchamova, A., Han, D. & Tacnet, J.-M. (2020). The SPOTIS rank reversal free
    method for multi-criteria decision-making support. FUSION 2020, pp. 1-8: 4 alternatives x 3
    criteria with bounds [-5, 12], [-6, 10], [-8, 5]; P = (0.1989, 0.3705, 0.3063, 0.7491)
    (4 decimals; as quoted in pymcdm's test suite).
    """
    x = np.array([[10.5, -3.1, 1.7], [-4.7, 0, 3.4], [8.1, 0.3, 1.3], [3.2, 7.3, -5.3]])
    got = mcda.evaluate("spotis", x, [0.2, 0.3, 0.5], [1, -1, 1], bounds=[[-5, 12], [-6, 10], [-8, 5]])
    np.testing.assert_allclose(got, [0.1989, 0.3705, 0.3063, 0.7491], atol=5e-5)


def test_spotis_dezert_et_al_2020_example_2_with_esp() -> None:
    """Dezert et al. (2020), car-selection example with an expected solution point
    ESP = (15300, 4, 115, 50, 900); P = (0.1841, 0.0734, 0.0842, 0.1920) (4 decimals; as quoted
    in pymcdm's test suite). Printed weights sum to 1.0000.
    """
    x = np.array([[15000, 4.3, 99, 42, 737], [15290, 5.0, 116, 42, 892],
                  [15350, 5.0, 114, 45, 952], [15490, 5.3, 123, 45, 1120]], dtype=float)
    got = mcda.evaluate("spotis", x, [0.2941, 0.2353, 0.2353, 0.0588, 0.1765], [-1, -1, -1, 1, 1],
                        bounds=[[14000, 16000], [3, 8], [80, 140], [35, 60], [650, 1300]],
                        esp=[15300, 4, 115, 50, 900])
    np.testing.assert_allclose(got, [0.1841, 0.0734, 0.0842, 0.1920], atol=5e-5)


def test_moora_siregar_et_al_2021() -> None:
    """Siregar, V.M.M. et al. (2021). Decision support system for selection technique using MOORA
    method. IOP Conf. Ser.: Mater. Sci. Eng. 1088:012022: 7 alternatives x 4 criteria;
    y = (0.1801, 0.2345, 0.0625, 0.1757, 0.1683, 0.0742, 0.1197) (4 decimals; as quoted in
    pymcdm's test suite).
    """
    x = np.array([[1.5, 3, 5, 3.3], [2, 7, 5, 3.35], [3, 1, 5, 3.07], [2.2, 4, 5, 3.5],
                  [2, 5, 3, 3.09], [3.2, 2, 3, 3.48], [2.775, 3, 5, 3.27]])
    got = mcda.evaluate("moora", x, [0.3, 0.2, 0.1, 0.4], [-1, 1, 1, 1])
    np.testing.assert_allclose(got, [0.1801, 0.2345, 0.0625, 0.1757, 0.1683, 0.0742, 0.1197], atol=5e-5)


def test_moora_ratio_system_kracka_brauers_zavadskas_2010_ranking() -> None:
    """Kracka, M., Brauers, W.K.M. & Zavadskas, E.K. (2010). Ranking heating losses in a building
    by applying the MULTIMOORA. Inzinerine Ekonomika-Engineering Economics 21(4):352-359:
    6 alternatives x 7 criteria, unweighted ratio system; ranking (5, 1, 3, 6, 4, 2) (as quoted
    in scikit-criteria's test suite). Equal weights 1/7 scale every score alike.
    """
    x = np.array([[33.95, 23.78, 11.45, 39.97, 29.44, 167.10, 3.852],
                  [38.9, 4.17, 6.32, 0.01, 4.29, 132.52, 25.184],
                  [37.59, 9.36, 8.23, 4.35, 10.22, 136.71, 10.845],
                  [30.44, 37.59, 13.91, 74.08, 45.10, 198.34, 2.186],
                  [36.21, 14.79, 9.17, 17.77, 17.06, 148.3, 6.610],
                  [37.8, 8.55, 7.97, 2.35, 9.25, 134.83, 11.935]])
    got = mcda.evaluate("moora", x, np.full(7, 1 / 7), [-1, -1, -1, -1, 1, -1, 1])
    np.testing.assert_array_equal(mcda.rank(got), [5, 1, 3, 6, 4, 2])


def test_promethee2_zhao_peng_li_2013() -> None:
    """Zhao, H., Peng, Y. & Li, W. (2013). Revised PROMETHEE II for improving efficiency in
    emergency response. Procedia Computer Science 17:181-188: 3 alternatives x 3 benefit
    criteria, usual preference, w = (0.5, 0.3, 0.2); net flows (0.1, -0.3, 0.2) (2 decimals; as
    quoted in pymcdm's test suite and docstring).
    """
    got = mcda.evaluate("promethee2", [[4, 3, 2], [3, 2, 4], [5, 1, 3]], [0.5, 0.3, 0.2], [1, 1, 1])
    np.testing.assert_allclose(got, [0.1, -0.3, 0.2], atol=5e-3)


def _plain_wsm(x, w, t):
    """Independent plain-loop weighted sum of min-max normalised values."""
    n, m = len(x), len(x[0])
    out = []
    for i in range(n):
        total = 0.0
        for j in range(m):
            col = [x[k][j] for k in range(n)]
            lo, hi = min(col), max(col)
            r = 1.0 if hi == lo else ((x[i][j] - lo) if t[j] > 0 else (hi - x[i][j])) / (hi - lo)
            total += w[j] * r
        out.append(total)
    return out


def _plain_wpm(x, w, t):
    """Independent plain-loop Triantaphyllou WPM ratio form, P(A_i / A_1) scaled."""
    import math
    n, m = len(x), len(x[0])
    best = []
    for j in range(m):
        col = [x[k][j] for k in range(n)]
        best.append(max(col) if t[j] > 0 else min(col))
    out = []
    for i in range(n):
        p = 1.0
        for j in range(m):
            ratio = x[i][j] / best[j] if t[j] > 0 else best[j] / x[i][j]
            p *= math.pow(ratio, w[j])
        out.append(p)
    return out


@pytest.mark.parametrize("name,plain", [("wsm", _plain_wsm), ("wpm", _plain_wpm)])
def test_wsm_wpm_against_plain_loops(name: str, plain) -> None:
    rng = np.random.default_rng(0)
    x = rng.integers(1, 50, size=(9, 4)).astype(float)
    x[:, 2] = 7.0   # a zero-spread criterion
    t = [1, -1, 1, -1]
    w = [0.1, 0.4, 0.2, 0.3]
    np.testing.assert_allclose(mcda.evaluate(name, x, w, t), plain(x.tolist(), w, t), atol=1e-12)


def test_wpm_ratio_equals_triantaphyllou_pairwise_ratio() -> None:
    """Triantaphyllou (2000), ch. 2: P(A_K/A_L) = prod_j (a_Kj / a_Lj)^w_j for benefit criteria."""
    rng = np.random.default_rng(1)
    x = rng.uniform(1, 10, size=(5, 3))
    w = np.array([0.2, 0.5, 0.3])
    p = mcda.evaluate("wpm", x, w, [1, 1, 1])
    pair = np.prod((x[0] / x[1]) ** w)
    assert p[0] / p[1] == pytest.approx(pair, rel=1e-12)
