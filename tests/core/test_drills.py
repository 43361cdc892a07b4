import json
import os
import time

import pytest

from studyapp.banks import load
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


def test_processes_the_code_starts_are_killed_with_it(drill, tmp_path):
    marker = f"deepprep-test-{tmp_path.name}"
    code = (
        "import subprocess, sys\n"
        f"kids = [subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)', "
        f"'{marker}']) for _ in range(5)]\n"
        f"spin = subprocess.Popen([sys.executable, '-c', 'while True: pass', '{marker}'])\n"
    )
    result = run(code, drill)
    assert result.outcomes                     # the tests ran; the code returned

    def alive():
        return [p for p in os.listdir("/proc") if p.isdigit() and _cmdline_has(p, marker)]

    deadline = time.monotonic() + 10           # SIGKILL is delivered asynchronously
    while alive() and time.monotonic() < deadline:
        os.sched_yield()
    assert alive() == []


def _cmdline_has(pid: str, marker: str) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return marker.encode() in f.read()
    except OSError:
        return False


def test_output_written_past_the_capture_cannot_fake_a_pass(drill):
    fake = json.dumps({"outcomes": [{"name": "test_rows_sum_to_one", "passed": True,
                                     "message": ""}], "error": ""})
    code = ("import os, sys\n"
            f"os.write(1, b'\\n' + {fake!r}.encode() + b'\\n')\n"
            f"sys.__stdout__.write({fake!r} + '\\n'); sys.__stdout__.flush()\n"
            "os._exit(0)\n")
    result = run(code, drill)
    assert not result.passed and "exited before the tests ran" in result.error


def test_printed_output_is_capped_and_kept_apart(drill):
    code = drill.solution + "\nprint('x' * 10_000_000)\n"
    result = run(code, drill)
    assert result.passed
    assert len(result.output) < 5000 and "more characters not shown" in result.output


def test_code_runs_in_an_empty_folder_without_the_users_environment(drill, monkeypatch,
                                                                    tmp_path):
    monkeypatch.setenv("DEEPPREP_PRIVATE", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deepprep.sqlite3").write_text("progress")
    code = drill.solution + (
        "\nimport os\n"
        "assert 'DEEPPREP_PRIVATE' not in os.environ, 'environment leaked'\n"
        "assert os.listdir('.') == [], os.listdir('.')\n"
        "open('deepprep.sqlite3', 'w').write('overwritten')\n")
    result = run(code, drill)
    assert result.passed, result.error
    assert (tmp_path / "deepprep.sqlite3").read_text() == "progress"
