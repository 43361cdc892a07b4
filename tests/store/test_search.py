from studyapp.checks import load
from studyapp.store.db import open_db
from studyapp.store.search import MARK_OPEN, ensure_index, fts_query, search


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
