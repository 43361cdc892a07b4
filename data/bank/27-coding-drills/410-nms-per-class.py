# --- starter ---
import numpy as np


def box_iou(a, b):
    """IoU matrix (N, M) of boxes a (N, 4) and b (M, 4) in (x1, y1, x2, y2) form; 0 where the union is 0."""
    raise NotImplementedError


def nms(boxes, scores, iou_threshold):
    """Greedy non-maximum suppression. Returns the kept indices (int array) in decreasing score
    order (ties: lower index first). A box is removed if its IoU with a kept, higher-ranked box
    is > iou_threshold."""
    raise NotImplementedError


def batched_nms(boxes, scores, labels, iou_threshold):
    """NMS separately within each class label; all kept indices in decreasing score order."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def box_iou(a, b):
    a, b = np.asarray(a, dtype=float).reshape(-1, 4), np.asarray(b, dtype=float).reshape(-1, 4)
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    lt = np.maximum(a[:, None, :2], b[None, :, :2])             # (N, M, 2) intersection corners
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
    wh = np.clip(rb - lt, 0.0, None)
    inter = wh[..., 0] * wh[..., 1]
    union = area_a[:, None] + area_b[None, :] - inter
    return np.where(union > 0, inter / np.where(union > 0, union, 1.0), 0.0)


def nms(boxes, scores, iou_threshold):
    boxes, scores = np.asarray(boxes, dtype=float).reshape(-1, 4), np.asarray(scores, dtype=float)
    order = np.argsort(-scores, kind="stable")                  # ties keep the lower index first
    keep = []
    while order.size:
        i = order[0]
        keep.append(i)
        rest = order[1:]
        # only boxes still in the queue can be removed; removed boxes never suppress anything
        order = rest[box_iou(boxes[i], boxes[rest])[0] <= iou_threshold]
    return np.array(keep, dtype=np.int64)


def batched_nms(boxes, scores, labels, iou_threshold):
    boxes, scores, labels = np.asarray(boxes, dtype=float).reshape(-1, 4), np.asarray(scores), np.asarray(labels)
    keep = [np.flatnonzero(labels == c)[nms(boxes[labels == c], scores[labels == c], iou_threshold)]
            for c in np.unique(labels)]
    keep = np.concatenate(keep) if keep else np.zeros(0, dtype=np.int64)
    keep = np.sort(keep)                                        # index order, so the stable sort breaks ties
    return keep[np.argsort(-scores[keep], kind="stable")].astype(np.int64)
# --- tests ---
import numpy as np


def slow_iou(p, q):
    iw = max(0.0, min(p[2], q[2]) - max(p[0], q[0]))
    ih = max(0.0, min(p[3], q[3]) - max(p[1], q[1]))
    inter = iw * ih
    union = (p[2] - p[0]) * (p[3] - p[1]) + (q[2] - q[0]) * (q[3] - q[1]) - inter
    return inter / union if union > 0 else 0.0


def slow_nms(boxes, scores, idx, thr):
    idx = sorted(idx, key=lambda i: (-scores[i], i))
    keep, removed = [], set()
    for i in idx:
        if i in removed:
            continue
        keep.append(i)
        for j in idx:
            if j not in removed and j not in keep and slow_iou(boxes[i], boxes[j]) > thr:
                removed.add(j)
    return keep


def random_boxes(rng, n):
    xy = rng.uniform(0, 40, size=(n, 2))
    wh = rng.uniform(4, 16, size=(n, 2))
    return np.hstack([xy, xy + wh])


def test_box_iou_hand_checked(ns):
    a = np.array([[0, 0, 2, 2], [1, 1, 1, 1]], dtype=float)
    b = np.array([[1, 0, 3, 2], [2, 0, 4, 2], [0, 0, 1, 1], [0, 0, 2, 2]], dtype=float)
    expected = [[1 / 3, 0.0, 0.25, 1.0], [0.0, 0.0, 0.0, 0.0]]
    assert_close(ns["box_iou"](a, b), expected,
                 case="IoU = intersection / union with area (x2 - x1)(y2 - y1); touching boxes 0; "
                      "a zero-area box has IoU 0", inputs={"a": a, "b": b})


def test_a_suppressed_box_does_not_suppress_others(ns):
    boxes = np.array([[0, 0, 10, 10], [4, 0, 14, 10], [8, 0, 18, 10]], dtype=float)
    # IoU(0, 1) = IoU(1, 2) = 60 / 140 = 0.43 > 0.4, IoU(0, 2) = 20 / 180 = 0.11
    keep = ns["nms"](boxes, np.array([0.9, 0.8, 0.7]), 0.4)
    assert np.asarray(keep).tolist() == [0, 2], (f"expected [0, 2], got {np.asarray(keep).tolist()}: box 1 is removed by "
                                              "box 0, and a suppressed box must not suppress others (box 2)")


def test_threshold_is_strict_and_output_is_sorted_by_score(ns):
    boxes = np.array([[0, 0, 3, 1], [1, 0, 4, 1]], dtype=float)          # IoU exactly 0.5
    keep = ns["nms"](boxes, np.array([0.6, 0.9]), 0.5)
    assert np.asarray(keep).tolist() == [1, 0], (f"IoU = 0.5 is not > 0.5, so both stay, highest score first: "
                                              f"expected [1, 0], got {np.asarray(keep).tolist()}")
    keep = ns["nms"](boxes, np.array([0.6, 0.9]), 0.49)
    assert np.asarray(keep).tolist() == [1], f"threshold 0.49: box 0 must go, got {np.asarray(keep).tolist()}"
    far = np.array([[0, 0, 1, 1], [5, 5, 6, 6], [9, 9, 10, 10]], dtype=float)
    keep = ns["nms"](far, np.array([0.5, 0.5, 0.8]), 0.5)
    assert np.asarray(keep).tolist() == [2, 0, 1], f"ties in score keep the lower index first: got {np.asarray(keep).tolist()}"


def test_batched_nms_suppresses_only_within_a_class(ns):
    boxes = np.array([[0, 0, 4, 4], [0, 0, 4, 4], [0, 0, 4, 4.2]], dtype=float)
    scores = np.array([0.9, 0.8, 0.7])
    keep = ns["batched_nms"](boxes, scores, np.array([0, 1, 1]), 0.5)
    assert np.asarray(keep).tolist() == [0, 1], (f"per class: the identical boxes 0 (class 0) and 1 (class 1) both stay, "
                                              f"box 2 is removed by box 1; got {np.asarray(keep).tolist()}")
    keep = ns["batched_nms"](boxes, scores, np.array([3, 3, 3]), 0.5)
    assert np.asarray(keep).tolist() == [0], f"one class: only box 0 remains, got {np.asarray(keep).tolist()}"


def test_random_boxes_against_a_slow_reference(ns):
    rng = np.random.default_rng(0)
    for thr in (0.3, 0.6):
        boxes, scores = random_boxes(rng, 40), rng.random(40)
        labels = rng.integers(0, 3, 40)
        keep = np.asarray(ns["nms"](boxes, scores, thr)).tolist()
        assert keep == slow_nms(boxes, scores, range(40), thr), \
            f"nms, threshold {thr}: expected {slow_nms(boxes, scores, range(40), thr)}, got {keep}"
        expected = sorted((int(i) for c in range(3) for i in slow_nms(boxes, scores, np.flatnonzero(labels == c), thr)),
                          key=lambda i: (-scores[i], i))
        keep = np.asarray(ns["batched_nms"](boxes, scores, labels, thr)).tolist()
        assert keep == expected, f"batched_nms per class, threshold {thr}: expected {expected}, got {keep}"
        for i in range(40):
            same = [j for j in keep if labels[j] == labels[i] and j != i]
            if i in keep:
                assert all(slow_iou(boxes[i], boxes[j]) <= thr for j in same), "two kept boxes of a class overlap"
            else:
                assert any(slow_iou(boxes[i], boxes[j]) > thr and scores[j] >= scores[i] for j in same), \
                    f"box {i} was removed without a kept, higher-scoring box of its class overlapping it"


def test_empty_and_single_box_inputs(ns):
    empty = np.asarray(ns["nms"](np.zeros((0, 4)), np.zeros(0), 0.5))
    assert empty.shape == (0,), f"no boxes: return an empty index array, got shape {empty.shape}"
    empty = np.asarray(ns["batched_nms"](np.zeros((0, 4)), np.zeros(0), np.zeros(0, dtype=int), 0.5))
    assert empty.shape == (0,), f"batched_nms with no boxes: return an empty index array, got shape {empty.shape}"
    one = np.asarray(ns["batched_nms"](np.array([[1.0, 2.0, 3.0, 5.0]]), np.array([0.3]), np.array([7]), 0.5))
    assert list(one) == [0] and np.issubdtype(one.dtype, np.integer), f"one box: expected integer [0], got {one!r}"
