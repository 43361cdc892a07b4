# mistake: duplicate detections
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
    if len(gt_boxes) == 0:
        return float("nan")
    order = np.argsort(-np.asarray(pred_scores, dtype=float), kind="stable")
    tp = np.zeros(len(order))
    for rank, i in enumerate(order):
        same = np.flatnonzero(gt_images == pred_images[i])
        if same.size and box_iou(pred_boxes[i], gt_boxes[same]).max() >= iou_threshold:
            tp[rank] = 1.0                                   # no record of which boxes are already found
    cum_tp = np.cumsum(tp)
    precision = cum_tp / np.arange(1, len(tp) + 1)
    recall = cum_tp / len(gt_boxes)
    envelope = np.maximum.accumulate(precision[::-1])[::-1]
    return float(np.sum(np.diff(np.concatenate([[0.0], recall])) * envelope))
