# --- starter ---
import numpy as np


def info_nce(queries, keys, temperature):
    """queries, keys: (N, d); keys[i] is the positive for queries[i], the other rows are negatives.
    Cosine similarities divided by temperature; return the mean cross-entropy (a float)."""
    raise NotImplementedError


def clip_loss(image_emb, text_emb, temperature=0.07):
    """Symmetric CLIP loss for N paired embeddings (N, d): image->text and text->image averaged."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def normalise(x):
    x = np.asarray(x, dtype=float)
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def info_nce(queries, keys, temperature):
    logits = normalise(queries) @ normalise(keys).T / temperature        # (N, N), positives on the diagonal
    logits = logits - logits.max(axis=-1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
    return float(-np.mean(np.diag(log_probs)))


def clip_loss(image_emb, text_emb, temperature=0.07):
    # rows of the logit matrix for image->text, columns (its transpose) for text->image
    return 0.5 * (info_nce(image_emb, text_emb, temperature) + info_nce(text_emb, image_emb, temperature))
# --- tests ---
import math

import numpy as np

BOTH = "CLIP averages both directions: image->text (rows) and text->image (columns of the logit matrix)"


def ref_info_nce(q, k, t):
    """Slow reference: explicit loops, cosine similarity, log-sum-exp with math."""
    n = len(q)
    total = 0.0
    for i in range(n):
        s = []
        for j in range(n):
            dot = sum(float(a) * float(b) for a, b in zip(q[i], k[j]))
            s.append(dot / (math.sqrt(sum(float(a) ** 2 for a in q[i])) * math.sqrt(sum(float(b) ** 2 for b in k[j]))) / t)
        top = max(s)
        total += -(s[i] - top - math.log(sum(math.exp(v - top) for v in s)))
    return total / n


def pairs(seed, n=6, d=8, noise=0.5):
    rng = np.random.default_rng(seed)
    img = rng.normal(size=(n, d))
    txt = img + noise * rng.normal(size=(n, d))          # matched pairs are similar
    return img, txt


def test_hand_worked_orthogonal_pairs(ns):
    e = np.eye(2)
    expected = math.log(1 + math.exp(-1))                 # -log(e / (e + 1)) = 0.31326
    assert_close(ns["info_nce"](e, e, 1.0), expected, case="two orthogonal unit pairs at temperature 1: log(1 + e^-1)")
    assert_close(ns["clip_loss"](e, e, temperature=1.0), expected, case="both directions give log(1 + e^-1)")
    assert_close(ns["clip_loss"](e[:1], e[:1]), 0.0, case="a batch of one pair has no negatives: loss 0")


def test_matches_a_slow_reference_on_seeded_pairs(ns):
    for seed, t in [(0, 0.07), (1, 0.5), (2, 1.0)]:
        img, txt = pairs(seed)
        one_way = ref_info_nce(img, txt, t)
        assert_close(ns["info_nce"](img, txt, t), one_way, case=f"info_nce image->text, temperature {t}")
        both = 0.5 * (one_way + ref_info_nce(txt, img, t))
        assert_close(ns["clip_loss"](img, txt, temperature=t), both, case=f"temperature {t}: {BOTH}")


def test_is_symmetric_in_images_and_texts(ns):
    img, txt = pairs(3, n=5, noise=1.5)
    a, b = ns["info_nce"](img, txt, 0.1), ns["info_nce"](txt, img, 0.1)
    assert abs(a - b) > 1e-3, "test set-up: the two directions should differ here"
    assert_close(ns["clip_loss"](img, txt, temperature=0.1), ns["clip_loss"](txt, img, temperature=0.1),
                 case=f"swapping images and texts must not change the loss; {BOTH}")
    assert_close(ns["clip_loss"](img, txt, temperature=0.1), 0.5 * (a + b), case=BOTH)


def test_a_huge_temperature_gives_log_n(ns):
    rng = np.random.default_rng(4)
    for n in (2, 5, 16):
        x = rng.normal(size=(n, 12))
        assert_close(ns["clip_loss"](x, x.copy(), temperature=1e6), math.log(n), rtol=1e-5,
                     case=f"N = {n}, temperature 1e6: every logit is ~0, the softmax is uniform, loss = log N")


def test_ignores_embedding_scale_and_pair_order(ns):
    img, txt = pairs(5)
    base = ns["clip_loss"](img, txt, temperature=0.2)
    rng = np.random.default_rng(6)
    scaled = ns["clip_loss"](img * rng.uniform(0.1, 10, size=(6, 1)), txt * 7.0, temperature=0.2)
    assert_close(scaled, base, case="rescaling embeddings changes nothing: L2-normalise them (cosine similarity)")
    perm = rng.permutation(6)
    assert_close(ns["clip_loss"](img[perm], txt[perm], temperature=0.2), base,
                 case="reordering the pairs together changes nothing")


def test_a_tiny_temperature_stays_finite(ns):
    img, txt = pairs(7, noise=0.3)
    got = ns["clip_loss"](img, txt, temperature=1e-3)
    assert np.isfinite(got), f"temperature 1e-3 gave {got}: logits reach 1000, subtract the row max before exp"
    expected = 0.5 * (ref_info_nce(img, txt, 1e-3) + ref_info_nce(txt, img, 1e-3))
    assert_close(got, expected, rtol=1e-6, atol=1e-6, case="temperature 1e-3: log-sum-exp")
