# mistake: gate order
import numpy as np


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def lstm_cell(x, h_prev, c_prev, W, U, b):
    H = h_prev.shape[1]
    a = x @ W + h_prev @ U + b
    i, f, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), sigmoid(a[:, 2 * H:3 * H])   # i, f, o, g
    g = np.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    return o * np.tanh(c), c


def lstm_forward(xs, h0, c0, W, U, b):
    h, c, hs = h0, c0, []
    for x in xs:
        h, c = lstm_cell(x, h, c, W, U, b)
        hs.append(h)
    return np.array(hs).reshape(len(xs), *h0.shape), (h, c)
