"""Answering a card and getting the next one, against Anki's own library (`anki` from
PyPI, a development-only install) doing the same on the same machine."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from benchmarks.timing import median_ms

CARDS = 2000
ANSWERS = 400


def _anki_ms(folder: Path) -> float:
    from anki.collection import Collection

    col = Collection(str(folder / "bench.anki2"))
    model, deck = col.models.by_name("Basic"), col.decks.id("Bench")
    for i in range(CARDS):
        note = col.new_note(model)
        note["Front"], note["Back"] = f"question {i}", "answer"
        col.add_note(note, deck)
    config = col.decks.config_dict_for_deck_id(deck)
    config["new"]["perDay"] = CARDS                  # no daily cap during the run
    col.decks.save(config)
    col.decks.select(deck)
    try:
        return median_ms(lambda: col.sched.answerCard(col.sched.getCard(), 3), ANSWERS)
    finally:
        col.close()


def _ours_ms(folder: Path) -> float:
    """What Flashcards does per answer: schedule, store card and log in one
    transaction, take the next card from the session's queue."""
    from studyapp.core import srs
    from studyapp.store.db import open_db
    from studyapp.store.review_log import record_review

    db = open_db(folder / "bench.sqlite3")
    scheduler = srs.Scheduler(srs.Settings())
    now = dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC)
    queue = [srs.CardState.new(f"q{i}", "q", now) for i in range(CARDS)]   # no daily cap

    def step() -> None:
        card, log = scheduler.answer(queue.pop(0), 3, now, 4000)
        record_review(db, card.to_row(), log)

    try:
        return median_ms(step, ANSWERS)
    finally:
        db.close()


def answer_vs_anki() -> dict:
    try:
        import anki  # noqa: F401
    except ImportError:
        return {"value": 0.0, "floor": 0.0, "unit": "ms", "ratio": 0.0,
                "goal": "no slower than Anki (not measured: pip install anki)"}
    with tempfile.TemporaryDirectory() as tmp:
        ours, theirs = _ours_ms(Path(tmp)), _anki_ms(Path(tmp))
    return {"value": ours, "floor": theirs, "unit": "ms", "ratio": ours / theirs,
            "goal": "≤ 1× Anki's library"}
