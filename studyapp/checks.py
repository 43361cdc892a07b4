"""Whole-bank checks: lint, formulas, tested code blocks, and the --self-test run."""

from __future__ import annotations

import logging
import re
import sys
import tempfile
import time
from pathlib import Path

from studyapp import __version__, paths
from studyapp.core.bank import (
    LOADER_VERSION,
    Bank,
    Problem,
    Question,
    load_bank,
    read_source_ids,
)
from studyapp.core.bank_cache import BankCache
from studyapp.core.render import (
    LIGHT,
    MathCache,
    extract_formulas,
    formula_error,
    glued_blocks,
    render_markdown,
    stray_dollars,
)

CODE_RE = re.compile(r"^```python[^\n]*\n# test\n(.*?)^```", re.DOTALL | re.MULTILINE)


def known_explorers() -> dict[str, set[str]]:
    from studyapp.viz import registry

    return {eid: set(registry.param_names(eid)) for eid in registry.ids()}


def explorers_stamp() -> str:
    """Names one state of the explorers' code (importing them costs NumPy and every
    explorer module): size and time of each module file, or the packaged app's
    executable, whose archive holds them."""
    files = sorted((paths.PACKAGE_DIR / "viz").rglob("*.py"))
    if not files:
        files = [Path(sys.executable)]
    stamps = []
    for file in files:
        st = file.stat()
        stamps.append(f"{file.name}:{st.st_size}:{st.st_mtime_ns}")
    return f"{__version__};" + ";".join(stamps)


def load(extra: list[Path] | None = None, bank: Path | None = None,
         cache: Path | None = None) -> Bank:
    """The shipped bank (or ``bank``) merged with extra user banks, fully checked.
    With a ``cache`` file, only files changed since the last load are parsed, and the
    explorers' parameters are read from it while the app's code is unchanged."""
    roots = [bank or paths.bank_dir(), *(extra or [])]
    sources = read_source_ids(paths.seed_items(), paths.syllabus_items())
    if cache is None:
        return load_bank(roots, known_explorers(), sources)
    stored = BankCache(cache, LOADER_VERSION)
    explorers = stored.remembered("explorers", explorers_stamp(), lambda: {
        eid: sorted(names) for eid, names in known_explorers().items()})
    return load_bank(roots, {eid: set(names) for eid, names in explorers.items()}, sources,
                     stored)


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
        print(f"self-test FAILED: {len(failures)} problem(s)")
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
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
