"""Parameters, KV cache, training memory, FLOPs and decode speed of a Llama-style decoder.

The model is a pre-norm decoder without biases: RMSNorm (d weights) before attention and
before the MLP in every layer and once at the end, attention with n_h query heads and
n_kv key/value heads of width d_h = d // n_h, and either a SwiGLU MLP (three d × f
matrices) or a plain GELU MLP of width 4d (two matrices).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np

from studyapp.viz.challenges import Challenge, short_number
from studyapp.viz.patches import Bars, set_level
from studyapp.viz.spec import Bool, Choice, Explorer, Float, Int, Preset
from studyapp.viz.theme import PALETTE

DTYPE_BYTES = {"fp32": 4.0, "bf16": 2.0, "fp16": 2.0, "int8": 1.0, "int4": 0.5}
PARTS = ("embeddings", "attention", "mlp", "norms", "head")
PART_LABELS = ("embed", "attn", "MLP", "norm", "head")
PART_NAMES = ("embedding", "attention", "MLP", "norms", "output head")
# Mixed-precision Adam: 16-bit weights and gradients, fp32 master copy and two moments.
WEIGHT_BYTES, GRAD_BYTES, OPTIMIZER_BYTES = 2, 2, 12
STATE_PARTS = ("weights", "gradients", "optimizer", "activations")
ACTIVATIONS = ("stored", "flash", "checkpoint")
GB, GIB, KIB = 1e9, 2 ** 30, 2 ** 10
CONTEXTS = np.geomspace(128, 131072, 61)        # the decode panel's x axis


@dataclass(frozen=True)
class Config:
    """A decoder-only model; ``ffn`` is used by SwiGLU, the GELU MLP is 4d wide."""

    layers: int
    d_model: int
    heads: int
    kv_heads: int
    ffn: int
    vocab: int
    mlp: str = "swiglu"
    tied: bool = False

    @property
    def head_dim(self) -> int:
        return self.d_model // self.heads

    @property
    def mlp_width(self) -> int:
        return self.ffn if self.mlp == "swiglu" else 4 * self.d_model

    @classmethod
    def from_params(cls, params: dict) -> Config:
        """The explorer's state; more KV heads than query heads are cut to n_h."""
        return cls(params["layers"], params["d_model"], params["heads"],
                   min(params["kv_heads"], params["heads"]), params["ffn"], params["vocab"],
                   params["mlp"], params["tied"])


PRESET_CONFIGS = {
    # Published configurations (Touvron et al., 2023; Dubey et al., 2024; Jiang et al., 2023).
    "Llama 2 7B": Config(32, 4096, 32, 32, 11008, 32000),
    "Llama 2 70B": Config(80, 8192, 64, 8, 28672, 32000),
    "Llama 3 8B": Config(32, 4096, 32, 8, 14336, 128256),
    "Mistral 7B": Config(32, 4096, 32, 8, 14336, 32000),
}


def param_breakdown(cfg: Config) -> dict[str, int]:
    """Parameters by component: input embedding, attention (W_Q, W_K, W_V, W_O), MLP,
    norms (two per layer and the final one) and the output head (0 when tied)."""
    d, hd = cfg.d_model, cfg.head_dim
    attention = 2 * d * cfg.heads * hd + 2 * d * cfg.kv_heads * hd
    mlp = (3 if cfg.mlp == "swiglu" else 2) * d * cfg.mlp_width
    return {"embeddings": cfg.vocab * d, "attention": cfg.layers * attention,
            "mlp": cfg.layers * mlp, "norms": cfg.layers * 2 * d + d,
            "head": 0 if cfg.tied else cfg.vocab * d}


def param_count(cfg: Config) -> int:
    return sum(param_breakdown(cfg).values())


def matmul_params(cfg: Config) -> int:
    """Parameters that do a multiply-add per token: attention, MLP and the output layer
    (the input embedding is a lookup, tied or not; norms are elementwise)."""
    parts = param_breakdown(cfg)
    return parts["attention"] + parts["mlp"] + cfg.vocab * cfg.d_model


def kv_cache_bytes(layers: int, kv_heads: int, head_dim: int, tokens: int = 1,
                   batch: int = 1, bytes_per: float = 2.0) -> float:
    """2 (K and V) · layers · KV heads · head dim · tokens · batch · bytes per element."""
    return 2 * layers * kv_heads * head_dim * tokens * batch * bytes_per


def config_kv_bytes(cfg: Config, tokens: int = 1, batch: int = 1,
                    bytes_per: float = 2.0) -> float:
    return kv_cache_bytes(cfg.layers, cfg.kv_heads, cfg.head_dim, tokens, batch, bytes_per)


def max_batch(cfg: Config, tokens: int, memory: float, bytes_per: float = 2.0) -> int:
    """Most sequences of ``tokens`` whose caches fit in ``memory`` bytes beside the weights
    (both at ``bytes_per``); 0 when not even the weights fit."""
    free = memory - param_count(cfg) * bytes_per
    return max(int(free // config_kv_bytes(cfg, tokens, 1, bytes_per)), 0)


def zero_state_bytes(params: float, gpus: int, stage: int) -> dict[str, float]:
    """Per-GPU model state of mixed-precision Adam under ZeRO (Rajbhandari et al., 2020):
    stage 1 shards the 12 optimizer bytes, stage 2 also the gradients, stage 3 also the
    16-bit weights."""
    weights, grads, opt = WEIGHT_BYTES * params, GRAD_BYTES * params, OPTIMIZER_BYTES * params
    if stage >= 1:
        opt /= gpus
    if stage >= 2:
        grads /= gpus
    if stage >= 3:
        weights /= gpus
    return {"weights": weights, "gradients": grads, "optimizer": opt}


def activation_bytes(seq: int, batch: int, hidden: int, heads: int, layers: int,
                     mode: str = "stored") -> float:
    """Activations kept for backward, 16-bit (Korthikanti et al., 2022): per layer
    s·b·h·(34 + 5·a·s/h) bytes when the attention scores are stored, 34·s·b·h when a
    fused kernel (FlashAttention) recomputes them, and only the layer input 2·s·b·h when
    every layer is checkpointed (its activations are recomputed in backward)."""
    sbh = seq * batch * hidden
    per_layer = {"stored": sbh * (34 + 5 * heads * seq / hidden), "flash": 34 * sbh,
                 "checkpoint": 2 * sbh}[mode]
    return per_layer * layers


def training_bytes_per_gpu(cfg: Config, gpus: int, stage: int, seq: int, batch: int,
                           mode: str) -> dict[str, float]:
    """Model state under ZeRO plus this GPU's activations for a micro-batch of ``batch``
    sequences (data parallelism does not divide activations)."""
    state = zero_state_bytes(param_count(cfg), gpus, stage)
    return {**state, "activations": activation_bytes(seq, batch, cfg.d_model, cfg.heads,
                                                      cfg.layers, mode)}


def flops_per_token(cfg: Config, context: int) -> dict[str, float]:
    """Forward ≈ 2N (N = matmul parameters) plus attention's QKᵀ and AV, 4·L·n_ctx·d per
    token, 2·L·n_ctx·d averaged over causal positions (Kaplan et al., 2020); training is
    three forwards (the backward does two matmuls per weight matrix)."""
    n = matmul_params(cfg)
    width = cfg.heads * cfg.head_dim
    attention = 2 * cfg.layers * context * width               # causal average
    return {"forward_weights": 2 * n, "forward_attention": attention,
            "forward": 2 * n + attention, "training": 6 * n + 3 * attention}


def decode_tokens_per_s(weight_bytes: float, kv_bytes_per_seq, batch: int,
                        bandwidth: float):
    """Memory-bound ceiling for decoding: each step reads every weight once and every
    sequence's cache once and emits ``batch`` tokens. Returns tokens/s over the batch."""
    return batch * bandwidth / (weight_bytes + batch * np.asarray(kv_bytes_per_seq))


def _nice_top(value: float, current: float | None) -> float:
    """An axis top from 1, 2, 5 × 10^k, kept while the value stays within it (each change
    costs a full redraw)."""
    if current is not None and current / 4 < value <= current:
        return current
    exponent = math.floor(math.log10(max(value, 1e-12)))
    for m in (1, 2, 5, 10):
        if m * 10 ** exponent >= value:
            return float(m * 10 ** exponent)
    return float(10 ** (exponent + 1))


def _log_limits(low: float, high: float, current) -> tuple[float, float]:
    need = (math.floor(math.log10(low)) - 0.2, math.ceil(math.log10(high)) + 0.2)
    if current is not None and current[0] <= need[0] and need[1] <= current[1] \
            and need[0] - current[0] < 3 and current[1] - need[1] < 3:
        return current
    return need


def _count(n: float) -> str:
    for scale, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(n) >= scale:
            return f"{n / scale:.3g}{unit}"
    return f"{n:.3g}"


def _bytes(n: float) -> str:
    return f"{n / GB:,.2f} GB" if n >= 0.1 * GB else f"{n / 2 ** 20:,.1f} MiB"


# --- predict, then reveal ----------------------------------------------------------------------
def _challenge_kv_cache(rng: random.Random) -> Challenge:
    layers = rng.choice((16, 24, 32, 40, 48, 80))
    head_dim = rng.choice((64, 128))
    heads = rng.choice((16, 32, 64))
    kv = rng.choice(tuple(k for k in (1, 2, 4, 8, heads) if k <= heads))
    context = rng.choice((1024, 2048, 4096, 8192, 16384, 32768))
    batch = rng.choice((1, 2, 4, 8, 16))
    dtype = rng.choice(("fp32", "bf16", "int8"))
    cfg = Config(layers, heads * head_dim, heads, kv, 11008, 32000)
    gib = config_kv_bytes(cfg, context, batch, DTYPE_BYTES[dtype]) / GIB
    return Challenge(
        "kv-cache-gib", ModelMemory.id,
        f"{layers} layers, {heads} query heads and {kv} KV head{'s' * (kv > 1)} of width "
        f"{head_dim}, cache in {dtype}: how many GiB of KV cache for {batch} sequence"
        f"{'s' * (batch > 1)} of {context:,} tokens?", short_number(gib, 4),
        "2 (K and V) × layers × KV heads × head dim × bytes × tokens × batch; only the KV "
        "heads count, so grouped-query attention divides the cache by n_h / n_kv.",
        {"layers": layers, "d_model": heads * head_dim, "heads": heads, "kv_heads": kv,
         "context": context, "batch": batch, "dtype": dtype}, tolerance=0.01)


def _challenge_small_params(rng: random.Random) -> Challenge:
    layers = rng.randint(1, 6)
    heads = rng.choice((2, 4, 8))
    d = heads * rng.choice((32, 64))
    kv = rng.choice(tuple(k for k in (1, 2, heads) if heads % k == 0))
    mlp = rng.choice(("swiglu", "gelu"))
    ffn = 64 * rng.randint(2, 3 * d // 64) if mlp == "swiglu" else 11008
    vocab = rng.choice((256, 1000, 5000, 32000))
    tied = rng.random() < 0.5
    cfg = Config(layers, d, heads, kv, ffn, vocab, mlp, tied)
    mlp_text = f"a SwiGLU MLP of width {ffn}" if mlp == "swiglu" else "a GELU MLP of width 4d"
    return Challenge(
        "small-config-params", ModelMemory.id,
        f"A Llama-style decoder (no biases, RMSNorm): {layers} layer{'s' * (layers > 1)}, "
        f"d = {d}, {heads} query heads, {kv} KV head{'s' * (kv > 1)}, {mlp_text}, vocabulary "
        f"{vocab}, {'tied' if tied else 'untied'} embeddings. How many parameters?",
        str(param_count(cfg)),
        "Per layer: 2·d·n_h·d_h (W_Q, W_O) + 2·d·n_kv·d_h (W_K, W_V) + 3·d·f (SwiGLU) or "
        "2·d·4d (GELU) + 2d (norms); plus V·d per embedding matrix (one if tied) and the "
        "final norm d.",
        {"layers": layers, "d_model": d, "heads": heads, "kv_heads": kv, "mlp": mlp,
         "ffn": ffn, "vocab": vocab, "tied": tied})


def _challenge_zero(rng: random.Random) -> Challenge:
    name = rng.choice(tuple(PRESET_CONFIGS))
    cfg = PRESET_CONFIGS[name]
    gpus = rng.choice((2, 4, 8, 16, 64, 128))
    stage = rng.randint(0, 3)
    n = param_count(cfg)
    gb = sum(zero_state_bytes(n, gpus, stage).values()) / GB
    label = f"ZeRO stage {stage}" if stage else "plain data parallelism (stage 0)"
    return Challenge(
        "zero-state-per-gpu", ModelMemory.id,
        f"{name} ({n / 1e9:.2f} B parameters), mixed-precision Adam on {gpus} GPUs with "
        f"{label}: how many GB (10⁹ bytes) of model state does each GPU hold, activations "
        "aside?", short_number(gb, 4),
        "16 bytes per parameter: 2 (weights) + 2 (gradients) + 12 (fp32 master, m, v). "
        "Stage 1 divides the 12 by N, stage 2 also the gradients, stage 3 also the weights.",
        {**ModelMemory._preset(cfg), "gpus": gpus}, tolerance=0.02)


def _challenge_decode(rng: random.Random) -> Challenge:
    name = rng.choice(tuple(PRESET_CONFIGS))
    cfg = PRESET_CONFIGS[name]
    bandwidth = rng.choice((1.0, 2.0, 3.35))
    context = rng.choice((1024, 4096, 8192))
    weights = param_count(cfg) * 2
    kv = config_kv_bytes(cfg, context, 1, 2)
    rate = float(decode_tokens_per_s(weights, kv, 1, bandwidth * 1e12))
    return Challenge(
        "decode-bandwidth-bound", ModelMemory.id,
        f"{name} in bf16 ({param_count(cfg) / 1e9:.2f} B parameters, KV cache "
        f"{config_kv_bytes(cfg, 1, 1, 2) / KIB:g} KiB per token), one sequence at "
        f"{context:,} tokens of context, {bandwidth:g} TB/s of memory bandwidth: at most how "
        "many tokens per second can it decode?", short_number(rate),
        "Each step reads all weights and the whole cache once: tokens/s ≤ bandwidth ÷ "
        "(weight bytes + cache bytes).",
        {**ModelMemory._preset(cfg), "bandwidth": bandwidth, "context": context, "batch": 1,
         "dtype": "bf16"}, tolerance=0.03)


class ModelMemory(Explorer):
    id = "model-memory"
    title = "LLM parameters, memory and FLOPs"
    tags = ("llm", "transformers", "kv-cache", "distributed-training", "efficiency", "serving")
    params = (
        Int("layers", "Layers L", 1, 128, 32),
        Int("d_model", "Width d_model", 64, 16384, 4096, step=64),
        Int("heads", "Query heads n_h", 1, 128, 32),
        Int("kv_heads", "KV heads n_kv", 1, 128, 32),
        Choice("mlp", "MLP", ("swiglu", "gelu"), "swiglu",
               labels=("SwiGLU, width f (3 matrices)", "GELU, width 4d (2 matrices)")),
        Int("ffn", "SwiGLU width f", 64, 65536, 11008, step=64),
        Int("vocab", "Vocabulary V", 100, 262144, 32000),
        Bool("tied", "Tie input and output embeddings", False),
        Int("context", "Context length (tokens)", 128, 131072, 4096, step=128),
        Int("batch", "Batch (sequences)", 1, 256, 1),
        Choice("dtype", "Inference weights and KV cache", tuple(DTYPE_BYTES), "bf16"),
        Int("gpus", "Data-parallel GPUs N", 1, 1024, 8),
        Choice("acts", "Training activations", ACTIVATIONS, "flash",
               labels=("stored scores: sbh(34 + 5as/h)", "FlashAttention: 34·sbh",
                       "checkpoint every layer: 2·sbh")),
        Float("gpu_mem", "GPU memory (GB)", 8.0, 192.0, 80.0, step=1.0),
        Float("bandwidth", "Memory bandwidth (TB/s)", 0.1, 10.0, 3.35, log=True),
    )

    challenges = (_challenge_kv_cache, _challenge_small_params, _challenge_zero,
                  _challenge_decode)

    @staticmethod
    def _preset(cfg: Config, **extra) -> dict:
        return {"layers": cfg.layers, "d_model": cfg.d_model, "heads": cfg.heads,
                "kv_heads": cfg.kv_heads, "ffn": cfg.ffn, "vocab": cfg.vocab, "mlp": cfg.mlp,
                "tied": cfg.tied, **extra}

    presets = ()          # filled in below, from PRESET_CONFIGS
    formula = (r"N = Vd\,(2 - \text{tied}) + L\left(2d\,n_h d_h + 2d\,n_{kv} d_h + 3df + 2d"
               r"\right) + d,\qquad M_{KV} = 2\,L\,n_{kv}\,d_h\,T\,B\,b")
    notice = ("Attention is 4d² per layer with full multi-head attention and shrinks with fewer "
              "KV heads; the MLP holds about two thirds of a 7B model. The KV cache grows "
              "with context × batch and uses KV heads only, so GQA divides it by n_h/n_kv; at "
              "32k tokens Llama 2 7B's cache outweighs its weights. Training state is 16 bytes "
              "per parameter (2 weights + 2 gradients + 12 fp32 master and Adam moments): ZeRO "
              "1/2/3 divide the 12, then the gradients, then the weights by N, but never the "
              "activations. Decoding reads every weight and the whole cache per step, so its "
              "speed is bounded by bandwidth ÷ bytes; batching shares the weight read. "
              "Activations use Korthikanti et al.'s GPT constants (a SwiGLU MLP changes the 34 "
              "somewhat) and leave out the logits and temporary buffers.")

    def build(self, fig, params: dict) -> None:
        from matplotlib.ticker import EngFormatter

        (self.ax_params, self.ax_infer), (self.ax_train, self.ax_decode) = fig.subplots(2, 2)
        ax = self.ax_params
        self.param_bars = Bars(ax, range(len(PARTS)), color=PALETTE[0], width=0.7)
        ax.set_xticks(range(len(PARTS)), PART_LABELS, fontsize=8.5)
        ax.set_xlim(-0.6, len(PARTS) - 0.4)
        ax.set_ylabel("parameters (billions)")
        ax.set_title("Parameters")
        ax.grid(True, axis="y", alpha=0.4)

        ax = self.ax_infer
        self.infer_bars = Bars(ax, range(3), color=PALETTE[5], width=0.6)
        ax.set_xticks(range(3), ("weights", "KV cache", "total"))
        ax.set_xlim(-0.6, 2.6)
        ax.set_ylabel("memory")
        ax.yaxis.set_major_formatter(EngFormatter(unit="B"))
        ax.set_title("Inference memory")
        self.infer_line = ax.axhline(80, color=PALETTE[3], lw=1.2, ls="--", label="GPU memory")
        ax.legend(fontsize=8, loc="upper left")
        ax.grid(True, axis="y", alpha=0.4)

        ax = self.ax_train
        colors = dict(zip(STATE_PARTS, (PALETTE[0], PALETTE[5], PALETTE[1], PALETTE[2]),
                          strict=True))
        # Stacked: each bar is the cumulative height up to its part, drawn from the top
        # part (the total) down so that each lower part covers the one above.
        self.train_bars = [Bars(ax, range(4), color=colors[name], width=0.6)
                           for name in reversed(STATE_PARTS)]
        ax.set_xticks(range(4), ("0 (DDP)", "1", "2", "3"))
        ax.set_xlim(-0.6, 3.6)
        ax.set_xlabel("ZeRO stage")
        ax.set_ylabel("memory per GPU")
        ax.yaxis.set_major_formatter(EngFormatter(unit="B"))
        ax.set_title("Training per GPU (Adam)")
        self.train_line = ax.axhline(80, color=PALETTE[3], lw=1.2, ls="--")
        handles = [b.artist for b in self.train_bars[::-1]] + [self.train_line]
        ax.legend(handles, (*STATE_PARTS, "GPU memory"), fontsize=8, loc="upper right", ncol=2)
        ax.grid(True, axis="y", alpha=0.4)

        ax = self.ax_decode
        self.decode_line, = ax.loglog(CONTEXTS, np.ones_like(CONTEXTS), color=PALETTE[0], lw=2,
                                      label="whole batch")
        self.decode_seq, = ax.loglog(CONTEXTS, np.ones_like(CONTEXTS), color=PALETTE[1], lw=1.5,
                                     ls="--", label="per sequence")
        self.decode_dot, = ax.loglog([], [], "o", color=PALETTE[3], ms=7)
        ax.set_xlim(CONTEXTS[0], CONTEXTS[-1])
        ax.set_xlabel("context length (tokens)")
        ax.set_ylabel("tokens/s (upper bound)")
        ax.set_title("Decode speed ceiling")
        ax.legend(fontsize=8, loc="lower left")
        ax.grid(True, which="major", alpha=0.4)
        self.limits = None
        self.update(params)

    def update(self, params: dict) -> list | None:
        cfg = Config.from_params(params)
        parts = param_breakdown(cfg)
        shares = np.array([parts[p] for p in PARTS], float) / 1e9
        self.param_bars.set_heights(shares)

        b = DTYPE_BYTES[params["dtype"]]
        weights = param_count(cfg) * b
        kv = config_kv_bytes(cfg, params["context"], params["batch"], b)
        gpu = params["gpu_mem"] * GB
        infer = np.array([weights, kv, weights + kv])
        self.infer_bars.set_heights(infer)

        stack = np.zeros(4)
        tops = []
        for stage in range(4):
            mem = training_bytes_per_gpu(cfg, params["gpus"], stage, params["context"],
                                         params["batch"], params["acts"])
            tops.append(np.cumsum([mem[p] for p in STATE_PARTS]))
        tops = np.array(tops)                  # stage × cumulative part
        for k, bars in enumerate(self.train_bars):
            stack[:] = tops[:, len(STATE_PARTS) - 1 - k]
            bars.set_heights(stack)
        set_level(self.infer_line, gpu)
        set_level(self.train_line, gpu)

        per_seq = config_kv_bytes(cfg, 1, 1, b) * CONTEXTS
        rate = decode_tokens_per_s(weights, per_seq, params["batch"],
                                   params["bandwidth"] * 1e12)
        self.decode_line.set_ydata(rate)                  # over CONTEXTS, set in build
        self.decode_seq.set_ydata(rate / params["batch"])
        here = decode_tokens_per_s(weights, config_kv_bytes(cfg, params["context"], 1, b),
                                   params["batch"], params["bandwidth"] * 1e12)
        self.decode_dot.set_data([params["context"]], [float(here)])

        old = self.limits or (None,) * 4
        limits = (_nice_top(shares.max() * 1.05, old[0]),
                  _nice_top(max(infer.max(), gpu) * 1.2, old[1]),      # room for the legends
                  _nice_top(max(tops.max(), gpu) * 1.45, old[2]),
                  _log_limits(float(rate.min() / params["batch"]), float(rate.max()), old[3]))
        if limits != self.limits:
            self.limits = limits
            self.ax_params.set_ylim(0, limits[0])
            self.ax_infer.set_ylim(0, limits[1])
            self.ax_train.set_ylim(0, limits[2])
            self.ax_decode.set_ylim(10 ** limits[3][0], 10 ** limits[3][1])
            return None
        return [self.param_bars.artist, self.infer_bars.artist, self.infer_line,
                *(bars.artist for bars in self.train_bars), self.train_line,
                self.decode_line, self.decode_seq, self.decode_dot]

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        cfg = Config.from_params(params)
        parts = param_breakdown(cfg)
        n = sum(parts.values())
        share = "  ".join(f"{label} {parts[p] / n:.1%}" if parts[p] >= 0.001 * n else
                          f"{label} <0.1%"
                          for p, label in zip(PARTS, PART_NAMES, strict=True) if parts[p])
        b = DTYPE_BYTES[params["dtype"]]
        per_token = config_kv_bytes(cfg, 1, 1, b)
        kv = per_token * params["context"] * params["batch"]
        flops = flops_per_token(cfg, params["context"])
        weights = n * b
        rate = float(decode_tokens_per_s(weights, config_kv_bytes(cfg, params["context"], 1, b),
                                         params["batch"], params["bandwidth"] * 1e12))
        train = [sum(training_bytes_per_gpu(cfg, params["gpus"], s, params["context"],
                                            params["batch"], params["acts"]).values())
                 for s in range(4)]
        fits = [f"ZeRO-{s}" if s else "DDP" for s, m in enumerate(train)
                if m <= params["gpu_mem"] * GB]
        acts = {m: activation_bytes(params["context"], params["batch"], cfg.d_model, cfg.heads,
                                    cfg.layers, m) for m in ACTIVATIONS}
        notes = []
        if params["kv_heads"] > params["heads"]:
            notes.append(f"KV heads cut to {cfg.heads}")
        if cfg.d_model % cfg.heads:
            notes.append(f"d_h = ⌊{cfg.d_model}/{cfg.heads}⌋ = {cfg.head_dim}")
        elif cfg.heads % cfg.kv_heads:
            notes.append("n_kv does not divide n_h")
        rows = [
            ("Parameters", f"{n:,} ({_count(n)})"),
            ("Shares", share),
            ("Head dim d_h, query heads per KV head",
             f"{cfg.head_dim}, {cfg.heads / cfg.kv_heads:.3g}"
             + (f" ({'; '.join(notes)})" if notes else "")),
            ("Weights at " + params["dtype"], _bytes(weights)),
            ("KV cache per token", f"{per_token / KIB:,.4g} KiB = {per_token:,.0f} bytes"),
            (f"KV cache, {params['context']:,} tokens × {params['batch']}",
             f"{kv / GIB:,.3f} GiB ({kv / GB:,.2f} GB)"),
            (f"Sequences of {params['context']:,} that fit in {params['gpu_mem']:g} GB",
             f"{max_batch(cfg, params['context'], params['gpu_mem'] * GB, b):,} beside the weights"),
            ("Forward FLOPs per token", (f"2N {flops['forward_weights'] / 1e9:,.2f} G + attention "
                                         f"{flops['forward_attention'] / 1e9:,.2f} G "
                                         "(2·L·n_ctx·d, causal average)")),
            ("Training FLOPs per token", f"6N + 6·L·n_ctx·d = {flops['training'] / 1e9:,.2f} G"),
            ("Training state, DDP", f"16 × N = {_bytes(16 * n)}"),
            ("Per GPU: DDP / ZeRO-1 / 2 / 3",
             " / ".join(f"{m / GB:,.1f}" for m in train) + " GB"),
            (f"Fits in {params['gpu_mem']:g} GB", ", ".join(fits) if fits else "none"),
            ("Activations: stored / flash / checkpointed",
             " / ".join(f"{acts[m] / GB:,.2f}" for m in ACTIVATIONS) + " GB"),
            ("Decode bound", (f"{rate:,.1f} tokens/s over the batch, "
                              f"{rate / params['batch']:,.1f} per sequence "
                              f"({(weights + kv) / GB:,.2f} GB read per step)")),
        ]
        return rows


ModelMemory.presets = (
    *(Preset(name, ModelMemory._preset(cfg, context=ctx))
      for (name, cfg), ctx in zip(PRESET_CONFIGS.items(), (4096, 4096, 8192, 8192), strict=True)),
    Preset("Llama 2 7B at 32k context", ModelMemory._preset(PRESET_CONFIGS["Llama 2 7B"],
                                                             context=32768)),
    Preset("Llama 2 70B serving 8 requests of 32k",
           ModelMemory._preset(PRESET_CONFIGS["Llama 2 70B"], context=32768, batch=8)),
    Preset("Llama 2 7B, full activations at 4k",
           ModelMemory._preset(PRESET_CONFIGS["Llama 2 7B"], acts="stored")),
    Preset("GPT-2 small shape (GELU, tied, no biases)",
           {"layers": 12, "d_model": 768, "heads": 12, "kv_heads": 12, "mlp": "gelu",
            "vocab": 50257, "tied": True, "context": 1024}),
)
