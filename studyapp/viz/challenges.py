"""Predict, then reveal: questions about an explorer's figure, answered before it is shown.

Each explorer declares its templates (``challenges`` on the class): functions that draw a
Challenge from a random generator, so numeric ones (sizes, counts, rates) can be
practised without end. Answers are computed with the explorers' own functions, which the
tests check against independent references. This module imports no explorer, so every
explorer can import it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Challenge:
    key: str                      # the template, e.g. "conv-output-size"
    explorer: str
    prompt: str
    answer: str                   # canonical answer: a number or one of the options
    explanation: str
    params: dict = field(default_factory=dict)     # explorer state shown on reveal
    options: tuple[str, ...] = ()                  # multiple choice when not empty
    tolerance: float = 0.0        # relative tolerance for numeric answers

    def check(self, text: str) -> bool:
        """True when ``text`` answers the challenge; ValueError if it is not a number
        where a number is expected."""
        text = text.strip()
        if self.options:
            return text == self.answer
        given = float(text.replace(",", "").replace("−", "-"))
        expected = float(self.answer)
        return math.isclose(given, expected, rel_tol=self.tolerance, abs_tol=1e-9)


def short_number(value: float, digits: int = 3) -> str:
    """A whole number as it is, anything else to ``digits`` significant digits."""
    return f"{value:.{digits}g}" if not float(value).is_integer() else str(int(value))
