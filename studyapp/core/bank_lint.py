"""The bank lint: formulas that do not render, math shown as text, lists glued to a
paragraph line, and the tested code blocks of answers."""

from __future__ import annotations

import re

from studyapp.core.bank import Bank, Problem, Question
from studyapp.core.render import extract_formulas, formula_error, glued_blocks, stray_dollars

CODE_RE = re.compile(r"^```python[^\n]*\n# test\n(.*?)^```", re.DOTALL | re.MULTILINE)


def question_texts(q: Question) -> list[tuple[str, str]]:
    """Every Markdown text of a question with a label saying where it sits."""
    texts = [("short answer", q.short), ("details", q.details)]
    texts += [(f"key point {i + 1}", k) for i, k in enumerate(q.key_points)]
    for card in q.cards:
        texts += [(f"card {card.key} front", card.front), (f"card {card.key} back", card.back)]
    return texts


def markdown_problems(bank: Bank) -> list[Problem]:
    """Formulas that do not render, math shown as text, and lists or tables glued to a
    paragraph line (rendered right, but a reader of the file deserves the blank line)."""
    problems = []
    for q in bank.questions.values():
        for where, text in question_texts(q):
            for line in glued_blocks(text):
                problems.append(Problem(str(q.path), q.body_line,
                                        f"{where}, line {line}: a list or table follows a "
                                        "paragraph line; put a blank line before it"))
            for latex, _ in extract_formulas(text):
                error = formula_error(latex)
                if error:
                    problems.append(Problem(str(q.path), q.body_line, f"{where}: {error}: {latex}"))
            if stray_dollars(text):
                problems.append(Problem(str(q.path), q.body_line,
                                        f"{where}: '$$' is shown as text; check the math"))
    return problems


def code_blocks(q: Question) -> list[str]:
    return CODE_RE.findall(q.details)


def code_problems(bank: Bank) -> list[Problem]:
    problems = []
    for q in bank.questions.values():
        for n, code in enumerate(code_blocks(q), start=1):
            try:
                exec(compile(code, f"{q.path}#block{n}", "exec"),  # noqa: S102 - bank code
                     {"__name__": "bank_block"})
            except Exception as exc:  # noqa: BLE001 - every failure is reported
                problems.append(Problem(str(q.path), q.body_line,
                                        f"tested code block {n} fails: {type(exc).__name__}: {exc}"))
    return problems
