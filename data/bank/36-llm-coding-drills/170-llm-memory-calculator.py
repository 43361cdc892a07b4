# --- starter ---
def param_count(cfg):
    """Number of parameters of a decoder-only Transformer described by the dict cfg (an int)."""
    raise NotImplementedError


def kv_cache_bytes(cfg, seq_len, batch_size=1, bytes_per_elem=2):
    """Bytes of the key/value cache for batch_size sequences of seq_len tokens (an int)."""
    raise NotImplementedError


def max_batch_size(cfg, seq_len, memory_bytes, bytes_per_elem=2):
    """Most sequences of seq_len tokens whose cache fits in memory_bytes beside the weights
    (weights and cache both at bytes_per_elem); 0 if none fits."""
    raise NotImplementedError
# --- solution ---
def head_dim(cfg):
    return cfg["head_dim"] or cfg["d_model"] // cfg["n_heads"]


def param_count(cfg):
    d, f, hd = cfg["d_model"], cfg["d_ff"], head_dim(cfg)
    q_width, kv_width = cfg["n_heads"] * hd, cfg["n_kv_heads"] * hd
    attention = 2 * d * q_width + 2 * d * kv_width                 # W_q, W_o and W_k, W_v
    mlp = (3 if cfg["gated_mlp"] else 2) * d * f
    if cfg["bias"]:
        attention += q_width + 2 * kv_width + d
        mlp += (2 * f if cfg["gated_mlp"] else f) + d
    norm = 2 * d if cfg["norm"] == "layernorm" else d              # LayerNorm has a weight and a bias
    layer = attention + mlp + 2 * norm
    embeddings = cfg["vocab_size"] * d * (1 if cfg["tie_embeddings"] else 2) + cfg["max_positions"] * d
    return embeddings + cfg["n_layers"] * layer + norm             # + the final norm


def kv_cache_bytes(cfg, seq_len, batch_size=1, bytes_per_elem=2):
    per_token = 2 * cfg["n_layers"] * cfg["n_kv_heads"] * head_dim(cfg) * bytes_per_elem   # K and V
    return per_token * seq_len * batch_size


def max_batch_size(cfg, seq_len, memory_bytes, bytes_per_elem=2):
    free = memory_bytes - param_count(cfg) * bytes_per_elem
    per_sequence = kv_cache_bytes(cfg, seq_len, 1, bytes_per_elem)
    return max(free // per_sequence, 0)
# --- tests ---
import numpy as np

GQA = "the cache stores n_kv_heads key/value heads per layer, not n_heads (grouped-query attention)"
BASE = dict(bias=False, gated_mlp=True, norm="rmsnorm", max_positions=0, head_dim=None, tie_embeddings=False)
LLAMA2_7B = dict(BASE, vocab_size=32000, d_model=4096, n_layers=32, n_heads=32, n_kv_heads=32, d_ff=11008)
LLAMA3_8B = dict(BASE, vocab_size=128256, d_model=4096, n_layers=32, n_heads=32, n_kv_heads=8, d_ff=14336)
LLAMA2_70B = dict(BASE, vocab_size=32000, d_model=8192, n_layers=80, n_heads=64, n_kv_heads=8, d_ff=28672)
GEMMA_7B = dict(BASE, vocab_size=256000, d_model=3072, n_layers=28, n_heads=16, n_kv_heads=16, d_ff=24576,
                head_dim=256, tie_embeddings=True)
GEMMA_2B = dict(BASE, vocab_size=256000, d_model=2048, n_layers=18, n_heads=8, n_kv_heads=1, d_ff=16384,
                head_dim=256, tie_embeddings=True)
GPT2 = dict(vocab_size=50257, d_model=768, n_layers=12, n_heads=12, n_kv_heads=12, d_ff=3072, bias=True,
            gated_mlp=False, norm="layernorm", max_positions=1024, head_dim=None, tie_embeddings=True)


def exact(got, expected, case):
    assert_close(got, expected, rtol=0, atol=0, case=case)


def ref_tensors(cfg):
    """Slow reference: the shape of every weight tensor, one by one."""
    d, f, V = cfg["d_model"], cfg["d_ff"], cfg["vocab_size"]
    hd = cfg["head_dim"] or d // cfg["n_heads"]
    nq, nkv = cfg["n_heads"] * hd, cfg["n_kv_heads"] * hd
    shapes = [(V, d)] + ([] if cfg["tie_embeddings"] else [(d, V)])
    if cfg["max_positions"]:
        shapes.append((cfg["max_positions"], d))
    norm = [(d,), (d,)] if cfg["norm"] == "layernorm" else [(d,)]
    for _ in range(cfg["n_layers"]):
        shapes += norm + norm
        linears = [(d, nq), (d, nkv), (d, nkv), (nq, d)]
        linears += [(d, f), (d, f), (f, d)] if cfg["gated_mlp"] else [(d, f), (f, d)]
        for shape in linears:
            shapes.append(shape)
            if cfg["bias"]:
                shapes.append((shape[1],))
    shapes += norm
    return shapes


def test_llama_2_7b_matches_its_published_size(ns):
    exact(ns["param_count"](LLAMA2_7B), 6_738_415_616, case="Llama 2 7B: 32 layers, d 4096, SwiGLU d_ff 11008, untied 32000 vocab")
    exact(ns["kv_cache_bytes"](LLAMA2_7B, 1), 2 * 32 * 32 * 128 * 2,
          case="Llama 2 7B KV cache per token in fp16: 2 (K and V) x 32 layers x 32 heads x 128 x 2 bytes = 512 KiB")
    exact(ns["kv_cache_bytes"](LLAMA2_7B, 4096, batch_size=3), 3 * 2 ** 31, case="3 sequences of 4096 tokens: 6 GiB")


def test_gqa_and_an_explicit_head_dim(ns):
    exact(ns["param_count"](LLAMA3_8B), 8_030_261_248, case="Llama 3 8B: 8 KV heads, d_ff 14336, vocab 128256")
    exact(ns["param_count"](GEMMA_7B), 8_537_680_896,
          case="Gemma 7B: head_dim 256 is given explicitly (16 x 256 = 4096 != d_model 3072), tied embeddings")
    exact(ns["param_count"](GEMMA_2B), 2_506_172_416, case="Gemma 2B: multi-query attention (1 KV head), head_dim 256")
    exact(ns["kv_cache_bytes"](LLAMA3_8B, 1), 2 * 32 * 8 * 128 * 2, case=f"Llama 3 8B per token: 128 KiB; {GQA}")
    exact(ns["kv_cache_bytes"](GEMMA_2B, 1), 2 * 18 * 1 * 256 * 2, case=f"Gemma 2B per token: {GQA}")


def test_gpt2_small_with_biases_layernorm_and_learned_positions(ns):
    exact(ns["param_count"](GPT2), 124_439_808,
          case="GPT-2 small: biases on every projection, LayerNorm weight and bias, 1024 learned positions, tied head")


def test_matches_a_tensor_by_tensor_reference_on_seeded_configs(ns):
    rng = np.random.default_rng(0)
    for trial in range(25):
        n_kv = int(rng.choice([1, 2, 4]))
        cfg = dict(vocab_size=int(rng.integers(50, 500)), n_layers=int(rng.integers(1, 5)),
                   n_heads=n_kv * int(rng.integers(1, 4)), n_kv_heads=n_kv, d_ff=int(rng.integers(8, 64)),
                   head_dim=int(rng.choice([0, 8])) or None, bias=bool(rng.random() < 0.5),
                   gated_mlp=bool(rng.random() < 0.5), norm=str(rng.choice(["rmsnorm", "layernorm"])),
                   max_positions=int(rng.choice([0, 64])), tie_embeddings=bool(rng.random() < 0.5))
        cfg["d_model"] = cfg["n_heads"] * int(rng.integers(2, 6))
        expected = sum(int(np.prod(s)) for s in ref_tensors(cfg))
        exact(ns["param_count"](cfg), expected, case=f"config {trial}: {cfg}")
        hd = cfg["head_dim"] or cfg["d_model"] // cfg["n_heads"]
        exact(ns["kv_cache_bytes"](cfg, 7, 2, 1), 2 * cfg["n_layers"] * n_kv * hd * 7 * 2,
              case=f"config {trial}, 7 tokens x 2 sequences at 1 byte: {GQA}")


def test_the_cache_scales_linearly_with_tokens_batch_and_precision(ns):
    kv = ns["kv_cache_bytes"]
    exact(kv(LLAMA3_8B, 0), 0, case="no tokens, no cache")
    exact(kv(LLAMA3_8B, 8192, 4), 4 * 8192 * kv(LLAMA3_8B, 1), case="linear in tokens and in batch size")
    exact(kv(LLAMA3_8B, 1000, 1, bytes_per_elem=1), kv(LLAMA3_8B, 1000) // 2, case="an fp8 cache is half the fp16 cache")
    exact(kv(LLAMA2_70B, 32 * 1024), 10 * 2 ** 30, case=f"Llama 2 70B, 32k tokens: 320 KiB per token, 10 GiB; {GQA}")


def test_max_batch_size_on_an_80_gb_gpu(ns):
    mb = ns["max_batch_size"]
    exact(mb(LLAMA2_7B, 4096, 80 * 10 ** 9), 30,
          case="Llama 2 7B fp16 on 80 GB at 4096 tokens: (80e9 - 13,476,831,232) // 2 GiB = 30")
    exact(mb(LLAMA3_8B, 8192, 80 * 10 ** 9), 59, case=f"Llama 3 8B fp16 on 80 GB at 8192 tokens: 1 GiB each; {GQA}")
    exact(mb(LLAMA2_70B, 4096, 80 * 10 ** 9), 0, case="Llama 2 70B in fp16 (138 GB) does not fit: 0, not a negative number")
    fit = 6_738_415_616 * 2 + 3 * 2 ** 31
    exact(mb(LLAMA2_7B, 4096, fit), 3, case="memory for exactly three caches: 3")
    exact(mb(LLAMA2_7B, 4096, fit - 1), 2, case="one byte short of three caches: 2")
