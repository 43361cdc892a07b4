import pytest

from studyapp.checks import load
from studyapp.core.drills import parse_drill, run
from tests.conftest import FIXTURE_BANK


@pytest.fixture(scope="module")
def drill():
    return load(bank=FIXTURE_BANK).questions["softmax-drill"].drill


def test_reference_solution_passes_and_starter_fails(drill):
    assert run(drill.solution, drill).passed
    result = run(drill.starter, drill)
    assert not result.passed
    assert all("NotImplementedError" in o.message for o in result.outcomes)


def test_wrong_answer_reports_expected_and_got(drill):
    code = "import numpy as np\ndef softmax(z):\n    return np.exp(z) / np.exp(z).sum(-1, keepdims=True)\n"
    result = run(code, drill)
    by_name = {o.name: o for o in result.outcomes}
    assert by_name["test_rows_sum_to_one"].passed
    assert not by_name["test_large_logits_do_not_overflow"].passed
    assert "expected [0.26894142 0.73105858]" in by_name["test_large_logits_do_not_overflow"].message


def test_endless_loop_is_stopped(drill):
    result = run("while True:\n    pass\n", drill, time_limit=1.5)
    assert "took too long" in result.error


def test_huge_allocation_is_stopped(drill):
    result = run("x = bytearray(8 * 1024 ** 3)\n", drill, memory_mb=256)
    assert not result.passed
    assert "MemoryError" in result.error or "memory limit" in result.error


def test_sys_exit_and_syntax_errors_are_explained(drill):
    assert "sys.exit()" in run("import sys\nsys.exit(0)\n", drill).error
    assert "SyntaxError" in run("def softmax(:\n", drill).error


def test_prints_do_not_break_the_result(drill):
    assert run("print('{not json')\n" + drill.solution, drill).passed


def test_missing_section_is_an_error():
    with pytest.raises(ValueError, match="tests"):
        parse_drill("x", "# --- starter ---\npass\n# --- solution ---\npass\n")
