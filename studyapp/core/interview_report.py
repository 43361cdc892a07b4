"""A finished mock interview as Markdown (exported, and rendered in the report view)."""

from __future__ import annotations

from studyapp.core import rounds
from studyapp.core.interview import Session
from studyapp.core.wording import plural

GRADES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


def clock_text(seconds: float) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(round(seconds))
    return f"{sign}{seconds // 60}:{seconds % 60:02d}"


def rubric_markdown(session: Session) -> list[str]:
    """Each answer's rubric scores with the anchor that the score stands for."""
    signals = rounds.rubric(session.plan.mode)
    lines: list[str] = []
    for a in session.answers:
        if not signals or not a.rubric:
            continue
        q = session.bank.questions.get(a.question_id)
        mean = rounds.rubric_mean(a.rubric)
        lines += [f"### {q.title if q else a.question_id} — rubric {mean:.1f} / 4", "",
                  "| Signal | Score | What that score means |", "|---|---|---|"]
        for signal in signals:
            score = a.rubric.get(signal.key)
            anchor = signal.anchors[score - 1] if score else "not scored"
            lines.append(f"| {signal.name} | {score or '—'} | {anchor} |")
        lines.append("")
        if a.scratchpad.strip():
            lines += ["**Scratchpad**", "", *("    " + line for line in a.scratchpad.splitlines()),
                      ""]
    return ["## Rubric", "", *lines] if lines else []


def trend_markdown(mode: str, trend: list[tuple[str, dict[str, float]]]) -> list[str]:
    """Rubric means per past round of this kind, oldest first."""
    signals = rounds.rubric(mode)
    if len(trend) < 2 or not signals:
        return []
    title = "Design rounds" if mode == rounds.DESIGN else "Behavioral rounds"
    lines = [f"## {title} over time", "",
             "| Round | " + " | ".join(s.name for s in signals) + " |",
             "|---" * (len(signals) + 1) + "|"]
    for started_at, means in trend:
        cells = [f"{means[s.key]:.1f}" if s.key in means else "—" for s in signals]
        lines.append(f"| {started_at[:16].replace('T', ' ')} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def report_markdown(session: Session, when: str = "",
                    trend: list[tuple[str, dict[str, float]]] | None = None) -> str:
    bank, plan = session.bank, session.plan
    lines = [f"# Mock interview report{f' — {when}' if when else ''}", ""]
    total_budget = sum(session.question_budget(a.question_id) for a in session.answers)
    lines += [f"**Score: {session.score():.0f} / 100** · {plural(len(session.answers), 'question')} · "
              f"time {clock_text(session.total_elapsed())} of {clock_text(total_budget)}"
              + (f" · preset {plan.preset}" if plan.preset else ""), ""]
    lines += ["| # | Question | Time / budget | Hints | Key points | Grade |",
              "|---|---|---|---|---|---|"]
    for n, a in enumerate(session.answers, start=1):
        q = bank.questions.get(a.question_id)
        title = q.title if q else a.question_id
        budget = session.question_budget(a.question_id)
        over = " (overrun)" if a.seconds > budget else ""
        points = f"{sum(a.covered)}/{len(a.covered)}" if a.covered else "—"
        grade = ("skipped" if a.skipped
                 else "—" if a.grade is None else GRADES.get(a.grade, "—"))
        lines.append(f"| {n} | {title.replace('|', '/')} | {clock_text(a.seconds)} / "
                     f"{clock_text(budget)}{over} | {a.hints} | {points} | "
                     f"{grade} |")
    lines.append("")
    topics = session.topic_scores()
    if topics:
        lines += ["## Topics, weakest first", ""]
        lines += [f"- {title}: {score:.0f}" for title, score in topics.items()]
        lines.append("")
    lines += rubric_markdown(session)
    lines += trend_markdown(session.plan.mode, trend or [])
    missed_points = []
    for a in session.answers:
        q = bank.questions.get(a.question_id)
        if q is None:
            continue
        gaps = [p for p, hit in zip(q.key_points, a.covered, strict=False) if not hit]
        if gaps:
            missed_points += [f"- **{q.title}**", "", *(f"    - {gap}" for gap in gaps), ""]
    if missed_points:
        lines += ["## Key points missed", "", *missed_points, ""]
    return "\n".join(lines)
