"""Design and behavioral rounds: phases against the clock, rubric scores, the report."""

import pytest

from studyapp.core import interview, rounds
from studyapp.core.bank import load_bank
from studyapp.core.interview import Plan, Session
from studyapp.core.interview_report import report_markdown


@pytest.fixture
def bank(fixture_bank):
    return load_bank([fixture_bank])


def test_design_phases_fill_forty_five_minutes():
    assert sum(p.minutes for p in rounds.DESIGN_PHASES) == 45
    assert len(rounds.DESIGN_RUBRIC) == 7
    assert all(len(s.anchors) == 4 for s in (*rounds.DESIGN_RUBRIC, *rounds.BEHAVIORAL_RUBRIC))


def test_phase_clock_is_the_first_phase_not_ticked_against_its_cumulative_budget():
    clock = rounds.phase_clock(rounds.DESIGN, [], elapsed=60)
    assert (clock.index, clock.left, clock.minutes) == (0, 240, 5)
    clock = rounds.phase_clock(rounds.DESIGN, [True], elapsed=60)   # requirements done early
    assert (clock.index, clock.left) == (1, 9 * 60 - 60)
    clock = rounds.phase_clock(rounds.DESIGN, [True, False, True], elapsed=600)
    assert (clock.index, clock.left) == (1, -60)                     # metrics is late
    assert rounds.phase_clock(rounds.DESIGN, [True] * 7, elapsed=10) is None
    assert rounds.phase_clock(rounds.STANDARD, [], elapsed=10) is None


def test_rubric_drives_the_score_of_a_design_answer(bank):
    t = [0.0]
    s = Session(Plan(["overfitting-signs"], seconds_per_question=2700, mode=rounds.DESIGN),
                bank, lambda: t[0])
    s.start()
    s.set_phase_done(0, True)
    t[0] = 400
    assert s.phase_clock().index == 1
    s.keep_draft("train loss falls, validation rises", "QPS 1e4\n p99 50 ms")
    s.submit(s.answer.text)
    assert s.answer.scratchpad == "QPS 1e4\n p99 50 ms"
    keys = [sig.key for sig in rounds.DESIGN_RUBRIC]
    s.grade([True] * len(s.answer.covered), 2, {k: 4 for k in keys})
    assert s.phase == interview.DONE
    assert s.answers[0].score() == pytest.approx(1.0)          # rubric 4/4, all points
    restored = Session.from_dict(s.to_dict(), bank, lambda: 0.0)
    assert restored.answers[0].rubric == {k: 4 for k in keys}
    assert restored.plan.mode == rounds.DESIGN
    report = report_markdown(s, "2026-12-07", trend=[
        ("2026-12-01T10:00", {k: 2.0 for k in keys}), ("2026-12-07T10:00", {k: 4.0 for k in keys})])
    assert "rubric 4.0 / 4" in report and "· 1 question ·" in report
    assert "| Requirements | 4 | also surfaced constraints" in report
    assert "QPS 1e4" in report
    assert "## Design rounds over time" in report and "| 2026-12-01 10:00 | 2.0 |" in report


def test_missed_key_points_are_a_list_under_each_question(bank):
    s = Session(Plan(["relu-definition"], seconds_per_question=60), bank, lambda: 0.0)
    s.start()
    s.submit("")
    s.grade([False] * len(s.answer.covered), 1)
    report = report_markdown(s)
    block = report[report.index("## Key points missed"):]
    q = bank.questions["relu-definition"]
    assert f"- **{q.title}**" in block
    assert all(f"    - {point}" in block for point in q.key_points)
    assert "; " not in block.splitlines()[2]


def test_rubric_trend_keeps_only_rounds_of_the_mode_oldest_first():
    history = [("2026-12-02", rounds.DESIGN, [{"metrics": 3}, {"metrics": 1}]),
               ("2026-12-01", rounds.DESIGN, [{"metrics": 2}]),
               ("2026-12-03", rounds.STANDARD, [{}]),
               ("2026-12-04", rounds.DESIGN, [{}])]
    assert rounds.rubric_trend(history, rounds.DESIGN) == [
        ("2026-12-01", {"metrics": 2.0}), ("2026-12-02", {"metrics": 2.0})]


def test_an_old_saved_session_without_rounds_still_loads(bank):
    s = Session(Plan(["relu-definition"]), bank, lambda: 0.0)
    data = s.to_dict()
    del data["plan"]["mode"]
    for a in data["answers"]:
        for key in ("scratchpad", "phases_done", "rubric"):
            del a[key]
    restored = Session.from_dict(data, bank, lambda: 0.0)
    assert restored.plan.mode == rounds.STANDARD and restored.answers[0].rubric == {}
