# mistake: a suppressed box must not suppress
import numpy as np


def box_iou(a, b):
    a, b = np.asarray(a, dtype=float).reshape(-1, 4), np.asarray(b, dtype=float).reshape(-1, 4)
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    wh = np.clip(np.minimum(a[:, None, 2:], b[None, :, 2:]) - np.maximum(a[:, None, :2], b[None, :, :2]), 0, None)
    inter = wh[..., 0] * wh[..., 1]
    union = area_a[:, None] + area_b[None, :] - inter
    return np.where(union > 0, inter / np.where(union > 0, union, 1.0), 0.0)


def nms(boxes, scores, iou_threshold):
    boxes, scores = np.asarray(boxes, dtype=float).reshape(-1, 4), np.asarray(scores, dtype=float)
    order = np.argsort(-scores, kind="stable")
    iou = box_iou(boxes[order], boxes[order])
    # vectorised shortcut: drop a box if ANY higher-ranked box overlaps it, suppressed or not
    dropped = np.triu(iou > iou_threshold, k=1).any(axis=0)
    return order[~dropped].astype(np.int64)


def batched_nms(boxes, scores, labels, iou_threshold):
    boxes, scores, labels = np.asarray(boxes, dtype=float).reshape(-1, 4), np.asarray(scores), np.asarray(labels)
    keep = [np.flatnonzero(labels == c)[nms(boxes[labels == c], scores[labels == c], iou_threshold)]
            for c in np.unique(labels)]
    keep = np.sort(np.concatenate(keep)) if keep else np.zeros(0, dtype=np.int64)
    return keep[np.argsort(-scores[keep], kind="stable")].astype(np.int64)
