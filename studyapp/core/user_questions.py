"""The user's own questions: Markdown files in the bank format inside their data folder.

They live in ``<data>/bank/my-questions/`` (or another topic folder there), get ids
starting with ``my-`` so they never collide with shipped ones, are validated with the
bank parser before they are written, and are written atomically.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from studyapp.core.bank import MAX_QUESTION_BYTES, BankFileError, parse_question

TOPIC = "my-questions"
TOPIC_TITLE = "My questions"
PREFIX = "my-"
MAX_FIELD = 20_000
TAG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")   # all but tab and newlines
MAX_IMPORT = 50_000         # questions per import; a larger file is refused, not half-done
NUMBER_RE = re.compile(r"^(\d+)-")
# Called with (done, total) while an import works; returning False cancels it.
Progress = Callable[[int, int], bool]


class ImportCancelled(ValueError):
    """The user cancelled an import; nothing was added."""


@dataclass
class Draft:
    title: str
    short: str
    details: str = ""
    difficulty: int = 1
    kind: str = "concept"
    tags: list[str] = field(default_factory=list)
    key_points: list[str] = field(default_factory=list)
    cards: list[tuple[str, str]] = field(default_factory=list)


def slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:48].strip("-") or "question"


def new_id(title: str, taken: set[str]) -> str:
    return _unique(PREFIX + slug(title), taken)


def _unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is free."""
    qid, n = base, 2
    while qid in taken:
        qid, n = f"{base}-{n}", n + 1
    return qid


def _last_number(folder: Path) -> int:
    found = (NUMBER_RE.match(p.name) for p in folder.glob("*.md"))
    return max((int(m.group(1)) for m in found if m), default=0)


def _file_name(number: int, title: str) -> str:
    return f"{number:03d}-{slug(title)[:40]}.md"


def _next_file(folder: Path, title: str) -> Path:
    """A new ``NNN-slug.md`` name numbered after the folder's last question."""
    return folder / _file_name(_last_number(folder) + 10, title)


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"


def file_text(qid: str, draft: Draft) -> str:
    """The question file: TOML front matter, then '# Title', short answer, details."""
    lines = ["+++", f"id = {json.dumps(qid)}", f"difficulty = {draft.difficulty}",
             f"kind = {json.dumps(draft.kind)}", f"tags = {_toml_list(draft.tags)}",
             f"key_points = {_toml_list(draft.key_points)}"]
    for front, back in draft.cards:
        lines += ["", "[[cards]]", f"front = {json.dumps(front, ensure_ascii=False)}",
                  f"back = {json.dumps(back, ensure_ascii=False)}"]
    lines += ["+++", f"# {draft.title.strip()}", "", draft.short.strip()]
    if draft.details.strip():
        lines += ["", "## Details", draft.details.strip()]
    return "\n".join(lines) + "\n"


def _atomic_write(path: Path, text: str) -> None:
    partial = path.with_suffix(".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def ensure_topic(bank_root: Path, topic: str = TOPIC, title: str = TOPIC_TITLE) -> Path:
    folder = bank_root / topic
    folder.mkdir(parents=True, exist_ok=True)
    meta = folder / "_topic.toml"
    if not meta.exists():
        _atomic_write(meta, f"title = {json.dumps(title)}\n"
                            'description = "Questions you added yourself."\n')
    return folder


def add_tags(bank_root: Path, tags: set[str]) -> None:
    """Record new tags in the user bank's tags.toml (the loader rejects unknown tags)."""
    path = bank_root / "tags.toml"
    import tomllib
    known = set(tomllib.loads(path.read_text(encoding="utf-8")).get("tags", [])) \
        if path.exists() else set()
    if tags - known:
        _atomic_write(path, f"tags = {_toml_list(sorted(known | tags))}\n")


def validate(qid: str, draft: Draft) -> str:
    """The file text if the draft is a valid question; ValueError with the reason otherwise."""
    if not draft.title.strip() or not draft.short.strip():
        raise ValueError("A question needs a title and a short answer.")
    if not draft.key_points:
        raise ValueError("Add at least one key point (a checkable fact of the answer).")
    for value in (draft.title, draft.short, draft.details, *draft.key_points):
        if len(value) > MAX_FIELD:
            raise ValueError(f"A field is longer than {MAX_FIELD:,} characters.")
        if CONTROL_RE.search(value):
            raise ValueError("A field contains control characters (such as NUL); remove them.")
    bad = [t for t in draft.tags if not TAG_RE.match(t)]
    if bad:
        raise ValueError(f"Tags are lower-case words joined by '-': {', '.join(bad)}")
    text = file_text(qid, draft)
    try:
        parse_question(text, Path(f"{qid}.md"), TOPIC)
    except BankFileError as exc:
        raise ValueError(str(exc)) from None
    return text


ID_LINE_RE = re.compile(r'^id = "([^"]+)"', re.MULTILINE)


def save(bank_root: Path, draft: Draft, taken: set[str],
         path: Path | None = None) -> tuple[Path, str]:
    """Write a new question (or replace the one at ``path``); returns its file and id.
    A new id is added to ``taken``."""
    folder = ensure_topic(bank_root) if path is None else path.parent
    if path is None:
        qid = new_id(draft.title, taken)
        taken.add(qid)
        path = _next_file(folder, draft.title)
    else:
        found = ID_LINE_RE.search(path.read_text(encoding="utf-8"))
        if found is None:
            raise ValueError(f"{path.name} no longer has its id line; the question was not saved.")
        qid = found.group(1)
    text = validate(qid, draft)
    add_tags(bank_root, set(draft.tags))
    _atomic_write(path, text)
    return path, qid


def delete(path: Path) -> None:
    path.unlink(missing_ok=True)


def read_csv(data: bytes) -> tuple[list[Draft], list[str]]:
    """Drafts from CSV or TSV with a header row naming 'front' and 'back' (and optionally
    'tags'); returns (drafts, one message per rejected row)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("The file is not UTF-8 text; save it as UTF-8 and try again.") from None
    first = text.splitlines()[0] if text.strip() else ""
    dialect = "excel-tab" if first.count("\t") > first.count(",") else "excel"
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    columns = {c.strip().lower(): c for c in reader.fieldnames or []}
    missing = [c for c in ("front", "back") if c not in columns]
    if missing:
        raise ValueError(f"The header row must name the columns front and back (missing: "
                         f"{', '.join(missing)}).")
    drafts, errors, seen = [], [], set()
    for number, row in enumerate(reader, start=2):
        front = (row.get(columns["front"]) or "").strip()
        back = (row.get(columns["back"]) or "").strip()
        raw_tags = (row.get(columns["tags"]) or "") if "tags" in columns else ""
        tags = sorted({t.strip().lower() for t in re.split(r"[\s;,]+", raw_tags) if t.strip()})
        if not front or not back:
            errors.append(f"line {number}: front and back must both be filled in")
        elif max(len(front), len(back)) > MAX_FIELD:
            errors.append(f"line {number}: a field is longer than {MAX_FIELD:,} characters")
        elif CONTROL_RE.search(front + back + raw_tags):
            errors.append(f"line {number}: contains control characters (such as NUL)")
        elif front.lower() in seen:
            errors.append(f"line {number}: the same front appears earlier in the file")
        elif any(not TAG_RE.match(t) for t in tags):
            errors.append(f"line {number}: tags must be lower-case words joined by '-'")
        else:
            seen.add(front.lower())
            first_line = back.splitlines()[0]
            drafts.append(Draft(title=front, short=back, tags=tags, key_points=[first_line]))
    return drafts, errors


def _write_all(bank_root: Path, files: list[tuple[str, str]], tags: set[str],
               progress: Progress | None) -> list[Path]:
    """Write every file, or none: into a hidden staging folder first (the loader skips
    it), then moved into "My questions" once all are written. Cancelling or a failure
    removes the staging folder and leaves the bank as it was."""
    target = ensure_topic(bank_root)
    staging = bank_root / f".import-{os.getpid()}"
    staging.mkdir(exist_ok=True)
    try:
        for done, (name, text) in enumerate(files, start=1):
            (staging / name).write_text(text, encoding="utf-8")
            if progress is not None and not progress(done, len(files)):
                raise ImportCancelled("Import cancelled; nothing was added.")
        add_tags(bank_root, tags)
        written = []
        for name, _ in files:
            os.replace(staging / name, target / name)
            written.append(target / name)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _plan(items: Iterable[tuple[str, Draft | str]], bank_root: Path, taken: set[str],
          existing_titles: set[str], errors: list[str]) -> tuple[list[tuple[str, str]], set[str]]:
    """File names and texts for new questions — each checked with the loader's own rules,
    numbered in one pass (unique and loadable however many there are) — and their tags.
    ``items`` are (where, draft or question file text)."""
    target = bank_root / TOPIC
    number = _last_number(target) if target.is_dir() else 0
    titles = {t.lower() for t in existing_titles}
    files: list[tuple[str, str]] = []
    tags: set[str] = set()
    for where, item in items:
        try:
            if isinstance(item, Draft):
                qid = new_id(item.title, taken)
                text = validate(qid, item)
                title, item_tags = item.title, item.tags
            else:
                q = parse_question(item, Path("import.md"), TOPIC)
                if CONTROL_RE.search(item):
                    raise ValueError("contains control characters (such as NUL)")
                if any(not TAG_RE.match(t) for t in q.tags):
                    raise ValueError("tags must be lower-case words joined by '-'")
                qid = _unique(q.id if q.id.startswith(PREFIX) else PREFIX + q.id, taken)
                text = ID_LINE_RE.sub(f'id = "{qid}"', item, count=1)
                title, item_tags = q.title, list(q.tags)
        except BankFileError as exc:
            errors.append(f"{where}: line {exc.line}: {exc}")
            continue
        except ValueError as exc:
            errors.append(f"{where}: {exc}")
            continue
        if title.lower() in titles:
            errors.append(f"skipped “{title[:40]}”: a question with this title exists")
            continue
        if len(files) >= MAX_IMPORT:
            raise ValueError(f"The import holds more than {MAX_IMPORT:,} questions; split it "
                             "into smaller files. Nothing was added.")
        taken.add(qid)
        titles.add(title.lower())
        tags |= set(item_tags)
        number += 10
        files.append((_file_name(number, title), text))
    return files, tags


def import_csv(path: Path, bank_root: Path, taken: set[str], existing_titles: set[str],
               progress: Progress | None = None) -> tuple[list[Path], list[str]]:
    """Add every valid row as a question, all or none; rows whose front is already a
    question's title are skipped, so importing twice does not duplicate."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValueError(f"Cannot read {Path(path).name}: {exc.strerror}") from None
    drafts, errors = read_csv(data)
    files, tags = _plan(((f"“{d.title[:40]}”", d) for d in drafts), bank_root, set(taken),
                        existing_titles, errors)
    return _write_all(bank_root, files, tags, progress), errors


def _markdown_files(folder: Path, errors: list[str]) -> Iterable[tuple[str, str]]:
    for source in sorted(folder.rglob("*.md")):
        name = str(source.relative_to(folder))
        size = source.stat().st_size
        if size > MAX_QUESTION_BYTES:
            errors.append(f"{name}: too large ({size // 1024:,} kB; a question file has at "
                          f"most {MAX_QUESTION_BYTES // 1024} kB)")
            continue
        try:
            yield name, source.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            errors.append(f"{name}: not UTF-8 text")


def import_markdown(folder: Path, bank_root: Path, taken: set[str],
                    existing_titles: set[str], progress: Progress | None = None,
                    ) -> tuple[list[Path], list[str]]:
    """Copy question files in the bank format from ``folder`` (and its subfolders) into
    the user's bank, all or none. Ids get the ``my-`` prefix; files the loader would
    reject (too large, invalid, control characters) and titles that exist are reported
    and skipped."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"{folder} is not a folder")
    errors: list[str] = []
    files, tags = _plan(_markdown_files(folder, errors), bank_root, set(taken),
                        existing_titles, errors)
    return _write_all(bank_root, files, tags, progress), errors
