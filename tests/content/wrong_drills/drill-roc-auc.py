# mistake: tied scores
import numpy as np


def roc_curve(y_true, scores):
    y = np.asarray(y_true).astype(int)
    n_pos, n_neg = y.sum(), len(y) - y.sum()
    if n_pos == 0 or n_neg == 0:
        raise ValueError("need both classes")
    order = np.argsort(-scores, kind="stable")
    tps = np.cumsum(y[order])                    # one point per example, ties not grouped
    fps = np.arange(1, len(y) + 1) - tps
    return np.r_[0, fps] / n_neg, np.r_[0, tps] / n_pos


def roc_auc(y_true, scores):
    fpr, tpr = roc_curve(y_true, scores)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


def auc_mann_whitney(y_true, scores):
    y = np.asarray(y_true).astype(int)
    n_pos, n_neg = y.sum(), len(y) - y.sum()
    if n_pos == 0 or n_neg == 0:
        raise ValueError("need both classes")
    ranks = np.empty(len(y))
    ranks[np.argsort(scores, kind="stable")] = np.arange(1, len(y) + 1)   # ordinal ranks
    return float((ranks[y == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
