"""Import from Anki: packages made with genanki and by Anki itself, history replay,
idempotence, restart, the command line and every bad package."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zipfile

import pytest

from studyapp import cli
from studyapp.banks import load, user_banks
from studyapp.core import anki, srs
from studyapp.store import anki_history, anki_package
from studyapp.store.anki_package import PackageError
from studyapp.store.db import DB_NAME, open_db
from studyapp.store.review_log import stored_cards
from tests.store.anki_packages import (
    FIXTURES,
    PNG,
    REVIEWS,
    START,
    add_reviews,
    rewrite_collection,
    write_apkg,
)


@pytest.fixture
def data(tmp_path, fixture_bank):
    """A data folder with its database and a loader for its bank (fixture bank + own)."""
    folder = tmp_path / "data"
    (folder / "bank").mkdir(parents=True)

    class Data:
        dir = folder
        db = open_db(folder / DB_NAME)

        def bank(self):
            return load(user_banks(folder, []), fixture_bank)

        def run(self, path):
            return anki_history.import_package(path, self.db, folder / "bank", self.bank())

        def snapshot(self):
            files = {str(p.relative_to(folder / "bank")): p.read_bytes()
                     for p in sorted((folder / "bank").rglob("*")) if p.is_file()}
            rows = [self.db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                    for t in ("cards", "review_log")]
            return files, rows
    yield Data()
    Data.db.close()


def imported(bank):
    return {q.id: q for q in bank.questions.values() if q.id.startswith("my-anki-")}


def test_genanki_package_becomes_questions_topics_pictures_and_history(data, tmp_path):
    summary = data.run(write_apkg(tmp_path / "deck.apkg"))
    assert summary.sentence() == "Added 4 questions, 9 reviews and 1 image from deck.apkg."
    assert summary.counts() == "3 notes (4 questions), 9 reviews, 1 image added"
    bank = data.bank()
    assert not [p for p in bank.problems if "anki" in str(p)]
    questions = {q.title: q for q in imported(bank).values()}
    assert set(questions) == {"What does momentum add to SGD?", "Adam",
                              "[…] zeroes units with probability $p$.",
                              "Dropout zeroes units with probability [symbol]."}
    momentum = questions["What does momentum add to SGD?"]
    image = next((data.dir / "bank" / "_media").glob("dot-*.png"))
    assert image.read_bytes() == PNG
    assert momentum.short == ("A running average:\n\n$v_t = \\beta v_{t-1} + g_t$\n\n"
                              f"![](_media/{image.name})\n\n- smooths\n- speeds up\n\n"
                              "$$\\sum_i g_i$$")
    assert momentum.tags == ("ete", "optim-sgd-basics")
    adam = questions["Adam"]
    assert adam.short == "Adaptive *moment* estimation & bias correction"
    assert [(c.key, c.front, c.back) for c in adam.cards] == [
        ("c1", "Adaptive *moment* estimation & bias correction", "Adam")]
    gap = questions["Dropout zeroes units with probability [symbol]."]
    assert gap.short == "Dropout zeroes units with probability **$p$**.\n\nCosts \\$0 at test time"
    # decks → topics, at most two levels: the third joins the second
    assert bank.topics[momentum.topic_id].title == "Optimisation"
    assert bank.topics[gap.topic_id].title == "Regularisation › Dropout"
    assert bank.topics["anki-deep-learning"].title == "Deep learning"
    assert gap.topic_id == "anki-deep-learning/regularisation-dropout"
    keys = {(qid, key) for qid, key in data.db.execute(
        "SELECT DISTINCT question_id, card_key FROM review_log")}
    assert keys == {(momentum.id, "q"), (adam.id, "c1"), (gap.id, "q")}


def test_cards_suspended_in_anki_stay_suspended(data, tmp_path):
    package = write_apkg(tmp_path / "deck.apkg")
    rewrite_collection(package, lambda conn: conn.execute(
        "UPDATE cards SET queue = -1 WHERE nid = (SELECT id FROM notes WHERE guid = 'adam')"))
    data.run(package)
    adam = "my-anki-" + _note_id(package, "adam")
    cards = {key: c for (qid, key), c in stored_cards(data.db).items() if qid == adam}
    assert cards["q"].suspended and cards["q"].state == srs.NEW and cards["q"].reps == 0
    assert cards["c1"].suspended and cards["c1"].reps == 2


def test_importing_the_same_package_twice_changes_nothing(data, tmp_path):
    package = write_apkg(tmp_path / "deck.apkg")
    data.run(package)
    before = data.snapshot()
    again = data.run(package)
    assert again.sentence() == "Nothing new in deck.apkg: everything in it is already here."
    assert data.snapshot() == before


def test_reviews_added_in_anki_later_extend_the_history(data, tmp_path):
    package = write_apkg(tmp_path / "deck.apkg")
    data.run(package)
    add_reviews(package, [("momentum", 0, 40, 3)])
    summary = data.run(package)
    assert (summary.questions, summary.reviews) == (0, 1)
    rows = stored_cards(data.db)
    momentum = rows[("my-anki-" + _note_id(package, "momentum"), "q")]
    assert momentum.reps == 6 and momentum.last_review == START + dt.timedelta(days=40)


def _note_id(package, guid) -> str:
    with zipfile.ZipFile(package) as archive:
        conn = sqlite3.connect(":memory:")
        conn.deserialize(archive.read("collection.anki2"))
    return str(conn.execute("SELECT id FROM notes WHERE guid = ?", [guid]).fetchone()[0])


def test_replayed_history_equals_studying_the_same_reviews_here(data, tmp_path):
    """The memory state after import is the one our scheduler reaches answering the same
    ratings at the same times, so the card continues where the user was."""
    package = write_apkg(tmp_path / "deck.apkg")
    data.run(package)
    qid = "my-anki-" + _note_id(package, "momentum")
    scheduler = srs.Scheduler(srs.Settings(fuzz=False))
    card = srs.CardState.new(qid, "q", START)
    for _, _, days, ease in (r for r in REVIEWS if r[0] == "momentum"):
        card, _ = scheduler.answer(card, ease, START + dt.timedelta(days=days), 6000)
    stored = stored_cards(data.db)[(qid, "q")]
    assert stored == card
    assert (stored.state, stored.reps, stored.lapses) == (srs.REVIEW, 5, 1)
    assert stored.stability > 10 and 1 <= stored.difficulty <= 10
    # every review is in the log with the state before it and undo still works on them
    log = data.db.execute("SELECT rating, reviewed_at, state_before FROM review_log WHERE "
                          "question_id = ? ORDER BY reviewed_at", [qid]).fetchall()
    assert [r[0] for r in log] == [3, 3, 1, 3, 4]
    assert json.loads(log[0][2])["state"] == srs.NEW
    assert dt.datetime.fromisoformat(log[-1][1]) == START + dt.timedelta(days=20)


def test_restart_keeps_questions_and_history(data, tmp_path):
    data.run(write_apkg(tmp_path / "deck.apkg"))
    data.db.close()
    db = open_db(data.dir / DB_NAME)
    try:
        assert len(imported(data.bank())) == 4
        assert db.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 9
        assert len(stored_cards(db)) == 3
    finally:
        db.close()
    data.db = open_db(data.dir / DB_NAME)


@pytest.mark.parametrize("name", ["anki-made.apkg", "anki-made.colpkg"])
def test_packages_written_by_anki_itself(data, name):
    """Made by Anki 26 (zstd collection.anki21b, protobuf meta and media list)."""
    summary = data.run(FIXTURES / name)
    assert (summary.notes, summary.questions, summary.reviews, summary.images) == (3, 4, 20, 1)
    bank = data.bank()
    titles = {q.title for q in imported(bank).values()}
    assert titles == {"What does momentum add to SGD?", "Adam",
                      "[…] zeroes activations with probability $p$ while training.",
                      "Dropout zeroes activations with probability [a symbol] while training."}
    cards = list(stored_cards(data.db).values())
    assert len(cards) == 5 and all(c.reps == 4 and c.state == srs.REVIEW for c in cards)
    assert sorted(c.lapses for c in cards) == [0, 0, 0, 1, 1]
    assert data.run(FIXTURES / name).sentence().startswith("Nothing new")


def test_reviews_done_in_anki_on_exported_deepprep_cards_come_home(data, tmp_path):
    """A deck exported from DeepPrep and studied in Anki adds no question: its reviews
    go to the questions' own cards."""
    bank = data.bank()
    questions = list(bank.questions.values())[:2]
    package = tmp_path / "deepprep.apkg"
    anki.export_apkg(bank, questions, package)
    guid = anki.note_guid(questions[0].id)
    add_reviews(package, [(guid, 0, 0, 3), (guid, 0, 2, 3)])
    summary = data.run(package)
    assert (summary.questions, summary.reviews) == (0, 2)
    assert {qid for qid, _ in stored_cards(data.db)} == {questions[0].id}


# --- bad packages: one clear sentence, nothing changed ---------------------------

def _refused(data, path, words):
    before = data.snapshot()
    with pytest.raises(PackageError) as error:
        data.run(path)
    message = str(error.value)
    assert words in message and "\n" not in message and "Traceback" not in message
    assert data.snapshot() == before
    return message


def test_a_file_that_is_not_a_package_is_refused(data, tmp_path):
    (tmp_path / "notes.apkg").write_text("front,back\n")
    _refused(data, tmp_path / "notes.apkg", "not a readable Anki package")
    empty = tmp_path / "empty.apkg"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("readme.txt", "hello")
    _refused(data, empty, "holds no Anki collection")
    fake = tmp_path / "fake.apkg"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("collection.anki2", b"not sqlite")
    _refused(data, fake, "not an Anki database")


def test_a_truncated_package_is_refused(data, tmp_path):
    package = write_apkg(tmp_path / "deck.apkg")
    whole = package.read_bytes()
    for cut in (len(whole) // 2, len(whole) - 30):
        (tmp_path / "cut.apkg").write_bytes(whole[:cut])
        _refused(data, tmp_path / "cut.apkg", "not a readable Anki package")
    # a collection whose compressed bytes are damaged (the zip directory intact)
    with zipfile.ZipFile(package) as archive:
        info = archive.getinfo("collection.anki2")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    damaged = bytearray(whole)
    damaged[start + 100:start + 400] = bytes(300)
    (tmp_path / "damaged.apkg").write_bytes(bytes(damaged))
    _refused(data, tmp_path / "damaged.apkg", "damaged or truncated")


def test_a_password_protected_package_is_refused(data, tmp_path):
    package = write_apkg(tmp_path / "locked.apkg")
    raw = bytearray(package.read_bytes())
    # set the "encrypted" flag, as an encrypting zip tool does, in every local and
    # central header (general-purpose flags at offsets 6 and 8)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.find(signature)
        while at >= 0:
            raw[at + offset] |= 0x1
            at = raw.find(signature, at + 4)
    package.write_bytes(bytes(raw))
    _refused(data, package, "password-protected")


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(data, tmp_path, monkeypatch):
    monkeypatch.setattr(anki_package, "MAX_UNPACKED", 4 * 1024**2)
    package = write_apkg(tmp_path / "deck.apkg")
    with zipfile.ZipFile(package, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("1", bytes(8 * 1024**2))      # 8 MB of zeros, 8 kB packed
    assert package.stat().st_size < 100_000
    _refused(data, package, "unpacks to more than 4 MB")


def test_a_zstd_bomb_inside_a_small_entry_is_stopped(data, tmp_path, monkeypatch):
    import zstandard

    monkeypatch.setattr(anki_package, "MAX_UNPACKED", 4 * 1024**2)
    package = tmp_path / "bomb.apkg"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("meta", b"\x08\x03")
        archive.writestr("collection.anki21b",
                         zstandard.ZstdCompressor().compress(bytes(64 * 1024**2)))
    _refused(data, package, "unpacks to more than 4 MB")


def test_paths_escaping_the_folder_are_refused(data, tmp_path):
    package = write_apkg(tmp_path / "deck.apkg")
    with zipfile.ZipFile(package, "a") as archive:
        archive.writestr("../../evil.txt", "x")
    _refused(data, package, "names a path outside its folder")
    package = write_apkg(tmp_path / "deck2.apkg")
    with zipfile.ZipFile(package) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    members["media"] = json.dumps({"0": "../../../.bashrc"}).encode()
    with zipfile.ZipFile(package, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    _refused(data, package, "names a media file outside its folder")
    assert not (tmp_path / ".bashrc").exists()


def test_a_failure_while_writing_leaves_bank_and_history_as_they_were(data, tmp_path,
                                                                      monkeypatch):
    package = write_apkg(tmp_path / "deck.apkg")
    before = data.snapshot()

    def full_disk(*_args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(anki_history, "add_tags", full_disk)
    with pytest.raises(OSError):
        data.run(package)
    assert data.snapshot() == before
    assert not [p for p in (data.dir / "bank").iterdir() if p.name.startswith(".")]


def test_command_line_import(data, tmp_path, capsys):
    data.db.close()
    package = write_apkg(tmp_path / "deck.apkg")
    argv = ["import", "--anki", str(package), "--data-dir", str(data.dir)]
    assert cli.main(argv) == 0
    assert capsys.readouterr().out.strip() == (
        f"imported {package}: 3 notes (4 questions), 9 reviews, 1 image added")
    assert cli.main(argv) == 0
    assert capsys.readouterr().out.strip().endswith("0 notes (0 questions), 0 reviews, "
                                                    "0 images added")
    (tmp_path / "bad.apkg").write_bytes(b"PK\x03\x04 truncated")
    assert cli.main(["import", "--anki", str(tmp_path / "bad.apkg"),
                     "--data-dir", str(data.dir)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("deepprep import: bad.apkg is not a readable Anki package")
    assert len(err.splitlines()) == 1
    data.db = open_db(data.dir / DB_NAME)


def test_command_line_waits_for_no_one_while_the_app_holds_the_folder(data, tmp_path, capsys):
    from studyapp.ui import instance

    lock = instance.data_lock(data.dir)
    assert lock.tryLock(100)
    try:
        package = write_apkg(tmp_path / "deck.apkg")
        assert cli.main(["import", "--anki", str(package), "--data-dir", str(data.dir)]) == 1
        assert "close it and try again" in capsys.readouterr().err
        assert not imported(data.bank())
    finally:
        lock.unlock()
