# --- starter ---
import numpy as np


def confusion_matrix(y_true, y_pred, num_classes):
    """(C, C) integer counts; entry [i, j] counts examples of true class i predicted as j."""
    raise NotImplementedError


def precision_recall_f1(y_true, y_pred, num_classes, average=None):
    """Per-class arrays (C,) when average is None; floats for average="macro" or "micro".

    Returns (precision, recall, f1); a ratio with a zero denominator is 0.0.
    """
    raise NotImplementedError
# --- solution ---
import numpy as np


def confusion_matrix(y_true, y_pred, num_classes):
    flat = np.bincount(num_classes * np.asarray(y_true) + np.asarray(y_pred), minlength=num_classes ** 2)
    return flat.reshape(num_classes, num_classes)


def _ratio(num, den):
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


def precision_recall_f1(y_true, y_pred, num_classes, average=None):
    if average not in (None, "macro", "micro"):
        raise ValueError(f"average must be None, 'macro' or 'micro', got {average!r}")
    cm = confusion_matrix(y_true, y_pred, num_classes)
    tp, predicted, actual = np.diag(cm), cm.sum(axis=0), cm.sum(axis=1)
    if average == "micro":                     # pool the counts first
        tp, predicted, actual = tp.sum(), predicted.sum(), actual.sum()
    precision, recall = _ratio(tp, predicted), _ratio(tp, actual)
    f1 = _ratio(2 * precision * recall, precision + recall)
    if average == "macro":                     # average the per-class scores
        return float(precision.mean()), float(recall.mean()), float(f1.mean())
    if average == "micro":
        return float(precision), float(recall), float(f1)
    return precision, recall, f1
# --- tests ---
import numpy as np

Y_TRUE = np.array([0, 0, 0, 1, 1, 2])
Y_PRED = np.array([0, 1, 0, 1, 2, 2])


def test_confusion_matrix_rows_are_true_classes(ns):
    got = ns["confusion_matrix"](Y_TRUE, Y_PRED, 3)
    assert_close(got, [[2, 1, 0], [0, 1, 1], [0, 0, 1]], case="rows = true class, columns = predicted class",
                 inputs={"y_true": Y_TRUE, "y_pred": Y_PRED})
    got = ns["confusion_matrix"](np.array([0, 1]), np.array([0, 1]), 4)
    assert_close(got, np.diag([1, 1, 0, 0]), case="num_classes = 4 with classes 2 and 3 absent: shape (4, 4)")


def test_per_class_scores_on_a_hand_checked_case(ns):
    p, r, f1 = ns["precision_recall_f1"](Y_TRUE, Y_PRED, 3)
    inputs = {"y_true": Y_TRUE, "y_pred": Y_PRED}
    assert_close(p, [1.0, 0.5, 0.5], case="precision = TP / predicted count (column sums)", inputs=inputs)
    assert_close(r, [2 / 3, 0.5, 1.0], case="recall = TP / true count (row sums)", inputs=inputs)
    assert_close(f1, [0.8, 0.5, 2 / 3], case="F1 = 2PR / (P + R) per class", inputs=inputs)


def test_macro_average_is_the_mean_of_per_class_scores(ns):
    p, r, f1 = ns["precision_recall_f1"](Y_TRUE, Y_PRED, 3, average="macro")
    assert_close(p, 2 / 3, case="macro precision = mean of (1, 0.5, 0.5)")
    assert_close(r, 13 / 18, case="macro recall = mean of (2/3, 0.5, 1)")
    # (0.8 + 0.5 + 2/3) / 3 = 59/90; the harmonic mean of macro P and R would be 0.693
    assert_close(f1, 59 / 90, case="macro F1 is the mean of the per-class F1 scores, "
                 "not the harmonic mean of macro precision and recall")


def test_micro_average_pools_counts_and_equals_accuracy(ns):
    p, r, f1 = ns["precision_recall_f1"](Y_TRUE, Y_PRED, 3, average="micro")
    assert_close([p, r, f1], [4 / 6] * 3, case="micro P = R = F1 = accuracy (4 of 6) for single-label data")
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 5, 200), rng.integers(0, 5, 200)
    got = ns["precision_recall_f1"](y_true, y_pred, 5, average="micro")
    acc = np.mean(y_true == y_pred)
    assert_close(list(got), [acc] * 3, case="micro average on 200 random labels equals accuracy")


def test_zero_denominators_give_zero_not_nan(ns):
    y_true, y_pred = np.array([0, 0, 1]), np.array([0, 0, 0])
    p, r, f1 = ns["precision_recall_f1"](y_true, y_pred, 3)
    # class 1 is never predicted (precision 0/0); class 2 never occurs at all
    assert_close(p, [2 / 3, 0.0, 0.0], case="precision of a class never predicted is 0, not nan")
    assert_close(r, [1.0, 0.0, 0.0], case="recall of a class that never occurs is 0, not nan")
    assert_close(f1, [0.8, 0.0, 0.0], case="F1 with P + R = 0 is 0")
    _, _, macro = ns["precision_recall_f1"](y_true, y_pred, 3, average="macro")
    assert_close(macro, 0.8 / 3, case="macro F1 averages over all num_classes classes")



def test_an_unknown_average_raises_value_error(ns):
    for bad in ("weighted", "binary"):
        try:
            ns["precision_recall_f1"](Y_TRUE, Y_PRED, 3, average=bad)
        except ValueError:
            continue
        raise AssertionError(f"average={bad!r} must raise ValueError (only None, 'macro' and 'micro' exist)")

def test_matches_a_counting_loop_on_random_labels(ns):
    rng = np.random.default_rng(1)
    y_true, y_pred = rng.integers(0, 4, 60), rng.integers(0, 4, 60)
    y_pred[:30] = y_true[:30]                                   # better than chance
    cm = ns["confusion_matrix"](y_true, y_pred, 4)
    expected = np.zeros((4, 4))
    for t, q in zip(y_true, y_pred):
        expected[t, q] += 1
    assert_close(cm, expected, case="confusion matrix against a counting loop")
    p, r, f1 = ns["precision_recall_f1"](y_true, y_pred, 4)
    for c in range(4):
        tp = sum(1 for t, q in zip(y_true, y_pred) if t == c and q == c)
        fp = sum(1 for t, q in zip(y_true, y_pred) if t != c and q == c)
        fn = sum(1 for t, q in zip(y_true, y_pred) if t == c and q != c)
        assert_close([p[c], r[c], f1[c]], [tp / (tp + fp), tp / (tp + fn), 2 * tp / (2 * tp + fp + fn)],
                     case=f"class {c}: TP / (TP + FP), TP / (TP + FN), 2TP / (2TP + FP + FN)")
