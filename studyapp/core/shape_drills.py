"""Generated shape and count exercises with exact answers (PyTorch conventions).

Each generator draws random but realistic layer sizes and returns an Exercise:
the prompt, the exact integer answer and the formula shown after answering.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Exercise:
    kind: str
    prompt: str
    answer: int
    formula: str            # LaTeX
    working: str            # the numbers substituted into the formula


def conv_out(n: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def conv_transpose_out(n: int, k: int, s: int = 1, p: int = 0, out_pad: int = 0,
                       d: int = 1) -> int:
    return (n - 1) * s - 2 * p + d * (k - 1) + out_pad + 1


def conv_params(c_in: int, c_out: int, k: int, bias: bool = True, groups: int = 1) -> int:
    return c_out * (c_in // groups) * k * k + (c_out if bias else 0)


def linear_params(n_in: int, n_out: int, bias: bool = True) -> int:
    return n_in * n_out + (n_out if bias else 0)


def lstm_params(n_in: int, hidden: int) -> int:
    """One nn.LSTM layer: four gates, each with input and recurrent weights and two biases."""
    return 4 * (hidden * n_in + hidden * hidden + 2 * hidden)


def mha_params(d_model: int, bias: bool = True) -> int:
    """nn.MultiheadAttention: Q, K, V and output projections, d_model × d_model each."""
    return 4 * d_model * d_model + (4 * d_model if bias else 0)


def matmul_flops(m: int, k: int, n: int) -> int:
    """(m×k)·(k×n): one multiply and one add per term, 2mkn floating-point operations."""
    return 2 * m * k * n


def receptive_field(kernels: list[int], strides: list[int]) -> int:
    field, jump = 1, 1
    for k, s in zip(kernels, strides, strict=True):
        field += (k - 1) * jump
        jump *= s
    return field


def _conv_shape(rng: random.Random) -> Exercise:
    n, k = rng.choice([28, 32, 56, 64, 112, 224]), rng.choice([1, 3, 5, 7])
    s, p, d = rng.choice([1, 2]), rng.choice([0, 1, 2, 3]), rng.choice([1, 1, 2])
    return Exercise(
        "conv", f"A Conv2d with kernel {k}, stride {s}, padding {p} and dilation {d} is applied "
        f"to a {n}×{n} input. What is the output height?", conv_out(n, k, s, p, d),
        r"\left\lfloor \frac{n + 2p - d(k-1) - 1}{s} \right\rfloor + 1",
        f"⌊({n} + 2·{p} − {d}·({k}−1) − 1) / {s}⌋ + 1")


def _pool_shape(rng: random.Random) -> Exercise:
    n, k = rng.choice([14, 28, 32, 55, 56, 112]), rng.choice([2, 3])
    s = rng.choice([2, k])
    return Exercise(
        "pool", f"MaxPool2d(kernel_size={k}, stride={s}) on a {n}×{n} feature map, no padding. "
        "Output height?", conv_out(n, k, s),
        r"\left\lfloor \frac{n - k}{s} \right\rfloor + 1", f"⌊({n} − {k}) / {s}⌋ + 1")


def _transposed_shape(rng: random.Random) -> Exercise:
    n, k, s = rng.choice([4, 7, 8, 14, 16]), rng.choice([2, 3, 4]), rng.choice([1, 2])
    p = rng.choice([0, 1])
    return Exercise(
        "transposed", f"ConvTranspose2d(kernel_size={k}, stride={s}, padding={p}) on a {n}×{n} "
        "input (no output padding, dilation 1). Output height?", conv_transpose_out(n, k, s, p),
        r"(n-1)\,s - 2p + (k-1) + 1", f"({n}−1)·{s} − 2·{p} + ({k}−1) + 1")


def _conv_params(rng: random.Random) -> Exercise:
    c_in, c_out = rng.choice([3, 16, 32, 64, 128]), rng.choice([16, 32, 64, 128, 256])
    k = rng.choice([1, 3, 5])
    return Exercise(
        "conv-params", f"How many parameters does Conv2d({c_in}, {c_out}, kernel_size={k}) "
        "have, bias included?", conv_params(c_in, c_out, k),
        r"C_{out}\,C_{in}\,k^2 + C_{out}", f"{c_out}·{c_in}·{k}² + {c_out}")


def _linear_params(rng: random.Random) -> Exercise:
    a, b = rng.choice([128, 256, 512, 768, 1024]), rng.choice([10, 64, 256, 1000, 3072])
    return Exercise("linear-params", f"Parameters of nn.Linear({a}, {b}) with bias?",
                    linear_params(a, b), r"n_{in}\,n_{out} + n_{out}", f"{a}·{b} + {b}")


def _lstm_params(rng: random.Random) -> Exercise:
    x, h = rng.choice([32, 64, 128, 300]), rng.choice([64, 128, 256])
    return Exercise(
        "lstm-params", f"Parameters of one nn.LSTM layer with input size {x} and hidden size {h} "
        "(PyTorch keeps two bias vectors)?", lstm_params(x, h),
        r"4\,(h\,x + h^2 + 2h)", f"4·({h}·{x} + {h}² + 2·{h})")


def _mha_params(rng: random.Random) -> Exercise:
    d, heads = rng.choice([256, 512, 768]), rng.choice([4, 8, 12])
    return Exercise(
        "attention-params", f"With biases, and noting that the head count does not change it: "
        f"parameters of nn.MultiheadAttention(embed_dim={d}, num_heads={heads})?", mha_params(d),
        r"4\,d^2 + 4d", f"4·{d}² + 4·{d}")


def _matmul_flops(rng: random.Random) -> Exercise:
    m, k, n = (rng.choice([64, 128, 256, 512]) for _ in range(3))
    return Exercise("matmul-flops", f"FLOPs of multiplying a {m}×{k} matrix by a {k}×{n} matrix "
                    "(count a multiply and an add as two)?", matmul_flops(m, k, n),
                    r"2\,m\,k\,n", f"2·{m}·{k}·{n}")


def _receptive_field(rng: random.Random) -> Exercise:
    layers = rng.randint(2, 5)
    kernels = [rng.choice([3, 3, 5]) for _ in range(layers)]
    strides = [rng.choice([1, 1, 2]) for _ in range(layers)]
    stack = ", ".join(f"k{k}/s{s}" for k, s in zip(kernels, strides, strict=True))
    return Exercise("receptive-field", f"Receptive field of one output unit after the conv stack "
                    f"{stack} (kernel/stride, first layer first)?",
                    receptive_field(kernels, strides),
                    r"r_L = 1 + \sum_{l=1}^{L} (k_l - 1) \prod_{i<l} s_i", stack)


def _attention_memory(rng: random.Random) -> Exercise:
    b, h, n = rng.choice([1, 8, 16]), rng.choice([8, 12, 16]), rng.choice([512, 1024, 2048])
    return Exercise("attention-memory", f"Bytes needed to store the fp16 attention score matrices "
                    f"for batch {b}, {h} heads and sequence length {n}?", b * h * n * n * 2,
                    r"b\,h\,n^2 \cdot 2\ \text{bytes}", f"{b}·{h}·{n}²·2")


def _activation_memory(rng: random.Random) -> Exercise:
    b, c, hw = rng.choice([8, 32, 64]), rng.choice([64, 128, 256]), rng.choice([14, 28, 56])
    return Exercise("activation-memory", f"Bytes of a float32 activation tensor of shape "
                    f"({b}, {c}, {hw}, {hw})?", b * c * hw * hw * 4,
                    r"N\,C\,H\,W \cdot 4\ \text{bytes}", f"{b}·{c}·{hw}·{hw}·4")


GENERATORS: dict[str, tuple[str, Callable[[random.Random], Exercise]]] = {
    "conv": ("Convolution output size", _conv_shape),
    "pool": ("Pooling output size", _pool_shape),
    "transposed": ("Transposed convolution output size", _transposed_shape),
    "conv-params": ("Conv layer parameters", _conv_params),
    "linear-params": ("Linear layer parameters", _linear_params),
    "lstm-params": ("LSTM parameters", _lstm_params),
    "attention-params": ("Multi-head attention parameters", _mha_params),
    "matmul-flops": ("Matrix multiply FLOPs", _matmul_flops),
    "receptive-field": ("Receptive field of a stack", _receptive_field),
    "attention-memory": ("Attention score memory", _attention_memory),
    "activation-memory": ("Activation memory", _activation_memory),
}


def generate(kind: str, rng: random.Random) -> Exercise:
    return GENERATORS[kind][1](rng)


def check(exercise: Exercise, text: str) -> bool | None:
    """True/False for a parsable answer, None when the text is not a whole number."""
    cleaned = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    try:
        return int(cleaned) == exercise.answer
    except ValueError:
        return None
