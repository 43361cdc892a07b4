import random

import pytest

from studyapp.core import interview
from studyapp.core.bank import load_bank
from studyapp.core.interview import SPOKEN_KINDS, Plan, Selection, Session, select_questions
from studyapp.core.scope import Scope


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


@pytest.fixture
def bank(fixture_bank):
    return load_bank([fixture_bank])


def session(bank, clock, **plan):
    ids = ["relu-definition", "softmax-definition", "overfitting-signs"]
    return Session(Plan(ids, seconds_per_question=60, **plan), bank, clock)


def test_clock_runs_only_while_answering_and_counts_overrun(bank):
    clock = Clock()
    s = session(bank, clock)
    assert s.phase == interview.READY
    s.start()
    clock.t += 20
    assert s.elapsed() == 20 and s.clock_state() == "ok"
    clock.t += 15
    assert s.remaining() == 25 and s.clock_state() == "warning"
    s.pause()
    clock.t += 500                      # paused: no time passes on the question
    assert s.elapsed() == 35 and s.paused
    s.resume()
    clock.t += 40
    assert s.remaining() == -15 and s.clock_state() == "overrun"
    s.submit("ReLU is max(0, x); gradient 1 for positive inputs, 0 for negative")
    assert s.phase == interview.REVIEWING
    assert s.answer.seconds == 75
    clock.t += 100                      # reviewing is not timed
    assert s.total_elapsed() == 75


def test_hints_point_the_way_without_reciting_a_key_point_and_lower_the_score(bank):
    clock = Clock()
    s = session(bank, clock)
    s.start()
    q = s.question                 # ReLU: "ReLU outputs max(0, x)", "its gradient is 1 …"
    first, second = s.hint(), s.hint()
    assert first == "Point 1 of 3 starts from “ReLU outputs …”"        # its direction
    assert second == "Point 1 of 3, a cue word: “max”"                 # then a cue word
    assert s.revealed_hints() == [("Point 1 of 3 starts from “ReLU outputs …”; "
                                  "a cue word: “max”")]
    assert all(point not in hint for point in q.key_points for hint in (first, second))
    assert s.hint() == "Point 2 of 3 starts from “gradient …”"
    assert s.hints_left() == 3
    s.answer.hints = 2
    s.submit("ReLU outputs max(0, x)")
    assert s.answer.suggested[0] is True
    s.grade([True, True, True], 4)
    assert s.answers[0].score() == pytest.approx(1.0 - 2 * interview.HINT_PENALTY)


def test_full_session_with_follow_ups_skip_and_report(bank):
    clock = Clock()
    s = session(bank, clock, follow_ups=True)
    s.start()
    clock.t += 30
    s.submit("max(0, x), gradient 1 when positive and 0 when negative; dying ReLU units")
    s.grade([True, True, False], 3)
    assert s.phase == interview.FOLLOW_UP
    assert s.answer.follow_up == "Why does leaky ReLU help?"
    assert s.budget() == 30
    clock.t += 10
    s.submit("a small negative slope keeps gradients alive")
    assert s.answers[0].follow_up_seconds == 10
    assert s.phase == interview.ANSWERING and s.index == 1
    s.skip()
    s.grade([False, False], 1)
    assert s.phase == interview.ANSWERING and s.index == 2     # skipped: no follow-up
    s.submit("validation loss rises while training loss falls")
    s.grade([True, False], 2)
    assert s.phase == interview.DONE
    assert s.missed() == ["softmax-definition", "overfitting-signs"]
    first = 0.5 * 2 / 3 + 0.5 * 2 / 3
    third = 0.5 * 1 / 3 + 0.5 * 0.5
    assert s.score() == pytest.approx(100 * (first + 0 + third) / 3)
    assert list(s.topic_scores()) == ["Basics", "More"]     # weakest first


def test_review_at_the_end(bank):
    clock = Clock()
    s = session(bank, clock, review_each=False)
    s.start()
    for _ in range(3):
        assert s.phase == interview.ANSWERING
        s.submit("something")
    assert (s.phase, s.index) == (interview.REVIEWING, 0)
    for expected in range(3):
        assert s.index == expected
        s.grade([False] * len(s.question.key_points), 3)
    assert s.phase == interview.DONE


def test_restore_resumes_paused_at_the_same_elapsed_time(bank):
    clock = Clock()
    s = session(bank, clock)
    s.start()
    s.hint()
    clock.t += 42.5
    saved = s.to_dict()
    later = Clock()
    later.t = 5.0                        # a new process: the monotonic clock restarted
    restored = Session.from_dict(saved, bank, later)
    assert restored.phase == interview.ANSWERING and restored.paused
    assert restored.elapsed() == 42.5
    assert restored.answer.hints == 1
    later.t += 3
    assert restored.elapsed() == 42.5
    restored.resume()
    later.t += 2
    assert restored.elapsed() == 44.5


def test_bad_grade_is_refused(bank):
    s = session(bank, Clock())
    s.start()
    s.submit("x")
    with pytest.raises(ValueError):
        s.grade([], 7)


def test_selection_avoids_recent_questions_and_respects_scope(bank):
    rng = random.Random(3)
    pick = select_questions(bank, Selection(count=2), {"relu-definition", "softmax-definition"},
                            {}, rng)
    assert set(pick) == {"overfitting-signs", "relu-definition"} or \
        set(pick) == {"overfitting-signs", "softmax-definition"}
    assert pick[0] == "overfitting-signs"
    only_more = select_questions(bank, Selection(Scope(topics=("02-more",), kinds=SPOKEN_KINDS), count=5), set(), {}, rng)
    assert only_more == ["overfitting-signs"]      # the coding drill is not a default kind
    hard = select_questions(bank, Selection(Scope(difficulties=(2,), kinds=SPOKEN_KINDS), count=5), set(), {}, rng)
    assert hard == ["softmax-definition"]


def test_focus_on_weak_topics_draws_them_more_often(bank):
    weak = {"01-basics": 0.0, "02-more": 100.0}
    firsts = [select_questions(bank, Selection(count=1, focus_weak=True), set(), weak,
                               random.Random(seed))[0] for seed in range(200)]
    basics = sum(bank.questions[q].topic_id == "01-basics" for q in firsts)
    assert basics > 150


def test_coding_questions_get_a_longer_clock_and_report_their_budget(bank):
    from studyapp.core.interview_report import report_markdown

    clock = Clock()
    s = Session(Plan(["softmax-drill", "relu-definition"], seconds_per_question=60), bank,
                clock)
    s.start()
    assert s.budget() == 60 * interview.CODING_FACTOR
    clock.t += 80                        # over a normal budget but inside the coding one
    assert s.clock_state() == "ok"
    s.submit("def softmax(z): ...")
    s.grade([True] * len(s.question.key_points), 3)
    assert s.budget() == 60                 # the next, non-coding question
    report = report_markdown(s)
    assert "1:20 / 2:00 |" in report
