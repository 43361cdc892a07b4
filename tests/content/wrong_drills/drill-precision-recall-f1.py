# mistake: mean of the per-class F1
import numpy as np


def confusion_matrix(y_true, y_pred, num_classes):
    cm = np.zeros((num_classes, num_classes), dtype=int)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm


def _ratio(num, den):
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


def precision_recall_f1(y_true, y_pred, num_classes, average=None):
    cm = confusion_matrix(y_true, y_pred, num_classes)
    tp, predicted, actual = np.diag(cm), cm.sum(axis=0), cm.sum(axis=1)
    if average == "micro":
        tp, predicted, actual = tp.sum(), predicted.sum(), actual.sum()
    precision, recall = _ratio(tp, predicted), _ratio(tp, actual)
    if average == "macro":
        # harmonic mean of the averaged precision and recall
        p, r = precision.mean(), recall.mean()
        return float(p), float(r), float(_ratio(2 * p * r, p + r))
    f1 = _ratio(2 * precision * recall, precision + recall)
    if average == "micro":
        return float(precision), float(recall), float(f1)
    return precision, recall, f1
