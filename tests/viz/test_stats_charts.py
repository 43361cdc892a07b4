"""The Stats charts read right: whole sessions, a colour bar from zero, tile labels broken
only at spaces, a key to the mastery colours, and a word where there is no data yet."""

import datetime as dt

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from studyapp.core import stats
from studyapp.viz import stats_charts


def visible_ticks(ax):
    low, high = ax.get_xlim()
    return [t for t in ax.get_xticks() if low <= t <= high]


@pytest.mark.parametrize("scores", [[72.0], [60.0, 70.0, 65.0]])
def test_interview_score_axis_counts_whole_sessions(scores):
    ax = Figure().add_subplot()
    stats_charts.interview_scores(ax, scores)
    ticks = visible_ticks(ax)
    assert ticks and all(float(t).is_integer() for t in ticks)
    assert set(range(1, len(scores) + 1)) >= {int(t) for t in ticks}
    assert ax.get_xlim() == (0.5, len(scores) + 0.5)


def test_heatmap_colour_bar_runs_from_zero_in_whole_reviews_for_one_value():
    fig = Figure(layout="constrained")
    ax = fig.add_subplot()
    today = dt.date(2026, 5, 4)
    year = [(today - dt.timedelta(days=n), 7 if n == 3 else 0, 0.0) for n in range(363, -1, -1)]
    stats_charts.activity_heatmap(fig, ax, year)
    fig.canvas.draw()
    image = ax.images[0]
    assert image.norm.vmin == 0 and image.norm.vmax == 7
    bar = fig.axes[1]
    assert bar.get_ylim() == (0, 7)                       # not 6.5 … 7.5
    ticks = [t for t in bar.get_yticks() if 0 <= t <= 7]
    assert len(ticks) >= 2
    assert all(float(t).is_integer() for t in ticks)


@pytest.mark.parametrize(("title", "chars"), [
    ("Classical machine learning", 8), ("Classical machine learning", 12),
    ("Optimization", 6), ("Transformers and large language models", 10), ("CNNs", 20)])
def test_tile_labels_break_at_spaces_or_elide(title, chars):
    label = stats_charts.tile_label(title, chars)
    lines = label.split("\n")
    assert 1 <= len(lines) <= 3
    words = title.split()
    for line in lines:
        assert len(line) <= max(4, chars)
        for word in line.split():
            # a whole word of the title, or its start with an ellipsis: never "Classica" + "l"
            assert word in words or (word.endswith("…") and any(
                w.startswith(word[:-1]) for w in words))


def test_short_titles_stay_whole():
    assert stats_charts.tile_label("Classical machine learning", 30) == \
        "Classical machine learning"
    assert stats_charts.tile_label("Classical machine learning", 10) == \
        "Classical\nmachine\nlearning"


def test_mastery_map_has_a_colour_key_and_names_unstarted_topics():
    fig = Figure(figsize=(8, 6), layout="constrained")
    FigureCanvasAgg(fig)
    topics = [stats.TopicMastery("a", "Classical machine learning", 0, 30, 12, 20),
              stats.TopicMastery("b", "Optimization", 0, 10, 0, 0)]
    rects = stats_charts.mastery_map(fig, topics, dark=False)
    fig.canvas.draw()
    assert len(rects) == 2
    mapped, bar = fig.axes
    assert bar.get_ylabel() == "cards mastered"
    assert [t.get_text() for t in bar.get_legend().get_texts()] == ["not started"]
    texts = [t.get_text() for t in mapped.texts]
    assert texts == ["Classical machine learning\n40%", "Optimization\nnot started"]


@pytest.mark.parametrize("size", [(8, 6), (5, 3.5)])
def test_mastery_map_labels_stay_inside_their_tiles(size):
    """Many topics of very different sizes: each label is drawn inside its tile (or left
    out when the tile is too small), at any figure size."""
    titles = ["Classical machine learning", "Probability and statistics",
              "Neural network basics", "Regularization and generalization", "Coding drills",
              "Representation learning and interpretability", "LLM inference and serving"] * 5
    cards = [50, 36, 7, 20, 119, 31, 56] * 5
    topics = [stats.TopicMastery(str(i), t, 0, c, c // 3, c // 2 if i % 2 else 0)
              for i, (t, c) in enumerate(zip(titles, cards, strict=True))]
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    stats_charts.mastery_map(fig, topics, dark=True)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    mapped = fig.axes[0]
    shown = 0
    for text, patch in zip(mapped.texts, mapped.patches, strict=True):
        if not text.get_text():
            continue
        shown += 1
        label, tile = text.get_window_extent(renderer), patch.get_window_extent(renderer)
        assert tile.x0 <= label.x0 and label.x1 <= tile.x1
        assert tile.y0 <= label.y0 and label.y1 <= tile.y1
        for word in text.get_text().split():
            assert word in " ".join(titles).split() or word.endswith(("…", "%")) or \
                word in ("not", "started")
    assert shown >= len(topics) // 2


def test_empty_retention_chart_says_there_is_not_enough_data():
    ax = Figure().add_subplot()
    stats_charts.retention(ax, [None] * 12, 0.9)
    assert any(t.get_text().startswith(stats_charts.NO_DATA) for t in ax.texts)
    full = Figure().add_subplot()
    stats_charts.retention(full, [None] * 11 + [0.8], 0.9)
    assert not full.texts and len(full.lines) == 2


@pytest.mark.parametrize("chart", [stats_charts.reviews_history, stats_charts.due_forecast])
def test_empty_count_charts_say_what_to_do(chart):
    empty = Figure().add_subplot()
    chart(empty, [0] * 30)
    assert [t.get_text().split(":")[0] for t in empty.texts] in (["No reviews yet"],
                                                                ["Nothing due"])
    full = Figure().add_subplot()
    chart(full, [0] * 29 + [3])
    assert not full.texts


def test_workload_stacks_new_cards_on_reviews_and_shades_the_final_pass():
    fig = Figure(layout="constrained")
    stats_charts.workload(fig, [5.0, 6.0, 7.0, 30.0, 30.0, 30.0], [2.0, 2.0, 2.0, 0, 0, 0],
                          [3.0, 3.5, 4.0, 9.0, 9.0, 9.0], final_pass=3, dark=True)
    cards, _ = fig.axes
    heights = [p.get_height() for p in cards.patches if hasattr(p, "get_height")
               and p.get_width() < 1]
    assert sum(heights) == pytest.approx(108 + 6)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert sorted(labels) == ["final pass", "new cards", "reviews"]
