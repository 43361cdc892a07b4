# mistake: n_kv_heads
def param_count(cfg):
    d, f = cfg["d_model"], cfg["d_ff"]
    hd = cfg["head_dim"] or d // cfg["n_heads"]
    q, kv = cfg["n_heads"] * hd, cfg["n_kv_heads"] * hd
    attn = 2 * d * q + 2 * d * kv
    mlp = (3 if cfg["gated_mlp"] else 2) * d * f
    if cfg["bias"]:
        attn += q + 2 * kv + d
        mlp += (2 * f if cfg["gated_mlp"] else f) + d
    norm = 2 * d if cfg["norm"] == "layernorm" else d
    emb = cfg["vocab_size"] * d * (1 if cfg["tie_embeddings"] else 2) + cfg["max_positions"] * d
    return emb + cfg["n_layers"] * (attn + mlp + 2 * norm) + norm


def kv_cache_bytes(cfg, seq_len, batch_size=1, bytes_per_elem=2):
    # one key and one value vector per attention head, per layer, per token
    hd = cfg["head_dim"] or cfg["d_model"] // cfg["n_heads"]
    return 2 * cfg["n_layers"] * cfg["n_heads"] * hd * bytes_per_elem * seq_len * batch_size


def max_batch_size(cfg, seq_len, memory_bytes, bytes_per_elem=2):
    free = memory_bytes - param_count(cfg) * bytes_per_elem
    return max(free // kv_cache_bytes(cfg, seq_len, 1, bytes_per_elem), 0)
