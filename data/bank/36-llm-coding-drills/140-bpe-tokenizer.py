# --- starter ---
def train_bpe(text, num_merges):
    """Learn up to num_merges byte-pair merges from text (UTF-8 bytes, ids 0..255).
    Merge k creates token id 256 + k. Return the merges as a list of (left_id, right_id)."""
    raise NotImplementedError


def encode(text, merges):
    """Token ids of text: its UTF-8 bytes with the learned merges applied in learned order."""
    raise NotImplementedError


def decode(ids, merges):
    """The string the token ids stand for (invalid UTF-8 replaced by U+FFFD)."""
    raise NotImplementedError
# --- solution ---
def pair_counts(ids):
    """Counts of adjacent pairs; dicts keep insertion order, i.e. first occurrence."""
    counts = {}
    for pair in zip(ids, ids[1:]):
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def merge(ids, pair, new_id):
    """Replace every non-overlapping occurrence of pair, scanning left to right."""
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and ids[i] == pair[0] and ids[i + 1] == pair[1]:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def train_bpe(text, num_merges):
    ids = list(text.encode("utf-8"))
    merges = []
    for k in range(num_merges):
        counts = pair_counts(ids)
        if not counts:                               # fewer than two tokens left
            break
        best = max(counts, key=counts.get)           # max keeps the first of tied pairs
        ids = merge(ids, best, 256 + k)
        merges.append(best)
    return merges


def encode(text, merges):
    rank = {pair: k for k, pair in enumerate(merges)}
    ids = list(text.encode("utf-8"))
    while len(ids) >= 2:
        pair = min(zip(ids, ids[1:]), key=lambda p: rank.get(p, len(merges)))
        if pair not in rank:                         # no learned merge applies any more
            break
        ids = merge(ids, pair, 256 + rank[pair])
    return ids


def decode(ids, merges):
    vocab = {i: bytes([i]) for i in range(256)}
    for k, (a, b) in enumerate(merges):
        vocab[256 + k] = vocab[a] + vocab[b]
    return b"".join(vocab[i] for i in ids).decode("utf-8", errors="replace")
# --- tests ---
import numpy as np

ORDER = "apply merges in the order they were learned (lowest rank first), not by how often a pair occurs in the new text"
ENGLISH = ("the cat sat on the mat; the dog sat on the log. then the cat and the dog "
           "sat together on the mat by the door, and the other cats watched them.")


def ref_merge(ids, pair, new_id):
    out, i = [], 0
    while i < len(ids):
        if ids[i:i + 2] == list(pair):
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def ref_train(text, num_merges):
    """Slow reference: list every adjacent pair, count each with list.count, first occurrence wins ties."""
    ids, merges = list(text.encode("utf-8")), []
    for k in range(num_merges):
        pairs = [(ids[i], ids[i + 1]) for i in range(len(ids) - 1)]
        if not pairs:
            break
        best, best_count = None, 0
        for p in pairs:
            c = pairs.count(p)
            if c > best_count:
                best, best_count = p, c
        ids = ref_merge(ids, best, 256 + k)
        merges.append(best)
    return merges


def ref_encode(text, merges):
    """Apply merge 0 everywhere, then merge 1, ...: equivalent to lowest-rank-first."""
    ids = list(text.encode("utf-8"))
    for k, pair in enumerate(merges):
        ids = ref_merge(ids, pair, 256 + k)
    return ids


def as_pairs(merges):
    return [tuple(int(v) for v in m) for m in merges]


def as_ids(ids):
    return [int(v) for v in ids]


def seeded_text(seed, n, alphabet="ab cd"):
    rng = np.random.default_rng(seed)
    return "".join(rng.choice(list(alphabet), size=n))


def test_learns_the_hand_worked_merges(ns):
    merges = as_pairs(ns["train_bpe"]("aaabdaaabac", 3))
    expected = [(97, 97), (256, 97), (257, 98)]
    assert merges == expected, (
        f"train_bpe('aaabdaaabac', 3) gave {merges}, expected {expected}: 'aa' occurs 4 times (overlapping pairs count); "
        "then (256, 'a') and ('a', 'b') tie at 2 and ties go to the pair that occurs first in the current sequence")
    ids = as_ids(ns["encode"]("aaabdaaabac", expected))
    assert ids == [258, 100, 258, 97, 99], f"encoding the training text gave {ids}, expected [258, 100, 258, 97, 99]"


def test_applies_merges_in_learned_order(ns):
    merges = [(98, 99), (97, 98)]                   # 'bc' learned first, then 'ab'
    got = as_ids(ns["encode"]("abc", merges))
    assert got == [97, 256], f"encode('abc') with merges [bc, ab] gave {got}, expected [97, 256]: {ORDER}"
    got = as_ids(ns["encode"]("ababc", merges))
    assert got == [257, 97, 256], (f"encode('ababc') with merges [bc, ab] gave {got}, expected [257, 97, 256] "
                                   f"('ab' is more frequent here but ranks after 'bc'): {ORDER}")


def test_training_matches_a_slow_reference_on_seeded_text(ns):
    for seed in range(3):
        text = seeded_text(seed, 240)
        got = as_pairs(ns["train_bpe"](text, 12))
        expected = ref_train(text, 12)
        assert got == expected, (f"seed {seed}: merges {got[:6]}... differ from the reference {expected[:6]}...; "
                                 "count every adjacent pair, pick the most frequent (first occurrence wins ties), "
                                 "merge non-overlapping occurrences left to right")


def test_encoding_matches_a_slow_reference_on_new_text(ns):
    merges = ref_train(seeded_text(10, 300), 15)
    for seed in range(11, 16):
        text = seeded_text(seed, 60)
        got, expected = as_ids(ns["encode"](text, merges)), ref_encode(text, merges)
        assert got == expected, f"seed {seed}: encode({text!r}) gave {got}, expected {expected}: {ORDER}"


def test_round_trips_any_string(ns):
    merges = ref_train(ENGLISH, 30)
    texts = ["", "a", "the cat", "naïve café 🙂 — über", "zzz qqq", ENGLISH, seeded_text(3, 80, "the caox.")]
    for text in texts:
        ids = ns["encode"](text, merges)
        back = ns["decode"](ids, merges)
        assert back == text, f"decode(encode({text!r})) gave {back!r}: tokens are byte strings, decode joins them and decodes UTF-8"
    assert as_ids(ns["encode"]("", merges)) == [], "the empty string encodes to []"


def test_merges_overlapping_runs_left_to_right(ns):
    assert as_pairs(ns["train_bpe"]("aaaa", 1)) == [(97, 97)], "'aaaa' has 3 overlapping (a, a) pairs"
    got = as_ids(ns["encode"]("aaaaa", [(97, 97)]))
    assert got == [256, 256, 97], f"encode('aaaaa') with merge aa gave {got}, expected [256, 256, 97] (non-overlapping, left to right)"
    assert ns["decode"]([256, 256, 97], [(97, 97)]) == "aaaaa"


def test_stops_when_no_pair_is_left(ns):
    assert as_pairs(ns["train_bpe"]("ab", 5)) == [(97, 98)], "after merging 'ab' one token remains: stop early"
    assert as_pairs(ns["train_bpe"]("", 3)) == [] and as_pairs(ns["train_bpe"]("x", 3)) == [], \
        "fewer than two bytes: no merges"
    merges = as_pairs(ns["train_bpe"]("é", 4))             # two UTF-8 bytes
    assert merges == [(195, 169)], f"'é' is bytes (195, 169): one merge, got {merges}"
