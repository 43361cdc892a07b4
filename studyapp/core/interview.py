"""The mock interview as a pure state machine with an injected clock.

ready → answering → reviewing → (follow-up) → answering … → done. With ``review_each``
off, every question is answered first and reviewed at the end. The session serialises
to a dict after every transition; a restored session comes back paused at the
elapsed time it had, so a crash costs at most the last tick.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from studyapp.core import grading, hints, rounds
from studyapp.core.bank import Bank, Question
from studyapp.core.scope import Scope

READY, ANSWERING, REVIEWING, FOLLOW_UP, DONE = "ready", "answering", "reviewing", "follow-up", "done"
WARNING_SECONDS = 30
HINT_PENALTY = 0.1
CODING_FACTOR = 2          # coding questions get twice the clock


@dataclass
class Plan:
    question_ids: list[str]
    seconds_per_question: int = 180
    total_seconds: int | None = None
    typed: bool = True
    follow_ups: bool = False
    review_each: bool = True
    preset: str = ""
    mode: str = rounds.STANDARD     # a design or behavioral round has phases and a rubric


@dataclass
class Answer:
    question_id: str
    text: str = ""
    seconds: float = 0.0
    hints: int = 0
    skipped: bool = False
    suggested: list[bool] = field(default_factory=list)
    covered: list[bool] = field(default_factory=list)
    grade: int | None = None
    follow_up: str = ""
    follow_up_text: str = ""
    follow_up_seconds: float = 0.0
    scratchpad: str = ""
    phases_done: list[bool] = field(default_factory=list)
    rubric: dict[str, int] = field(default_factory=dict)    # signal key → 1–4

    def score(self) -> float:
        """0–1: half self-grade (the rubric's mean where the round has one), half key
        points covered, minus a tenth per hint."""
        if self.skipped or self.grade is None:
            return 0.0
        mean = rounds.rubric_mean(self.rubric)
        judged = (mean if mean is not None else self.grade) - 1
        share = sum(self.covered) / len(self.covered) if self.covered else judged / 3
        return max(0.0, 0.5 * judged / 3 + 0.5 * share - HINT_PENALTY * self.hints)


class Session:
    def __init__(self, plan: Plan, bank: Bank, clock: Callable[[], float]):
        self.plan = plan
        self.bank = bank
        self.clock = clock
        self.phase = READY
        self.index = 0
        self.answers = [Answer(qid) for qid in plan.question_ids]
        self.total_banked = 0.0
        self.banked = 0.0                   # seconds on the current clock before this run
        self.running_since: float | None = None

    # --- clock ---------------------------------------------------------------
    @property
    def paused(self) -> bool:
        return self.running_since is None and self.phase in (ANSWERING, FOLLOW_UP)

    def _run(self) -> None:
        if self.running_since is None:
            self.running_since = self.clock()

    def _stop(self) -> None:
        if self.running_since is not None:
            run = self.clock() - self.running_since
            self.banked += run
            self.total_banked += run
            self.running_since = None

    def elapsed(self) -> float:
        """Seconds on the clock of the question (or follow-up) being answered."""
        running = self.clock() - self.running_since if self.running_since is not None else 0.0
        return self.banked + running

    def total_elapsed(self) -> float:
        running = self.clock() - self.running_since if self.running_since is not None else 0.0
        return self.total_banked + running

    def question_budget(self, question_id: str) -> int:
        """Seconds allowed for a question: longer for coding questions."""
        q = self.bank.questions.get(question_id)
        factor = CODING_FACTOR if q is not None and q.kind == "coding" else 1
        return self.plan.seconds_per_question * factor

    def budget(self) -> float:
        seconds = (self.question_budget(self.answer.question_id)
                   if 0 <= self.index < len(self.answers) else self.plan.seconds_per_question)
        return seconds / 2 if self.phase == FOLLOW_UP else seconds

    def remaining(self) -> float:
        """Seconds left on the current clock; negative once overrun."""
        return self.budget() - self.elapsed()

    def clock_state(self) -> str:
        left = self.remaining()
        return "overrun" if left < 0 else "warning" if left <= WARNING_SECONDS else "ok"

    def phase_clock(self) -> rounds.PhaseClock | None:
        """The round's current phase and its time left (design rounds)."""
        if self.phase != ANSWERING:
            return None
        return rounds.phase_clock(self.plan.mode, self.answer.phases_done, self.elapsed())

    def set_phase_done(self, index: int, done: bool) -> None:
        steps = rounds.phases(self.plan.mode)
        if not 0 <= index < len(steps):
            return
        ticks = self.answer.phases_done + [False] * (len(steps) - len(self.answer.phases_done))
        ticks[index] = done
        self.answer.phases_done = ticks

    def keep_draft(self, text: str, scratchpad: str = "") -> None:
        """What is typed so far, saved with the session so a crash does not lose it."""
        if self.phase == FOLLOW_UP:
            self.answer.follow_up_text = text
        elif self.phase == ANSWERING:
            self.answer.text, self.answer.scratchpad = text, scratchpad

    def draft(self) -> str:
        return self.answer.follow_up_text if self.phase == FOLLOW_UP else self.answer.text

    def pause(self) -> None:
        self._stop()

    def resume(self) -> None:
        if self.phase in (ANSWERING, FOLLOW_UP):
            self._run()

    # --- flow ----------------------------------------------------------------
    @property
    def answer(self) -> Answer:
        return self.answers[self.index]

    @property
    def question(self) -> Question | None:
        return self.bank.questions.get(self.answer.question_id)

    def start(self) -> None:
        if self.phase == READY:
            self._ask(0)

    def _ask(self, index: int) -> None:
        self.index = index
        self.phase = ANSWERING
        self.banked = 0.0
        self.running_since = None
        self._run()

    def hint(self) -> str | None:
        """Give the next hint (a key point's direction, then a cue word: ``core.hints``);
        each hint lowers the question's score by ``HINT_PENALTY``."""
        q = self.question
        if (self.phase != ANSWERING or q is None
                or self.answer.hints >= hints.hint_count(q.key_points)):
            return None
        self.answer.hints += 1
        return hints.hint_text(q.key_points, self.answer.hints - 1, q.title)

    def hints_left(self) -> int:
        q = self.question
        return hints.hint_count(q.key_points) - self.answer.hints if q else 0

    def revealed_hints(self) -> list[str]:
        """The hints given so far, one line per key point."""
        q = self.question
        return hints.hint_lines(q.key_points, self.answer.hints, q.title) if q else []

    def submit(self, text: str, skipped: bool = False) -> None:
        if self.phase == FOLLOW_UP:
            self._stop()
            self.answer.follow_up_text = text
            self.answer.follow_up_seconds = self.banked
            self._after_question()
            return
        if self.phase != ANSWERING:
            return
        self._stop()
        a = self.answer
        a.text, a.skipped, a.seconds = text, skipped, self.banked
        points = self.question.key_points if self.question else ()
        a.suggested = grading.suggest(text, points) if text.strip() else [False] * len(points)
        a.covered = list(a.suggested)
        if self.plan.review_each:
            self.phase = REVIEWING
        elif self.index + 1 < len(self.answers):
            self._ask(self.index + 1)
        else:
            self.index = 0
            self.phase = REVIEWING

    def skip(self) -> None:
        self.submit("", skipped=True)

    def grade(self, covered: list[bool], grade: int,
              rubric: dict[str, int] | None = None) -> None:
        if self.phase != REVIEWING:
            return
        if not 1 <= grade <= 4:
            raise ValueError("grade must be 1–4")
        self.answer.covered = list(covered)
        self.answer.grade = grade
        self.answer.rubric = dict(rubric or {})
        q = self.question
        if self.plan.follow_ups and q is not None and q.follow_ups and not self.answer.skipped:
            self.answer.follow_up = q.follow_ups[0]
            self.phase = FOLLOW_UP
            self.banked = 0.0
            self._run()
            return
        self._after_question()

    def _after_question(self) -> None:
        last = self.index + 1 >= len(self.answers)
        if last:
            self.phase = DONE
        elif self.plan.review_each:
            self._ask(self.index + 1)
        else:
            self.index += 1
            self.phase = REVIEWING

    def finish_early(self) -> None:
        """End now; unanswered questions count as skipped."""
        self._stop()
        for a in self.answers:
            if a.grade is None:
                a.skipped = True
        self.phase = DONE

    # --- results -------------------------------------------------------------
    def score(self) -> float:
        return 100 * sum(a.score() for a in self.answers) / max(1, len(self.answers))

    def missed(self) -> list[str]:
        """Questions skipped, graded Again/Hard, or with most key points missed."""
        out = []
        for a in self.answers:
            share = sum(a.covered) / len(a.covered) if a.covered else 1.0
            if a.skipped or (a.grade or 0) <= 2 or share < 0.5:
                out.append(a.question_id)
        return out

    def topic_scores(self) -> dict[str, float]:
        """Mean score per topic title, weakest first."""
        sums: dict[str, list[float]] = {}
        for a in self.answers:
            q = self.bank.questions.get(a.question_id)
            title = self.bank.topics[q.topic_id].title if q else "Removed questions"
            sums.setdefault(title, []).append(a.score())
        means = {t: 100 * sum(v) / len(v) for t, v in sums.items()}
        return dict(sorted(means.items(), key=lambda kv: kv[1]))

    # --- persistence ---------------------------------------------------------
    def to_dict(self) -> dict:
        return {
            "plan": asdict(self.plan), "phase": self.phase, "index": self.index,
            "answers": [asdict(a) for a in self.answers],
            "elapsed": self.elapsed(), "total_elapsed": self.total_elapsed(),
        }

    @classmethod
    def from_dict(cls, data: dict, bank: Bank, clock: Callable[[], float]) -> Session:
        """A saved session, paused at the elapsed time it had when saved."""
        session = cls(Plan(**data["plan"]), bank, clock)
        session.phase = data["phase"]
        session.index = data["index"]
        session.answers = [Answer(**a) for a in data["answers"]]
        session.banked = data["elapsed"]
        session.total_banked = data["total_elapsed"]
        return session


SPOKEN_KINDS = ("concept", "math", "design", "behavioral")   # coding needs the editor


@dataclass
class Selection:
    """An interview's pool (the one scope type) and how many questions to draw from it."""

    scope: Scope = field(default_factory=lambda: Scope(kinds=SPOKEN_KINDS))
    count: int = 5
    focus_weak: bool = False


def select_questions(bank: Bank, selection: Selection, recent: set[str],
                     weak_topics: dict[str, float], rng: random.Random) -> list[str]:
    """Pick questions in scope, avoiding recently asked ones while others remain.

    With ``focus_weak``, topics with lower past scores (0–100) are drawn more often.
    """
    pool = sorted(selection.scope.select(bank, set()))
    fresh = [qid for qid in pool if qid not in recent]
    stale = [qid for qid in pool if qid in recent]
    rng.shuffle(fresh)
    rng.shuffle(stale)
    if selection.focus_weak:
        def weight(qid: str) -> float:
            score = weak_topics.get(bank.questions[qid].topic_id, 50.0)
            return 1.0 + (100.0 - score) / 25.0
        fresh.sort(key=lambda qid: -weight(qid) * rng.random())
    return (fresh + stale)[:selection.count]
