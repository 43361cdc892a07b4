"""Entry points that check: the --self-test run and ``python -m studyapp.checks BANK``
(the bank lint of a folder)."""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from pathlib import Path

from studyapp import paths
from studyapp.banks import load
from studyapp.core.bank import Problem
from studyapp.core.bank_lint import code_problems, markdown_problems, question_texts
from studyapp.core.render import LIGHT, MathCache, formula_error, render_markdown
from studyapp.core.wording import plural


def check_bank(root: Path, run_code: bool = True) -> list[Problem]:
    bank = load(bank=root)
    problems = bank.problems + markdown_problems(bank)
    if run_code:
        problems += code_problems(bank)
    return problems


def self_test(extra_banks: list[Path], data_dir: Path | None = None) -> int:
    """Headless check of an installation: temp DB, bank, every answer and formula; with
    ``data_dir``, also a read-only look at that folder's progress file and own bank."""
    from studyapp.store.db import DB_NAME, inspect, open_db

    start = time.perf_counter()
    failures: list[str] = []
    fonts_log = logging.getLogger("matplotlib.font_manager")
    missing_fonts = _FontWarnings(failures)
    fonts_log.addHandler(missing_fonts)
    data_note = ""
    if data_dir is not None:
        problem, data_note = inspect(Path(data_dir) / DB_NAME)
        if problem:
            failures.append(f"data folder: {problem}")
        own = Path(data_dir) / "bank"
        extra_banks = [*extra_banks, *([own] if own.is_dir() else [])]
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "self-test.sqlite3")
        db.close()
        bank = load(extra_banks)
        failures += [str(p) for p in bank.problems]
        cache = MathCache(None)
        formulas = 0
        for q in bank.questions.values():
            for _, text in question_texts(q):
                render_markdown(text, LIGHT, cache)
        for key in list(cache.formulas):
            formulas += 1
            error = formula_error(cache.formulas[key].latex)
            if error:
                failures.append(f"formula {cache.formulas[key].latex!r}: {error}")
        explorers = _build_explorers(failures)
        from studyapp.ui.self_check import window_session

        window_session(Path(tmp) / "window", failures)
    fonts_log.removeHandler(missing_fonts)
    elapsed = time.perf_counter() - start
    if failures:
        print(f"self-test FAILED: {plural(len(failures), 'problem')}")
        for failure in failures:
            print("  " + failure)
        return 1
    print(f"self-test ok: {len(bank.questions)} questions, {len(bank.topics)} topics, "
          f"{formulas} formulas, {explorers} explorers in {elapsed:.1f} s")
    if data_note:
        print(f"data folder {data_dir}: {data_note}")
    return 0


class _FontWarnings(logging.Handler):
    """A font matplotlib cannot find (e.g. one left out of a package) fails the test."""

    def __init__(self, failures: list[str]):
        super().__init__(logging.WARNING)
        self.failures = failures

    def emit(self, record: logging.LogRecord) -> None:
        self.failures.append(f"fonts: {record.getMessage()}")


def _build_explorers(failures: list[str]) -> int:
    from matplotlib.figure import Figure

    from studyapp.viz import registry

    for eid in registry.ids():
        explorer = registry.get(eid)()
        try:
            fig = Figure()
            params = explorer.defaults()
            explorer.build(fig, params)
            explorer.update(params)
            explorer.readouts(params)
        except Exception as exc:  # noqa: BLE001 - reported as a self-test failure
            failures.append(f"explorer {eid}: {type(exc).__name__}: {exc}")
    return len(registry.ids())


def main(argv: list[str] | None = None) -> int:
    """``python -m studyapp.checks [--no-code] BANK_DIR``: lint a bank folder."""
    args = list(sys.argv[1:] if argv is None else argv)
    run_code = "--no-code" not in args
    args = [a for a in args if not a.startswith("--")]
    root = Path(args[0]) if args else paths.bank_dir()
    problems = check_bank(root, run_code)
    for problem in problems:
        print(problem)
    print(plural(len(problems), "problem"))
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
