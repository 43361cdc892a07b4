# mistake: the / r was forgotten
import numpy as np


def lora_init(d_in, d_out, r, rng):
    return rng.normal(0.0, 1.0 / np.sqrt(d_in), size=(r, d_in)), np.zeros((d_out, r))


def lora_forward(x, W, A, B, alpha):
    return x @ W.T + alpha * (x @ A.T) @ B.T          # scaled by alpha instead of alpha / r


def lora_grads(x, W, A, B, alpha, grad_out):
    return alpha * (grad_out @ B).T @ x, alpha * grad_out.T @ (x @ A.T)


def lora_merge(W, A, B, alpha):
    return W + alpha * B @ A
