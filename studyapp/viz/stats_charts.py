"""The Stats mode's charts, drawn onto the matplotlib figures and axes they are given
(no Qt here): review history, the forecast, retention, interview scores, the activity
heatmap, memory states, the mastery map and the workload of the interview plan."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import ListedColormap, Normalize
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator, PercentFormatter

from studyapp.core import stats
from studyapp.viz.theme import INACTIVE, LIGHT, PALETTE, apply_theme

NO_DATA = "Not enough data yet"
# Mastery colours: the middle of red–yellow–green, so the ends stay readable under text.
MASTERY_COLOURS = ListedColormap(colormaps["RdYlGn"](np.linspace(0.15, 0.85, 256)))
TILE_FONT = 10                # points, the largest; smaller ones where a tile is small
CHAR_WIDTH = 0.6              # of the font size, an average letter's width


def counts_axis(ax, values: Sequence[float]) -> None:
    """Bars of counts start at zero with whole-number ticks, even before any data."""
    ax.set_ylim(0, max(1, max(values, default=0)) * 1.05)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))   # short panels too


def no_data(ax, message: str = NO_DATA) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=9)


def message(fig, text: str, dark: bool) -> None:
    """A figure that only says something (no chart to draw yet)."""
    fig.clear()
    ax = fig.add_subplot(1, 1, 1)
    ax.set_axis_off()
    no_data(ax, text)
    apply_theme(fig, dark)


def _finish(fig, dark: bool, plain: Sequence = ()) -> None:
    for ax in fig.axes:
        ax.title.set_fontsize(10)
        if ax not in plain:
            ax.grid(True, alpha=0.3)
    apply_theme(fig, dark)


# --- progress ---------------------------------------------------------------------------

def reviews_history(ax, counts: Sequence[int]) -> None:
    ax.bar(range(-len(counts) + 1, 1), counts, color=PALETTE[0])
    counts_axis(ax, counts)
    ax.set_title(f"Reviews per day, last {len(counts)} days")
    ax.set_xlabel("days ago")
    if not any(counts):
        no_data(ax, "No reviews yet:\nstudy a deck in Flashcards")


def due_forecast(ax, due: Sequence[int]) -> None:
    ax.bar(range(len(due)), due, color=PALETTE[1])
    counts_axis(ax, due)
    ax.set_title(f"Cards due, next {len(due)} days")
    ax.set_xlabel("days from today")
    if not any(due):
        no_data(ax, "Nothing due: cards fall due\nonce you have studied them")


def retention(ax, weekly: Sequence[float | None], desired: float) -> None:
    """True retention per week; says so when no week has reviews of mature cards."""
    xs = [i - len(weekly) + 1 for i, v in enumerate(weekly) if v is not None]
    ax.axhline(desired, ls="--", color=PALETTE[3], label="desired")
    if xs:
        ax.plot(xs, [v for v in weekly if v is not None], marker="o", color=PALETTE[2],
                label="true retention")
    else:
        no_data(ax, f"{NO_DATA}:\nreviews of cards you have\nseen on an earlier day")
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlim(-len(weekly) + 0.5, 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("Retention by week (mature cards)")
    ax.set_xlabel("weeks ago")
    ax.legend(loc="lower left", fontsize=8)


def interview_scores(ax, scores: Sequence[float]) -> None:
    """Mock-interview scores by session number: whole-number session ticks."""
    ax.plot(range(1, len(scores) + 1), scores, marker="o", color=PALETTE[4])
    ax.set_ylim(0, 100)
    if scores:
        ax.set_xlim(0.5, len(scores) + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    else:
        no_data(ax, "No finished mock\ninterviews yet")
        ax.set_xticks([])
    ax.set_title("Mock-interview score")
    ax.set_xlabel("session")


def progress_figure(fig, history: Sequence[int], due: Sequence[int],
                    weekly: Sequence[float | None], desired: float,
                    scores: Sequence[float], dark: bool) -> None:
    fig.clear()
    axes = fig.subplots(2, 2)
    reviews_history(axes[0][0], history)
    due_forecast(axes[0][1], due)
    retention(axes[1][0], weekly, desired)
    interview_scores(axes[1][1], scores)
    _finish(fig, dark)


# --- activity and memory ----------------------------------------------------------------

def activity_heatmap(fig, ax, year: Sequence[tuple[dt.date, int, float]]) -> None:
    """A year of reviews as days × weeks; the colour bar runs from 0 in whole reviews."""
    grid = np.array([n for _, n, _ in year], float).reshape(-1, 7).T
    top = max(1.0, grid.max())
    image = ax.imshow(np.where(grid > 0, grid, np.nan), aspect="auto", cmap="Greens",
                      interpolation="nearest", vmin=0, vmax=top)
    weeks = grid.shape[1]
    ax.set_yticks(range(7), [year[i][0].strftime("%a") for i in range(7)])
    ax.set_xticks([0, 13, 26, 39, weeks - 1], ["52", "39", "26", "13", "this"])
    ax.set_xlabel("weeks ago")
    ax.set_title(f"Reviews per day, last year ({int(grid.sum()):,} reviews)")
    bar = fig.colorbar(image, ax=ax, shrink=0.8, label="reviews")
    bar.locator = MaxNLocator(integer=True, min_n_ticks=1)
    bar.update_ticks()


def memory_figure(fig, year: Sequence[tuple[dt.date, int, float]], recent_days: int,
                  ratings: dict[int, int], stabilities: Sequence[float],
                  difficulties: Sequence[float], dark: bool) -> None:
    """The heatmap, minutes per day, the answer buttons used, and the spread of stability
    and difficulty over the studied cards."""
    fig.clear()
    axes = fig.subplot_mosaic([["heat", "heat"], ["time", "buttons"],
                               ["stability", "difficulty"]], height_ratios=(1.1, 1, 1))
    activity_heatmap(fig, axes["heat"], year)
    minutes = [m for _, _, m in year[-recent_days:]]
    ax = axes["time"]
    ax.bar(range(-recent_days + 1, 1), minutes, color=PALETTE[5])
    counts_axis(ax, minutes)
    ax.set_title(f"Minutes studied per day, last {recent_days} days")
    ax.set_xlabel("days ago")
    ax = axes["buttons"]
    ax.bar(["Again", "Hard", "Good", "Easy"], [ratings[r] for r in (1, 2, 3, 4)],
           color=[PALETTE[3], PALETTE[1], PALETTE[2], PALETTE[0]])
    counts_axis(ax, list(ratings.values()))
    ax.set_title("Answer buttons")
    ax = axes["stability"]
    if stabilities:
        ax.hist(stabilities, bins=np.geomspace(0.1, max(stabilities) * 1.01 + 1, 25),
                color=PALETTE[0])
        ax.set_xscale("log")
    else:
        no_data(ax)
    ax.set_title("Stability (days until recall falls to 90%)")
    ax.set_xlabel("days")
    ax = axes["difficulty"]
    if difficulties:
        ax.hist(difficulties, bins=np.linspace(1, 10, 19), color=PALETTE[4])
    else:
        no_data(ax)
    ax.set_title("Difficulty (1 easy – 10 hard)")
    for ax in (axes["stability"], axes["difficulty"]):
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))       # cards
    _finish(fig, dark, plain=(axes["heat"], *fig.axes[len(axes):]))


# --- the mastery map --------------------------------------------------------------------

def tile_label(title: str, chars: int, lines: int = 3) -> str:
    """A title wrapped at spaces into at most ``lines`` lines of ``chars`` characters;
    a word or a last line that does not fit ends in an ellipsis, never breaks mid-word."""
    chars = max(4, chars)
    words = [w if len(w) <= chars else w[:chars - 1] + "…" for w in title.split()]
    wrapped = textwrap.wrap(" ".join(words), chars, break_long_words=False,
                            break_on_hyphens=False)
    if len(wrapped) > lines:
        last = wrapped[lines - 1]
        wrapped = [*wrapped[:lines - 1], (last if len(last) < chars else last[:chars - 1]) + "…"]
    return "\n".join(wrapped)


@dataclass
class _Tile:
    text: Text
    title: str
    share: str
    rect: tuple[float, float, float, float]     # x, y, w, h in the map's data units


class _Measure:
    """Pixel sizes of label lines from the renderer, each line and size measured once
    per fitting pass (a tile tries several sizes and wraps of the same words)."""

    def __init__(self, renderer):
        self.renderer = renderer
        self.known: dict[tuple[str, int], tuple[float, float]] = {}

    def line(self, text: str, size: int) -> tuple[float, float]:
        if (text, size) not in self.known:
            width, height, _ = self.renderer.get_text_width_height_descent(
                text, FontProperties(size=size), ismath=False)
            self.known[text, size] = (width, height)
        return self.known[text, size]

    def fits(self, label: str, size: int, room_w: float, room_h: float) -> bool:
        """Whether a centred multi-line label fits, laid out as Text does (lines 1.2
        line heights apart)."""
        lines = label.split("\n")
        height = self.line("lp", size)[1] * (1 + 1.2 * (len(lines) - 1))
        return height <= room_h and all(self.line(t, size)[0] <= room_w for t in lines)


def _fit(tile: _Tile, ax, measure: _Measure) -> str:
    """The largest label (size, then lines) that fits inside the tile as drawn now; the
    title alone, or nothing, when even the smallest does not (the tree lists them all)."""
    x, y, w, h = tile.rect
    (x0, y0), (x1, y1) = ax.transData.transform([(x, y), (x + w, y + h)])
    room_w, room_h = abs(x1 - x0) - 8, abs(y1 - y0) - 6
    px_per_pt = ax.figure.dpi / 72
    label, size = "", TILE_FONT
    for size in range(TILE_FONT, TILE_FONT - 5, -1):
        chars = int(room_w / (CHAR_WIDTH * size * px_per_pt))
        if chars < 4:
            continue
        candidates = (tile_label(tile.title, chars, lines) + tail
                      for lines in (3, 2, 1) for tail in (f"\n{tile.share}", ""))
        label = next((c for c in candidates if measure.fits(c, size, room_w, room_h)), "")
        if label:
            break
    tile.text.set_text(label)
    tile.text.set_fontsize(size)
    return label


def _fit_labels(fig, ax, tiles: list[_Tile]) -> None:
    """Fit every tile's label to its tile after each draw (the figure follows the window's
    size), drawing again only when a label changed."""
    def fit(_event) -> None:
        measure = _Measure(fig.canvas.get_renderer())
        before = [t.text.get_text() for t in tiles]
        after = [_fit(t, ax, measure) for t in tiles]
        if after != before:
            fig.canvas.draw_idle()

    previous = getattr(fig, "tile_fitting", None)
    if previous is not None:
        fig.canvas.mpl_disconnect(previous)
    fig.tile_fitting = fig.canvas.mpl_connect("draw_event", fit)


def mastery_map(fig, topics: Sequence[stats.TopicMastery], dark: bool
                ) -> list[tuple[float, float, float, float]]:
    """Each topic a rectangle sized by its cards, coloured by the share mastered (grey
    before any card is started), with a colour bar and a key; returns the rectangles.
    Labels wrap at spaces and shrink or elide to stay inside their tiles."""
    fig.clear()
    ax = fig.add_subplot(1, 1, 1)
    rects = stats.treemap([m.cards for m in topics])
    tiles = []
    for m, (x, y, w, h) in zip(topics, rects, strict=True):
        colour = MASTERY_COLOURS(m.share) if m.started else INACTIVE
        ax.add_patch(Rectangle((x, 1 - y - h), w, h, facecolor=colour, edgecolor="white",
                               lw=2))
        text = ax.text(x + w / 2, 1 - y - h / 2, "", ha="center", va="center",
                       fontsize=TILE_FONT, color=LIGHT["fg"])
        text.themed = False          # dark text on the coloured tiles in both themes
        tiles.append(_Tile(text, m.title, f"{m.share:.0%}" if m.started else "not started",
                           (x, 1 - y - h, w, h)))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    ax.set_title("Topics: area = cards, colour = share mastered", fontsize=10)
    bar = fig.colorbar(ScalarMappable(Normalize(0, 1), MASTERY_COLOURS), ax=ax, shrink=0.8,
                       format=PercentFormatter(1.0), label="cards mastered")
    bar.ax.legend(handles=[Patch(facecolor=INACTIVE, label="not started")],
                  loc="upper center", bbox_to_anchor=(0.5, -0.03), fontsize=8, frameon=False)
    _fit_labels(fig, ax, tiles)
    apply_theme(fig, dark)
    return rects


# --- the interview plan -----------------------------------------------------------------

def workload(fig, reviews: Sequence[float], new: Sequence[float], minutes: Sequence[float],
             final_pass: int, dark: bool) -> None:
    """Cards and minutes per day until the interview, from the plan's simulation; the
    final-pass days are shaded."""
    fig.clear()
    cards_ax, minutes_ax = fig.subplots(2, 1, sharex=True)
    days = np.arange(len(reviews))
    cards_ax.bar(days, reviews, color=PALETTE[0], label="reviews")
    cards_ax.bar(days, new, bottom=reviews, color=PALETTE[1], label="new cards")
    counts_axis(cards_ax, np.add(reviews, new))
    cards_ax.set_title("Planned cards per day until the interview (simulated)")
    minutes_ax.bar(days, minutes, color=PALETTE[2])
    counts_axis(minutes_ax, minutes)
    minutes_ax.set_title("Planned minutes per day")
    minutes_ax.set_xlabel("days from today")
    minutes_ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if len(reviews) > final_pass:
        for ax in (cards_ax, minutes_ax):
            ax.axvspan(len(reviews) - final_pass - 0.5, len(reviews) - 0.5,
                       color=PALETTE[-1], alpha=0.25, lw=0,
                       label="final pass" if ax is cards_ax else None)
    # the key under the chart, where no bar can hide behind it
    fig.legend(*cards_ax.get_legend_handles_labels(), loc="outside lower center", ncols=3,
               fontsize=8, frameon=False)
    _finish(fig, dark)
