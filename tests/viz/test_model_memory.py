"""The LLM memory calculator against published counts and the bank's worked examples."""

import math
import random

import numpy as np
from matplotlib.figure import Figure

from studyapp.viz import registry
from studyapp.viz.explorers import model_memory as mm

KIB, GIB = 2 ** 10, 2 ** 30
LLAMA2_7B = mm.PRESET_CONFIGS["Llama 2 7B"]
LLAMA2_70B = mm.PRESET_CONFIGS["Llama 2 70B"]
LLAMA3_8B = mm.PRESET_CONFIGS["Llama 3 8B"]
MISTRAL_7B = mm.PRESET_CONFIGS["Mistral 7B"]


def tensor_shapes(cfg: mm.Config) -> list[tuple[int, ...]]:
    """Independent reference: the shape of every weight tensor of the model, one by one."""
    d, hd = cfg.d_model, cfg.d_model // cfg.heads
    f = cfg.ffn if cfg.mlp == "swiglu" else 4 * d
    shapes = [(cfg.vocab, d)] + ([] if cfg.tied else [(d, cfg.vocab)])
    for _ in range(cfg.layers):
        shapes += [(d,), (d, cfg.heads * hd), (d, cfg.kv_heads * hd), (d, cfg.kv_heads * hd),
                   (cfg.heads * hd, d), (d,)]
        shapes += [(d, f), (d, f), (f, d)] if cfg.mlp == "swiglu" else [(d, f), (f, d)]
    return [*shapes, (d,)]


def reference_count(cfg: mm.Config) -> int:
    return sum(math.prod(s) for s in tensor_shapes(cfg))


# --- parameters ----------------------------------------------------------------------------
def test_published_parameter_counts():
    assert mm.param_count(LLAMA2_7B) == 6_738_415_616          # the bank's exact total
    assert mm.param_count(LLAMA3_8B) == 8_030_261_248
    assert mm.param_count(LLAMA2_70B) == 68_976_648_192
    assert mm.param_count(MISTRAL_7B) == 7_241_732_096          # Mistral 7B's published 7.24B
    for cfg in mm.PRESET_CONFIGS.values():
        assert mm.param_count(cfg) == reference_count(cfg)


def test_llama2_7b_component_table_of_the_bank():
    parts = mm.param_breakdown(LLAMA2_7B)
    assert parts["attention"] == 32 * 67_108_864 == 2_147_483_648
    assert parts["mlp"] == 32 * 135_266_304 == 4_328_521_728
    assert parts["norms"] == 262_144 + 4_096
    assert parts["embeddings"] + parts["head"] == 262_144_000
    assert round(parts["mlp"] / mm.param_count(LLAMA2_7B), 3) == 0.642
    # Llama 3 8B: about 70% MLP, 17% attention, 13% embeddings
    p3, n3 = mm.param_breakdown(LLAMA3_8B), mm.param_count(LLAMA3_8B)
    assert round(p3["mlp"] / n3, 2) == 0.70 and round(p3["attention"] / n3, 2) == 0.17
    assert round((p3["embeddings"] + p3["head"]) / n3, 2) == 0.13


def test_random_configs_match_the_tensor_by_tensor_reference():
    rng = np.random.default_rng(0)
    for _ in range(40):
        kv = int(rng.choice([1, 2, 4]))
        heads = kv * int(rng.integers(1, 4))
        cfg = mm.Config(int(rng.integers(1, 6)), heads * int(rng.integers(2, 9)), heads, kv,
                        int(rng.integers(8, 200)), int(rng.integers(50, 900)),
                        str(rng.choice(["swiglu", "gelu"])), bool(rng.random() < 0.5))
        assert mm.param_count(cfg) == reference_count(cfg), cfg
    # tying removes exactly one V·d matrix; GELU 4d has 2·d·4d MLP weights per layer
    untied = mm.Config(2, 64, 4, 4, 100, 300)
    tied = mm.Config(2, 64, 4, 4, 100, 300, tied=True)
    assert mm.param_count(untied) - mm.param_count(tied) == 300 * 64
    assert mm.param_breakdown(mm.Config(2, 64, 4, 4, 999, 300, "gelu"))["mlp"] == 2 * 2 * 64 * 256


def test_rule_of_thumb_12_l_d_squared():
    rule = 12 * 32 * 4096 ** 2 + 2 * 32000 * 4096
    assert abs(rule / mm.param_count(LLAMA2_7B) - 1) < 0.01
    gelu = mm.Config(32, 4096, 32, 32, 0, 32000, "gelu")     # MHA + 4d MLP: exactly 12d²
    parts = mm.param_breakdown(gelu)
    assert parts["attention"] + parts["mlp"] == 12 * 32 * 4096 ** 2


# --- KV cache --------------------------------------------------------------------------------
def test_kv_cache_numbers_of_the_bank():
    T = 32 * 1024
    assert mm.config_kv_bytes(LLAMA2_7B) == 512 * KIB == 524_288
    assert mm.config_kv_bytes(LLAMA2_7B, T) == 16 * GIB
    assert mm.config_kv_bytes(LLAMA3_8B) == 128 * KIB
    assert mm.config_kv_bytes(LLAMA3_8B, T) == 4 * GIB
    assert mm.config_kv_bytes(LLAMA2_70B) == 320 * KIB
    assert mm.config_kv_bytes(LLAMA2_70B, T) == 10 * GIB
    assert mm.kv_cache_bytes(80, 64, 128, T) == 80 * GIB            # 70B without GQA
    assert mm.config_kv_bytes(LLAMA2_7B, 4096, batch=3) == 3 * 2 ** 31
    assert mm.config_kv_bytes(LLAMA2_7B, T, bytes_per=1) == 8 * GIB  # an 8-bit cache halves it
    assert mm.config_kv_bytes(LLAMA2_7B, T) > mm.param_count(LLAMA2_7B) * 2   # beats weights


def test_sequences_that_fit_match_the_drill():
    assert mm.max_batch(LLAMA2_7B, 4096, 80e9) == 30
    assert mm.max_batch(LLAMA3_8B, 8192, 80e9) == 59
    assert mm.max_batch(LLAMA2_70B, 4096, 80e9) == 0
    fit = 6_738_415_616 * 2 + 3 * 2 ** 31
    assert mm.max_batch(LLAMA2_7B, 4096, fit) == 3
    assert mm.max_batch(LLAMA2_7B, 4096, fit - 1) == 2


# --- FLOPs -----------------------------------------------------------------------------------
def matmul_flops(m, k, n):
    return 2 * m * k * n


def test_flops_per_token_against_a_matmul_count():
    T, L, d, f, V = 64, 4, 32, 96, 100
    cfg = mm.Config(L, d, 4, 4, f, V)
    per_layer = (matmul_flops(T, d, 3 * d) + matmul_flops(T, d, d)
                 + matmul_flops(T, d, T) + matmul_flops(T, T, d)
                 + matmul_flops(T, d, 2 * f) + matmul_flops(T, f, d))
    full = L * per_layer + matmul_flops(T, d, V)              # non-causal forward, T tokens
    flops = mm.flops_per_token(cfg, T)
    # the explorer's attention term is the causal average, half of full attention
    assert full == T * (flops["forward_weights"] + 2 * flops["forward_attention"])
    assert flops["training"] == 3 * flops["forward"]


def test_flops_of_the_bank_llama2_7b():
    flops = mm.flops_per_token(LLAMA2_7B, 4096)
    assert round(flops["forward_weights"] / 1e9, 1) == 13.2
    assert round(flops["forward_attention"] / 1e9, 2) == 1.07
    assert round(mm.flops_per_token(LLAMA2_7B, 32768)["forward_attention"] / 1e9, 1) == 8.6
    assert round(6 * mm.param_count(LLAMA2_7B) * 2e12 / 1e22, 1) == 8.1
    # tied embeddings: the one matrix is the output layer, so all of it is in matmuls
    tied = mm.Config(2, 64, 4, 4, 100, 300, tied=True)
    assert mm.matmul_params(tied) == mm.param_count(tied) - mm.param_breakdown(tied)["norms"]


# --- training memory -------------------------------------------------------------------------
def test_zero_stages_of_the_bank():
    def total(psi, n, stage):
        return sum(mm.zero_state_bytes(psi, n, stage).values()) / 1e9
    assert np.allclose([total(7.5e9, 64, s) for s in range(4)], [120, 31.4, 16.6, 1.9],
                       atol=0.05)                              # the ZeRO paper's example
    assert np.allclose([total(7e9, 8, s) for s in range(4)], [112, 38.5, 26.25, 14])
    # independently: 4Ψ + 12Ψ/N, 2Ψ + 14Ψ/N, 16Ψ/N
    psi, n = 1e9, 16
    assert np.allclose([total(psi, n, s) * 1e9 for s in range(4)],
                       [16 * psi, 4 * psi + 12 * psi / n, 2 * psi + 14 * psi / n, 16 * psi / n])


def test_activations_of_the_bank():
    flash = mm.activation_bytes(4096, 1, 4096, 32, 32, "flash")
    stored = mm.activation_bytes(4096, 1, 4096, 32, 32, "stored")
    ckpt = mm.activation_bytes(4096, 1, 4096, 32, 32, "checkpoint")
    assert 18.0e9 < flash < 18.5e9 and 103e9 < stored < 105e9
    assert np.isclose(ckpt / 1e9, 1.07, atol=0.01)
    assert np.isclose(stored, 32 * 4096 * 4096 * (34 + 5 * 32 * 4096 / 4096))
    assert mm.activation_bytes(4096, 8, 4096, 32, 32, "flash") == 8 * flash
    mem = mm.training_bytes_per_gpu(LLAMA2_7B, 8, 3, 4096, 1, "flash")
    assert mem["activations"] == flash                 # ZeRO does not shard activations
    assert np.isclose(mem["weights"], 2 * mm.param_count(LLAMA2_7B) / 8)


# --- decoding --------------------------------------------------------------------------------
def test_decode_bound_is_bandwidth_over_bytes_read():
    weights = mm.param_count(LLAMA2_7B) * 2
    kv = mm.config_kv_bytes(LLAMA2_7B, 4096)
    assert np.isclose(mm.decode_tokens_per_s(weights, kv, 1, 2e12), 2e12 / (weights + kv))
    assert 125 < mm.decode_tokens_per_s(weights, kv, 1, 2e12) < 130
    # prefill-vs-decode: 2.0 TB/s ÷ 13.5 GB of weights caps batch-1 decoding near 148 tokens/s
    assert round(float(mm.decode_tokens_per_s(weights, 0, 1, 2e12))) == 148
    # a batch shares the weight read: 8 sequences give fewer than 8× the tokens
    eight = mm.decode_tokens_per_s(weights, kv, 8, 2e12)
    assert np.isclose(eight, 8 * 2e12 / (weights + 8 * kv))
    assert mm.decode_tokens_per_s(weights, kv, 1, 2e12) < eight < 8 * mm.decode_tokens_per_s(
        weights, kv, 1, 2e12)


# --- the explorer ------------------------------------------------------------------------------
def test_presets_set_the_published_configs():
    cls = registry.get("model-memory")
    presets = {p.name: p.params for p in cls.presets}
    for name, cfg in mm.PRESET_CONFIGS.items():
        state = {**cls.defaults(), **presets[name]}
        assert mm.Config.from_params(state) == cfg
    assert mm.Config.from_params(cls.defaults()) == LLAMA2_7B


def test_figure_follows_the_config():
    e = mm.ModelMemory()
    e.build(Figure(), e.defaults())
    parts = mm.param_breakdown(LLAMA2_7B)
    assert np.allclose(e.param_bars.heights, [parts[p] / 1e9 for p in mm.PARTS])
    state = {**e.defaults(), "kv_heads": 8, "context": 32768}
    e.update(state)
    assert np.isclose(e.infer_bars.heights[1], 4 * GIB)
    # the stacked training bars: the top of the stack is the total per GPU
    totals = [sum(mm.training_bytes_per_gpu(mm.Config.from_params(state), 8, s, 32768, 1,
                                            "flash").values()) for s in range(4)]
    assert np.allclose(e.train_bars[0].heights, totals)
    labels = dict(e.readouts(state))
    assert labels["KV cache per token"].startswith("128 KiB")
    too_many = e.readouts({**e.defaults(), "kv_heads": 64})
    assert "KV heads cut to 32" in dict(too_many)["Head dim d_h, query heads per KV head"]


# --- challenges ----------------------------------------------------------------------------
def test_challenge_answers_agree_with_independent_formulas():
    for seed in range(30):
        rng = random.Random(seed)
        c = mm._challenge_kv_cache(rng)
        p = c.params
        b = {"fp32": 4, "bf16": 2, "int8": 1}[p["dtype"]]
        head_dim = p["d_model"] // p["heads"]
        expected = 2 * p["layers"] * p["kv_heads"] * head_dim * b * p["context"] * p["batch"]
        assert c.check(str(expected / GIB))

        c = mm._challenge_small_params(rng)
        cfg = mm.Config.from_params({**mm.ModelMemory.defaults(), **c.params})
        assert int(c.answer) == reference_count(cfg)

        c = mm._challenge_zero(rng)
        n = reference_count(mm.Config.from_params({**mm.ModelMemory.defaults(), **c.params}))
        gpus, stage = c.params["gpus"], int(c.prompt.split("stage ")[1][0])
        per_param = [16, 4 + 12 / gpus, 2 + 14 / gpus, 16 / gpus][stage]
        assert c.check(str(n * per_param / 1e9))

        c = mm._challenge_decode(rng)
        cfg = mm.Config.from_params({**mm.ModelMemory.defaults(), **c.params})
        read = reference_count(cfg) * 2 + 2 * cfg.layers * cfg.kv_heads * 128 * 2 * \
            c.params["context"]
        assert c.check(str(c.params["bandwidth"] * 1e12 / read))
