"""Thresholds explorer: confusion counts, ROC/PR curves and calibration against sampled data
and closed forms; its challenges against independent computations."""

import math
import random
import re

import numpy as np
import pytest
from matplotlib.figure import Figure

from studyapp.viz.explorers import thresholds as th
from studyapp.viz.numerics import normal_cdf


def sample(sep, pos, n, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.random(n) < pos
    return rng.normal(size=n) + sep * y, y


def mann_whitney_auc(s, y):
    order = np.argsort(s)
    ranks = np.empty(len(s))
    ranks[order] = np.arange(1, len(s) + 1)
    n_pos, n_neg = y.sum(), (~y).sum()
    return (ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def sampled_average_precision(s, y):
    """Mean of the precisions at the rank of each positive."""
    order = np.argsort(-s)
    hits = y[order]
    precision = np.cumsum(hits) / np.arange(1, len(s) + 1)
    return precision[hits].mean()


@pytest.mark.parametrize(("t", "sep", "pos"), [(1.0, 1.5, 0.3), (-0.5, 2.0, 0.1), (2.5, 0.8, 0.6)])
def test_confusion_counts_match_sampled_data(t, sep, pos):
    s, y = sample(sep, pos, 400_000)
    c = th.confusion(t, sep, pos, n=len(s))
    pred = s > t
    sampled = {"TP": np.sum(pred & y), "FP": np.sum(pred & ~y),
               "FN": np.sum(~pred & y), "TN": np.sum(~pred & ~y)}
    assert math.isclose(sum(c.values()), len(s))
    for name, count in sampled.items():
        assert abs(c[name] - count) < 5 * math.sqrt(count + 1) + 1, name


def test_metrics_against_the_definitions():
    m = th.metrics(30, 10, 20, 40)
    assert math.isclose(m["precision"], 0.75) and math.isclose(m["recall"], 0.6)
    assert math.isclose(m["f1"], 2 * 0.75 * 0.6 / (0.75 + 0.6))
    assert math.isclose(m["accuracy"], 0.7)
    assert th.metrics(0, 0, 5, 5)["precision"] == 1.0       # nothing predicted positive


@pytest.mark.parametrize("sep", [0.0, 0.7, 1.5, 3.0])
def test_roc_area_is_phi_of_d_over_root_two_and_the_mann_whitney_statistic(sep):
    fpr, tpr = th.roc_curve(sep)
    area = np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2)
    assert math.isclose(area, th.roc_auc(sep), abs_tol=1e-4)
    assert math.isclose(th.roc_auc(sep), 0.5 * (1 + math.erf(sep / 2)), rel_tol=1e-12)
    s, y = sample(sep, 0.3, 200_000, seed=1)
    assert abs(mann_whitney_auc(s, y) - th.roc_auc(sep)) < 0.005


def test_roc_ignores_the_class_ratio_but_precision_does_not():
    for t in (-1.0, 0.5, 2.0):
        assert np.allclose(th.roc_point(t, 1.5, 0.01), th.roc_point(t, 1.5, 0.5))
    assert th.average_precision(1.5, 0.01) < 0.2 and th.average_precision(1.5, 0.5) > 0.7
    recall, precision = th.pr_curve(0.0, 0.2)               # no signal: precision = π
    assert np.allclose(precision[recall > 1e-9], 0.2)


@pytest.mark.parametrize(("sep", "pos"), [(1.5, 0.3), (2.5, 0.05)])
def test_average_precision_matches_sampled_data(sep, pos):
    s, y = sample(sep, pos, 400_000, seed=2)
    assert abs(sampled_average_precision(s, y) - th.average_precision(sep, pos)) < 0.01


def test_true_logit_is_the_posterior_of_the_two_gaussians():
    s, sep, pos = np.linspace(-3, 5, 9), 1.7, 0.2
    pos_density = pos * np.exp(-0.5 * (s - sep) ** 2)
    neg_density = (1 - pos) * np.exp(-0.5 * s ** 2)
    posterior = pos_density / (pos_density + neg_density)
    assert np.allclose(th.predicted(s, sep, pos, 1.0, 1.0), posterior)


@pytest.mark.parametrize(("k", "temperature"), [(2.5, 1.0), (2.5, 2.5), (0.5, 1.0), (3.0, 1.5)])
def test_ece_matches_binned_sampled_data(k, temperature):
    sep, pos = 1.5, 0.3
    s, y = sample(sep, pos, 1_000_000, seed=3)
    p = th.predicted(s, sep, pos, k, temperature)
    b = np.minimum((p * 10).astype(int), 9)
    ece = sum(abs(y[b == i].mean() - p[b == i].mean()) * np.mean(b == i)
              for i in range(10) if np.any(b == i))
    assert abs(ece - th.reliability(sep, pos, k, temperature)[3]) < 0.004
    mean_pred, observed, share, _ = th.reliability(sep, pos, k, temperature)
    assert math.isclose(share.sum(), 1.0)
    filled = share > 0.01
    assert np.allclose(mean_pred[filled], [p[b == i].mean() for i in np.flatnonzero(filled)],
                       atol=0.003)
    assert np.allclose(observed[filled], [y[b == i].mean() for i in np.flatnonzero(filled)],
                       atol=0.01)


def test_temperature_equal_to_k_calibrates():
    for k in (0.5, 2.5, 4.0):
        assert th.reliability(1.5, 0.3, k, k)[3] < 1e-3
        assert th.reliability(1.5, 0.3, k, 1.0)[3] > 0.02 or k == 1.0
    ts = np.linspace(1.0, 5.0, 401)
    assert math.isclose(ts[np.argmin([th.expected_nll(1.5, 0.3, 2.5, t) for t in ts])], 2.5,
                        abs_tol=0.011)


# --- the figure -------------------------------------------------------------------------------
def test_each_control_moves_only_its_artists_without_a_full_redraw():
    e = th.Thresholds()
    params = e.defaults()
    e.build(Figure(), params)
    moved = e.update({**params, "t": 2.0})
    assert moved and e.roc_point in moved and e.roc not in moved and e.rel not in moved
    fpr, tpr = e.roc_point.get_data()
    assert math.isclose(fpr[0], 1 - normal_cdf(2.0)) and math.isclose(tpr[0],
                                                                         1 - normal_cdf(0.5))
    moved = e.update({**params, "t": 2.0, "pos": 0.05})
    assert e.pr in moved and e.roc not in moved              # ROC does not depend on π
    moved = e.update({**params, "t": 2.0, "pos": 0.05, "T": 2.5})
    assert moved == [e.rel, e.share.artist]
    assert e.update({**params, "sep": 3.0}) is not None
    assert e.readouts(params)


# --- challenges ------------------------------------------------------------------------------
def test_counts_challenge_answers_from_the_counts_it_states():
    for seed in range(30):
        c = th.challenge_counts_metric(random.Random(seed))
        tp, fp, fn, _ = (int(v) for v in re.findall(r"= (\d+)", c.prompt))
        expected = {"precision": tp / (tp + fp), "recall": tp / (tp + fn),
                    "F1": 2 * tp / (2 * tp + fp + fn)}
        which = next(w for w in expected if f"the {w}?" in c.prompt)
        assert c.check(f"{expected[which]:.4f}")
        s, y = sample(c.params["sep"], c.params["pos"], 200_000, seed=seed)
        assert abs(np.sum((s > c.params["t"]) & y) / 200 - tp) < 4     # per 1000


def test_auc_and_class_ratio_and_temperature_challenges():
    for seed in range(10):
        c = th.challenge_auc(random.Random(seed))
        s, y = sample(c.params["sep"], 0.5, 200_000, seed=seed)
        assert c.check(f"{mann_whitney_auc(s, y):.4f}")
        c = th.challenge_rare_positives(random.Random(seed))
        assert c.answer == "ROC stays, PR drops"
        c = th.challenge_temperature(random.Random(seed))
        k = c.params["k"]
        ts = np.linspace(0.5 * k, 1.5 * k, 501)
        s = np.linspace(-10, 12, 4001)
        neg, posd = 0.7 * np.exp(-s ** 2 / 2), 0.3 * np.exp(-(s - 1.5) ** 2 / 2)
        z = 1.5 * s - 1.125 + math.log(0.3 / 0.7)
        nll = [np.sum(posd * np.logaddexp(0, -k * z / t) + neg * np.logaddexp(0, k * z / t))
               for t in ts]
        assert c.check(f"{ts[int(np.argmin(nll))]:.4f}")
