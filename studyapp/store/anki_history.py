"""Import an Anki package: notes as the user's questions, revlog as review history.

Everything or nothing: question files, topic folders and pictures are written to a
hidden staging folder in the user's bank first; the review history is written in one
transaction, and the files are moved into place inside it, so a failure or Cancel
leaves the bank and the database as they were.

Card states come from replaying each card's reviews (Anki's and any already here, in
time order) through our scheduler, so FSRS stability and difficulty continue from the
user's real history. Reviews are matched on (question, card, time): importing the same
package twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.core import anki_import, srs
from studyapp.core.user_questions import (
    MAX_IMPORT,
    ImportCancelled,
    _file_name,
    _last_number,
    add_tags,
    validate,
)
from studyapp.store.anki_package import Package
from studyapp.store.db import transaction
from studyapp.store.review_log import append_review, put_card
from studyapp.store.settings_table import get_setting

if TYPE_CHECKING:
    from studyapp.core.bank import Bank
    from studyapp.store.db import Database

Progress = Callable[[int, int], bool]
IMG_RE = re.compile(r"<img[^>]*?\bsrc\s*=\s*[\"']?([^\"'>]+)", re.IGNORECASE)
REVIEW_KINDS = (0, 1, 2, 3)     # learn, review, relearn, filtered; not manual reschedules


@dataclass
class Summary:
    package: str
    notes: int = 0
    questions: int = 0
    reviews: int = 0
    images: int = 0
    topics: int = 0
    skipped: list[str] = field(default_factory=list)
    rejected: set[str] = field(default_factory=set)     # question ids that did not load

    def sentence(self) -> str:
        """'Added 120 questions, 1,530 reviews and 14 images from deck.apkg.'"""
        from studyapp.core.wording import plural

        parts = [plural(self.questions, "question"), plural(self.reviews, "review"),
                 plural(self.images, "image")]
        if not (self.questions or self.reviews or self.images):
            return f"Nothing new in {self.package}: everything in it is already here."
        return f"Added {parts[0]}, {parts[1]} and {parts[2]} from {self.package}."

    def counts(self) -> str:
        """'3 notes (4 questions), 20 reviews, 1 image added, 1 skipped' for the CLI."""
        from studyapp.core.wording import plural

        text = (f"{plural(self.notes, 'note')} ({plural(self.questions, 'question')}), "
                f"{plural(self.reviews, 'review')}, {plural(self.images, 'image')} added")
        return text + (f", {len(self.skipped):,} skipped" if self.skipped else "")


def _at(time_ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(time_ms / 1000, dt.UTC)


def _images(package: Package) -> dict[str, tuple[str, bytes]]:
    """Anki media name → (our file name, content) for every picture a note shows."""
    wanted = {name for note in package.collection.notes.values() for text in note.fields
              for name in IMG_RE.findall(text) if name in package.media}
    found = {}
    for name in sorted(wanted):
        data = package.media_bytes(name)
        found[name] = (anki_import.media_file_name(name, hashlib.sha1(data).hexdigest()), data)
    return found


def _exported_questions(bank: Bank) -> dict[str, tuple[str, ...]]:
    return {q.id: tuple(c.key for c in q.all_cards()) for q in bank.questions.values()}


def _stored_history(db: Database, keys: set[tuple[str, str]]) -> dict:
    """(question, card) → its reviews here not undone: (time, rating, duration)."""
    history: dict[tuple[str, str], list] = {}
    for qid in sorted({q for q, _ in keys}):
        for key, rating, at, duration in db.execute(
                "SELECT card_key, rating, reviewed_at, duration_ms FROM review_log "
                "WHERE question_id = ? AND undone = 0", [qid]):
            if (qid, key) in keys:
                history.setdefault((qid, key), []).append(
                    (dt.datetime.fromisoformat(at), rating, duration, False))
    return history


def _stored_cards(db: Database, keys: set[tuple[str, str]]) -> dict:
    rows = {}
    for (qid, key) in keys:
        row = db.execute("SELECT data FROM cards WHERE question_id = ? AND card_key = ?",
                         [qid, key]).fetchone()
        if row:
            rows[(qid, key)] = srs.CardState.from_row(json.loads(row[0]))
    return rows


def replay(scheduler: srs.Scheduler, qid: str, key: str, history: list) -> tuple[
        srs.CardState, list[dict]]:
    """The card after every review in ``history`` ((time, rating, duration, new) in any
    order) and the log rows of the new ones, each with the state before it."""
    history = sorted(history, key=lambda r: r[0])
    card = srs.CardState.new(qid, key, history[0][0])
    logs = []
    for at, rating, duration, new in history:
        card, log = scheduler.answer(card, rating, at, duration)
        if new:
            logs.append(log)
    return card, logs


class _Steps:
    """Reports one import's work, replaying cards then writing files, as one progress."""

    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total, self.done = progress, total, 0

    def tick(self) -> None:
        self.done += 1
        if self.progress is not None and not self.progress(min(self.done, self.total),
                                                           self.total):
            raise ImportCancelled("Import cancelled; nothing was added.")


def plan_history(db: Database, collection: anki_import.Collection,
                 cards: dict[int, tuple[str, str]], suspended: set[tuple[str, str]],
                 scheduler: srs.Scheduler, steps: _Steps | None = None,
                 ) -> tuple[list[srs.CardState], list[dict]]:
    """Card states to store and review-log rows to add for the package's reviews."""
    anki: dict[tuple[str, str], list] = {}
    for review in collection.reviews:
        if review.card_id in cards and 1 <= review.ease <= 4 and review.kind in REVIEW_KINDS:
            anki.setdefault(cards[review.card_id], []).append(
                (_at(review.time_ms), review.ease, min(review.taken_ms, 3_600_000), True))
    keys = set(anki) | suspended
    stored = _stored_history(db, keys)
    existing = _stored_cards(db, keys)
    states, logs = [], []
    for card_key in sorted(keys):
        if steps is not None:
            steps.tick()
        here = stored.get(card_key, [])
        times = {at for at, *_ in here}
        new = [r for r in anki.get(card_key, []) if r[0] not in times]
        old = existing.get(card_key)
        if not new:
            if old is None and card_key in suspended:
                states.append(srs.CardState.new(*card_key, dt.datetime.now(dt.UTC)).copy(
                    suspended=True))
            continue
        card, added = replay(scheduler, *card_key, here + new)
        keep_suspended = old.suspended if old is not None else card_key in suspended
        states.append(card.copy(suspended=keep_suspended))
        logs += added
    return states, logs


def _write_history(db: Database, states: list[srs.CardState],
                   logs: list[dict]) -> None:
    """Card states and review-log rows (inside the caller's transaction)."""
    for card in states:
        put_card(db, card.to_row())
    for log in logs:
        append_review(db, {**log, "interval_days": max(0.0, log["interval_days"])})


@dataclass
class _Files:
    """Files to write, as paths relative to the bank root, and what they hold."""

    texts: dict[Path, str] = field(default_factory=dict)
    blobs: dict[Path, bytes] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.texts) + len(self.blobs)


def _question_files(plan: anki_import.Plan, bank_root: Path, summary: Summary) -> tuple[
        _Files, set[str]]:
    files, tags = _Files(), set()
    for folders, title in plan.topics.items():
        meta = bank_root.joinpath(*folders, "_topic.toml")
        if not meta.exists():
            summary.topics += 1
            files.texts[meta.relative_to(bank_root)] = (
                f"title = {json.dumps(title, ensure_ascii=False)}\n"
                f"description = {json.dumps('Imported from Anki.')}\n")
    numbers: dict[tuple[str, ...], int] = {}
    notes = set()
    for question in plan.questions:
        try:
            text = validate(question.id, question.draft)
        except ValueError as exc:
            summary.skipped.append(f"{question.id}: {exc}")
            summary.rejected.add(question.id)
            continue
        folder = bank_root.joinpath(*question.topic)
        if question.topic not in numbers:
            numbers[question.topic] = _last_number(folder) if folder.is_dir() else 0
        numbers[question.topic] += 10
        name = _file_name(numbers[question.topic], question.draft.title)
        files.texts[Path(*question.topic, name)] = text
        tags |= set(question.draft.tags)
        summary.questions += 1
        notes.add(question.note_id)
    summary.notes = len(notes)
    if summary.questions > MAX_IMPORT:
        raise ValueError(f"The package holds more than {MAX_IMPORT:,} notes; export smaller "
                         "decks from Anki. Nothing was added.")
    return files, tags


def import_package(path: Path, db: Database, bank_root: Path, bank: Bank,
                   progress: Progress | None = None) -> Summary:
    """Import ``path`` into the user's bank and progress; returns what was added.
    PackageError (a ValueError) for a package that cannot be imported."""
    path = Path(path)
    summary = Summary(path.name)
    with Package(path) as package:
        images = _images(package)
        plan = anki_import.plan(package.collection, {k: v[0] for k, v in images.items()},
                                set(bank.questions), _exported_questions(bank))
        summary.skipped += plan.skipped
        files, tags = _question_files(plan, bank_root, summary)
        written = {q.id for q in plan.questions if q.id not in summary.rejected}
        shown = {name for q in plan.questions if q.id in written for name in q.images}
        for name in sorted(shown):
            target = Path(anki_import.MEDIA_FOLDER, images[name][0])
            if not (bank_root / target).exists():
                files.blobs[target] = images[name][1]
                summary.images += 1
        stored = get_setting(db, "srs_settings")
        scheduler = srs.Scheduler(srs.Settings(**{**stored, "fuzz": False}))
        cards = {cid: key for cid, key in plan.cards.items() if key[0] not in summary.rejected}
        suspended = {(q.id, key) for q in plan.questions if q.id in written
                     for key in q.suspended}
        steps = _Steps(progress, len(cards) + len(files))
        states, logs = plan_history(db, package.collection, cards, suspended, scheduler,
                                    steps)
    summary.reviews = len(logs)
    _commit(db, bank_root, files, tags, states, logs, steps)
    return summary


def _commit(db: Database, bank_root: Path, files: _Files, tags: set[str],
            states: list, logs: list, steps: _Steps) -> None:
    """Stage the files, then write the history and move the files in one step."""
    staging = bank_root / f".anki-import-{os.getpid()}"
    moved: list[Path] = []
    made: list[Path] = []
    try:
        staging.mkdir(parents=True, exist_ok=True)
        items: list[tuple[Path, str | bytes]] = [*files.texts.items(), *files.blobs.items()]
        for relative, content in items:
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
            steps.tick()
        with transaction(db):
            _write_history(db, states, logs)
            for relative, _ in items:
                target = bank_root / relative
                for parent in reversed(target.relative_to(bank_root).parents[:-1]):
                    if not (bank_root / parent).exists():
                        (bank_root / parent).mkdir()
                        made.append(bank_root / parent)
                os.replace(staging / relative, target)
                moved.append(target)
            if tags:
                add_tags(bank_root, tags)
    except BaseException:
        for target in moved:
            target.unlink(missing_ok=True)
        for folder in reversed(made):
            shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)

