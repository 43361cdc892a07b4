# mistake: multiply the soft term by T^2
import numpy as np


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def distillation_loss(student_logits, teacher_logits, labels, temperature=2.0, alpha=0.5):
    T = temperature
    n = student_logits.shape[0]
    ls = student_logits / T - student_logits.max(axis=-1, keepdims=True) / T
    ls = ls - np.log(np.exp(ls).sum(axis=-1, keepdims=True))
    lt = teacher_logits / T - teacher_logits.max(axis=-1, keepdims=True) / T
    lt = lt - np.log(np.exp(lt).sum(axis=-1, keepdims=True))
    soft = np.sum(np.exp(lt) * (lt - ls)) / n                 # KL between the softened distributions
    lp = student_logits - student_logits.max(axis=-1, keepdims=True)
    lp = lp - np.log(np.exp(lp).sum(axis=-1, keepdims=True))
    hard = -np.mean(lp[np.arange(n), labels])
    grad = alpha * (np.exp(ls) - np.exp(lt)) / (T * n) + (1 - alpha) * (np.exp(lp) - np.eye(lp.shape[1])[labels]) / n
    return float(alpha * soft + (1 - alpha) * hard), grad
