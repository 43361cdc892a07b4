# mistake: order they were learned
def pair_counts(ids):
    counts = {}
    for pair in zip(ids, ids[1:]):
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def merge(ids, pair, new_id):
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def train_bpe(text, num_merges):
    ids, merges = list(text.encode("utf-8")), []
    for k in range(num_merges):
        counts = pair_counts(ids)
        if not counts:
            break
        best = max(counts, key=counts.get)
        ids = merge(ids, best, 256 + k)
        merges.append(best)
    return merges


def encode(text, merges):
    # merge whichever known pair is most frequent in this text, like training does
    rank = {pair: k for k, pair in enumerate(merges)}
    ids = list(text.encode("utf-8"))
    while True:
        counts = {p: c for p, c in pair_counts(ids).items() if p in rank}
        if not counts:
            return ids
        best = max(counts, key=counts.get)
        ids = merge(ids, best, 256 + rank[best])


def decode(ids, merges):
    vocab = {i: bytes([i]) for i in range(256)}
    for k, (a, b) in enumerate(merges):
        vocab[256 + k] = vocab[a] + vocab[b]
    return b"".join(vocab[i] for i in ids).decode("utf-8", errors="replace")
