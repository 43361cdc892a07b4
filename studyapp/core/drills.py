"""Coding drills: a starter, a reference solution and hidden tests, run out of process.

A coding question ``NNN-slug.md`` may have a sibling ``NNN-slug.py`` holding three
sections, each opened by a marker line::

    # --- starter ---
    def softmax(z): ...
    # --- solution ---
    def softmax(z): ...
    # --- tests ---
    def test_sums_to_one(ns): assert ...

Each test receives the namespace produced by running the candidate's code. Code is
never run in the app's process: :func:`run` starts a fresh, contained interpreter and
reads one JSON result from it.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

SECTIONS = ("starter", "solution", "tests")
MARKER_RE = re.compile(r"^# --- (starter|solution|tests) ---\s*$", re.MULTILINE)
TIME_LIMIT_S = 5.0
MEMORY_LIMIT_MB = 1024
TAIL_BYTES = 256 * 1024     # of the runner's output, read from the end: the result is last


@dataclass(frozen=True)
class Drill:
    question_id: str
    starter: str
    solution: str
    tests: str


@dataclass(frozen=True)
class TestOutcome:
    name: str
    passed: bool
    message: str


@dataclass(frozen=True)
class RunResult:
    outcomes: tuple[TestOutcome, ...]
    error: str = ""             # the code did not run at all (syntax error, crash, limit)
    output: str = ""            # what the candidate's code printed (truncated)

    @property
    def passed(self) -> bool:
        return not self.error and bool(self.outcomes) and all(o.passed for o in self.outcomes)


def parse_drill(question_id: str, text: str) -> Drill:
    """Split a drill file into its sections; ValueError names what is missing."""
    parts = MARKER_RE.split(text)
    found = dict(zip(parts[1::2], (p.strip("\n") + "\n" for p in parts[2::2]), strict=True))
    missing = [s for s in SECTIONS if s not in found]
    if missing:
        raise ValueError(f"drill file lacks the section(s): {', '.join(missing)}")
    return Drill(question_id, found["starter"], found["solution"], found["tests"])


def drill_path(question_path: Path) -> Path:
    return question_path.with_suffix(".py")


def runner_command() -> list[str]:
    """How to start the runner: the frozen app runs it through a hidden flag."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--run-drill"]
    return [sys.executable, "-m", "studyapp.core.drill_runner"]


def _environment(work: str) -> dict[str, str]:
    """A minimal environment: no paths to the user's data, one thread for NumPy."""
    keep = ("PATH", "SYSTEMROOT", "LANG", "LC_ALL", "TMPDIR", "TEMP", "TMP")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update(HOME=work, USERPROFILE=work, PYTHONIOENCODING="utf-8", PYTHONNOUSERSITE="1",
               OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    if not getattr(sys, "frozen", False):        # the runner is imported from this copy
        env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return env


def _stop_group(proc: subprocess.Popen) -> None:
    """Kill the runner and every process its code started (they share its group)."""
    if os.name == "posix":
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        proc.kill()
    proc.wait()


def _tail(stream: IO[bytes], size: int = TAIL_BYTES) -> str:
    stream.seek(0, os.SEEK_END)
    stream.seek(max(0, stream.tell() - size))
    return stream.read().decode("utf-8", "replace")


def run(code: str, drill: Drill, time_limit: float = TIME_LIMIT_S,
        memory_mb: int = MEMORY_LIMIT_MB) -> RunResult:
    """Run the candidate's code and the hidden tests in a fresh process, in its own
    process group, in an empty temporary folder with a minimal environment, under time,
    CPU, memory, file-size and process limits. Its output goes to temporary files of which
    only the end is read; the result is the last line carrying this run's token.

    This keeps a pasted snippet away from the user's data by accident (a relative path
    lands in the empty folder; no variable names the data folder) and cleans up after it.
    It is not a security sandbox: the code runs as the user and may read any file the
    user can."""
    token = secrets.token_hex(16)
    payload = json.dumps({"code": code, "tests": drill.tests, "memory_mb": memory_mb,
                          "cpu_seconds": math.ceil(time_limit) + 1, "token": token})
    with tempfile.TemporaryDirectory(prefix="deepprep-drill-") as work, \
            tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(runner_command(), stdin=subprocess.PIPE, stdout=out,
                                stderr=err, cwd=work, env=_environment(work),
                                start_new_session=os.name == "posix")
        try:
            proc.communicate(payload.encode(), timeout=time_limit)
            timed_out = False
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            _stop_group(proc)
        stdout, stderr = _tail(out), _tail(err)
    if timed_out:
        return RunResult((), f"Stopped after {time_limit:g} s: the code took too long "
                             "(an endless loop?).")
    lines = [line[len(token):] for line in stdout.splitlines() if line.startswith(token)]
    if not lines:
        tail = (stderr.strip().splitlines() or ["no output"])[-1]
        if proc.returncode < 0 or "MemoryError" in stderr:
            return RunResult((), f"The run was stopped (memory limit {memory_mb} MB or a crash): "
                                 f"{tail}")
        return RunResult((), f"The code exited before the tests ran: {tail}")
    data = json.loads(lines[-1])
    outcomes = tuple(TestOutcome(**o) for o in data["outcomes"])
    return RunResult(outcomes, data.get("error", ""), data.get("output", ""))


# Drill categories for the drills page, in display order: the first category whose tag a
# drill carries; a drill with none of these tags is a deep-learning building block.
CATEGORY_TAGS = (
    ("llm", "LLM-era"),
    ("reinforcement-learning", "Reinforcement learning"),
    ("generative-models", "Generative models"),
    ("metrics", "Metrics"),
    ("optimizers", "Optimisation"),
    ("classical-ml", "Classical ML"),
    ("linear-algebra", "Linear algebra"),
)
LAYERS = "Deep-learning layers"
CATEGORIES = ("Linear algebra", "Classical ML", LAYERS, "Optimisation", "Metrics",
              "Generative models", "Reinforcement learning", "LLM-era")


def category(tags: tuple[str, ...] | list[str]) -> str:
    return next((name for tag, name in CATEGORY_TAGS if tag in tags), LAYERS)


def readable_test_name(name: str) -> str:
    """A hidden test's function name as the sentence it reads as."""
    return name.removeprefix("test_").replace("_", " ")
