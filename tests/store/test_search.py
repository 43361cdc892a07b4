import re

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


def test_a_query_matching_more_than_the_candidates_lists_title_matches_first(
        tmp_path, monkeypatch):
    from studyapp.store import search as search_module
    from studyapp.store.progress import transaction

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
