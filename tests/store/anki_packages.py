"""Anki packages for tests, made with genanki at test time, with a review log added."""

from __future__ import annotations

import base64
import datetime as dt
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import genanki

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "anki"
# a 2×2 PNG
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGMwTpsJRAwQCgA"
                       "f7gTJ/qZDUgAAAABJRU5ErkJggg==")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
# (note guid, card ord, days after START, ease)
REVIEWS = [("momentum", 0, 0, 3), ("momentum", 0, 1, 3), ("momentum", 0, 5, 1),
           ("momentum", 0, 6, 3), ("momentum", 0, 20, 4),
           ("adam", 1, 0.1, 3), ("adam", 1, 3.1, 3),
           ("dropout", 1, 0.2, 2), ("dropout", 1, 2.2, 3)]


def notes() -> list[tuple[str, genanki.Note]]:
    """(deck name, note): basic with MathJax, a picture and tags; basic and reversed;
    a cloze with two gaps (one with a hint) in a nested deck."""
    return [
        ("Deep learning::Optimisation", genanki.Note(
            model=genanki.BASIC_MODEL, guid="momentum", tags=["Optim::SGD_basics", "ÉTÉ"],
            fields=["What does <b>momentum</b> add to SGD?",
                    ("A running average:<br>\\(v_t = \\beta v_{t-1} + g_t\\)"
                     "<div><img src=\"dot.png\"></div><ul><li>smooths</li><li>speeds up</li></ul>"
                     "\\[\\sum_i g_i\\]")])),
        ("Deep learning::Optimisation", genanki.Note(
            model=genanki.BASIC_AND_REVERSED_CARD_MODEL, guid="adam",
            fields=["Adam", "Adaptive <i>moment</i> estimation &amp; bias correction"])),
        ("Deep learning::Regularisation::Dropout", genanki.Note(
            model=genanki.CLOZE_MODEL, guid="dropout", tags=["regularisation"],
            fields=["{{c1::Dropout}} zeroes units with probability {{c2::\\(p\\)::symbol}}.",
                    "Costs $0 at test time"])),
    ]


def write_apkg(path: Path, with_reviews: bool = True, media_dir: Path | None = None) -> Path:
    """A deck package holding ``notes()`` (and the picture), its review log optional."""
    decks: dict[str, genanki.Deck] = {}
    for number, (name, note) in enumerate(notes()):
        deck = decks.setdefault(name, genanki.Deck(2_000_000 + number, name))
        deck.add_note(note)
    folder = Path(media_dir or tempfile.mkdtemp())
    (folder / "dot.png").write_bytes(PNG)
    package = genanki.Package(list(decks.values()), media_files=[str(folder / "dot.png")])
    package.write_to_file(str(path))
    if with_reviews:
        add_reviews(path, REVIEWS)
    return path


def add_reviews(path: Path, reviews: list[tuple[str, int, float, int]]) -> None:
    """Put revlog rows into the package's collection (genanki writes none)."""
    rewrite_collection(path, lambda conn: conn.executemany(
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "SELECT ?, c.id, -1, ?, 1, 0, 2500, 6000, 1 FROM cards c JOIN notes n "
        "ON n.id = c.nid WHERE n.guid = ? AND c.ord = ?",
        [(int((START + dt.timedelta(days=days)).timestamp() * 1000), ease, guid, ord_)
         for guid, ord_, days, ease in reviews]))


def rewrite_collection(path: Path, change) -> None:
    """Apply ``change(connection)`` to the package's collection.anki2."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "c.anki2"
        db_path.write_bytes(members["collection.anki2"])
        conn = sqlite3.connect(db_path)
        change(conn)
        conn.commit()
        conn.close()
        members["collection.anki2"] = db_path.read_bytes()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
