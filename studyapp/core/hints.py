"""Progressive interview hints that point the way without reciting the answer.

Each key point gives two hints, in order: its direction (the words it opens with, never
more than half of it) and then a cue word (its longest telling word not yet shown and not
in the question's title). The key point itself is only ever shown in the review.
"""

from __future__ import annotations

import re

from studyapp.core.grading import STOP_WORDS, content_words

LEVELS = 2                 # hints per key point: direction, then a cue word
OPENING_WORDS = 2          # at most this many words of a point open its direction hint
WORD_RE = re.compile(r"[^\s,;()]*[^\s,;:.()]")
CLAUSE_END = re.compile(r"[,;:]\s|\s[—–-]\s")


def opening(point: str) -> str:
    """The point's first words after any leading function words: at most two, at most
    half its words, and not past the end of its first clause."""
    words = WORD_RE.findall(CLAUSE_END.split(point)[0])
    while len(words) > 1 and words[0].lower() in STOP_WORDS:
        words = words[1:]
    total = len(WORD_RE.findall(point))
    take = max(1, min(OPENING_WORDS, total // 2))
    kept: list[str] = []
    for word in words[:take]:
        if kept and word.lower() in STOP_WORDS:
            break
        kept.append(word)
    return " ".join(kept)


def cue_word(point: str, title: str = "") -> str | None:
    """The point's longest content word that its opening and the question's title do not
    already give away (None when nothing is left)."""
    shown = set(content_words(opening(point))) | set(content_words(title))
    candidates = [w for w in content_words(point) if w not in shown and len(w) > 2
                  and not w.isdigit()]
    return max(candidates, key=len) if candidates else None


def _clue(point: str, level: int, title: str) -> str:
    if level == 0:
        return f"starts from “{opening(point)} …”"
    cue = cue_word(point, title)
    return f"a cue word: “{cue}”" if cue else "its opening says most of it"


def hint_text(points: tuple[str, ...] | list[str], n: int, title: str = "") -> str:
    """The ``n``-th hint (0-based) for these key points, e.g. "Point 1 of 3 starts from
    “ReLU outputs …”", then "Point 1 of 3, a cue word: “max”"."""
    index, level = divmod(n, LEVELS)
    label = f"Point {index + 1} of {len(points)}"
    return f"{label}{' ' if level == 0 else ', '}{_clue(points[index], level, title)}"


def hint_lines(points: tuple[str, ...] | list[str], count: int, title: str = "") -> list[str]:
    """The first ``count`` hints, one line per key point ("Point 1 of 3 starts from
    “ReLU outputs …”; a cue word: “max”")."""
    lines = []
    for index in range(0, min(count, hint_count(points)), LEVELS):
        point = index // LEVELS
        clues = [_clue(points[point], level, title)
                 for level in range(min(LEVELS, count - index))]
        lines.append(f"Point {point + 1} of {len(points)} " + "; ".join(clues))
    return lines


def hint_count(points: tuple[str, ...] | list[str]) -> int:
    return LEVELS * len(points)
