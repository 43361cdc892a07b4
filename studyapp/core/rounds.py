"""Interview rounds beyond concept questions: the ML system-design round and the
behavioral round — their phases, their rubrics with one-line anchors per score, and the
trend of rubric scores across past rounds.

A design round follows the framework of the bank's design:001 answer: requirements,
metrics, data, model, serving, monitoring, trade-offs, each with a suggested share of the
45 minutes.
"""

from __future__ import annotations

from dataclasses import dataclass

STANDARD, DESIGN, BEHAVIORAL = "standard", "design", "behavioral"


@dataclass(frozen=True)
class Phase:
    name: str
    minutes: int


@dataclass(frozen=True)
class Signal:
    key: str
    name: str
    anchors: tuple[str, str, str, str]      # what a score of 1, 2, 3, 4 looks like


DESIGN_PHASES = (
    Phase("Clarify requirements and assumptions", 5),
    Phase("Offline and online metrics", 4),
    Phase("Data, labels and features", 7),
    Phase("Baseline, then the model", 9),
    Phase("Serving and scale", 8),
    Phase("Monitoring and iteration", 5),
    Phase("Trade-offs and wrap-up", 7),
)

DESIGN_RUBRIC = (
    Signal("requirements", "Requirements", (
        "jumped to a model without asking what the product needs",
        "asked a few questions but left scale or latency unstated",
        "stated users, QPS, latency budget and data volume with numbers",
        "also surfaced constraints the interviewer had not mentioned and prioritised them")),
    Signal("metrics", "Metrics", (
        "no metric, or accuracy by default",
        "an offline metric only",
        "offline and online metrics, with how they relate",
        "also guardrail metrics and how an A/B test would decide")),
    Signal("data", "Data and labels", (
        "assumed labelled data exists",
        "named the data source but not how labels arise",
        "labels, their delay and biases, and the features that matter",
        "also sampling, leakage and feedback loops, with a fix for each")),
    Signal("modelling", "Modelling", (
        "one model named without a reason",
        "a reasonable model, no baseline",
        "a baseline first, then a model justified against it",
        "also the training cadence, scale and what would change the choice")),
    Signal("serving", "Serving and scale", (
        "no word on serving",
        "serving mentioned without a latency budget",
        "a latency budget broken into stages, with caching or batching",
        "also fallbacks, cost per request and how it scales tenfold")),
    Signal("monitoring", "Monitoring", (
        "nothing after launch",
        "monitoring named in general terms",
        "data and prediction drift, alerts and a retraining trigger",
        "also how the team learns from failures and iterates safely")),
    Signal("communication", "Communication", (
        "hard to follow; no structure",
        "some structure, but the interviewer had to steer",
        "clear structure, checked in with the interviewer, kept time",
        "drove the discussion, summarised trade-offs and decisions crisply")),
)

BEHAVIORAL_RUBRIC = (
    Signal("situation", "Situation and task", (
        "no context given",
        "context but unclear stakes or role",
        "concise context, stakes and your own role",
        "also why it mattered to the team or the business")),
    Signal("action", "Actions", (
        "what the team did, not you",
        "your actions, but vague",
        "specific actions you took, with the reasoning",
        "also the alternatives you weighed and why you chose as you did")),
    Signal("result", "Result", (
        "no outcome",
        "an outcome without numbers",
        "a measured outcome",
        "also its effect beyond the project")),
    Signal("reflection", "Reflection", (
        "no lesson",
        "a generic lesson",
        "a specific lesson you applied later",
        "also what you would do differently, honestly")),
    Signal("communication", "Communication", (
        "rambling or far over time",
        "understandable but long",
        "structured and within time",
        "crisp, engaging and well timed")),
)

RUBRICS = {DESIGN: DESIGN_RUBRIC, BEHAVIORAL: BEHAVIORAL_RUBRIC}
PHASES = {DESIGN: DESIGN_PHASES}


def rubric(mode: str) -> tuple[Signal, ...]:
    return RUBRICS.get(mode, ())


def phases(mode: str) -> tuple[Phase, ...]:
    return PHASES.get(mode, ())


@dataclass(frozen=True)
class PhaseClock:
    index: int              # the current phase: the first not ticked off
    name: str
    left: float             # seconds left of the suggested time up to the end of this phase
    minutes: int            # the phase's own suggested minutes


def phase_clock(mode: str, done: list[bool], elapsed: float) -> PhaseClock | None:
    """Where a round stands: the first phase not yet ticked off and the time left for it,
    counted against the suggested time up to that phase's end. None when every phase
    is done or the round has no phases."""
    steps = phases(mode)
    end = 0
    for i, phase in enumerate(steps):
        end += phase.minutes * 60
        if not (i < len(done) and done[i]):
            return PhaseClock(i, phase.name, end - elapsed, phase.minutes)
    return None


def rubric_mean(scores: dict[str, int]) -> float | None:
    values = [v for v in scores.values() if 1 <= v <= 4]
    return sum(values) / len(values) if values else None


def rubric_trend(history: list[tuple[str, str, list[dict[str, int]]]], mode: str,
                 ) -> list[tuple[str, dict[str, float]]]:
    """Mean rubric score per signal for each past round of ``mode``, oldest first.

    ``history`` holds (started_at, mode, [rubric of each answer]) per finished session."""
    keys = [s.key for s in rubric(mode)]
    rows = []
    for started_at, round_mode, rubrics in sorted(history):
        if round_mode != mode:
            continue
        means = {}
        for key in keys:
            scores = [r[key] for r in rubrics if key in r]
            if scores:
                means[key] = sum(scores) / len(scores)
        if means:
            rows.append((started_at, means))
    return rows
