"""Import from Anki: a 2,000-note deck with 20,000 reviews, against replaying the same
reviews through the scheduler alone (the part of the work no import can skip)."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path

NOTES = 2_000
REVIEWS_PER_CARD = 10
START = dt.datetime(2025, 1, 6, 9, tzinfo=dt.UTC)


def _package(path: Path) -> list[tuple[int, dt.datetime, int]]:
    """A deck package made with genanki, with a review log written into it; returns the
    reviews as (card, time, rating)."""
    import genanki

    deck = genanki.Deck(1_700_000_000, "Benchmark::Deck")
    for i in range(NOTES):
        deck.add_note(genanki.Note(
            model=genanki.BASIC_MODEL, guid=f"bench{i}",
            fields=[f"Question {i}: what is \\(x_{{{i}}}\\)?", f"Answer <b>{i}</b><br>line two"]))
    genanki.Package([deck]).write_to_file(str(path))
    rng = random.Random(0)
    with zipfile.ZipFile(path) as archive:
        collection = archive.read("collection.anki2")
    conn = sqlite3.connect(":memory:")
    conn.deserialize(collection)
    reviews = []
    for k, (card_id,) in enumerate(conn.execute("SELECT id FROM cards ORDER BY id")):
        at = START + dt.timedelta(seconds=k)
        for _ in range(REVIEWS_PER_CARD):
            at += dt.timedelta(days=rng.randint(1, 20))
            reviews.append((card_id, at, rng.choice((1, 3, 3, 3, 4))))
    conn.executemany("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                     " VALUES (?, ?, -1, ?, 1, 0, 2500, 5000, 1)",
                     [(int(at.timestamp() * 1000), cid, ease) for cid, at, ease in reviews])
    conn.commit()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", conn.serialize())
        archive.writestr("media", "{}")
    return reviews


def anki_import() -> dict:
    from studyapp.core import srs
    from studyapp.core.bank import load_bank
    from studyapp.store import anki_history
    from studyapp.store.db import DB_NAME, open_db

    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "deck.apkg"
        reviews = _package(package)
        data = Path(tmp) / "data"
        (data / "bank").mkdir(parents=True)
        db = open_db(data / DB_NAME)
        start = time.perf_counter()
        summary = anki_history.import_package(package, db, data / "bank",
                                              load_bank([data / "bank"]))
        value = time.perf_counter() - start
        again = time.perf_counter()
        anki_history.import_package(package, db, data / "bank", load_bank([data / "bank"]))
        repeat = time.perf_counter() - again
        db.close()
    assert summary.reviews == len(reviews)
    scheduler = srs.Scheduler(srs.Settings(fuzz=False))
    start = time.perf_counter()
    cards: dict[int, srs.CardState] = {}
    for card_id, at, rating in reviews:
        card = cards.get(card_id) or srs.CardState.new(str(card_id), "q", at)
        cards[card_id], _ = scheduler.answer(card, rating, at, 5000)
    floor = time.perf_counter() - start
    return {"value": value, "floor": floor, "unit": "s", "ratio": value / floor,
            "goal": "≤ 5× the bare replay (it also converts, validates and writes every question)", "notes": NOTES, "reviews": len(reviews),
            "second_import_s": repeat}
