import re

from studyapp.banks import load
from studyapp.store.db import open_db
from studyapp.store.search import MARK_OPEN, ensure_index, fts_query, open_index, search


def test_ranked_hits_with_highlight_and_prefix(tmp_path, fixture_bank):
    db = open_db(tmp_path / "d.sqlite3")
    bank = load(bank=fixture_bank)
    assert ensure_index(db, bank) is True
    assert ensure_index(db, bank) is False
    hits = search(db, "softm")
    assert hits[0].question_id == "softmax-definition"
    assert [h.question_id for h in search(db, "overflow")] == ["softmax-definition"]
    assert MARK_OPEN in search(db, "exponentiating")[0].snippet
    assert search(db, "   ") == []
    assert search(db, 'quote" (paren') == []


def test_index_rebuilds_when_bank_changes(tmp_path, fixture_bank):
    db = open_db(tmp_path / "d.sqlite3")
    bank = load(bank=fixture_bank)
    ensure_index(db, bank)
    bank.content_hash = "changed"
    assert ensure_index(db, bank) is True


def test_fts_query_quotes_words():
    assert fts_query('a "b') == '"a" "b"*'


def test_a_query_matching_more_than_the_candidates_lists_title_matches_first(
        tmp_path, monkeypatch):
    from studyapp.store import search as search_module
    from studyapp.store.db import transaction

    db = open_db(tmp_path / "d.sqlite3")
    with transaction(db):
        search_module.create_index(db, [
            *[(f"body-{i}", f"Question {i}", "gradients everywhere", "", "") for i in range(6)],
            ("title-hit", "Gradient clipping", "norms", "", "")])
    monkeypatch.setattr(search_module, "CANDIDATES", 3)
    hits = search(db, "gr", limit=4)
    assert [h.question_id for h in hits] == ["title-hit", "body-0", "body-1", "body-2"]
    assert hits[1].snippet == "\x02gradients\x03 everywhere"
    monkeypatch.setattr(search_module, "CANDIDATES", 300)   # few matches: BM25 order
    assert search(db, "clipping")[0].question_id == "title-hit"


def test_snippets_mark_inflections_and_show_where_the_text_goes_on():
    from studyapp.store.search import snippet

    body = " ".join(["word"] * 30 + ["Exponentiate", "the", "logits."] + ["more"] * 30)
    pattern = re.compile(r"\bexponenti\w*", re.IGNORECASE)
    text = snippet(body, ["exponenti"], pattern)
    assert text.startswith("… word") and text.endswith(" …")
    assert "\x02Exponentiate\x03 the logits." in text and len(text.split()) == 16


def test_snippets_are_readable_text_without_latex_or_lost_underscores():
    from studyapp.store.search import _plain

    text = _plain(r"Use $\operatorname{softmax}(\mathbf{z})_i$ then log-$\operatorname{softmax}$"
                  " and call `F.cross_entropy(logits, y)` with **care** and _emphasis_, "
                  "see [the drill](q:drill-softmax).")
    assert "$" not in text and "\\" not in text
    assert "softmax(z)_i" in text and "log-softmax" in text
    assert "cross_entropy(logits" in text and "emphasis" in text and "the drill" in text
    assert "*" not in text and "q:" not in text


def _indexed(db) -> dict[str, int]:
    return dict(db.execute("SELECT question_id, fts_rowid FROM search_stamps").fetchall())


def test_an_edit_reindexes_only_the_changed_question_and_search_stays_right(
        tmp_path, fixture_bank):
    import os
    import shutil

    from studyapp.core.bank import LOADER_VERSION, load_bank
    from studyapp.core.bank_cache import BankCache

    root = tmp_path / "bank"
    shutil.copytree(fixture_bank, root)

    def load_copy():
        return load_bank([root], cache=BankCache(tmp_path / "bank.json", LOADER_VERSION))

    db = open_db(tmp_path / "d.sqlite3")
    assert ensure_index(db, load_copy()) is True
    before = _indexed(db)
    assert [h.question_id for h in search(db, "unchanged")] == ["softmax-definition"]

    softmax = root / "01-basics" / "020-softmax.md"
    softmax.write_text(softmax.read_text().replace("the result is unchanged",
                                                   "the result is a zebrafish"))
    os.utime(softmax, ns=(softmax.stat().st_mtime_ns + 10**9,) * 2)
    (root / "02-more" / "010-overfitting.md").unlink()
    assert ensure_index(db, load_copy()) is True

    after = _indexed(db)
    assert set(after) == set(before) - {"overfitting-signs"}
    assert after["relu-definition"] == before["relu-definition"]          # not touched
    assert after["softmax-definition"] != before["softmax-definition"]
    assert [h.question_id for h in search(db, "zebrafish")] == ["softmax-definition"]
    assert "zebrafish" in search(db, "zebraf")[0].snippet
    assert search(db, "unchanged") == []
    assert search(db, "recognise") == []                              # the removed question
    assert db.execute("SELECT count(*) FROM search_fts").fetchone()[0] == len(after)
    assert ensure_index(db, load_copy()) is False


def test_an_index_of_an_older_version_is_rebuilt(tmp_path, fixture_bank):
    from studyapp.store.search import create_index

    bank = load(bank=fixture_bank)
    db = open_index(tmp_path / "search.sqlite3", bank)
    create_index(db, [("stale", "stale title", "", "", "")])
    db.execute("DROP TABLE search_stamps")
    db.execute("UPDATE index_state SET value = '3:abc' WHERE key = 'stamp'")
    assert ensure_index(db, bank) is True
    assert search(db, "stale") == []
    assert set(_indexed(db)) == set(bank.questions)
    assert search(db, "softm")[0].question_id == "softmax-definition"


def test_the_index_has_a_file_of_its_own_that_a_restart_reuses(tmp_path, fixture_bank):
    bank = load(bank=fixture_bank)
    path = tmp_path / "cache" / "search.sqlite3"
    db = open_index(path, bank)
    assert search(db, "softm")[0].question_id == "softmax-definition"
    db.close()
    again = open_index(path, bank)
    assert ensure_index(again, bank) is False          # nothing to index again
    assert search(again, "softm")[0].question_id == "softmax-definition"


def test_a_damaged_index_file_is_built_again(tmp_path, fixture_bank):
    bank = load(bank=fixture_bank)
    path = tmp_path / "search.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    db = open_index(path, bank)
    assert search(db, "softm")[0].question_id == "softmax-definition"
    assert path.read_bytes().startswith(b"SQLite format 3")


def test_an_unwritable_cache_folder_keeps_the_index_in_memory(tmp_path, fixture_bank):
    (tmp_path / "cache").write_text("a file where the folder should be")
    db = open_index(tmp_path / "cache" / "search.sqlite3", load(bank=fixture_bank))
    assert search(db, "softm")[0].question_id == "softmax-definition"


def test_an_index_built_in_steps_is_searchable_as_it_grows_and_resumes_after_a_restart(
        tmp_path, fixture_bank):
    from studyapp.store.search import index_step

    bank = load(bank=fixture_bank)
    path = tmp_path / "search.sqlite3"
    db = open_index(path, bank, limit=1)             # start-up indexed one question
    assert [h.question_id for h in search(db, "saturate")] == ["relu-definition"]
    assert search(db, "overfitting") == []           # not indexed yet
    assert index_step(db, bank, 0) == 3              # asking costs nothing, says what is left
    assert index_step(db, bank, 1) == 2
    db.close()                                       # the app quit part-way

    again = open_index(path, bank, limit=0)
    assert [h.question_id for h in search(again, "saturate")] == ["relu-definition"]
    assert index_step(again, bank, 10) == 0
    assert [h.question_id for h in search(again, "overfitting")] == ["overfitting-signs"]
    assert index_step(again, bank) is None           # current: nothing to do
    assert ensure_index(again, bank) is False
    rows = again.execute("SELECT count(*) FROM search_fts").fetchone()[0]
    assert rows == len(bank.questions)               # each question once
