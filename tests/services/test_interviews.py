"""The interview service through its public methods, across reopening the database."""

import datetime as dt
import random

import pytest

from studyapp.core.bank import load_bank
from studyapp.core.interview import Plan, Selection, Session
from studyapp.core.scope import Scope
from studyapp.services.interviews import Interviews
from studyapp.services.study import Study
from studyapp.store.db import open_db

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def bank(fixture_bank):
    return load_bank([fixture_bank])


def service(path, bank):
    return Interviews(open_db(path), bank, lambda: T0, lambda: 0.0)


def run_all_skipped(service, ids):
    session = Session(Plan(ids), service.bank, service.clock)
    session.start()
    session_id = service.begin(session)
    session.finish_early()                              # every question counts as skipped
    service.save(session_id, session)
    return session_id, session


def test_an_interrupted_interview_is_found_again_and_can_be_discarded(tmp_path, bank):
    path = tmp_path / "p.sqlite3"
    s = service(path, bank)
    ids = s.choose(Selection(Scope(), count=2), random.Random(1))
    assert len(ids) == 2 and set(ids) <= set(bank.questions)
    session = Session(Plan(ids), bank, s.clock)
    session.start()
    session_id = s.begin(session)
    s.db.close()

    again = service(path, bank)
    found_id, found = again.unfinished()
    assert found_id == session_id and found.plan.question_ids == ids
    again.discard(found_id)
    assert again.unfinished() is None and again.history() == []


def test_finished_interviews_make_history_weak_topics_and_flashcards(tmp_path, bank):
    path = tmp_path / "p.sqlite3"
    s = service(path, bank)
    ids = list(bank.questions)[:2]
    session_id, session = run_all_skipped(s, ids)
    assert [h["id"] for h in s.history()] == [session_id]
    weak = s.weak_topics()
    assert weak and set(weak.values()) == {0.0}             # skipped answers score 0
    assert s.send_missed(session) == 2
    study = Study(s.db, bank, lambda: T0)
    assert all(study.cards[(qid, "q")].due <= T0 for qid in ids)
    fresh = s.choose(Selection(Scope(), count=1), random.Random(2))
    assert not set(fresh) & set(ids) or len(bank.questions) <= 2   # recent ones wait


def test_presets_are_kept(tmp_path, bank):
    path = tmp_path / "p.sqlite3"
    preset = {"count": 3, "seconds": 120}
    service(path, bank).save_preset("Quick", preset)
    assert service(path, bank).presets() == {"Quick": preset}
