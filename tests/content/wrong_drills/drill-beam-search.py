# mistake: cumulative log-probability
import numpy as np


def beam_search(next_logprobs, bos, eos, beam_width, max_len, alpha=0.0):
    live, finished = [((), 0.0)], []
    for _ in range(max_len):
        candidates = []
        for tokens, logp in live:
            step = np.asarray(next_logprobs((bos,) + tokens), dtype=float)
            for v, lp in enumerate(step):
                if lp > -np.inf:
                    candidates.append((tokens + (v,), float(lp)))   # the prefix's score is dropped
        candidates.sort(key=lambda c: (-c[1], c[0]))
        live = []
        for tokens, logp in candidates[:beam_width]:
            (finished if tokens[-1] == eos else live).append((tokens, logp))
        if not live:
            break
    finished += live
    ranked = [(tokens, logp, logp / len(tokens) ** alpha) for tokens, logp in finished]
    ranked.sort(key=lambda h: (-h[2], -h[1], h[0]))
    return ranked
