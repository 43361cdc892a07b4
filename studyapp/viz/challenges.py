"""Predict, then reveal: questions about an explorer's figure, answered before it is shown.

Each template draws a Challenge from a random generator, so numeric ones (sizes, counts,
rates) can be practised without end. Answers are computed with the explorers' own
functions, which the tests check against independent references.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from studyapp.viz.explorers import (
    bias_variance,
    conv_arithmetic,
    decoding,
    diffusion,
    gaussians,
    init_depth,
    loss_functions,
    optimizers,
    regularization_paths,
    rnn_gradients,
    softmax,
    step_size,
)


@dataclass(frozen=True)
class Challenge:
    key: str                      # the template, e.g. "conv-output-size"
    explorer: str
    prompt: str
    answer: str                   # canonical answer: a number or one of the options
    explanation: str
    params: dict = field(default_factory=dict)     # explorer state shown on reveal
    options: tuple[str, ...] = ()                  # multiple choice when not empty
    tolerance: float = 0.0        # relative tolerance for numeric answers

    def check(self, text: str) -> bool:
        """True when ``text`` answers the challenge; ValueError if it is not a number
        where a number is expected."""
        text = text.strip()
        if self.options:
            return text == self.answer
        given = float(text.replace(",", "").replace("−", "-"))
        expected = float(self.answer)
        return math.isclose(given, expected, rel_tol=self.tolerance, abs_tol=1e-9)


def _num(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}g}" if not float(value).is_integer() else str(int(value))


# --- softmax and decoding ---------------------------------------------------------------------
def _softmax_top(rng: random.Random) -> Challenge:
    logits = tuple(float(rng.randint(-2, 3)) for _ in range(4))
    t = rng.choice((0.5, 1.0, 2.0))
    p = softmax.softmax(logits, t)
    return Challenge("softmax-top-probability", "softmax",
                     f"Logits {', '.join(_num(z) for z in logits)} at temperature T = {t:g}: "
                     "what probability does the largest logit get? (two decimals are enough)",
                     _num(p.max()), "p = exp(z/T) / Σ exp(z_j/T); lower T sharpens, higher "
                     "T flattens.", {"logits": logits, "T": t}, tolerance=0.03)


def _softmax_uniform_entropy(rng: random.Random) -> Challenge:
    n = rng.randint(3, 10)
    logits = tuple(float(rng.randint(-2, 3)) for _ in range(n))
    return Challenge("softmax-max-entropy", "softmax",
                     f"With {n} tokens and a very high temperature, what entropy (in nats) "
                     "does the distribution approach?", _num(math.log(n)),
                     "At T → ∞ the distribution becomes uniform, whose entropy is log n.",
                     {"logits": logits, "T": 20.0}, tolerance=0.02)


def _softmax_top_p(rng: random.Random) -> Challenge:
    logits = tuple(sorted((float(rng.randint(-2, 4)) for _ in range(5)), reverse=True))
    top_p = rng.choice((0.5, 0.8, 0.9))
    p = softmax.softmax(logits)
    kept = int(softmax.keep_mask(p, 0, top_p).sum())
    return Challenge("softmax-top-p-count", "softmax",
                     f"Logits {', '.join(_num(z) for z in logits)} at T = 1: how many tokens "
                     f"does nucleus sampling with p = {top_p:g} keep?", str(kept),
                     "Sort by probability and keep the smallest prefix whose mass reaches p.",
                     {"logits": logits, "top_p": top_p})


def _decoding_cold(rng: random.Random) -> Challenge:
    options = ("greedy decoding", "beam search", "uniform sampling", "top-k with k = 2")
    return Challenge("decoding-cold-sampling", "decoding",
                     "As the sampling temperature T goes to 0, sampling becomes the same as…",
                     options[0], "All mass goes to the most probable next token at every step.",
                     {"strategy": "sample", "T": 0.05}, options=options)


def _decoding_beam(rng: random.Random) -> Challenge:
    length = rng.randint(5, 9)
    better = decoding.log_prob(decoding.beam_search(3, length)) > \
        decoding.log_prob(decoding.greedy(length)) + 1e-9
    options = ("yes", "no")
    return Challenge("decoding-beam-vs-greedy", "decoding",
                     f"In this bigram model with maximum length {length}, does beam search of "
                     "width 3 find a more probable continuation than greedy decoding?",
                     options[0] if better else options[1],
                     "Greedy commits to the best next word; beam search keeps several prefixes "
                     "and can find a sequence whose first word was not the best.",
                     {"strategy": "beam", "width": 3, "length": length}, options=options)


# --- gradient descent, schedules, optimizers ------------------------------------------------
def _step_regime(rng: random.Random) -> Challenge:
    curvature = rng.choice((1.0, 2.0, 4.0))
    eta = round(rng.choice((0.3, 0.9, 1.5, 2.0, 2.4)) / curvature, 3)
    options = ("converges monotonically", "converges with oscillation", "oscillates forever",
               "diverges")
    return Challenge("step-size-regime", "step-size",
                     f"Gradient descent on f(x) = L x²/2 with L = {curvature:g} and "
                     f"η = {eta:g}: what happens?", step_size.regime(eta, curvature),
                     "Each step multiplies x by 1 − ηL: |1 − ηL| < 1 converges, a negative "
                     "factor oscillates, |1 − ηL| > 1 diverges.",
                     {"eta": eta, "L": curvature}, options=options)


def _step_limit(rng: random.Random) -> Challenge:
    curvature = rng.choice((0.8, 1.0, 2.5, 4.0))
    return Challenge("step-size-limit", "step-size",
                     f"What is the largest stable learning rate for a quadratic with "
                     f"curvature L = {curvature:g}?", _num(2 / curvature),
                     "Stability needs |1 − ηL| < 1, so η < 2/L.",
                     {"eta": round(2 / curvature, 3), "L": curvature}, tolerance=0.02)


def _cosine_lr(rng: random.Random) -> Challenge:
    total = rng.choice((100, 200, 400))
    step = rng.randint(1, total - 1)
    lr = rng.choice((0.1, 0.01))
    value = lr / 2 * (1 + math.cos(math.pi * step / total))
    return Challenge("cosine-schedule-value", "lr-schedules",
                     f"Cosine decay from lr = {lr:g} over {total} steps without warm-up: what "
                     f"is the learning rate at step {step}?", _num(value, 4),
                     "lr_t = lr · ½ (1 + cos(π t / T)).",
                     {"schedule": ("cosine",), "lr": lr, "steps": total}, tolerance=0.03)


def _momentum_race(rng: random.Random) -> Challenge:
    options = ("plain SGD", "SGD with momentum 0.9")
    setting = {**optimizers.Optimizers.defaults(), "surface": "quadratic", "kappa": 100.0,
               "lr": 0.01, "steps": 200}
    final = {opt: optimizers.loss_and_grad("quadratic", optimizers.trajectory(
        "quadratic", opt, setting)[-1], 100.0)[0] for opt in ("sgd", "momentum")}
    return Challenge("momentum-ill-conditioned", "optimizers",
                     "On an ill-conditioned quadratic (κ = 100) with lr = 0.01, which gets "
                     "lower after 200 steps?", options[int(final["momentum"] < final["sgd"])],
                     "Momentum accumulates speed along the shallow direction, where plain SGD "
                     "crawls at a rate set by the smallest curvature.",
                     {"surface": "quadratic", "kappa": 100.0, "lr": 0.01, "steps": 200,
                      "opt": ("sgd", "momentum")}, options=options)


# --- building blocks ---------------------------------------------------------------------------
def _dropout_scale(rng: random.Random) -> Challenge:
    p = rng.choice((0.1, 0.2, 0.25, 0.5, 0.8))
    return Challenge("inverted-dropout-scale", "dropout",
                     f"With inverted dropout at drop probability p = {p:g}, by what factor "
                     "are the kept activations multiplied during training?", _num(1 / (1 - p)),
                     "Kept units are divided by the keep probability 1 − p, so the expected "
                     "activation is unchanged and nothing needs rescaling at test time.",
                     {"p": p, "inverted": True}, tolerance=0.01)


def _tanh_slope(rng: random.Random) -> Challenge:
    x0 = rng.choice((0.0, 0.5, 1.0, 2.0, -1.5))
    return Challenge("tanh-derivative", "activations",
                     f"What is the derivative of tanh at x = {x0:g}?",
                     _num(1 - math.tanh(x0) ** 2), "tanh'(x) = 1 − tanh²(x): 1 at zero, "
                     "near zero once |x| > 3 (saturation).",
                     {"fn": ("tanh",), "derivative": True, "x0": x0}, tolerance=0.02)


def _sigmoid_max_slope(rng: random.Random) -> Challenge:
    options = ("0.25", "0.5", "1", "it is unbounded")
    return Challenge("sigmoid-max-derivative", "activations",
                     "What is the largest value of the sigmoid's derivative?", options[0],
                     "σ'(x) = σ(x)(1 − σ(x)) peaks at x = 0 with 0.5 · 0.5 = 0.25, so each "
                     "sigmoid layer shrinks gradients by at least 4×.",
                     {"fn": ("sigmoid",), "derivative": True, "x0": 0.0}, options=options)


def _init_relu_xavier(rng: random.Random) -> Challenge:
    acts, _, _ = init_depth.layer_stats("xavier", "relu", 20, 256, 0.05, 0)
    options = ("grows", "stays about the same", "shrinks")
    ratio = acts[-1] / acts[0]
    answer = options[0] if ratio > 2 else options[2] if ratio < 0.5 else options[1]
    return Challenge("xavier-with-relu", "init-depth",
                     "Xavier (Glorot) initialisation with ReLU through 20 layers: the "
                     "activation scale…", answer,
                     "ReLU zeroes half of its inputs, halving the second moment per layer; "
                     "Xavier does not compensate (Kaiming's factor 2 does).",
                     {"init": "xavier", "act": "relu", "depth": 20}, options=options)


def _huber_gradient(rng: random.Random) -> Challenge:
    delta = rng.choice((0.5, 1.0, 1.5, 2.0))
    r = rng.choice((3.0, -3.5, 0.2, -0.3))
    grad = float(loss_functions.loss_and_grad("huber", np.array([r]), delta)[1][0])
    return Challenge("huber-gradient", "losses",
                     f"Huber loss with δ = {delta:g}: what is its gradient at residual "
                     f"r = {r:g}?", _num(grad),
                     "Inside |r| ≤ δ the gradient is r (like MSE); outside it is δ·sign(r) "
                     "(like MAE), which caps the pull of outliers.",
                     {"family": "regression", "delta": delta}, tolerance=0.01)


def _focal_ratio(rng: random.Random) -> Challenge:
    gamma = rng.choice((1.0, 2.0, 3.0))
    pt = rng.choice((0.5, 0.8, 0.9))
    return Challenge("focal-down-weighting", "losses",
                     f"Focal loss with γ = {gamma:g}: for an example whose true-class "
                     f"probability is {pt:g}, the loss is what fraction of cross-entropy?",
                     _num((1 - pt) ** gamma), "FL = −(1 − p_t)^γ log p_t, i.e. cross-entropy "
                     "times (1 − p_t)^γ.", {"family": "classification", "gamma": gamma},
                     tolerance=0.02)


def _group_norm_count(rng: random.Random) -> Challenge:
    n, groups = rng.randint(2, 8), rng.choice((1, 2, 4))
    c = rng.choice((4, 8, 12))
    return Challenge("groupnorm-statistics", "normalization",
                     f"GroupNorm on an (N={n}, C={c}, H, W) tensor with {groups} groups: how "
                     "many separate means does it compute?", str(n * groups),
                     "One mean per sample and group, over the group's channels and all "
                     "positions.",
                     {"kind": "group", "n": n, "c": str(c), "groups": str(groups)})


def _batch_dependence(rng: random.Random) -> Challenge:
    options = ("BatchNorm", "LayerNorm", "InstanceNorm", "GroupNorm")
    return Challenge("norm-batch-dependence", "normalization",
                     "In training mode, which layer's output for one example changes when "
                     "the other examples in the batch change?", options[0],
                     "Only BatchNorm averages over the batch dimension; at inference it "
                     "switches to running statistics.", {"kind": "batch"}, options=options)


def _lasso_threshold(rng: random.Random) -> Challenge:
    w1, w2 = rng.choice((2.0, 1.5, -2.5)), rng.choice((0.6, -0.4, 1.2))
    lam = rng.choice((0.3, 0.5, 0.8))
    w = regularization_paths.lasso(np.array([w1, w2]), np.eye(2), lam)
    return Challenge("lasso-soft-threshold", "l1-l2",
                     f"Uncorrelated features, unregularised solution w* = ({w1:g}, {w2:g}), "
                     f"L1 strength λ = {lam:g}: what is the lasso's ŵ₂?", _num(w[1] + 0.0),
                     "With orthonormal features lasso soft-thresholds: sign(w)·max(|w| − λ, "
                     "0), so small weights become exactly zero.",
                     {"penalty": "l1", "lam": lam, "w1": w1, "w2": w2, "corr": 0.0},
                     tolerance=0.01)


def _ridge_shrink(rng: random.Random) -> Challenge:
    w1, lam = rng.choice((2.0, 3.0, -1.5)), rng.choice((0.5, 1.0, 2.0))
    return Challenge("ridge-shrinkage", "l1-l2",
                     f"Uncorrelated features, w₁* = {w1:g}, L2 strength λ = {lam:g}: what is "
                     "the ridge estimate ŵ₁?", _num(w1 / (1 + lam)),
                     "Ridge with orthonormal features scales every weight by 1/(1 + λ).",
                     {"penalty": "l2", "lam": lam, "w1": w1, "w2": 0.6, "corr": 0.0},
                     tolerance=0.01)


def _bias_or_variance(rng: random.Random) -> Challenge:
    fits, _, _ = bias_variance.polynomial_fits(1, 20, 0.3)
    parts = bias_variance.decomposition(fits, 0.3)
    options = ("bias", "variance")
    return Challenge("bias-or-variance", "bias-variance",
                     "A straight line fitted to noisy samples of sin(πx): which part of the "
                     "test error dominates?", options[0] if parts["bias2"] > parts["variance"]
                     else options[1], "A line cannot bend: every training set gives the same "
                     "wrong shape, which is bias.", {"degree": 1}, options=options)


def _double_descent_peak(rng: random.Random) -> Challenge:
    n = rng.choice((10, 20, 30, 40))
    return Challenge("double-descent-peak", "bias-variance",
                     f"Minimum-norm regression on {n} training points: at how many features "
                     "does the test error peak?", str(n),
                     "At p = n the model has exactly enough parameters to interpolate, and "
                     "the interpolating solution has huge weights; beyond it the minimum-norm "
                     "solution becomes smoother.", {"n": n, "p": n})


def _gaussian_kl(rng: random.Random) -> Challenge:
    m2, s2 = rng.choice((0.0, 1.0, 2.0)), rng.choice((1.0, 2.0, 0.5))
    kl = gaussians.kl(0.0, 1.0, m2, s2)
    return Challenge("gaussian-kl", "gaussians",
                     f"KL(N(0, 1) ‖ N({m2:g}, {s2:g}²)) in nats?", _num(kl),
                     "KL = log(σ₂/σ₁) + (σ₁² + (μ₁ − μ₂)²)/(2σ₂²) − ½.",
                     {"mu1": 0.0, "s1": 1.0, "mu2": m2, "s2": s2}, tolerance=0.03)


# --- vision and sequence --------------------------------------------------------------------
def _conv_size(rng: random.Random) -> Challenge:
    k = rng.choice((1, 3, 5, 7))
    s, p, d = rng.choice((1, 2)), rng.randint(0, 3), rng.choice((1, 1, 2))
    n = rng.randint(max(d * (k - 1) + 1 - 2 * p, 4), 32)
    out = conv_arithmetic.output_size(n, k, s, p, d)
    return Challenge("conv-output-size", "conv-arithmetic",
                     f"Input {n}×{n}, kernel {k}, stride {s}, padding {p}, dilation {d}: what "
                     "is the output width?", str(out),
                     "o = ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1.",
                     {"n": n, "k": k, "s": s, "p": p, "d": d})


def _conv_params(rng: random.Random) -> Challenge:
    k = rng.choice((1, 3, 5))
    c_in, c_out = rng.choice((3, 16, 64, 128)), rng.choice((16, 32, 64, 256))
    return Challenge("conv-parameters", "conv-arithmetic",
                     f"A {k}×{k} convolution from {c_in} to {c_out} channels, with bias: how "
                     "many parameters?", str(conv_arithmetic.param_count(k, c_in, c_out)),
                     "k² · C_in · C_out weights plus one bias per output channel; the input "
                     "size does not matter.", {"k": k, "c_in": c_in, "c_out": c_out})


def _transposed_size(rng: random.Random) -> Challenge:
    n, k, s, p = rng.randint(3, 16), rng.choice((2, 3, 4)), 2, rng.choice((0, 1))
    return Challenge("transposed-output-size", "conv-arithmetic",
                     f"Transposed convolution: input {n}×{n}, kernel {k}, stride {s}, padding "
                     f"{p}: output width?",
                     str(conv_arithmetic.output_size(n, k, s, p, transposed=True)),
                     "o = (n − 1)s − 2p + d(k − 1) + 1: the inverse of the convolution's "
                     "size mapping.", {"n": n, "k": k, "s": s, "p": p, "transposed": True})


def _attention_score_scale(rng: random.Random) -> Challenge:
    d = rng.choice((16, 64, 256))
    return Challenge("attention-score-std", "attention",
                     f"Queries and keys with independent unit-variance entries, d_k = {d}: "
                     "about how large is the standard deviation of an unscaled score q·k?",
                     str(int(math.sqrt(d))),
                     "A sum of d products of unit-variance terms has variance d, so the std "
                     "is √d — hence the division by √d_k.",
                     {"d": d, "scale": False}, tolerance=0.25)


def _causal_entries(rng: random.Random) -> Challenge:
    n = rng.randint(3, 10)
    return Challenge("causal-mask-entries", "attention",
                     f"A causal mask over {n} tokens: how many query–key pairs may attend?",
                     str(n * (n + 1) // 2),
                     "Each query i sees keys 1..i: 1 + 2 + … + n = n(n + 1)/2.",
                     {"tokens": min(n, 10), "causal": True, "heads": 1})


def _rope_period(rng: random.Random) -> Challenge:
    return Challenge("sinusoid-fastest-period", "positional-encoding",
                     "In the sinusoidal encoding, the first dimension pair turns at one radian "
                     "per position. After how many positions does it repeat?", "6.283",
                     "Its wavelength is 2π ≈ 6.28 positions; later pairs are slower by "
                     "factors of base^(2/d).", {"pair": 0, "m": 7}, tolerance=0.02)


def _rnn_gradient(rng: random.Random) -> Challenge:
    radius, k = rng.choice((0.8, 0.9, 1.1, 1.2)), rng.choice((10, 20, 30))
    return Challenge("rnn-gradient-norm", "rnn-gradients",
                     f"A linear RNN whose recurrent matrix is orthogonal times {radius:g}: by "
                     f"what factor is the gradient scaled after {k} steps back?",
                     _num(radius ** k), "The Jacobian over k steps is W^k with every singular "
                     "value radius^k.", {"radius": radius, "activation": "linear", "steps": k},
                     tolerance=0.02)


def _clip_norm(rng: random.Random) -> Challenge:
    gx, gy = rng.choice(((3.0, 4.0), (-3.0, 4.0), (2.4, -3.2)))
    t = rng.choice((1.0, 2.0))
    clipped = rnn_gradients.clip(np.array([gx, gy]), "norm", t)
    return Challenge("clip-by-norm", "rnn-gradients",
                     f"Clip the gradient ({gx:g}, {gy:g}) to norm {t:g}: what is its first "
                     "component afterwards?", _num(clipped[0]),
                     "Norm clipping rescales the whole vector by τ/‖g‖ and keeps its "
                     "direction.", {"clip": "norm", "threshold": t, "gx": gx, "gy": gy},
                     tolerance=0.01)


def _diffusion_signal(rng: random.Random) -> Challenge:
    t = rng.choice((100, 250, 500))
    ab = float(diffusion.alpha_bar("linear", 1000)[t - 1])
    return Challenge("diffusion-alpha-bar", "diffusion-schedules",
                     f"DDPM's linear schedule (β from 10⁻⁴ to 0.02 over 1000 steps): what "
                     f"fraction of the signal variance, ᾱ_t, is left at t = {t}?", _num(ab),
                     "ᾱ_t = ∏(1 − β_s); with a linear schedule it falls fast in the first "
                     "third.", {"schedule": "linear", "T": 1000, "t": t}, tolerance=0.1)


def _diffusion_cosine(rng: random.Random) -> Challenge:
    options = ("linear", "cosine")
    return Challenge("diffusion-cosine-vs-linear", "diffusion-schedules",
                     "Halfway through 1000 steps, which schedule has kept more of the signal?",
                     options[1], "The cosine schedule destroys information more evenly and "
                     "keeps ᾱ_t higher in the middle.",
                     {"schedule": "cosine", "t": 500}, options=options)


# --- probability and linear algebra ---------------------------------------------------------
def _rejection_rate(rng: random.Random) -> Challenge:
    m = rng.choice((1.25, 2.0, 2.5, 4.0, 5.0))
    return Challenge("rejection-acceptance", "sampling",
                     f"Rejection sampling with envelope constant M = {m:g} (p ≤ M q): what "
                     "fraction of proposals is accepted?", _num(1 / m),
                     "Accepted points are uniform under p, which has area 1 out of M.",
                     {"method": "rejection"}, tolerance=0.01)


def _disc_naive(rng: random.Random) -> Challenge:
    r = rng.choice((0.5, 0.3, 0.8))
    return Challenge("disc-naive-radius", "sampling",
                     f"Drawing points in the unit disc with radius r = u (u uniform): what "
                     f"share lands inside radius {r:g}? (The area share is {r * r:g}.)",
                     _num(r), "P(u < r) = r, more than the area share r², so the centre is "
                     "crowded; r = √u fixes it.", {"method": "disc"}, tolerance=0.01)


def _clt_skew(rng: random.Random) -> Challenge:
    n = rng.choice((4, 16, 25, 100))
    return Challenge("clt-skewness", "clt",
                     f"The sum of {n} independent exponential draws: what is its skewness? "
                     "(One draw has skewness 2.)", _num(2 / math.sqrt(n)),
                     "Skewness of a sum of n i.i.d. terms is γ₁/√n.",
                     {"dist": "exponential", "n": n}, tolerance=0.02)


def _gumbel_frequency(rng: random.Random) -> Challenge:
    probs = rng.choice(((0.5, 0.3, 0.2), (0.7, 0.2, 0.1), (0.4, 0.4, 0.2)))
    i = rng.randrange(3)
    return Challenge("gumbel-max-frequency", "gumbel-softmax",
                     f"Class probabilities {', '.join(f'{p:g}' for p in probs)}: how often "
                     f"does argmax(log π + Gumbel noise) pick class {i}?", _num(probs[i]),
                     "The Gumbel-max trick samples exactly from the categorical distribution.",
                     {"probs": probs}, tolerance=0.01)


def _power_rate(rng: random.Random) -> Challenge:
    s1, s2 = rng.choice((2.0, 3.0)), rng.choice((1.0, 0.5, 1.5))
    return Challenge("power-iteration-rate", "pca-power",
                     f"A cloud with standard deviations {s1:g} and {s2:g} along its axes: by "
                     "what factor does the power-iteration error (tan of the angle) shrink "
                     "per step?", _num((s2 / s1) ** 2),
                     "The factor is λ₂/λ₁, the ratio of the covariance eigenvalues — the "
                     "squared ratio of the standard deviations.",
                     {"s1": s1, "s2": s2}, tolerance=0.02)


def _pc1_share(rng: random.Random) -> Challenge:
    s1, s2 = rng.choice((2.0, 3.0, 1.5)), rng.choice((1.0, 0.5))
    return Challenge("pc1-variance-share", "pca-power",
                     f"Standard deviations {s1:g} and {s2:g} along the principal axes: what "
                     "share of the variance does the first component explain?",
                     _num(s1 ** 2 / (s1 ** 2 + s2 ** 2)),
                     "Share = λ₁ / (λ₁ + λ₂) with λ the variances along the axes.",
                     {"s1": s1, "s2": s2}, tolerance=0.01)


TEMPLATES: tuple[Callable[[random.Random], Challenge], ...] = (
    _softmax_top, _softmax_uniform_entropy, _softmax_top_p, _decoding_cold, _decoding_beam,
    _step_regime, _step_limit, _cosine_lr, _momentum_race, _dropout_scale, _tanh_slope,
    _sigmoid_max_slope, _init_relu_xavier, _huber_gradient, _focal_ratio, _group_norm_count,
    _batch_dependence, _lasso_threshold, _ridge_shrink, _bias_or_variance,
    _double_descent_peak, _gaussian_kl, _conv_size, _conv_params, _transposed_size,
    _attention_score_scale, _causal_entries, _rope_period, _rnn_gradient, _clip_norm,
    _diffusion_signal, _diffusion_cosine, _rejection_rate, _disc_naive, _clt_skew,
    _gumbel_frequency, _power_rate, _pc1_share,
)


@cache
def by_explorer() -> dict[str, list[Callable[[random.Random], Challenge]]]:
    """Templates grouped by the explorer their challenges use (drawn once, on first use:
    some templates run their explorer's model)."""
    from studyapp.viz import registry

    groups: dict[str, list[Callable[[random.Random], Challenge]]] = {}
    for template in TEMPLATES:
        groups.setdefault(template(random.Random(0)).explorer, []).append(template)
    for explorer_id, cls in registry.EXPLORERS.items():     # declared with the explorer
        groups.setdefault(explorer_id, []).extend(cls.challenges)
    return {k: v for k, v in groups.items() if v}


def draw(explorer_id: str, rng: random.Random) -> Challenge | None:
    """A fresh challenge for the explorer, or None if it has none."""
    templates = by_explorer().get(explorer_id)
    return rng.choice(templates)(rng) if templates else None
