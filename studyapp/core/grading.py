"""Which key points a typed answer seems to cover: a suggestion for self-grading, never a
verdict (the person grading ticks or unticks each point).

A key point counts as covered when most of its content words appear in the answer. Words
are compared after light stemming (``normalises`` ~ ``normalizing``), as members of a
small group of everyday synonyms (``rises`` ~ ``goes up``), by rapidfuzz's ratio (typos)
and partial ratio (``batch`` inside ``minibatch``), and by a shared stem-sized prefix
(``explosion`` ~ ``exploding``), or the answer's word clipped (``init``, ``norm``). An abbreviation stands for the words it abbreviates in
either text (``SGD`` ~ ``stochastic gradient descent``, ``LR`` ~ ``learning rate``). A
point's parenthetical aside is optional: the point is also judged without it. A point that
lists things ("regularisation: weight decay, dropout, early stopping, …") is covered when
most of its items are.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

STOP_WORDS = frozenset(["a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "without", "into", "onto", "over", "under", "and", "or", "but", "not", "no", "nor", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "as", "so", "than", "then", "there", "their", "they", "them", "we", "you", "your", "our", "can", "could", "may", "might", "must", "should", "would", "will", "shall", "do", "does", "did", "done", "has", "have", "had", "which", "who", "whom", "whose", "what", "when", "where", "why", "how", "all", "any", "each", "every", "some", "such", "more", "most", "less", "same", "other", "also", "only", "just", "very", "per", "via", "about", "above", "below", "between", "both", "either", "neither", "one", "it's", "that's", "there's", "doesn't", "don't", "isn't", "aren't", "can't", "won't"])
WORD_RE = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
MATCH = 82          # rapidfuzz ratio for two words to count as the same
PARTIAL = 90        # partial ratio for a word found inside a longer one (mini-batch ~ minibatch)
PREFIX = 5          # a common prefix this long (and most of the shorter word) is one stem
COVERED = 0.6       # share of a key point's content words the answer must contain
ITEM_COVERED = 0.5  # … of a list item's (two or three words: "He initialisation")

# Everyday words an answer uses for a key point's word; the first of each group stands
# for the group. Stems, as ``stem`` leaves them.
SYNONYMS = (
    ("increase", "rise", "grow", "climb", "goup"),
    ("decrease", "fall", "drop", "decline", "shrink", "reduce", "lower", "godown"),
    ("fix", "cure", "solve", "remedy", "address", "handle", "help"),
    ("large", "big", "huge", "high"),
    ("small", "tiny", "low"),
    ("example", "sample", "instance"),
    ("unit", "neuron"),
    ("whole", "entire", "full"),
    ("mean", "average"),
    ("dying", "dead", "die"),
    ("zero", "0"),
)
CANONICAL = {word: group[0] for group in SYNONYMS for word in group}
PHRASAL_RE = re.compile(r"\bg(?:o|oes|oing|one|oe)\s+(up|down)\b")
SUFFIXES = (("isation", "ise"), ("ization", "ise"), ("izing", "ise"), ("ising", "ise"),
            ("ized", "ise"), ("ised", "ise"), ("izes", "ise"), ("ises", "ise"),
            ("ize", "ise"), ("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""),
            ("ly", ""), ("s", ""))
PARENTHESES_RE = re.compile(r"\([^()]*\)")
LIST_SPLIT_RE = re.compile(r",\s*(?:and\s+|or\s+)?")
CAPITALS_RE = re.compile(r"\b([A-Z][A-Z0-9]+)s?\b")


def stem(word: str) -> str:
    """A light stem: plural, tense and -ise/-ize endings off, at least three letters kept."""
    if word.isdigit() or word.endswith("ss"):
        return word
    for suffix, replacement in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[:-len(suffix)] + replacement
    return word


def _words(text: str) -> list[str]:
    text = PHRASAL_RE.sub(lambda m: f" go{m[1]} ", text.lower().replace("-", " "))
    return WORD_RE.findall(text)


def content_words(text: str) -> list[str]:
    """The text's words that carry meaning, lower case, unstemmed."""
    return [w for w in _words(text) if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]


def _terms(text: str) -> list[str]:
    return [CANONICAL.get(s, s) for s in map(stem, content_words(text))]


def _acronyms(words: list[str]) -> dict[str, list[str]]:
    """Initials of each run of two to five consecutive words, with the words they stand for."""
    runs: dict[str, list[str]] = {}
    for size in range(2, 6):
        for i in range(len(words) - size + 1):
            run = words[i:i + size]
            runs.setdefault("".join(w[0] for w in run), run)
    return runs


def _same(word: str, other: str) -> bool:
    if word == other:
        return True
    if len(word) >= 4 and len(other) >= 4 and fuzz.ratio(word, other) >= MATCH:
        return True
    if len(word) >= PREFIX and len(other) > len(word) and \
            fuzz.partial_ratio(word, other) >= PARTIAL:
        return True
    common = len(_common_prefix(word, other))
    if len(other) >= 4 and common == len(other):        # a clipped word: init, norm
        return True
    return common >= PREFIX and common >= 0.75 * min(len(word), len(other))


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def abbreviations(text: str) -> set[str]:
    """Words that may abbreviate others: written in capitals (SGD, LR, KLs), or three to
    five letters long (sgd, mse) — a short ordinary word is rarely the initials of the
    words beside it in the other text."""
    capitals = {m.lower() for m in CAPITALS_RE.findall(text)}
    return capitals | {w for w in content_words(text) if 3 <= len(w) <= 5 and w.isalpha()}


def _coverage(answer: str, answer_words: list[str], have: set[str], point: str) -> float:
    raw = content_words(point)
    wanted = _terms(point)
    if not wanted or not have:
        return 0.0
    # the answer's abbreviations stand for the point's words (SGD ~ stochastic gradient …)
    short = abbreviations(answer)
    expanded = {stem(w) for abbr, run in _acronyms(raw).items() if abbr in short for w in run}
    # the point's abbreviations are found when the answer spells them out
    spelled_out = set(_acronyms(answer_words)) & abbreviations(point)
    found = 0
    for word, term in zip(raw, wanted, strict=True):
        if (term in have or stem(word) in expanded or word in spelled_out
                or process.extractOne(term, have, scorer=lambda a, b, **_: 100 * _same(a, b),
                                      score_cutoff=100)):
            found += 1
    return found / len(wanted)


def list_items(key_point: str) -> list[str]:
    """The items of a key point that is a list ("fixes: ReLU, He initialisation, residual
    connections"): what follows its colon, split at commas; fewer than three items is no
    list."""
    bare = PARENTHESES_RE.sub(" ", key_point)
    items = [item for item in LIST_SPLIT_RE.split(bare.split(": ", 1)[-1]) if item.strip()]
    return items if len(items) >= 3 else []


def coverage(answer: str, key_point: str) -> float:
    """How much (0–1) of the key point the answer covers: the share of its content words
    found (the better of the point with and without its parenthetical asides), or for a
    list, the share of its items covered, if higher."""
    answer_words = content_words(answer)
    have = set(_terms(answer))
    shares = [_coverage(answer, answer_words, have, key_point)]
    bare = PARENTHESES_RE.sub(" ", key_point)
    if bare != key_point and content_words(bare):
        shares.append(_coverage(answer, answer_words, have, bare))
    items = list_items(key_point)
    if items:
        shares.append(sum(_coverage(answer, answer_words, have, item) >= ITEM_COVERED
                          for item in items) / len(items))
    return max(shares)


def suggest(answer: str, key_points: list[str] | tuple[str, ...]) -> list[bool]:
    """For each key point, whether the answer seems to cover it (a suggested tick)."""
    return [coverage(answer, point) >= COVERED for point in key_points]
