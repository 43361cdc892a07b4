"""A finished mock interview as Markdown (exported, and rendered in the report view)."""

from __future__ import annotations

from studyapp.core.interview import Session

GRADES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


def clock_text(seconds: float) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(round(seconds))
    return f"{sign}{seconds // 60}:{seconds % 60:02d}"


def report_markdown(session: Session, when: str = "") -> str:
    bank, plan = session.bank, session.plan
    lines = [f"# Mock interview report{f' — {when}' if when else ''}", ""]
    total_budget = sum(session.question_budget(a.question_id) for a in session.answers)
    lines += [f"**Score: {session.score():.0f} / 100** · {len(session.answers)} questions · "
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
        grade = "skipped" if a.skipped else GRADES.get(a.grade, "—")
        lines.append(f"| {n} | {title.replace('|', '/')} | {clock_text(a.seconds)} / "
                     f"{clock_text(budget)}{over} | {a.hints} | {points} | "
                     f"{grade} |")
    lines.append("")
    topics = session.topic_scores()
    if topics:
        lines += ["## Topics, weakest first", ""]
        lines += [f"- {title}: {score:.0f}" for title, score in topics.items()]
        lines.append("")
    missed_points = []
    for a in session.answers:
        q = bank.questions.get(a.question_id)
        if q is None:
            continue
        gaps = [p for p, hit in zip(q.key_points, a.covered, strict=False) if not hit]
        if gaps:
            missed_points.append(f"- **{q.title}**: " + "; ".join(gaps))
    if missed_points:
        lines += ["## Key points missed", "", *missed_points, ""]
    return "\n".join(lines)
