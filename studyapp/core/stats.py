"""Numbers behind the Stats view: history, forecast, retention, mastery and readiness."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass

from studyapp.core import srs
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


@dataclass
class Readiness:
    topic_id: str
    title: str
    if_stopped: float      # mean recall on the day with no more study
    on_pace: float         # mean recall on the day if due cards are kept up and new cards
                           # introduced at the daily limit


def readiness(bank: Bank, cards: dict[tuple[str, str], srs.CardState], now: dt.datetime,
              target: dt.datetime, settings: srs.Settings) -> list[Readiness]:
    """Projected recall per top-level topic on the interview day, weakest first.

    Keeping pace means reviewing cards when due (recall then sits near the desired
    retention) and starting new cards at the daily limit in the bank's order; new cards
    that cannot be started in time count as not known.
    """
    days = max(0, (target.date() - now.date()).days)
    can_start = days * settings.new_per_day
    started_new: set[tuple[str, str]] = set()
    for key, c in cards.items():
        if c.state == srs.NEW and not c.suspended and len(started_new) < can_start:
            started_new.add(key)
    out = []
    for root in bank.roots():
        ids = set(bank.subtree_question_ids(root.id))
        keys = [k for k in cards if k[0] in ids and not cards[k].suspended]
        if not keys:
            continue
        stopped = [srs.retrievability(cards[k], target) for k in keys]
        pace = [max(r, settings.desired_retention)
                if (cards[k].state != srs.NEW or k in started_new) else 0.0
                for k, r in zip(keys, stopped, strict=True)]
        out.append(Readiness(root.id, root.title, sum(stopped) / len(keys),
                             sum(pace) / len(keys)))
    return sorted(out, key=lambda r: r.on_pace)


def daily_plan(cards: dict[tuple[str, str], srs.CardState], now: dt.datetime,
               target: dt.datetime) -> tuple[int, int]:
    """(new cards per day, reviews per day) that start every card before the interview."""
    days = max(1, (target.date() - now.date()).days)
    new = sum(c.state == srs.NEW and not c.suspended for c in cards.values())
    due = sum(c.state != srs.NEW and not c.suspended and c.due < target for c in cards.values())
    return math.ceil(new / days), math.ceil(due / days)


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
