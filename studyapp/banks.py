"""The question banks a run uses — the shipped one, the user's own and --bank folders —
loaded with the parse cache and checked against the explorers. The app, the command
line and the self-test all load them through here."""

from __future__ import annotations

import sys
from pathlib import Path

from studyapp import __version__, paths
from studyapp.core.bank import LOADER_VERSION, Bank, load_bank, read_source_ids
from studyapp.core.bank_cache import BankCache


def user_banks(data_dir: Path, extra: list[Path]) -> list[Path]:
    """Banks merged after the shipped one: --bank folders and the user's own."""
    own = data_dir / "bank"
    return [*extra, *([own] if own.is_dir() else [])]


def bank_cache(data_dir: Path) -> Path:
    """The file keeping the parsed bank between starts."""
    return paths.cache_dir(data_dir) / "bank.json"


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


