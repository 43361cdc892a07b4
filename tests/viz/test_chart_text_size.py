"""Chart text follows the app's text size: every text of a figure, ticks made later
included, at its own size times the chart scale, however often the figure is themed."""

import matplotlib

matplotlib.use("Agg")

import pytest
from matplotlib.figure import Figure

from studyapp.viz import theme


@pytest.fixture(autouse=True)
def normal_size():
    yield
    theme.set_text_scale(1.0)


def sizes(ax) -> tuple:
    ticks = {round(t.get_fontsize(), 6) for t in ax.get_xticklabels()}
    assert len(ticks) == 1, ticks                     # every tick the same size
    return (ticks.pop(), ax.xaxis.label.get_fontsize(), ax.title.get_fontsize(),
            ax.texts[0].get_fontsize(), ax.get_legend().get_texts()[0].get_fontsize())


def figure():
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [3, 1, 2], label="loss")
    ax.set_xlabel("step")
    ax.set_title("Loss")
    ax.legend(fontsize=8)
    ax.text(0.5, 0.5, "note", fontsize=9)
    fig.canvas.draw()
    return fig, ax


def test_chart_text_grows_by_the_square_root_of_the_text_size_without_compounding():
    fig, ax = figure()
    assert sizes(ax) == (10.0, 10.0, 12.0, 9.0, 8.0)
    theme.set_text_scale(2.0)
    for dark in (False, True, False):                 # themed again and again
        theme.apply_theme(fig, dark)
        fig.canvas.draw()
        assert sizes(ax) == pytest.approx((10 * 2 ** 0.5, 10 * 2 ** 0.5, 12 * 2 ** 0.5,
                                           9 * 2 ** 0.5, 8 * 2 ** 0.5))
    ax.set_xlim(-5, 30)                               # new ticks take the scaled size
    fig.canvas.draw()
    theme.apply_theme(fig, False)
    assert len(ax.get_xticklabels()) > 3
    assert sizes(ax)[0] == pytest.approx(10 * 2 ** 0.5)
    theme.set_text_scale(1.0)                         # and back to 100 %
    theme.apply_theme(fig, False)
    fig.canvas.draw()
    assert sizes(ax) == (10.0, 10.0, 12.0, 9.0, 8.0)


def test_a_figure_at_100_percent_is_left_as_made():
    fig, ax = figure()
    ax.title.set_fontsize(15)
    theme.apply_theme(fig, True)
    assert ax.title.get_fontsize() == 15
    assert not hasattr(fig, "text_scale")
