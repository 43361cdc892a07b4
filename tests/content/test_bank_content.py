"""The shipped bank: lints clean, formulas render, tested code runs, seeds and syllabus are
covered."""

from pathlib import Path

import pytest

from studyapp import paths
from studyapp.banks import load
from studyapp.core.bank_lint import code_blocks, code_problems, markdown_problems

GROUPS = paths.seed_items().parent / "groups"
# Seed groups the bank must answer in full.
GROUP_NAMES = ["math", "optimization", "layers", "vision", "sequence", "generative"]
# Syllabus groups (column 2 of the syllabus list) the bank answers in full.
SYLLABUS_GROUPS = [
    "drills-core", "drills-llm",
    "llm-architecture", "llm-inference", "llm-training", "peft", "alignment", "evaluation",
    "applications", "metrics", "classical-ml", "reinforcement-learning", "graphs",
    "self-supervised", "interpretability", "recommendation", "generative", "robustness",
    "practice", "ml-system-design", "behavioral",
]


@pytest.fixture(scope="module")
def bank():
    return load()


def test_bank_lints_clean(bank):
    assert [str(p) for p in bank.problems] == []


def test_every_formula_renders_and_every_block_stands_apart(bank):
    assert [str(p) for p in markdown_problems(bank)] == []


def test_every_tested_code_block_runs(bank):
    assert sum(len(code_blocks(q)) for q in bank.questions.values()) > 0
    assert [str(p) for p in code_problems(bank)] == []


@pytest.mark.parametrize("group", GROUP_NAMES)
def test_seed_group_is_covered(bank, group):
    path = GROUPS / f"{group}.txt"
    if not path.exists():
        pytest.skip(f"seed list {path} is not beside this checkout")
    wanted = {line.split("\t", 1)[0] for line in path.read_text().splitlines() if line.strip()}
    covered = {s for q in bank.questions.values() for s in q.sources}
    assert sorted(wanted - covered) == []


@pytest.mark.parametrize("group", SYLLABUS_GROUPS)
def test_syllabus_group_is_covered(bank, group):
    path = paths.syllabus_items()
    if not path.exists():
        pytest.skip(f"syllabus list {path} is not beside this checkout")
    rows = [line.split("\t") for line in path.read_text().splitlines()[1:] if line.strip()]
    wanted = {row[0] for row in rows if row[1] == group}
    assert wanted, f"no syllabus item is in group {group!r}"
    covered = {s for q in bank.questions.values() for s in q.sources}
    assert sorted(wanted - covered) == []


def test_each_question_is_complete(bank):
    for q in bank.questions.values():
        assert 3 <= len(q.key_points) <= 6, q.id
        assert 1 <= len(q.follow_ups) <= 3, q.id
        assert q.details, q.id
        assert Path(q.path).name[:3].isdigit()
