"""Scripting commands: ``deepprep export …`` and ``deepprep import …``.

Each prints a one-line summary and exits 0, or prints the reason and exits 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from studyapp import paths


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="deepprep")
    parser.add_argument("--data-dir", type=Path, help="folder with your progress")
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export", help="write an Anki package or a progress file")
    what = export.add_mutually_exclusive_group(required=True)
    what.add_argument("--apkg", type=Path, help="Anki package to write")
    what.add_argument("--progress", type=Path, help="progress JSON file to write")
    export.add_argument("--topic", help="only this topic folder (e.g. 16-attention-and-"
                                        "transformers)")
    export.add_argument("--tag", help="only questions with this tag")
    imp = sub.add_parser("import", help="add questions (CSV, Markdown, Anki) or merge a "
                                        "progress file")
    source = imp.add_mutually_exclusive_group(required=True)
    source.add_argument("--csv", type=Path, help="CSV/TSV with columns front, back[, tags]")
    source.add_argument("--markdown", type=Path, help="folder of question files in the bank "
                                                      "format")
    source.add_argument("--progress", type=Path, help="progress JSON file to merge")
    source.add_argument("--anki", type=Path, help="Anki package (.apkg or .colpkg): notes as "
                                                  "your questions, with their review history")
    for p in (export, imp):
        p.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                       help="folder with your progress")
    return parser.parse_args(argv)


def run(args: argparse.Namespace, data_dir: Path) -> str:
    from studyapp.banks import load, user_banks
    from studyapp.core import anki, user_questions
    from studyapp.store import transfer
    from studyapp.store.db import DB_NAME, open_db

    if args.command == "export" and args.apkg:
        bank = load(user_banks(data_dir, []), None)
        counts = anki.export_apkg(bank, anki.select(bank, args.topic, args.tag), args.apkg)
        return (f"wrote {args.apkg}: {counts['questions']} questions, {counts['notes']} notes "
                f"in {counts['decks']} decks")
    db = open_db(data_dir / DB_NAME)
    if args.command == "export":
        counts = transfer.export_progress(db, args.progress)
        return f"wrote {args.progress}: {sum(counts.values())} rows"
    if args.progress:
        counts = transfer.import_progress(db, args.progress)
        return f"imported {args.progress}: {sum(counts.values())} rows added or updated"
    bank = load(user_banks(data_dir, []), None)
    if args.anki:
        from studyapp.store import anki_history

        summary = anki_history.import_package(args.anki, db, data_dir / "bank", bank)
        for reason in summary.skipped:
            print(f"  skipped {reason}", file=sys.stderr)
        return f"imported {args.anki}: {summary.counts()}"
    importer = user_questions.import_csv if args.csv else user_questions.import_markdown
    source = args.csv or args.markdown
    written, errors = importer(source, data_dir / "bank", set(bank.questions),
                               {q.title for q in bank.questions.values()})
    for error in errors:
        print(f"  {error}", file=sys.stderr)
    return f"imported {source}: {len(written)} questions added, {len(errors)} skipped"


def main(argv: list[str]) -> int:
    """Run a command while holding the data folder's lock, so it never writes beside a
    running app. Every failure is one line and exit status 1, never a traceback."""
    from studyapp.store.db import StoreError
    from studyapp.ui import instance

    args = parse(argv)
    data_dir = Path(getattr(args, "data_dir", None) or paths.default_data_dir())
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        lock = instance.data_lock(data_dir)
        if not lock.tryLock(100):
            print(f"deepprep {args.command}: DeepPrep is running with {data_dir} (lock "
                  f"{instance.describe(data_dir, lock)}); close it and try again.",
                  file=sys.stderr)
            return 1
        try:
            print(run(args, data_dir))
        finally:
            lock.unlock()
    except (ValueError, OSError, *StoreError) as exc:
        print(f"deepprep {args.command}: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a one-line reason, never a traceback
        print(f"deepprep {args.command}: unexpected error: {type(exc).__name__}: {exc}",
              file=sys.stderr)
        return 1
    return 0
