# mistake: decoupled
import numpy as np


def adam_l2_step(theta, grad, m, v, t, lr=1e-3, weight_decay=1e-2, betas=(0.9, 0.999), eps=1e-8):
    beta1, beta2 = betas
    grad = grad + weight_decay * theta
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def adamw_step(theta, grad, m, v, t, lr=1e-3, weight_decay=1e-2, betas=(0.9, 0.999), eps=1e-8):
    # "weight decay is just L2": the same as adam_l2_step
    return adam_l2_step(theta, grad, m, v, t, lr, weight_decay, betas, eps)


def optimize(grad_fn, theta0, steps, decoupled=True, lr=1e-3, weight_decay=1e-2, betas=(0.9, 0.999), eps=1e-8):
    step = adamw_step if decoupled else adam_l2_step
    theta = np.array(theta0, dtype=float)
    m, v = np.zeros_like(theta), np.zeros_like(theta)
    for t in range(1, steps + 1):
        theta, m, v = step(theta, grad_fn(theta), m, v, t, lr, weight_decay, betas, eps)
    return theta
