"""The flashcard queue follows the interview plan stored in the settings: a review due
after the interview comes forward into the final pass, and without a date, or once the
day has come, the queue is plain FSRS."""

import datetime as dt

import pytest

from studyapp.core import exam_plan, srs
from studyapp.core.bank import load_bank
from studyapp.core.scope import Scope
from studyapp.services.study import Study
from studyapp.store.db import open_db
from studyapp.store.review_log import save_cards
from studyapp.store.settings_table import set_setting

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "p.sqlite3")
    yield database
    database.close()


def test_the_queue_follows_the_stored_interview_date(db, fixture_bank):
    bank = load_bank([fixture_bank])
    question = next(iter(bank.questions.values()))
    key = next(iter(question.all_cards())).key
    card = srs.CardState(question.id, key, due=T0 + dt.timedelta(days=30), state=srs.REVIEW,
                         stability=40, difficulty=5, last_review=T0 - dt.timedelta(days=10),
                         reps=3)
    save_cards(db, [card.to_row()])
    exam_day = (T0 + dt.timedelta(days=10)).date()
    pass_day = T0 + dt.timedelta(days=10 - exam_plan._window_offset(card))

    def queued(now, date):
        set_setting(db, "interview_date", date)
        return any(c.question_id == question.id and c.card_key == key
                   for c in Study(db, bank, lambda: now).queue(Scope()))

    assert queued(pass_day, exam_day.isoformat())
    assert not queued(pass_day - dt.timedelta(days=1), exam_day.isoformat())
    assert not queued(pass_day, "")                                      # no plan
    assert not queued(T0 + dt.timedelta(days=11), exam_day.isoformat())  # the day has passed
    assert queued(T0 + dt.timedelta(days=30), exam_day.isoformat())      # its own due day
