# --- starter ---
import numpy as np


def box_iou(a, b):
    """IoU matrix (N, M) of boxes a (N, 4) and b (M, 4) in (x1, y1, x2, y2) form; 0 where the union is 0."""
    raise NotImplementedError


def average_precision(pred_boxes, pred_scores, pred_images, gt_boxes, gt_images, iou_threshold=0.5):
    """AP of one class over a dataset.

    pred_boxes (P, 4), pred_scores (P,), pred_images (P,) image ids; gt_boxes (G, 4), gt_images (G,).
    Predictions in decreasing score order (ties: lower index first) each match the unmatched
    ground-truth box of the same image with the highest IoU, if that IoU >= iou_threshold (TP);
    otherwise they are FP. AP = sum over predictions of (R_n - R_{n-1}) * max_{m >= n} P_m.
    Returns nan if G == 0 and 0.0 if there are ground-truth boxes but no predictions.
    """
    raise NotImplementedError
# --- solution ---
import numpy as np


def box_iou(a, b):
    a, b = np.asarray(a, dtype=float).reshape(-1, 4), np.asarray(b, dtype=float).reshape(-1, 4)
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    wh = np.clip(np.minimum(a[:, None, 2:], b[None, :, 2:]) - np.maximum(a[:, None, :2], b[None, :, :2]), 0.0, None)
    inter = wh[..., 0] * wh[..., 1]
    union = area_a[:, None] + area_b[None, :] - inter
    return np.where(union > 0, inter / np.where(union > 0, union, 1.0), 0.0)


def average_precision(pred_boxes, pred_scores, pred_images, gt_boxes, gt_images, iou_threshold=0.5):
    pred_boxes, gt_boxes = np.asarray(pred_boxes, float).reshape(-1, 4), np.asarray(gt_boxes, float).reshape(-1, 4)
    pred_images, gt_images = np.asarray(pred_images), np.asarray(gt_images)
    n_gt = len(gt_boxes)
    if n_gt == 0:
        return float("nan")
    order = np.argsort(-np.asarray(pred_scores, dtype=float), kind="stable")
    matched = np.zeros(n_gt, dtype=bool)
    tp = np.zeros(len(order))
    for rank, i in enumerate(order):
        candidates = np.flatnonzero((gt_images == pred_images[i]) & ~matched)   # same image, still free
        if candidates.size == 0:
            continue
        ious = box_iou(pred_boxes[i], gt_boxes[candidates])[0]
        best = int(np.argmax(ious))
        if ious[best] >= iou_threshold:
            tp[rank] = 1.0
            matched[candidates[best]] = True                 # a second detection of it will be a FP
    cum_tp = np.cumsum(tp)
    precision = cum_tp / np.arange(1, len(tp) + 1)
    recall = cum_tp / n_gt
    envelope = np.maximum.accumulate(precision[::-1])[::-1]  # max precision at this rank or later
    return float(np.sum(np.diff(np.concatenate([[0.0], recall])) * envelope))
# --- tests ---
import numpy as np

G0, G1 = [0, 0, 10, 10], [20, 20, 30, 30]


def ap(ns, preds, gts, thr=0.5):
    """preds: list of (score, image, box); gts: list of (image, box)."""
    boxes = np.array([p[2] for p in preds], dtype=float).reshape(-1, 4)
    return ns["average_precision"](boxes, np.array([p[0] for p in preds], dtype=float),
                                   np.array([p[1] for p in preds], dtype=int),
                                   np.array([g[1] for g in gts], dtype=float).reshape(-1, 4),
                                   np.array([g[0] for g in gts], dtype=int), thr)


def slow_iou(p, q):
    iw = max(0.0, min(p[2], q[2]) - max(p[0], q[0]))
    ih = max(0.0, min(p[3], q[3]) - max(p[1], q[1]))
    union = (p[2] - p[0]) * (p[3] - p[1]) + (q[2] - q[0]) * (q[3] - q[1]) - iw * ih
    return iw * ih / union if union > 0 else 0.0


def slow_ap(preds, gts, thr=0.5):
    order = sorted(range(len(preds)), key=lambda i: (-preds[i][0], i))
    used, hits = set(), []
    for i in order:
        score, img, box = preds[i]
        best, best_j = -1.0, None
        for j, (gimg, gbox) in enumerate(gts):
            if gimg == img and j not in used and slow_iou(box, gbox) > best:
                best, best_j = slow_iou(box, gbox), j
        hits.append(best_j is not None and best >= thr)
        if hits[-1]:
            used.add(best_j)
    points, tp = [], 0                      # (recall, precision) after every prediction
    for k, h in enumerate(hits, start=1):
        tp += h
        points.append((tp / len(gts), tp / k))
    total, prev = 0.0, 0.0
    for k, (r, _) in enumerate(points):     # area under the interpolated (envelope) curve
        if r > prev:
            total += (r - prev) * max(p for rr, p in points[k:])
            prev = r
    return total


def test_box_iou_hand_checked(ns):
    a = np.array([[0, 0, 4, 2]], dtype=float)
    b = np.array([[2, 0, 6, 2], [0, 0, 4, 2], [4, 0, 5, 2], [1, 0, 3, 1]], dtype=float)
    assert_close(ns["box_iou"](a, b), [[4 / 12, 1.0, 0.0, 2 / 8]],
                 case="IoU = intersection / union with area (x2 - x1)(y2 - y1); touching boxes have IoU 0")


def test_hand_checked_ap_with_a_duplicate_and_a_miss(ns):
    gts = [(0, G0), (0, G1), (1, G0)]
    preds = [(0.95, 0, G0), (0.90, 1, [50, 50, 60, 60]), (0.80, 0, [1, 1, 10, 10]), (0.70, 1, [0, 0, 10, 9]),
             (0.60, 0, G1)]
    # TP FP FP TP TP: precision 1, 1/2, 1/3, 1/2, 3/5; recall 1/3, 1/3, 1/3, 2/3, 1
    # AP = 1/3 * 1 + 1/3 * 0.6 + 1/3 * 0.6 (precision envelope)
    assert_close(ap(ns, preds, gts), 1 / 3 + 0.4, case="duplicate detections of one ground-truth box are false "
                 "positives; each recall step is weighted by the precision envelope")


def test_duplicate_detections_are_false_positives(ns):
    gts = [(0, G0), (0, G1)]
    preds = [(0.9, 0, G0), (0.8, 0, [0, 0, 10, 10.5]), (0.7, 0, G1)]
    # TP FP TP: precision 1, 1/2, 2/3 at recall 1/2, 1/2, 1 -> AP = 1/2 + 1/2 * 2/3
    assert_close(ap(ns, preds, gts), 0.5 + 1 / 3, case="duplicate detections of one ground-truth box are false "
                 "positives: mark a matched box as used")


def test_match_the_best_unmatched_box_of_the_same_image(ns):
    gts = [(0, [0, 0, 10, 10]), (0, [2, 0, 12, 10])]
    preds = [(0.9, 0, [0, 0, 10, 10]), (0.8, 0, [0.5, 0, 10.5, 10])]
    assert_close(ap(ns, preds, gts), 1.0, case="match the best unmatched ground-truth box (COCO rule): the second "
                 "prediction takes the free box (IoU 0.74) once its best (IoU 0.90) is used")
    other_image = [(0.9, 1, G0)]
    assert_close(ap(ns, other_image, [(0, G0)]), 0.0,
                 case="a prediction may only match ground truth of its own image")
    exact = [(0.9, 0, [0, 0, 2, 1])]
    assert_close(ap(ns, exact, [(0, [0, 0, 4, 1])]), 1.0, case="IoU exactly 0.5 counts as a match (IoU >= 0.5)")
    assert_close(ap(ns, exact, [(0, [0, 0, 4, 1])], thr=0.51), 0.0, case="IoU 0.5 < threshold 0.51: a false positive")


def test_random_datasets_against_a_slow_reference(ns):
    rng = np.random.default_rng(0)
    for _ in range(5):
        gts, preds = [], []
        for img in range(4):
            for _ in range(int(rng.integers(0, 5))):
                xy = rng.uniform(0, 50, 2)
                box = [*xy, *(xy + rng.uniform(5, 20, 2))]
                gts.append((img, box))
                for _ in range(int(rng.integers(0, 3))):          # 0-2 jittered detections per object
                    preds.append((float(rng.random()), img, list(np.array(box) + rng.normal(0, 2.0, 4))))
            for _ in range(int(rng.integers(0, 3))):              # background false positives
                xy = rng.uniform(0, 50, 2)
                preds.append((float(rng.random()), img, [*xy, *(xy + rng.uniform(5, 20, 2))]))
        if not gts:
            continue
        assert_close(ap(ns, preds, gts), slow_ap(preds, gts), case=f"{len(preds)} predictions, {len(gts)} "
                     "ground-truth boxes over 4 images, against a loop reference")
        squashed = [(p[0] ** 3, p[1], p[2]) for p in preds]
        assert_close(ap(ns, squashed, gts), slow_ap(preds, gts), case="AP depends only on the ranking of the scores")


def test_perfect_detection_late_false_positives_and_empty_inputs(ns):
    gts = [(0, G0), (0, G1), (2, G0)]
    perfect = [(0.9, 0, G0), (0.8, 0, G1), (0.7, 2, G0)]
    assert_close(ap(ns, perfect, gts), 1.0, case="every object found, no false positives: AP = 1")
    late = perfect + [(0.1, 1, G0), (0.05, 2, G1)]
    assert_close(ap(ns, late, gts), 1.0, case="false positives ranked after the last true positive do not lower AP")
    assert_close(ap(ns, [], gts), 0.0, case="ground truth but no predictions: AP = 0")
    none = ap(ns, perfect, [])
    assert np.isnan(none), f"no ground-truth boxes: AP is undefined, return nan (got {none})"
