"""The study service through its public methods: every write lands in the store and
survives reopening the database."""

import datetime as dt

import pytest

from studyapp.core import srs
from studyapp.core.bank import load_bank
from studyapp.core.scope import Scope
from studyapp.services.study import Study
from studyapp.store.db import open_db
from studyapp.store.review_log import log_rows
from studyapp.store.settings_table import set_setting

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def bank(fixture_bank):
    return load_bank([fixture_bank])


def study_at(path, bank, now=T0):
    return Study(open_db(path), bank, lambda: now)


def test_answer_and_undo_survive_reopening(tmp_path, bank):
    path = tmp_path / "p.sqlite3"
    study = study_at(path, bank)
    card = study.queue(Scope())[0]
    new, leech = study.answer(card, 3, 4200)
    assert new.state == srs.LEARNING and not leech
    study.db.close()

    again = study_at(path, bank)
    assert again.cards[(card.question_id, card.card_key)].reps == 1
    undone = again.undo()
    assert (undone.question_id, undone.state) == (card.question_id, srs.NEW)
    assert again.undo() is None                       # nothing older to take back
    assert log_rows(again.db) == []


def test_bury_suspend_reset_and_star(tmp_path, bank):
    path = tmp_path / "p.sqlite3"
    study = study_at(path, bank)
    first, second, *_ = study.queue(Scope())
    study.bury(first)
    study.suspend(second)
    assert first.question_id != second.question_id
    assert study.toggle_star(first.question_id) is True
    queue = study.queue(Scope())
    assert {(c.question_id, c.card_key) for c in queue}.isdisjoint(
        {(first.question_id, first.card_key), (second.question_id, second.card_key)})
    study.db.close()

    tomorrow = study_at(path, bank, T0 + dt.timedelta(days=1))
    keys = {(c.question_id, c.card_key) for c in tomorrow.queue(Scope())}
    assert (first.question_id, first.card_key) in keys          # buried for a day only
    assert (second.question_id, second.card_key) not in keys    # suspended stays out
    assert tomorrow.is_starred(first.question_id)
    fresh = tomorrow.reset(tomorrow.cards[(second.question_id, second.card_key)])
    assert fresh.state == srs.NEW and not fresh.suspended
    assert (second.question_id, second.card_key) in {
        (c.question_id, c.card_key) for c in tomorrow.queue(Scope())}


def test_today_counts_follow_the_daily_limit(tmp_path, bank):
    study = study_at(tmp_path / "p.sqlite3", bank)
    set_setting(study.db, "srs_settings", {"new_per_day": 2})
    study.reload()
    cards = study.in_scope(Scope())
    assert study.counts(cards)["new"] > 2
    assert study.today_counts(cards)["new"] == 2
    study.answer(study.queue(Scope())[0], 4, 1000)
    assert study.today_counts(cards)["new"] == 1


def test_make_due_brings_missed_questions_forward(tmp_path, bank):
    study = study_at(tmp_path / "p.sqlite3", bank)
    qid = next(iter(bank.questions))
    card = study.queue(Scope())[0]
    study.answer(card, 4, 1000)
    assert study.make_due([qid]) == 1
    study.reload()
    assert study.cards[(qid, "q")].due <= T0
