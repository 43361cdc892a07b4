"""Which key points a typed answer seems to cover: a suggestion for self-grading.

A key point counts as covered when most of its content words appear in the answer,
allowing typos and inflections (rapidfuzz ratio on single words). Short function
words carry no meaning here and are ignored.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

STOP_WORDS = frozenset(["a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "without", "into", "onto", "over", "under", "and", "or", "but", "not", "no", "nor", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "as", "so", "than", "then", "there", "their", "they", "them", "we", "you", "your", "our", "can", "could", "may", "might", "must", "should", "would", "will", "shall", "do", "does", "did", "done", "has", "have", "had", "which", "who", "whom", "whose", "what", "when", "where", "why", "how", "all", "any", "each", "every", "some", "such", "more", "most", "less", "same", "other", "also", "only", "just", "very", "per", "via", "about", "above", "below", "between", "both", "either", "neither", "one"])
WORD_RE = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
MATCH = 82          # rapidfuzz ratio for two words to count as the same
COVERED = 0.6       # share of a key point's content words the answer must contain


def content_words(text: str) -> list[str]:
    words = WORD_RE.findall(text.lower().replace("-", " "))
    return [w for w in words if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]


def coverage(answer: str, key_point: str) -> float:
    """Share (0–1) of the key point's content words found in the answer."""
    wanted = content_words(key_point)
    have = set(content_words(answer))
    if not wanted or not have:
        return 0.0
    found = sum(1 for w in wanted
                if w in have or process.extractOne(w, have, scorer=fuzz.ratio,
                                                   score_cutoff=MATCH))
    return found / len(wanted)


def suggest(answer: str, key_points: list[str] | tuple[str, ...]) -> list[bool]:
    return [coverage(answer, point) >= COVERED for point in key_points]
