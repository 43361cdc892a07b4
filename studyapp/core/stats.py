"""Numbers behind the Stats view: history, forecast, retention, mastery and readiness."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from studyapp.core import exam_plan, srs
from studyapp.core.bank import Bank, Topic


def _local_date(iso: str) -> dt.date:
    return dt.datetime.fromisoformat(iso).astimezone().date()


def reviews_per_day(log: list[dict], today: dt.date, days: int) -> list[tuple[dt.date, int, float]]:
    """(date, reviews, minutes spent) for each of the last ``days`` days, oldest first."""
    counts: Counter = Counter()
    minutes: Counter = Counter()
    for row in log:
        day = _local_date(row["reviewed_at"])
        counts[day] += 1
        minutes[day] += row["duration_ms"] / 60000
    dates = [today - dt.timedelta(days=n) for n in range(days - 1, -1, -1)]
    return [(d, counts[d], minutes[d]) for d in dates]


def forecast(cards: list[srs.CardState], now: dt.datetime, days: int = 30) -> list[int]:
    """Review cards falling due on each of the next ``days`` days (overdue count on day 0)."""
    start = srs.day_start(now)
    out = [0] * days
    for c in cards:
        if c.state == srs.NEW or c.suspended:
            continue
        day = max(0, (c.due - start).days)
        if day < days:
            out[day] += 1
    return out


def retention_by_week(log: list[dict], today: dt.date, weeks: int = 12) -> list[float | None]:
    """Share of reviews of mature cards (interval ≥ 1 day before) not answered Again."""
    passed: Counter = Counter()
    total: Counter = Counter()
    for row in log:
        if row.get("state_before", srs.REVIEW) != srs.REVIEW:
            continue
        week = (today - _local_date(row["reviewed_at"])).days // 7
        if 0 <= week < weeks:
            total[week] += 1
            passed[week] += row["rating"] > 1
    return [passed[w] / total[w] if total[w] else None for w in range(weeks - 1, -1, -1)]


def rating_counts(log: list[dict]) -> dict[int, int]:
    counts = Counter(row["rating"] for row in log)
    return {r: counts[r] for r in (1, 2, 3, 4)}


@dataclass
class TopicMastery:
    topic_id: str
    title: str
    depth: int
    cards: int
    mastered: int
    started: int

    @property
    def share(self) -> float:
        return self.mastered / self.cards if self.cards else 0.0


def topic_mastery(bank: Bank, cards: dict[tuple[str, str], srs.CardState], now: dt.datetime,
                  settings: srs.Settings) -> list[TopicMastery]:
    """Every topic in tree order with its cards, mastered cards and started cards."""
    strong = {key for key, c in cards.items() if not c.suspended
              and srs.retrievability(c, now, settings.parameters) >= settings.desired_retention}
    out = []

    def visit(topic: Topic, depth: int) -> None:
        ids = set(bank.subtree_question_ids(topic.id))
        keys = [k for k in cards if k[0] in ids]
        out.append(TopicMastery(topic.id, topic.title, depth, len(keys),
                                sum(k in strong for k in keys),
                                sum(cards[k].state != srs.NEW for k in keys)))
        for child in topic.children:
            visit(child, depth + 1)

    for root in bank.roots():
        visit(root, 0)
    return out


MIN_STUDIED = 10     # cards with a memory state before recall is projected per topic


def enough_data(cards: dict[tuple[str, str], srs.CardState]) -> bool:
    """Whether enough cards have been studied for a projection per topic to mean much
    (all of them, in a bank smaller than that)."""
    active = [c for c in cards.values() if not c.suspended]
    studied = sum(c.stability is not None for c in active)
    return studied > 0 and studied >= min(MIN_STUDIED, len(active))


@dataclass
class Readiness:
    topic_id: str
    title: str
    cards: int
    started: int           # cards studied at least once so far
    if_stopped: float      # mean expected recall on the day with no more study
    with_plan: float       # mean expected recall on the day following the plan


def readiness(bank: Bank, cards: dict[tuple[str, str], srs.CardState],
              plan: exam_plan.Plan) -> list[Readiness]:
    """Expected recall per top-level topic on the interview day, if you stop now and if
    you follow the plan (FSRS memory states and the plan's simulation), weakest first.
    A card not started by the day counts as not known."""
    out = []
    for root in bank.roots():
        ids = set(bank.subtree_question_ids(root.id))
        keys = [k for k in cards if k[0] in ids and k in plan.stopped]
        if not keys:
            continue
        out.append(Readiness(
            root.id, root.title, len(keys), sum(cards[k].state != srs.NEW for k in keys),
            sum(plan.stopped[k] for k in keys) / len(keys),
            sum(plan.simulation.recall[k] for k in keys) / len(keys)))
    return sorted(out, key=lambda r: (r.with_plan, r.if_stopped))


def treemap(sizes: list[float], width: float = 1.0, height: float = 1.0,
            rows: int | None = None) -> list[tuple[float, float, float, float]]:
    """Rectangles (x, y, w, h) with areas proportional to ``sizes``, laid out in rows of
    roughly equal total size (a strip treemap: simple, and it keeps the given order)."""
    total = float(sum(sizes))
    if total <= 0:
        return [(0.0, 0.0, 0.0, 0.0) for _ in sizes]
    rows = rows or max(1, round(len(sizes) ** 0.5))
    groups: list[list[int]] = [[]]
    running = 0.0
    for i, size in enumerate(sizes):
        if running >= total * len(groups) / rows and len(groups) < rows and groups[-1]:
            groups.append([])
        groups[-1].append(i)
        running += size
    out: list[tuple[float, float, float, float]] = [(0.0, 0.0, 0.0, 0.0)] * len(sizes)
    y = 0.0
    for group in groups:
        row_total = sum(sizes[i] for i in group)
        h = height * row_total / total
        x = 0.0
        for i in group:
            w = width * sizes[i] / row_total if row_total else 0.0
            out[i] = (x, y, w, h)
            x += w
        y += h
    return out
