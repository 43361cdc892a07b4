# --- starter ---
import numpy as np


def beam_search(next_logprobs, bos, eos, beam_width, max_len, alpha=0.0):
    """Beam search over a next-token function.

    next_logprobs(prefix) takes a tuple (bos, t1, ..., tk) and returns log-probabilities (V,).
    Returns a list of (tokens, logprob, score): tokens is a tuple without bos (ending in eos if
    finished), logprob the summed log-probability, score = logprob / len(tokens) ** alpha,
    sorted by score, best first.
    """
    raise NotImplementedError
# --- solution ---
import numpy as np


def beam_search(next_logprobs, bos, eos, beam_width, max_len, alpha=0.0):
    live, finished = [((), 0.0)], []
    for _ in range(max_len):
        candidates = []
        for tokens, logp in live:
            step = np.asarray(next_logprobs((bos,) + tokens), dtype=float)
            for v, lp in enumerate(step):
                if lp > -np.inf:                            # impossible tokens never enter the beam
                    candidates.append((tokens + (v,), logp + float(lp)))
        # prune by cumulative log-probability over all beams together; ties by token order
        candidates.sort(key=lambda c: (-c[1], c[0]))
        live = []
        for tokens, logp in candidates[:beam_width]:
            (finished if tokens[-1] == eos else live).append((tokens, logp))
        if not live:
            break
    finished += live                                        # hypotheses cut off at max_len
    ranked = [(tokens, logp, logp / len(tokens) ** alpha) for tokens, logp in finished]
    ranked.sort(key=lambda h: (-h[2], -h[1], h[0]))
    return ranked
# --- tests ---
import itertools
import math

import numpy as np

EOS, A, B, BOS = 0, 1, 2, 3


def table_model(table):
    """Next-token log-probabilities looked up by the whole prefix (a dict of probabilities)."""
    def f(prefix):
        return np.log(np.array(table[tuple(prefix)], dtype=float))
    return f


def bigram_model(seed, vocab=3):
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(vocab + 1, vocab)) * 1.5          # row = previous token (BOS = vocab)
    logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return (lambda prefix: logp[prefix[-1]]), logp


def test_a_beam_of_two_finds_the_sequence_greedy_misses(ns):
    with np.errstate(divide="ignore"):
        model = table_model({(BOS,): [0.1, 0.5, 0.4], (BOS, A): [0.4, 0.3, 0.3], (BOS, B): [0.9, 0.05, 0.05]})
        greedy = ns["beam_search"](model, BOS, EOS, 1, 2)
        wide = ns["beam_search"](model, BOS, EOS, 2, 2)
    assert tuple(greedy[0][0]) == (A, EOS), f"width 1 (greedy) should return (A, EOS), got {greedy[0][0]}"
    assert tuple(wide[0][0]) == (B, EOS), (f"width 2 should find (B, EOS) with probability 0.4 * 0.9 = 0.36 > "
                                           f"0.5 * 0.4 = 0.2, got {wide[0][0]}")
    assert_close([h[1] for h in wide], [math.log(0.36), math.log(0.2)],
                 case="the two finished hypotheses and their scores: the cumulative log-probability of the "
                      "whole sequence, log 0.36 and log 0.2")


def test_width_one_is_greedy_decoding(ns):
    model, logp = bigram_model(0)
    prefix, total = [BOS], 0.0
    while len(prefix) - 1 < 6 and (len(prefix) == 1 or prefix[-1] != EOS):
        tok = int(np.argmax(logp[prefix[-1]]))
        total += logp[prefix[-1], tok]
        prefix.append(tok)
    out = ns["beam_search"](model, BOS, EOS, 1, 6)
    assert len(out) == 1 and tuple(out[0][0]) == tuple(prefix[1:]), \
        f"width 1 must equal greedy decoding {tuple(prefix[1:])}, got {[h[0] for h in out]}"
    assert_close(out[0][1], total, case="greedy path: cumulative log-probability")


def test_length_normalisation_changes_the_winner(ns):
    model = table_model({(BOS,): [0.4, 0.6], (BOS, A): [0.2, 0.8], (BOS, A, A): [0.2, 0.8],
                         (BOS, A, A, A): [0.8, 0.2]})
    raw = ns["beam_search"](model, BOS, EOS, 2, 4, alpha=0.0)
    assert tuple(raw[0][0]) == (EOS,), f"alpha = 0: the short (EOS,) with p = 0.4 should win, got {raw[0][0]}"
    norm = ns["beam_search"](model, BOS, EOS, 2, 4, alpha=1.0)
    assert tuple(norm[0][0]) == (A, A, A, EOS), \
        f"alpha = 1: (A, A, A, EOS) has the best log-prob per token, log(0.3072) / 4; got {norm[0][0]}"
    expected = {(EOS,): 0.4, (A, EOS): 0.12, (A, A, EOS): 0.096, (A, A, A, EOS): 0.3072, (A, A, A, A): 0.0768}
    got = {tuple(h[0]): h for h in norm}
    assert set(got) == set(expected), (f"expected the 4 finished hypotheses plus (A, A, A, A), cut off at "
                                       f"max_len, got {sorted(got)}")
    for tokens, p in expected.items():
        assert_close([got[tokens][1], got[tokens][2]], [math.log(p), math.log(p) / len(tokens)],
                     case=f"{tokens}: cumulative log-probability and score = logprob / length ** alpha "
                          "(length counts EOS)")


def test_a_wide_enough_beam_is_exhaustive_search(ns):
    model, logp = bigram_model(1)
    every = {}
    for n in range(1, 5):
        for seq in itertools.product(range(3), repeat=n):
            if EOS in seq[:-1] or (n < 4 and seq[-1] != EOS):
                continue                               # stop at the first EOS; only length 4 may lack it
            prev, s = BOS, 0.0
            for tok in seq:
                s, prev = s + logp[prev, tok], tok
            every[seq] = s
    out = ns["beam_search"](model, BOS, EOS, 81, 4, alpha=0.0)
    got = {tuple(h[0]): h[1] for h in out}
    assert set(got) == set(every), f"a beam of 81 never prunes: expected all {len(every)} hypotheses, got {len(got)}"
    keys = sorted(every)
    assert_close([got[k] for k in keys], [every[k] for k in keys],
                 case="every hypothesis carries its cumulative log-probability")
    best = max(every, key=every.get)
    assert tuple(out[0][0]) == best, f"alpha = 0: the best must be the most probable sequence {best}, got {out[0][0]}"


def test_results_are_sorted_path_scores(ns):
    model, logp = bigram_model(2, vocab=4)
    out = ns["beam_search"](model, 4, EOS, 3, 5, alpha=0.7)
    scores = [h[2] for h in out]
    assert scores == sorted(scores, reverse=True), f"results must be sorted by score, best first: {scores}"
    for tokens, lp, score in out:
        prev, s = 4, 0.0
        for tok in tokens:
            s, prev = s + logp[prev, tok], tok
        assert_close([lp, score], [s, s / len(tokens) ** 0.7],
                     case=f"{tuple(tokens)}: cumulative log-probability and logprob / length ** 0.7")


def test_edge_cases_impossible_tokens_and_short_limits(ns):
    with np.errstate(divide="ignore"):
        model = table_model({(BOS,): [0.0, 0.7, 0.3], (BOS, A): [0.5, 0.0, 0.5], (BOS, B): [1.0, 0.0, 0.0],
                             (BOS, A, B): [1.0, 0.0, 0.0]})
        out = ns["beam_search"](model, BOS, EOS, 5, 3)
    got = sorted(tuple(h[0]) for h in out)
    assert got == [(A, EOS), (A, B, EOS), (B, EOS)], \
        f"tokens with log-probability -inf must never enter a beam, even with spare width: got {got}"
    one = ns["beam_search"](table_model({(BOS,): [0.2, 0.5, 0.3]}), BOS, EOS, 2, 1)
    assert [tuple(h[0]) for h in one] == [(A,), (B,)], \
        f"max_len = 1: the two best single tokens, unfinished, best first; got {[h[0] for h in one]}"
    first = ns["beam_search"](table_model({(BOS,): [0.6, 0.3, 0.1]}), BOS, EOS, 1, 5)
    assert [tuple(h[0]) for h in first] == [(EOS,)], f"EOS first with width 1: return [(EOS,)], got {first}"
